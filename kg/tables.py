"""The graph as tables and a network: entities and relations for spreadsheets (CSV) and Gephi (GraphML).

Both read the graph as docs/graph-contract.md lays it out: entities are the nodes typed with one
of the eleven contract classes, their mentions are the oa:Annotations whose body they are, and
each relation is a plain triple `s p o` with one rdf:Statement per document that states it.

CSV cells that hold several values (alt labels, documents) join them with `|`. Files are UTF-8
with a byte-order mark, so that Excel opens Japanese text as UTF-8 rather than as Shift_JIS;
Python reads them with `encoding="utf-8-sig"`.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import get_args

import networkx as nx
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from extract.models import EntityClass, Predicate, top_class

from .network import VALUE_ATTRIBUTES, project
from .vocab import OA, SK

# the eleven classes an entity is typed with beside any subclass (kg.graph.add_entity states both)
CONTRACT_CLASSES = {SK[name]: name for name in map(top_class, get_args(EntityClass))}
RELATION_PROPERTIES = {SK[name]: name for name in get_args(Predicate)}
# the values an entity may carry, as column name -> property
VALUE_PROPERTIES = {"country": SK.countryCode, "amount": SK.amount, "currency": SK.currency,
                    "date": SK.date, "year": SK.year, "fiscal_year": SK.fiscalYear}
SEPARATOR = "|"


@dataclass
class EntityRow:
    iri: URIRef
    cls: str
    subclass: str = ""
    ja: str = ""
    en: str = ""
    alt_labels: list[str] = field(default_factory=list)
    mentions: int = 0
    documents: set[str] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The name to show: Japanese, else English, else the first other name, else the IRI."""
        return self.ja or self.en or (self.alt_labels[0] if self.alt_labels else str(self.iri))


@dataclass
class RelationRow:
    """One evidence sentence of one rdf:Statement."""

    statement: URIRef
    subject: URIRef
    predicate: str
    object: URIRef
    document: str
    evidence: str


def entities(graph: Graph) -> dict[URIRef, EntityRow]:
    """Every entity of `graph` by IRI, with its names, values, mentions and documents."""
    rows: dict[URIRef, EntityRow] = {}
    for node, cls in graph.subject_objects(RDF.type):
        if cls in CONTRACT_CLASSES and isinstance(node, URIRef):
            rows[node] = EntityRow(node, CONTRACT_CLASSES[cls])
    for node, row in rows.items():
        # the subclass is the sk: type beside the contract class (SpaceAgency beside Agency)
        row.subclass = next((str(t).removeprefix(str(SK._NS)) for t in sorted(graph.objects(node, RDF.type))
                             if t.startswith(str(SK._NS)) and t not in CONTRACT_CLASSES), "")
        for label in graph.objects(node, SKOS.prefLabel):
            if label.language in ("ja", "en"):
                setattr(row, label.language, str(label))
        row.alt_labels = sorted(str(label) for label in graph.objects(node, SKOS.altLabel))
        for column, prop in VALUE_PROPERTIES.items():
            value = graph.value(node, prop)
            if value is not None:
                row.values[column] = str(value)
    names = document_names(graph)
    for annotation in graph.subjects(RDF.type, OA.Annotation):
        row = rows.get(graph.value(annotation, OA.hasBody))
        if row is None:
            continue
        row.mentions += 1
        source = graph.value(graph.value(annotation, OA.hasTarget), OA.hasSource)
        if source is not None:
            row.documents.add(names.get(source, str(source)))
    return rows


def document_names(graph: Graph) -> dict[URIRef, str]:
    """Document IRI -> its file name (dcterms:identifier)."""
    return {d: str(graph.value(d, DCTERMS.identifier) or d) for d in graph.subjects(RDF.type, SK.Document)}


def relations(graph: Graph) -> list[RelationRow]:
    """One row per evidence sentence of every relation statement, in a stable order."""
    names = document_names(graph)
    rows = []
    for st in graph.subjects(RDF.type, RDF.Statement):
        predicate = RELATION_PROPERTIES.get(graph.value(st, RDF.predicate))
        if predicate is None:
            continue
        source = graph.value(st, PROV.wasDerivedFrom)
        document = names.get(source, str(source or ""))
        for sentence in graph.objects(st, SK.evidence):
            rows.append(RelationRow(st, graph.value(st, RDF.subject), predicate, graph.value(st, RDF.object),
                                    document, str(sentence)))
    return sorted(rows, key=lambda r: (r.predicate, str(r.subject), str(r.object), r.document, r.evidence))


ENTITY_COLUMNS = ["id", "class", "subclass", "label_ja", "label_en", "alt_labels", "mentions", "documents",
                  *VALUE_PROPERTIES]
RELATION_COLUMNS = ["subject", "subject_label", "predicate", "object", "object_label", "document",
                    "evidence", "statement"]


def _csv(columns: list[str], rows: list[list]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(columns)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")


def entities_csv(graph: Graph) -> bytes:
    """entities.csv: one row per entity, most mentioned first."""
    rows = sorted(entities(graph).values(), key=lambda e: (-e.mentions, e.cls, e.label, str(e.iri)))
    return _csv(ENTITY_COLUMNS, [
        [str(e.iri), e.cls, e.subclass, e.ja, e.en, SEPARATOR.join(e.alt_labels), e.mentions,
         SEPARATOR.join(sorted(e.documents)), *(e.values.get(c, "") for c in VALUE_PROPERTIES)]
        for e in rows])


def relations_csv(graph: Graph) -> bytes:
    """relations.csv: one row per relation, document and evidence sentence."""
    found = entities(graph)

    def label(node: URIRef) -> str:
        return found[node].label if node in found else str(node)

    return _csv(RELATION_COLUMNS, [
        [str(r.subject), label(r.subject), r.predicate, str(r.object), label(r.object), r.document,
         r.evidence, str(r.statement)]
        for r in relations(graph)])


def network(graph: Graph) -> nx.MultiDiGraph:
    """The network of kg.network.project in the shape GraphML holds, for Gephi.

    GraphML has no lists and no null: several values are joined with `|` and an attribute is
    left out where the entity has no value. Node `class` is the contract class and `subclass`
    the finer one; an edge's `evidence` counts its sentences over all documents, and its
    `weight` (Gephi draws heavier edges thicker) is the number of documents that state it.
    Edge ids are r1, r2…, unique in the file as GraphML wants.
    """
    net = nx.MultiDiGraph()
    projected = project(graph)
    for node, a in projected.nodes(data=True):
        attrs = {"label": a["label"], "class": a["top"], "subclass": a["cls"] if a["cls"] != a["top"] else "",
                 "label_ja": a["label_ja"], "label_en": a["label_en"], "alt_labels": SEPARATOR.join(a["alt_labels"]),
                 "mentions": a["mentions"], "documents": SEPARATOR.join(a["documents"]),
                 **{k: a[k] for k in VALUE_ATTRIBUTES if k in a}}
        net.add_node(node, **{k: v for k, v in attrs.items() if v != ""})
    for n, (s, o, data) in enumerate(projected.edges(data=True), 1):
        predicate = data["predicate"]
        net.add_edge(s, o, key=f"r{n}", label=predicate, predicate=predicate, evidence=len(data["evidence"]),
                     weight=float(data["weight"]),
                     documents=SEPARATOR.join(sorted({e["document"] for e in data["evidence"]})))
    return net


def graphml(graph: Graph) -> bytes:
    data = io.BytesIO()
    nx.write_graphml(network(graph), data, encoding="utf-8", prettyprint=True)
    return data.getvalue()
