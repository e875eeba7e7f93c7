"""spacekg's command line: each command parses its options, calls one function, prints the result.

Exit codes: 0 done, 1 the command ran and failed (nothing built, bad query, no graph), 2 usage.
"""
from __future__ import annotations

import sys
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
) -> None:
    """Build the graph of PATHS into OUT (the store, graph.ttl, graph.jsonld)."""
    from kg.build import build as run_build

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True) as progress:
        task = progress.add_task("reading", total=None)
        try:
            summary = run_build(
                paths or [DEFAULT_SEEDS], out,
                on_loaded=lambda docs: progress.update(task, description="extracting", total=len(docs)),
                on_document=lambda doc: progress.advance(task))
        except SpacekgError as err:
            raise fail(str(err)) from None
    for message in summary.skipped:
        err_console.print(f"[yellow]skipped:[/yellow] {message}", highlight=False, soft_wrap=True)
    table = Table(title=f"built {out}", show_header=False)
    table.add_row("documents", str(summary.documents))
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
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    out: OutOption = Path("out"),
) -> None:
    """Run a SPARQL query against the store of OUT (no rebuild)."""
    from kg import query as q
    from kg.store import open_graph

    if (sparql is None) == (file is None):
        raise fail("give a query or --file, not both or neither", code=2)
    if fmt not in q.RESULT_FORMATS:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(q.RESULT_FORMATS)}", code=2)
    if file is not None:
        try:
            sparql = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise fail(f"{file}: cannot read the query: {err}", code=2) from None
    try:
        result = q.run(open_graph(out), sparql)
        if fmt == "json":
            print(q.to_json(result))
        elif result.type == "ASK":
            print("true" if result.askAnswer else "false")
        elif result.type in ("CONSTRUCT", "DESCRIBE"):
            print(result.graph.serialize(format="turtle"))
        elif fmt == "csv":
            sys.stdout.write(q.to_csv(result))
        else:
            print_table(*q.rows(result))
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
    fmt: Annotated[str, typer.Option("--format", help="turtle, json-ld or nt")] = "turtle",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file to write (default: stdout)")] = None,
    out: OutOption = Path("out"),
) -> None:
    """Write the graph of OUT as Turtle, JSON-LD or N-Triples."""
    from kg.export import FORMATS, serialize
    from kg.store import open_graph, write_file_atomically

    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}", code=2)
    try:
        data = serialize(open_graph(out), fmt)
    except SpacekgError as err:
        raise fail(str(err)) from None
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_file_atomically(output, data)
        err_console.print(f"wrote {output} ({len(data):,} bytes)")


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
