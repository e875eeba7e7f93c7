"""spacekg's command line: each command parses its options, calls one function, prints the result.

Exit codes: 0 done, 1 the command ran and failed (nothing built, bad query, no graph), 2 usage.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extract.errors import SpacekgError

app = typer.Typer(help="Build and query a knowledge graph of space security from documents.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
out_console = Console()
err_console = Console(stderr=True)

DEFAULT_SEEDS = Path(__file__).resolve().parent / "seeds"
OutOption = Annotated[Path, typer.Option("--out", help="folder of the build to write or read")]


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {message}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(code=code)


@app.command()
def build(
    paths: Annotated[list[Path] | None, typer.Argument(help="files and folders (default: seeds/)")] = None,
    out: OutOption = Path("out"),
    strict: Annotated[bool, typer.Option(help="fail when any file is skipped")] = False,
    cache: Annotated[bool, typer.Option(help="reuse the extraction of unchanged documents "
                                        "(--no-cache: parse all again)")] = True,
    workers: Annotated[int, typer.Option(min=0, help="processes that parse documents "
                                         "(0: one per CPU core)")] = 0,
) -> None:
    """Build the graph of PATHS into OUT (the store, graph.ttl, build.json)."""
    from kg.build import build as run_build

    # redrawn as documents finish, not by rich's refresh thread: a process that has had a second
    # thread parses about 28% slower (extract/parallel.py)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("reading", total=None)
        try:
            summary = run_build(
                paths or [DEFAULT_SEEDS], out,
                on_loaded=lambda docs: progress.update(task, description="extracting", total=len(docs),
                                                       refresh=True),
                on_document=lambda doc: progress.update(task, advance=1, refresh=True),
                use_cache=cache, workers=workers)
        except SpacekgError as err:
            raise fail(str(err)) from None
    for message in summary.skipped:
        err_console.print(f"[yellow]skipped:[/yellow] {message}", highlight=False, soft_wrap=True)
    table = Table(title=f"built {out}", show_header=False)
    table.add_row("documents", str(summary.documents))
    table.add_row("  from the cache", str(summary.cached))
    for cls, count in summary.entities.items():
        table.add_row(f"  {cls}", str(count))
    table.add_row("entities", str(sum(summary.entities.values())))
    table.add_row("mentions", str(summary.mentions))
    table.add_row("relations", str(summary.relations))
    table.add_row("triples", str(summary.triples))
    table.add_row("skipped files", str(len(summary.skipped)))
    table.add_row("seconds", f"{summary.seconds:.1f}")
    out_console.print(table)
    if strict and summary.skipped:
        raise typer.Exit(code=1)


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="the SPARQL query")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="read the query from a file")] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="run a saved query (see --list)")] = None,
    params: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="NAME=VALUE for a parameter the query declares; repeatable")] = None,
    list_saved: Annotated[bool, typer.Option("--list", help="list the saved queries and their parameters")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv or json")] = "table",
    out: OutOption = Path("out"),
) -> None:
    """Run a SPARQL query, or a saved one (--name), against the store of OUT (no rebuild)."""
    from rich.markup import escape

    from kg import query as q
    from kg.store import open_graph

    if fmt not in q.RESULT_FORMATS:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(q.RESULT_FORMATS)}", code=2)
    if list_saved:
        if sparql is not None or file is not None or name is not None or params:
            raise fail("--list takes no query and no --param", code=2)
        print("\n\n".join(q.describe(saved) for saved in q.saved_queries()))
        return
    if [sparql, file, name].count(None) != 2:
        raise fail("give one of a query, --file or --name", code=2)
    try:
        if name is not None:
            chosen = q.load_saved(name)
        elif file is not None:
            try:
                chosen = q.parse_query(file.stem, file.read_text(encoding="utf-8"), source=str(file))
            except (OSError, UnicodeDecodeError) as err:
                raise fail(f"{file}: cannot read the query: {err}", code=2) from None
        else:
            chosen = q.parse_query("query", sparql)
        values = q.parse_assignments(params or [])
        q.check_params(chosen, values)
    except q.QueryUsageError as err:
        raise fail(str(err), code=2) from None
    except SpacekgError as err:  # a malformed `# param` line in the query
        raise fail(str(err)) from None
    try:
        graph = open_graph(out)
        result = q.run(graph, q.bind(graph, chosen, values))
        if fmt == "json":
            print(q.to_json(result))
        elif result.type == "ASK":
            print("true" if result.askAnswer else "false")
        elif result.type in ("CONSTRUCT", "DESCRIBE"):
            print(result.graph.serialize(format="turtle"))
        elif fmt == "csv":
            sys.stdout.write(q.to_csv(result))
        elif fmt == "tsv":
            sys.stdout.write(q.to_tsv(result))
        else:
            names, body = q.display_rows(result, graph)
            print_table(names, [[escape(value) for value in row] for row in body])
    except q.NameNotResolved as err:
        error = fail(str(err))
        if err.refs:
            err_console.print(err.heading, highlight=False)
            _print_refs(err.refs, numbered=False)
        raise error from None
    except SpacekgError as err:
        raise fail(str(err)) from None


def print_table(names: list[str], body: list[list[str]]) -> None:
    table = Table(*names)
    for row in body:
        table.add_row(*row)
    out_console.print(table)
    out_console.print(f"{len(body)} rows", style="dim")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="turtle, json-ld, nt, trig, nquads, graphml, "
                                     "entities-csv or relations-csv")] = "turtle",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file to write (default: stdout)")] = None,
    link_context: Annotated[bool, typer.Option(
        "--link-context", help="json-ld: refer to ontology/context.jsonld by its IRI instead of embedding it")] = False,
    out: OutOption = Path("out"),
) -> None:
    """Write the graph of OUT as RDF, as GraphML for Gephi, or as CSV tables (see docs/export.md)."""
    import os

    from kg.export import FORMATS, serialize
    from kg.store import open_graph, write_file_atomically

    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}", code=2)
    if link_context and fmt != "json-ld":
        raise fail(f"--link-context is for --format json-ld, not {fmt!r}", code=2)
    if output is not None and output.is_dir():
        raise fail(f"-o {output}: is a folder; give the file to write", code=2)
    try:
        data = serialize(open_graph(out), fmt, link_context=link_context)
    except SpacekgError as err:
        raise fail(str(err)) from None
    if output is None:
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader stopped early (`| head`): not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    try:
        write_file_atomically(output, data)
    except OSError as err:
        raise fail(f"{output}: cannot write: {err.strerror or err}") from None
    err_console.print(f"wrote {output} ({len(data):,} bytes)", highlight=False, soft_wrap=True)


@app.command()
def report(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file to write (default: OUT/report.html)")] = None,
    out: OutOption = Path("out"),
) -> None:
    """Write one offline HTML page about the graph of OUT: corpus, central actors, communities,
    agreements, budgets, timeline, and every relation with its evidence (see docs/report.md)."""
    from kg.report import write_report
    from kg.store import open_graph

    path = output if output is not None else out / "report.html"
    if path.is_dir():
        raise fail(f"-o {path}: is a folder; give the file to write", code=2)
    try:
        size = write_report(open_graph(out), path)
    except SpacekgError as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"{path}: cannot write: {err.strerror or err}") from None
    out_console.print(f"wrote {path} ({size:,} bytes)", highlight=False, markup=False, soft_wrap=True)


@app.command()
def validate(out: OutOption = Path("out")) -> None:
    """Check the graph of OUT against the contract's SHACL shapes; exit 1 when it does not conform."""
    from kg.store import open_graph
    from kg.validate import report_lines, summary
    from kg.validate import validate as run_validate

    try:
        graph = open_graph(out)
        with err_console.status("checking against ontology/shapes.ttl"):
            report = run_validate(graph)
    except SpacekgError as err:
        raise fail(str(err)) from None
    for line in report_lines(report, graph):
        out_console.print(line, markup=False, highlight=False, soft_wrap=True)
    out_console.print(summary(report, len(graph)), style="green" if report.conforms else "bold red",
                      markup=False, highlight=False, soft_wrap=True)
    if not report.conforms:
        raise typer.Exit(code=1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on; another than 127.0.0.1 opens the graph "
                                           "to other machines")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="port to listen on (0: any free port)")] = 8000,
    timeout: Annotated[float, typer.Option(min=0.1, help="seconds a query may run before it is stopped")] = 10.0,
    out: OutOption = Path("out"),
) -> None:
    """Answer SPARQL over HTTP at /sparql (read-only), with a query page at /, until Ctrl-C."""
    import signal

    from kg.server import make_server

    try:
        server = make_server(out, host, port, timeout)
    except SpacekgError as err:
        raise fail(str(err)) from None
    except OSError as err:
        raise fail(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    # SIGTERM ends the server like Ctrl-C, so the query workers are stopped too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[yellow]warning:[/yellow] listening on {host}: other machines can query the graph",
                          highlight=False)
    print(f"serving {out} at {server.url} (SPARQL endpoint {server.url}sparql); Ctrl-C to stop", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@app.command()
def stats(out: OutOption = Path("out")) -> None:
    """Count the documents, entities per class, mentions and relations in OUT."""
    from kg import query as q
    from kg.store import open_graph

    try:
        print_table(*q.rows(q.run(open_graph(out), q.saved_query("stats"))))
    except SpacekgError as err:
        raise fail(str(err)) from None


@app.command()
def entities(
    cls: Annotated[str | None, typer.Option("--type", help="one of the eleven classes, e.g. Agency")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="a document's file name")] = None,
    out: OutOption = Path("out"),
) -> None:
    """List entities with their names, mention counts and documents."""
    from kg.entities import list_entities
    from kg.store import open_graph

    try:
        found = list_entities(open_graph(out), cls, doc)
    except ValueError as err:
        raise fail(str(err), code=2) from None
    except SpacekgError as err:
        raise fail(str(err)) from None
    columns = ["class", "ja", "en", "mentions", "documents"]
    print_table(columns, [[row[c].rsplit("#", 1)[-1] if c == "class" else row[c] for c in columns]
                          for row in found])


@app.command()
def show(
    name: Annotated[str, typer.Argument(help="a name or abbreviation in any language, or an entity IRI")],
    pick: Annotated[int | None, typer.Option("--pick", min=1,
                                             help="the Nth of several entities of that name")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the card as JSON")] = False,
    out: OutOption = Path("out"),
) -> None:
    """Show one entity: names, values, mentions, and each relation with its evidence."""
    from kg.show import AmbiguousName, NameNotFound, lookup
    from kg.store import open_graph

    try:
        card = lookup(open_graph(out), name, pick)
    except (NameNotFound, AmbiguousName) as err:
        raise _name_failure(err, pick="; choose one with --pick N or give its IRI") from None
    except SpacekgError as err:
        raise fail(str(err)) from None
    if as_json:
        print(card.model_dump_json(indent=1))
    else:
        _print_card(card)


def _name_failure(err: SpacekgError, pick: str = "") -> typer.Exit:
    """The exit for a name that matched no entity (with names that contain it) or several
    (with the candidates, numbered for --pick when the command has one)."""
    from kg.show import AmbiguousName

    error = fail(f"{err}{pick}" if isinstance(err, AmbiguousName) else str(err))
    if isinstance(err, AmbiguousName):
        _print_refs(err.candidates, numbered=bool(pick))
    elif err.suggestions:
        err_console.print("names that contain it:", highlight=False)
        _print_refs(err.suggestions, numbered=False)
    return error


@contextmanager
def _network_failures() -> Iterator[None]:
    """The exits of analyze and view: a bad --class or --doc is usage (2), a name that matches
    no entity or several is reported with the candidates, any other failure is 1."""
    from kg.network import FilterError
    from kg.show import AmbiguousName, NameNotFound

    try:
        yield
    except FilterError as err:
        raise fail(str(err), code=2) from None
    except (NameNotFound, AmbiguousName) as err:
        raise _name_failure(err) from None
    except SpacekgError as err:
        raise fail(str(err)) from None


def _print_refs(refs, numbered: bool = True) -> None:
    """One line per entity on stderr; numbered in the order --pick counts them."""
    for n, ref in enumerate(refs, 1):
        mark = f"{n:3}." if numbered else "  -"
        cls = ref.classes[0] if ref.classes else "?"
        date = f"  date: {ref.date}" if ref.date else ""
        err_console.print(f"{mark} {cls:17} {ref.name}{date}  mentions: {ref.mentions}  {ref.iri}",
                          highlight=False, markup=False, soft_wrap=True)


def _print_card(card) -> None:
    """The card as indented lines: readable in a terminal and as plain text (no tables, no wrapping)."""
    from decimal import Decimal, InvalidOperation

    def line(text: str = "", style: str = "") -> None:
        out_console.print(text, style=style, highlight=False, markup=False, soft_wrap=True)

    def field(label: str, value: str) -> None:
        line(f"  {label:<12} {value}")

    line(card.name, "bold")
    field("IRI", card.iri)
    field("classes", ", ".join(card.classes))
    for lang, label in card.labels.items():
        field(f"prefLabel@{lang}" if lang else "prefLabel", label)
    if card.alt_labels:
        field("altLabels", " | ".join(card.alt_labels))
    values = dict(card.values)
    if "amount" in values:
        try:
            amount = f"{Decimal(values.pop('amount')):,}"
        except InvalidOperation:
            amount = card.values["amount"]
        field("amount", f"{amount} {values.pop('currency', '')}".strip())
    for prop, value in values.items():
        field(prop, value)
    documents = len(card.documents)
    field("mentions", f"{card.mentions} in {documents} document{'' if documents == 1 else 's'}")
    for d in card.documents:
        examples = ", ".join(f"{s.start}-{s.end}" for s in d.examples)
        line(f"    {d.document}  {d.count} at {examples}{', …' if d.count > len(d.examples) else ''}")
    for direction, title in (("out", "relations out (this entity is the subject)"),
                             ("in", "relations in (this entity is the object)")):
        relations = [r for r in card.relations if r.direction == direction]
        line(f"{title}: {len(relations)}", "bold")
        for r in relations:
            arrow = "↔" if r.symmetric else "→" if direction == "out" else "←"
            other_class = r.other.classes[0] if r.other.classes else "?"
            line(f"  {r.property} {arrow} {r.other.name} ({other_class})  {r.other.iri}", "cyan")
            for e in r.evidence:
                where = f"chars {e.start}-{e.end}" if e.start is not None else "no offsets"
                line(f"      {e.document or '?'}  {where}", "dim")
                # a sentence can run over line breaks; its later lines keep the indent
                line("        " + "\n        ".join((e.sentence or "").splitlines()))


@app.command()
def analyze(
    action: Annotated[str, typer.Argument(help="centrality, communities, path (two names) or ego (one name)")],
    names: Annotated[list[str] | None, typer.Argument(
        help="path: the two entities; ego: the one in the middle; any of their names, or an IRI")] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, help="ego: relations from the entity")] = 1,
    top: Annotated[int, typer.Option("--top", min=1, help="rows: entities, communities or ego members")] = 20,
    classes: Annotated[list[str] | None, typer.Option(
        "--class", help="only entities of this class (Agency, or a subclass such as SpaceAgency); repeatable")] = None,
    docs: Annotated[list[str] | None, typer.Option(
        "--doc", help="only entities and relations of this document (file name); repeatable")] = None,
    by: Annotated[str, typer.Option("--by", help="centrality: rank by pagerank, betweenness, degree or strength")
                  ] = "pagerank",
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    out: OutOption = Path("out"),
) -> None:
    """Network analysis of the relations in OUT: central entities, communities, the path between
    two entities with its evidence, or one entity's neighbourhood (see docs/analyze.md)."""
    import csv
    import json

    from rich.markup import escape

    from kg.network_analysis import ACTIONS, CENTRALITY_MEASURES, community_summary
    from kg.network_analysis import analyze as run_analysis
    from kg.store import open_graph

    names = names or []
    if action not in ACTIONS:
        raise fail(f"action {action!r}: choose one of centrality, communities, path A B, ego NAME", code=2)
    if len(names) != ACTIONS[action]:
        raise fail(f"{action} takes {ACTIONS[action]} name{'' if ACTIONS[action] == 1 else 's'}, "
                   f"not {len(names)}: {' '.join(map(repr, names)) or 'none given'}", code=2)
    if fmt not in ("table", "csv", "json"):
        raise fail(f"--format {fmt!r}: choose one of table, csv, json", code=2)
    if by not in CENTRALITY_MEASURES:
        raise fail(f"--by {by!r}: choose one of {', '.join(CENTRALITY_MEASURES)}", code=2)
    with _network_failures():
        rows = run_analysis(open_graph(out), action, names, depth=depth, top=top, classes=classes,
                            documents=docs, by=by)
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    elif action == "path":
        from itertools import groupby

        if not rows:
            out_console.print(f"{names[0]} and {names[1]} are the same entity", highlight=False, markup=False)
        for (hop, relation, direction), group in groupby(rows, lambda r: (r["hop"], r["relation"], r["direction"])):
            first, arrow = next(group), f"—{relation}→" if direction == "forward" else f"←{relation}—"
            out_console.print(f"{hop}. {first['from']} {arrow} {first['to']}  ({first['documents']} document"
                              f"{'' if first['documents'] == 1 else 's'})",
                              style="cyan", highlight=False, markup=False, soft_wrap=True)
            for row in [first, *group]:  # the evidence under its relation
                if row["sentence"] is None:
                    continue
                where = f"chars {row['start']}-{row['end']}" if row["start"] is not None else "no offsets"
                out_console.print(f"     {row['document']}  {where}", style="dim", highlight=False, markup=False)
                out_console.print("       " + " ".join(row["sentence"].split()), highlight=False, markup=False,
                                  soft_wrap=True)
    else:
        if action == "communities":
            rows = community_summary(rows)
        shown = [c for c in (rows[0] if rows else {}) if c != "iri"]
        print_table(shown, [[escape(str(row[c])) for c in shown] for row in rows])


@app.command()
def view(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file to write "
                                                "(default: OUT/views/NAME.html, listed by spacekg serve)")] = None,
    classes: Annotated[list[str] | None, typer.Option(
        "--class", help="only entities of this class (Agency, or a subclass such as SpaceAgency); repeatable")] = None,
    docs: Annotated[list[str] | None, typer.Option(
        "--doc", help="only entities and relations of this document (file name); repeatable")] = None,
    focus: Annotated[str | None, typer.Option(
        "--focus", help="only entities within --depth relations of this one (any of its names, or its IRI)")] = None,
    depth: Annotated[int | None, typer.Option("--depth", min=0, help="relations from --focus (default 1)")] = None,
    layout: Annotated[str, typer.Option("--layout", help="auto, physics or precomputed")] = "auto",
    size_by: Annotated[str, typer.Option(
        "--size-by", help="node size by pagerank, betweenness, degree or strength")] = "pagerank",
    out: OutOption = Path("out"),
) -> None:
    """Write an interactive HTML view of the graph of OUT: offline, one file (see docs/view.md)."""
    from kg.store import open_graph, write_file_atomically
    from kg.view import LAYOUTS, SIZE_MEASURES, make_view

    if layout not in LAYOUTS:
        raise fail(f"--layout {layout!r}: choose one of {', '.join(LAYOUTS)}", code=2)
    if size_by not in SIZE_MEASURES:
        raise fail(f"--size-by {size_by!r}: choose one of {', '.join(SIZE_MEASURES)}", code=2)
    if depth is not None and focus is None:
        raise fail("--depth counts relations from --focus; give --focus NAME too", code=2)
    if output is not None and output.is_dir():
        raise fail(f"-o {output}: is a folder; give the file to write", code=2)
    with _network_failures():
        made = make_view(open_graph(out), classes=classes, documents=docs, focus=focus,
                         depth=1 if depth is None else depth, layout=layout, size_by=size_by, source=str(out))
    path = output if output is not None else out / "views" / f"{made.name}.html"
    data = made.html.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file_atomically(path, data)
    except OSError as err:
        raise fail(f"{path}: cannot write: {err.strerror or err}") from None
    out_console.print(f"wrote {path} ({made.counts}, {made.layout} layout, {len(data):,} bytes)",
                      highlight=False, markup=False, soft_wrap=True)


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="folder of gold JSON files")] = Path("tests/gold"),
    docs: Annotated[Path, typer.Option("--docs", help="folder of the documents the gold annotates")] = DEFAULT_SEEDS,
    markdown: Annotated[Path | None, typer.Option("--markdown", help="also write the report as a docs page")] = None,
    floors: Annotated[Path | None, typer.Option("--floors", help="JSON of metric floors; exit 1 below any")] = None,
    out: OutOption = Path("out"),
) -> None:
    """Score the build in OUT against gold annotations (entities, relations, values, spans)."""
    import json

    from kg.evaluate import check_floors, summary_line, to_markdown
    from kg.evaluate import evaluate as run_evaluate
    from kg.store import open_graph, write_file_atomically
    from kg.vocab import load_ontology

    try:
        graph = load_ontology()
        graph += open_graph(out)
    except SpacekgError as err:
        raise fail(str(err)) from None
    report = run_evaluate(graph, gold, docs)
    for d in report.documents:
        print(f"{d.doc:44} entity {_prf(d.entity)}  relation {_prf(d.relation)}")
    print(summary_line(report))
    if markdown is not None:
        write_file_atomically(markdown, to_markdown(report, "Evaluation on the development gold").encode("utf-8"))
    if floors is not None:
        below = check_floors(report, json.loads(floors.read_text(encoding="utf-8")))
        for message in below:
            err_console.print(f"[red]below floor:[/red] {message}", highlight=False)
        if below:
            raise typer.Exit(code=1)


def _prf(counts) -> str:
    return f"{counts.precision:.2f}/{counts.recall:.2f}/{counts.f1:.2f}"


if __name__ == "__main__":
    app()
