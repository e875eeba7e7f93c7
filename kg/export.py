"""Writing a built graph in the formats analysts load elsewhere (`spacekg export`).

RDF: `turtle`, `nt` (N-Triples), `json-ld`, `trig` and `nquads`. Tables and a network
(kg/tables.py): `entities-csv`, `relations-csv`, `graphml` (Gephi). Every writer returns the
whole file as bytes, so a failure writes nothing.

JSON-LD is compacted with ontology/context.jsonld: language maps for names, bare names for the
sk: classes and properties (`"@vocab"`), `id:` IRIs, relation values coerced to IRIs. The file
embeds that context by default, so rdflib, pyld or any processor reads it offline; with
`link_context` its `"@context"` is the context's IRI, CONTEXT_IRI, instead, for publishing next
to the context. No server answers that IRI yet: give pyld `document_loader`, which serves the
shipped file for it (docs/export.md shows how).

TriG and N-Quads put what each document says in a named graph named by the document's IRI
(id:doc/…): its mentions (oa:Annotation, target and selectors) and its relation statements
(rdf:Statement, evidence spans and their selectors). The default graph keeps what holds across
documents: the documents' own descriptions, the entities (classes, names, values, mention
counts) and the plain relation triples, which several documents may state at once. So the
default graph alone is the knowledge graph, each named graph is one document's provenance, and
dropping a document's graph drops exactly its mentions and statements.

Turtle and N-Triples are written by Oxigraph, tens of times faster than rdflib's writers
(docs/benchmarks.md); the other formats by rdflib. Literals are written alike in every format:
strings, which Oxigraph returns typed xsd:string, as plain literals (the same thing in RDF 1.1),
and decimals with a decimal point (1000000000000.0, the same value), the form Turtle writes
them in.

N-Triples and N-Quads lines, JSON-LD nodes, CSV rows and GraphML nodes and edges are sorted, so
two exports of one graph are byte-identical; rdflib writes TriG's graphs in no fixed order.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV
from rdflib.plugins.serializers.jsonld import from_rdf
from rdflib.term import Node

from extract.errors import SpacekgError

from . import tables
from .vocab import ID, OA, ONTOLOGY_DIR, PREFIXES, SK, bind_prefixes

CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
CONTEXT_IRI = "https://w3id.org/spacekg/ontology/context.jsonld"


class ExportError(SpacekgError):
    """The shipped JSON-LD context cannot be read."""


@dataclass(frozen=True)
class Format:
    suffix: str  # the usual file name suffix
    write: Callable[[Graph], bytes]


def plain(graph: Graph) -> Graph:
    """An in-memory copy of `graph` with the contract's prefixes, its literals as every format writes them."""
    copy = bind_prefixes(Graph())
    for s, p, o in graph:
        copy.add((s, p, _literal(o) if isinstance(o, Literal) else o))
    return copy


def _literal(literal: Literal) -> Literal:
    if literal.datatype == XSD.string:
        return Literal(str(literal))
    if literal.datatype == XSD.decimal and not any(c in literal for c in ".eE"):
        # Turtle writes a decimal as a number, which needs a point: 1000000000000.0
        return Literal(f"{literal}.0", datatype=XSD.decimal)
    return literal


def oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    """`graph`'s triples as Oxigraph terms, literals as every format writes them, in N-Triples
    order: a writer then groups each subject's triples, and one graph always comes out the same."""
    terms: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}  # IRIs recur: convert each once

    def term(node: Node):
        if node not in terms:
            terms[node] = _oxigraph_term(node)
        return terms[node]

    return sorted((ox.Triple(term(s), term(p), term(o)) for s, p, o in graph), key=str)


def _oxigraph_term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(node)
    if isinstance(node, BNode):
        return ox.BlankNode(node)
    literal = _literal(node)
    if literal.language:
        return ox.Literal(literal, language=literal.language)
    return ox.Literal(literal, datatype=ox.NamedNode(literal.datatype or XSD.string))


def turtle(triples: list[ox.Triple]) -> bytes:
    """Triples (from oxigraph_triples) as Turtle with the contract's prefixes."""
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={p: str(ns) for p, ns in PREFIXES.items()})


def _sorted_lines(data: bytes) -> bytes:
    # one statement per line in N-Triples and N-Quads; newlines inside literals are escaped
    return b"".join(sorted(line + b"\n" for line in data.splitlines() if line.strip()))


# graph-structure properties whose object belongs to the same document as their subject
_PARTS = (OA.hasTarget, OA.hasSelector, SK.evidenceSpan)


def by_document(graph: Graph) -> Dataset:
    """`graph` split into one named graph per document and the default graph (see the docstring)."""
    home = {}
    for annotation in graph.subjects(RDF.type, OA.Annotation):
        source = graph.value(graph.value(annotation, OA.hasTarget), OA.hasSource)
        if source is not None:
            home[annotation] = source
    for statement in graph.subjects(RDF.type, RDF.Statement):
        source = graph.value(statement, PROV.wasDerivedFrom)
        if source is not None:
            home[statement] = source
    todo = list(home)
    while todo:
        node = todo.pop()
        for prop in _PARTS:
            for part in graph.objects(node, prop):
                if part not in home:
                    home[part] = home[node]
                    todo.append(part)
    dataset = bind_prefixes(Dataset())
    for s, p, o in graph:
        document = home.get(s)
        (dataset.graph(document) if document is not None else dataset.default_graph).add((s, p, o))
    return dataset


@cache
def _context() -> dict:
    try:
        return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as err:
        raise ExportError(f"{CONTEXT_FILE}: not a JSON-LD context file: {err}") from err


def load_context() -> dict:
    """The shipped context document (ontology/context.jsonld) as a fresh dict."""
    return {"@context": json.loads(json.dumps(_context()))}


def document_loader(url: str, options: dict | None = None) -> dict:
    """A pyld document loader that serves the shipped context for CONTEXT_IRI and loads nothing else.

    For exports written with `link_context`:
    `jsonld.expand(doc, {"documentLoader": document_loader})`.
    """
    if url != CONTEXT_IRI:
        raise ValueError(f"{url}: not loaded (offline; only {CONTEXT_IRI} is served, from {CONTEXT_FILE})")
    return {"contextUrl": None, "documentUrl": url, "document": load_context()}


def _shorten_ids(value, id_keys: set[str]):
    """Write IRIs under id: as `id:…`; rdflib only shortens IRIs whose last segment follows the prefix."""
    if isinstance(value, list):
        return [_shorten_ids(v, id_keys) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            if key in id_keys and isinstance(v, (str, list)):
                v = [_short(x) for x in v] if isinstance(v, list) else _short(v)
            out[key] = _shorten_ids(v, id_keys) if isinstance(v, (dict, list)) else v
        return out
    return value


def _short(value):
    return f"id:{value.removeprefix(str(ID))}" if isinstance(value, str) and value.startswith(str(ID)) else value


def to_jsonld(graph: Graph, link_context: bool = False) -> bytes:
    context = _context()
    body = from_rdf(plain(graph), context_data=context)
    body.pop("@context", None)
    if "@graph" in body:  # absent when the graph has a single node, which is then the body itself
        body["@graph"] = sorted(body["@graph"], key=lambda node: node.get("@id", ""))
    id_keys = {"@id"} | {term for term, definition in context.items()
                         if isinstance(definition, dict) and definition.get("@type") == "@id"}
    document = {"@context": CONTEXT_IRI if link_context else context, **_shorten_ids(body, id_keys)}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


FORMATS: dict[str, Format] = {
    "turtle": Format(".ttl", lambda g: turtle(oxigraph_triples(g))),
    "json-ld": Format(".jsonld", to_jsonld),
    "nt": Format(".nt", lambda g: _sorted_lines(ox.serialize(oxigraph_triples(g), format=ox.RdfFormat.N_TRIPLES))),
    "trig": Format(".trig", lambda g: by_document(plain(g)).serialize(format="trig", encoding="utf-8")),
    "nquads": Format(".nq", lambda g: _sorted_lines(
        by_document(plain(g)).serialize(format="nquads", encoding="utf-8"))),
    "graphml": Format(".graphml", lambda g: tables.graphml(plain(g))),
    "entities-csv": Format(".csv", lambda g: tables.entities_csv(plain(g))),
    "relations-csv": Format(".csv", lambda g: tables.relations_csv(plain(g))),
}


def serialize(graph: Graph, fmt: str, link_context: bool = False) -> bytes:
    """`graph` in format `fmt` (a FORMATS name); `link_context` applies to json-ld only."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if link_context and fmt != "json-ld":
        raise ValueError(f"link_context applies to json-ld, not {fmt!r}")
    if fmt == "json-ld":
        return to_jsonld(graph, link_context)
    return FORMATS[fmt].write(graph)
