"""Serialising a graph in the formats people load elsewhere (short names as rdflib knows them)."""
from __future__ import annotations

from rdflib import Graph

# format name on the command line -> (rdflib format, file suffix)
FORMATS = {
    "turtle": ("turtle", ".ttl"),
    "json-ld": ("json-ld", ".jsonld"),
    "nt": ("nt", ".nt"),
}


def serialize(graph: Graph, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rdflib_format = FORMATS[fmt][0]
    if rdflib_format == "json-ld":
        context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
        return graph.serialize(format="json-ld", context=context, encoding="utf-8")
    return graph.serialize(format=rdflib_format, encoding="utf-8")
