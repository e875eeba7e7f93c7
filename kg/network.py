"""The graph as a network: entities as nodes, relations as edges, for networkx (`project`).

One projection serves every network view of the graph: the GraphML export (kg/tables.py), the
analyses (kg/network_analysis.py, `spacekg analyze`) and the interactive views. It is read with
the saved queries kg/queries/network_*.rq.

    node  entity IRI (str) with
          cls        the most specific class's local name ("SpaceAgency")
          top        the contract class ("Agency")
          label_ja, label_en, label   names; label is ja, else en, else the IRI's last segment
          alt_labels sorted skos:altLabels
          mentions   number of mentions; documents: sorted file names that mention it
          and, where the entity has them, country, amount (a float), currency, date, year, fiscal_year
    edge  one per plain relation triple `s p o`, from s to o, keyed by p's local name, with
          predicate  p's local name ("partyTo")
          weight     number of documents whose rdf:Statements state it
          evidence   [{document, sentence, start, end}] from those statements; start and end
                     are None for a sentence without a span

`cooperatesWith` is symmetric but stored one way: one edge, in the direction the graph holds it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from extract.errors import SpacekgError
from extract.models import SUBCLASS_OF, top_class

from .entities import ENTITY_CLASSES
from .query import QUERIES_DIR
from .show import normalise
from .vocab import SK

SK_PREFIX = str(SK._NS)
# node attribute -> the sk: value property it is read from
VALUE_ATTRIBUTES = {"country": SK.countryCode, "amount": SK.amount, "currency": SK.currency,
                    "date": SK.date, "year": SK.year, "fiscal_year": SK.fiscalYear}
CLASS_NAMES = frozenset(ENTITY_CLASSES) | frozenset(SUBCLASS_OF)


class FilterError(SpacekgError):
    """A filter of the network names a class or a document that it does not know."""


def _rows(graph: Graph, name: str):
    return graph.query((QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8"))


def project(graph: Graph) -> nx.MultiDiGraph:
    """The entities and relations of `graph` as a MultiDiGraph (attributes: module docstring)."""
    net = nx.MultiDiGraph()
    for iri, attrs in sorted(_nodes(graph).items()):
        net.add_node(iri, **attrs)
    for (s, predicate, o), attrs in sorted(_edges(graph).items()):
        # a triple with an end that is not an entity breaks the contract: it is left out, not guessed at
        if s in net and o in net:
            net.add_edge(s, o, key=predicate, predicate=predicate, **attrs)
    return net


def _nodes(graph: Graph) -> dict[str, dict]:
    types: dict[str, set[str]] = defaultdict(set)
    pref: dict[str, dict[str, str]] = defaultdict(dict)
    alt: dict[str, set[str]] = defaultdict(set)
    values: dict[str, dict] = defaultdict(dict)
    value_of = {prop: attr for attr, prop in VALUE_ATTRIBUTES.items()}
    for row in _rows(graph, "network_entities"):
        iri, prop, value = str(row.entity), row.property, row.value
        if prop == RDF.type:
            if str(value).startswith(SK_PREFIX):
                types[iri].add(str(value).removeprefix(SK_PREFIX))
        elif prop == SKOS.prefLabel:
            if value.language in ("ja", "en"):
                pref[iri][value.language] = str(value)
        elif prop == SKOS.altLabel:
            alt[iri].add(str(value))
        else:
            attr = value_of[prop]
            values[iri][attr] = float(value) if attr == "amount" else str(value)
    mentions: dict[str, int] = defaultdict(int)
    documents: dict[str, set[str]] = defaultdict(set)
    for row in _rows(graph, "network_mentions"):
        mentions[str(row.entity)] += int(row.mentions)
        documents[str(row.entity)].add(str(row.document))
    nodes = {}
    for iri, classes in types.items():
        tops = sorted(c for c in classes if c in ENTITY_CLASSES)
        # the subclass beside the contract class, if any (SpaceAgency beside Agency)
        cls = min((c for c in classes if c in SUBCLASS_OF and top_class(c) in tops), default=tops[0])
        ja, en = pref[iri].get("ja", ""), pref[iri].get("en", "")
        nodes[iri] = {"cls": cls, "top": top_class(cls), "label_ja": ja, "label_en": en,
                      "label": ja or en or iri.rstrip("/").rsplit("/", 1)[-1],
                      "alt_labels": sorted(alt[iri]), "mentions": mentions[iri],
                      "documents": sorted(documents[iri]), **values[iri]}
    return nodes


def _edges(graph: Graph) -> dict[tuple[str, str, str], dict]:
    edges: dict[tuple[str, str, str], dict] = {}
    statement_of: dict[URIRef, tuple[tuple[str, str, str], str]] = {}
    for row in _rows(graph, "network_relations"):
        key = (str(row.subject), str(row.property).removeprefix(SK_PREFIX), str(row.object))
        edge = edges.setdefault(key, {"documents": set(), "evidence": []})
        if row.statement is not None:
            document = "" if row.document is None else str(row.document)
            edge["documents"].add(document)
            statement_of[row.statement] = (key, document)
    sentences: dict[URIRef, list[str]] = defaultdict(list)
    spans: dict[URIRef, list[tuple[int, int, str]]] = defaultdict(list)
    for row in _rows(graph, "network_evidence"):
        if row.sentence is not None:
            sentences[row.statement].append(str(row.sentence))
        else:
            spans[row.statement].append((int(row.start), int(row.end), str(row.exact)))
    for statement, (key, document) in statement_of.items():
        edges[key]["evidence"] += [{"document": document, "sentence": sentence, "start": start, "end": end}
                                   for sentence, start, end in pair_evidence(sentences[statement],
                                                                             spans[statement])]
    return {key: {"weight": len(edge.pop("documents")),
                  "evidence": sorted(edge["evidence"], key=_evidence_order)}
            for key, edge in edges.items()}


def pair_evidence(sentences: Iterable[str], spans: Iterable[tuple[int, int, str]]
                  ) -> list[tuple[str, int | None, int | None]]:
    """(sentence, start, end) of one statement: each span with its sentence, then any sentence
    left without a span (start and end None).

    sk:evidence is the sentence as the extractors read it (normalised text) and a span quotes the
    original, so with several of each they are paired once both are normalised.
    """
    sentences, spans = sorted(set(sentences)), sorted(spans)
    paired, used = [], set()
    for start, end, exact in spans:
        if len(sentences) == 1 and len(spans) == 1:
            sentence = sentences[0]
        else:
            sentence = next((s for s in sentences if normalise(s) == normalise(exact)), exact)
        used.add(sentence)
        paired.append((sentence, start, end))
    return paired + [(s, None, None) for s in sentences if s not in used]


def _evidence_order(e: dict) -> tuple:
    return (e["document"], -1 if e["start"] is None else e["start"], e["sentence"])


# --- filters ----------------------------------------------------------------------------------

def subgraph(net: nx.MultiDiGraph, classes: Iterable[str] | None = None,
             documents: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """A copy of `net` with only the entities of `classes` and of `documents`.

    `classes` are contract classes (Agency: every agency) or subclasses (SpaceAgency). With
    `documents` (file names) an entity is kept when one of them mentions it, and a relation
    when one of them states it; its `evidence` and `weight` then count those documents only.
    A name that is no class, or a document that no entity is mentioned in, is a FilterError.
    """
    keep = set(net)
    if classes is not None:
        wanted = set(classes)
        if unknown := sorted(wanted - CLASS_NAMES):
            raise FilterError(f"class {', '.join(map(repr, unknown))}: not a class of the ontology; "
                              f"choose from {', '.join(sorted(CLASS_NAMES))}")
        keep = {n for n in keep if net.nodes[n]["cls"] in wanted or net.nodes[n]["top"] in wanted}
    chosen = None
    if documents is not None:
        chosen = set(documents)
        known = {d for n in net for d in net.nodes[n]["documents"]}
        if unknown := sorted(chosen - known):
            raise FilterError(f"document {', '.join(map(repr, unknown))}: no entity is mentioned in it")
        keep = {n for n in keep if chosen.intersection(net.nodes[n]["documents"])}
    sub = nx.MultiDiGraph()
    sub.add_nodes_from((n, net.nodes[n]) for n in net if n in keep)
    for s, o, key, data in net.edges(keys=True, data=True):
        if s not in keep or o not in keep:
            continue
        if chosen is not None:
            evidence = [e for e in data["evidence"] if e["document"] in chosen]
            if not evidence:
                continue
            data = {**data, "evidence": evidence, "weight": len({e["document"] for e in evidence})}
        sub.add_edge(s, o, key=key, **data)
    return sub


def ego(net: nx.MultiDiGraph, node: str, depth: int = 1) -> nx.MultiDiGraph:
    """A copy of the entities within `depth` relations of `node`, either direction, and every
    relation between them; each node's `distance` attribute is its number of hops from `node`."""
    if node not in net:
        raise KeyError(f"{node!r} is not a node of the network")
    if depth < 0:
        raise ValueError(f"depth {depth}: must be 0 or more")
    distance = nx.single_source_shortest_path_length(net.to_undirected(as_view=True), node, cutoff=depth)
    sub = net.subgraph(distance).copy()
    nx.set_node_attributes(sub, distance, "distance")
    return sub
