"""SPARQL over a built graph: the saved-query library, its parameters, and the result formats.

A saved query is a file kg/queries/<name>.rq whose leading comment lines declare it:

    # Parties to an agreement: every actor the documents say is party to it.
    # param agreement Agreement: the agreement, by any of its names
    # param year year optional: only rows of this year
    # example agreement=アルテミス合意

- The comment lines before the first `# param` or `# example` line are the description.
- `# param NAME [KIND] [optional]: DESCRIPTION` declares the variable ?NAME. KIND is one of
    entity           (the default) any entity, by any of its names: a prefLabel or altLabel in any
                     language, compared after NFKC and case folding as `spacekg show` does, or its IRI
    Agency, Treaty…  an entity of that class or of a subclass of it, named the same way
    class            a class name (Agency, Satellite…), bound as its sk: IRI
    property         a relation property (partyTo, memberOf…), bound as its sk: IRI
    text             a string literal
    integer          an xsd:integer
    year             YYYY, an xsd:gYear
    date             YYYY, YYYY-MM or YYYY-MM-DD: an xsd:gYear, xsd:gYearMonth or xsd:date
  A required parameter must be given. An optional one may be left out: its variable is then
  unbound, so the query either uses it as a plain pattern variable (which then matches
  anything) or tests it with BOUND() in a FILTER.
- `# example NAME=VALUE …` (shell quoting) gives values that return rows on the seed graph; the
  tests, the benchmark and `spacekg query --list` use them.

Any query text may declare parameters this way, so `--file` queries take `--param` too.

Values are bound by a VALUES block placed first in the query's outermost WHERE group, written
from checked rdflib terms, so user text is never pasted into the query as SPARQL. Unlike rdflib's
initBindings it also binds variables the query does not project (through oxrdflib, Oxigraph
binds only projected ones). A FILTER on a parameter must therefore sit in that outermost group.
"""
from __future__ import annotations

import csv
import datetime
import difflib
import io
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.term import BNode, Node

from extract.models import EntityClass, Predicate, top_class

from .errors import QueryError
from .vocab import SK

QUERIES_DIR = Path(__file__).parent / "queries"
RESULT_FORMATS = ("table", "csv", "tsv", "json")
CLASSES = get_args(EntityClass)
PROPERTIES = get_args(Predicate)
LITERAL_KINDS = ("text", "integer", "year", "date")
KINDS = ("entity", "class", "property", *LITERAL_KINDS, *CLASSES)

_PARAM_LINE = re.compile(r"#\s*param\s+([^:]*):\s*(.*)")
_EXAMPLE_LINE = re.compile(r"#\s*example\b\s*(.*)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Where a VALUES block may go: the first `WHERE {`, else the first `{`, outside comments, IRIs
# and strings (a `{` or `#` inside those is not SPARQL syntax).
_SPARQL_TOKENS = re.compile(
    r'(?P<skip>#[^\n]*|<[^<>"{}|^`\\\s]*>'
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<where>\bWHERE\s*\{)|(?P<brace>\{)',
    re.IGNORECASE)


class QueryUsageError(QueryError):
    """A query asked for wrongly: unknown saved query, unknown, missing or malformed parameter."""


class NameNotResolved(QueryError):
    """An entity parameter whose name finds no entity of its kind, or several; `refs` are the
    entities to choose from (kg.show.EntityRef) and `heading` says what they are."""

    def __init__(self, message: str, refs: list, heading: str) -> None:
        super().__init__(message)
        self.refs = refs
        self.heading = heading


@dataclass(frozen=True)
class Param:
    """A declared parameter: the query's variable ?name, what kind of value it takes."""

    name: str
    kind: str = "entity"
    optional: bool = False
    description: str = ""

    @property
    def is_entity(self) -> bool:
        return self.kind == "entity" or self.kind in CLASSES


@dataclass(frozen=True)
class SavedQuery:
    """A query of the library: kg/queries/<name>.rq, its leading comment lines the description."""

    name: str
    description: str
    text: str
    params: tuple[Param, ...] = ()
    example: dict[str, str] = field(default_factory=dict)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query(name: str, text: str, source: str = "the query") -> SavedQuery:
    """A query and what its leading comment lines declare; `source` names it in errors."""
    description, params, example = [], [], {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        where = f"{source}, line {number}"
        if match := _PARAM_LINE.fullmatch(line.strip()):
            param = _parse_param(match[1].split(), match[2].strip(), where)
            if any(p.name == param.name for p in params):
                raise QueryError(f"{where}: parameter {param.name!r} is declared twice")
            params.append(param)
        elif match := _EXAMPLE_LINE.fullmatch(line.strip()):
            example.update(parse_assignments(shlex.split(match[1]), where))
        elif not params and not example:
            description.append(line.lstrip("# ").rstrip())
    declared = {p.name for p in params}
    if unknown := set(example) - declared:
        raise QueryError(f"{source}: the example sets {', '.join(sorted(unknown))}, which it does not declare")
    return SavedQuery(name, " ".join(d for d in description if d), text, tuple(params), example)


def _parse_param(words: list[str], description: str, where: str) -> Param:
    if not words or not _NAME.fullmatch(words[0]):
        raise QueryError(f"{where}: a parameter line reads `# param NAME [KIND] [optional]: DESCRIPTION`")
    name, rest = words[0], words[1:]
    optional = "optional" in rest
    rest = [w for w in rest if w != "optional"]
    kind = rest[0] if rest else "entity"
    if len(rest) > 1 or kind not in KINDS:
        raise QueryError(f"{where}: parameter {name!r} has kind {' '.join(rest)!r}; "
                         f"a kind is one of entity, class, property, {', '.join(LITERAL_KINDS)} or a class name")
    return Param(name, kind, optional, description)


def saved_queries() -> list[SavedQuery]:
    """Every saved query, by name."""
    return [_read(path) for path in sorted(QUERIES_DIR.glob("*.rq"))]


def load_saved(name: str) -> SavedQuery:
    path = QUERIES_DIR / f"{name}.rq"
    if not _NAME.fullmatch(name) or not path.is_file():
        names = [p.stem for p in QUERIES_DIR.glob("*.rq")]
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise QueryUsageError(f"no saved query named {name!r}{hint} (`spacekg query --list` shows them all)")
    return _read(path)


def saved_query(name: str) -> str:
    """The text of a saved query."""
    return load_saved(name).text


def _read(path: Path) -> SavedQuery:
    return parse_query(path.stem, path.read_text(encoding="utf-8"), source=str(path))


def parse_assignments(items: list[str], where: str = "--param") -> dict[str, str]:
    """KEY=VALUE items as a dict; a key given twice or an item without `=` is an error."""
    values: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryUsageError(f"{where} {item!r}: write it as NAME=VALUE")
        if key in values:
            raise QueryUsageError(f"{where}: parameter {key!r} is given twice")
        values[key] = value
    return values


def check_params(query: SavedQuery, values: dict[str, str]) -> None:
    """Everything about the given values that needs no graph: names, presence, literal forms."""
    declared = {p.name for p in query.params}
    for key in values:
        if key not in declared:
            takes = f"it takes {', '.join(sorted(declared))}" if declared else "it declares none"
            raise QueryUsageError(f"unknown parameter {key!r} for query {query.name!r}: {takes}")
    for param in query.params:
        if param.name not in values:
            if not param.optional:
                raise QueryUsageError(f"query {query.name!r} needs parameter {param.name!r} "
                                      f"({param.description or param.kind}): give --param {param.name}=…")
        elif not param.is_entity:
            _term(param, values[param.name])


def bind(graph: Graph, query: SavedQuery, values: dict[str, str]) -> str:
    """The query's text with the given parameter values bound (see the module docstring)."""
    check_params(query, values)
    terms = {}
    for param in query.params:
        if param.name in values:
            value = values[param.name]
            terms[param.name] = _entity(graph, param, value) if param.is_entity else _term(param, value)
    return with_values(query.text, terms)


def with_values(text: str, terms: dict[str, Node]) -> str:
    """`text` with `VALUES (?k …) { (term …) }` first in its outermost WHERE group."""
    if not terms:
        return text
    position = None
    for match in _SPARQL_TOKENS.finditer(text):
        if match["where"]:
            position = match.end()
            break
        if match["brace"] and position is None:
            position = match.end()
    if position is None:
        raise QueryError("the query has no WHERE group to bind parameters in")
    names = " ".join(f"?{name}" for name in terms)
    row = " ".join(sparql_term(term) for term in terms.values())
    return f"{text[:position]}\n  VALUES ({names}) {{ ({row}) }}\n{text[position:]}"


def sparql_term(term: Node) -> str:
    """A term in SPARQL/Turtle syntax on one line (tabs and line breaks escaped)."""
    if isinstance(term, Literal):
        escaped = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                   .replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype and term.datatype != XSD.string:
            return f'"{escaped}"^^<{term.datatype}>'
        return f'"{escaped}"'
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def _term(param: Param, value: str) -> Node:
    """The literal or IRI a non-entity parameter binds; QueryUsageError when `value` is not one."""
    def bad(expected: str) -> QueryUsageError:
        return QueryUsageError(f"parameter {param.name}={value!r}: expected {expected}")

    if param.kind == "text":
        return Literal(value)
    if param.kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise bad("an integer")
        return Literal(int(value))
    if param.kind in ("year", "date"):
        match = _DATE.fullmatch(value.strip())
        if not match or (param.kind == "year" and match[2]):
            raise bad("a year (YYYY)" if param.kind == "year" else "a date: YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        try:
            datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            raise bad("a real date") from None
        datatype = XSD.date if day else XSD.gYearMonth if month else XSD.gYear
        return Literal(match[0], datatype=datatype)
    if param.kind == "class":
        return SK[_choose(param, value, CLASSES)]
    if param.kind == "property":
        return SK[_choose(param, value, PROPERTIES)]
    raise QueryError(f"parameter {param.name!r}: kind {param.kind!r} is not a literal kind")


def _choose(param: Param, value: str, names: tuple[str, ...]) -> str:
    """The one of `names` that `value` is (ignoring case and an sk: prefix)."""
    key = value.strip().removeprefix("sk:").casefold()
    for name in names:
        if name.casefold() == key:
            return name
    raise QueryUsageError(f"parameter {param.name}={value!r}: expected one of {', '.join(names)}")


def _entity(graph: Graph, param: Param, value: str) -> URIRef:
    """The one entity `value` names (of the parameter's class, if it has one)."""
    from .show import find_candidates, suggest  # kg.show reads QUERIES_DIR from this module

    def fits(refs):
        if param.kind == "entity":
            return refs
        return [r for r in refs if any(param.kind in (c, top_class(c)) for c in r.classes)]

    what = "entity" if param.kind == "entity" else f"{param.kind} entity"
    found = find_candidates(graph, value)
    fitting = fits(found)
    if not fitting:
        if found:
            raise NameNotResolved(f"parameter {param.name}: {value!r} names no {what}",
                                  found, "entities of other classes with that name:")
        raise NameNotResolved(f"parameter {param.name}: no {what} is named {value!r}",
                              fits(suggest(graph, value)) or suggest(graph, value), "names that contain it:")
    if len(fitting) > 1:
        raise NameNotResolved(f"parameter {param.name}: {value!r} names {len(fitting)} entities; "
                              "give the IRI of one instead", fitting, "candidates:")
    return URIRef(fitting[0].iri)


def run(graph: Graph, sparql: str) -> Result:
    try:
        return graph.query(sparql)
    except (SyntaxError, ValueError, RuntimeError) as err:  # how pyoxigraph reports bad queries
        raise QueryError(f"query failed: {err}") from err


def rows(result: Result) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of plain strings (empty for unbound), for SELECT results."""
    if result.type != "SELECT":
        raise QueryError(f"{result.type} results have no rows")
    names = [str(v) for v in result.vars]
    return names, [["" if value is None else str(value) for value in row] for row in result]


def display_rows(result: Result, graph: Graph) -> tuple[list[str], list[list[str]]]:
    """Like `rows`, with IRIs shortened by the graph's prefixes (id:e/jaxa) for reading."""
    if result.type != "SELECT":
        raise QueryError(f"{result.type} results have no rows")
    namespaces = sorted(((str(ns), prefix) for prefix, ns in graph.namespaces() if prefix),
                        key=lambda pair: -len(pair[0]))

    def show(value) -> str:
        if value is None:
            return ""
        if isinstance(value, URIRef):
            return next((f"{prefix}:{value[len(ns):]}" for ns, prefix in namespaces if value.startswith(ns)),
                        str(value))
        return str(value)

    return [str(v) for v in result.vars], [[show(value) for value in row] for row in result]


def to_csv(result: Result) -> str:
    names, body = rows(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(body)
    return buffer.getvalue()


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV: `?name` headers, terms in Turtle syntax, one line per row."""
    if result.type != "SELECT":
        raise QueryError(f"{result.type} results have no rows")
    lines = ["\t".join(f"?{v}" for v in result.vars)]
    lines += ["\t".join("" if value is None else sparql_term(value) for value in row) for row in result]
    return "\n".join(lines) + "\n"


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)})
    return result.serialize(format="json").decode("utf-8")


def describe(query: SavedQuery) -> str:
    """A saved query for `spacekg query --list`: name, description, parameters, example."""
    lines = [query.name, f"    {query.description}"]
    for p in query.params:
        value = "NAME" if p.is_entity else p.kind.upper()
        kind = "" if p.kind == "entity" else f"{p.kind}, "
        lines.append(f"    --param {p.name}={value}  ({kind}{'optional' if p.optional else 'required'}) "
                     f"{p.description}")
    if query.example:
        args = " ".join(f"--param {shlex.quote(f'{k}={v}')}" for k, v in query.example.items())
        lines.append(f"    e.g. spacekg query --name {query.name} {args}")
    return "\n".join(lines)
