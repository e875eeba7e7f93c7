"""SPARQL over a built graph, and the result formats the CLI prints."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.query import Result

from .errors import QueryError

QUERIES_DIR = Path(__file__).parent / "queries"
RESULT_FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class SavedQuery:
    """A query of the library: kg/queries/<name>.rq, its leading comment lines the description."""

    name: str
    description: str
    text: str


def saved_queries() -> list[SavedQuery]:
    """Every saved query, by name."""
    out = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("# ").rstrip())
        out.append(SavedQuery(path.stem, " ".join(comment), text))
    return out


def saved_query(name: str) -> str:
    path = QUERIES_DIR / f"{name}.rq"
    if not path.is_file():
        raise QueryError(f"no saved query named {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


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


def to_csv(result: Result) -> str:
    names, body = rows(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(body)
    return buffer.getvalue()


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.type == "ASK":
        return json.dumps({"head": {}, "boolean": bool(result.askAnswer)})
    return result.serialize(format="json").decode("utf-8")
