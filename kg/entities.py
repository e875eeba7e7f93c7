"""Listing entities with their names, mention counts and documents (`spacekg entities`)."""
from __future__ import annotations

from rdflib import Graph, Literal

from .query import QUERIES_DIR

ENTITY_CLASSES = ("Country", "Agency", "Organization", "Person", "SpaceSystem", "Program",
                  "Agreement", "Law", "Policy", "Budget", "Event")


def list_entities(graph: Graph, cls: str | None = None, doc: str | None = None) -> list[dict[str, str]]:
    """One row per entity: IRI, class, ja and en names, mentions, documents; most mentioned first.

    `cls` is one of the eleven contract classes; `doc` a document's file name.
    """
    if cls is not None and cls not in ENTITY_CLASSES:
        raise ValueError(f"unknown class {cls!r}; choose one of {', '.join(ENTITY_CLASSES)}")
    sparql = (QUERIES_DIR / "entities.rq").read_text(encoding="utf-8")
    filters = []
    if cls:
        filters.append(f"FILTER(?class = sk:{cls})")
    if doc:
        # n3() quotes and escapes the name, so any file name is a safe literal here
        filters.append("FILTER EXISTS { ?a2 oa:hasBody ?e ; "
                       f"oa:hasTarget/oa:hasSource/dcterms:identifier {Literal(doc).n3()} . }}")
    sparql = sparql.replace("#FILTERS", "\n  ".join(filters))
    result = graph.query(sparql)
    return [{str(name): "" if value is None else str(value) for name, value in zip(result.vars, row, strict=True)}
            for row in result]
