"""Graph assembly: documents, entities, mentions and relations as triples under the contract.

docs/graph-contract.md says what each node holds. Every IRI here is derived from ids that the
extractors made deterministically, so the same corpus always gives the same graph.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from extract.models import Document, Entity, Evidence, Relation, top_class
from extract.resolve import language_of

from .vocab import ID, OA, SK, bind_prefixes


def doc_iri(doc_id: str) -> URIRef:
    return ID[f"doc/{doc_id}"]


def entity_iri(entity_id: str) -> URIRef:
    return ID[f"e/{entity_id}"]


def _date_literal(value: str) -> Literal:
    datatype = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=datatype)


def _decimal_literal(value: Decimal) -> Literal:
    """A decimal as Turtle writes it, with a point (1000000000000.0), in every format alike."""
    text = format(value, "f")
    return Literal(text if "." in text else f"{text}.0", datatype=XSD.decimal)


def _add_selectors(g: Graph, target: URIRef, doc_id: str, start: int, end: int, exact: str) -> None:
    """A text target: the document, the quoted text and its character offsets."""
    g.add((target, OA.hasSource, doc_iri(doc_id)))
    quote, position = URIRef(f"{target}-quote"), URIRef(f"{target}-position")
    g.add((target, OA.hasSelector, quote))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(exact)))
    g.add((target, OA.hasSelector, position))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))


def add_document(g: Graph, document: Document) -> None:
    d = doc_iri(document.id)
    g.add((d, RDF.type, SK.Document))
    g.add((d, DCTERMS.identifier, Literal(document.name)))
    g.add((d, DCTERMS.title, Literal(document.title, lang=language_of(document.title))))
    g.add((d, SK.contentHash, Literal(document.sha256)))


def add_entity(g: Graph, entity: Entity) -> None:
    e = entity_iri(entity.id)
    # the contract class is stated beside the subclass, so `?x a sk:SpaceSystem` needs no reasoner
    g.add((e, RDF.type, SK[entity.cls]))
    g.add((e, RDF.type, SK[top_class(entity.cls)]))
    for lang, label in sorted(entity.labels.items()):
        g.add((e, SKOS.prefLabel, Literal(label, lang=lang)))
    for label in sorted(entity.alt_labels):
        g.add((e, SKOS.altLabel, Literal(label, lang=language_of(label))))
    if entity.country:
        g.add((e, SK.countryCode, Literal(entity.country)))
    g.add((e, SK.mentionCount, Literal(len(entity.mentions))))
    values = entity.values
    if values is not None:
        if values.amount is not None:
            g.add((e, SK.amount, _decimal_literal(values.amount)))
        if values.currency:
            g.add((e, SK.currency, Literal(values.currency)))
        if values.year is not None:
            g.add((e, SK.year, Literal(f"{values.year:04d}", datatype=XSD.gYear)))
        if values.fiscal_year is not None:
            g.add((e, SK.fiscalYear, Literal(f"{values.fiscal_year:04d}", datatype=XSD.gYear)))
        if values.date:
            g.add((e, SK.date, _date_literal(values.date)))
    for m in entity.mentions:
        annotation = ID[f"ann/{m.doc_id}/{m.start}-{m.end}/{entity.id}"]
        target = URIRef(f"{annotation}-target")
        g.add((annotation, RDF.type, OA.Annotation))
        g.add((annotation, OA.hasBody, e))
        g.add((annotation, OA.hasTarget, target))
        g.add((annotation, SK.extractedBy, Literal(m.source)))
        _add_selectors(g, target, m.doc_id, m.start, m.end, m.exact)


def statement_iri(subject: URIRef, predicate: str, obj: URIRef, doc_id: str) -> URIRef:
    digest = hashlib.sha1(f"{subject} {predicate} {obj} {doc_id}".encode()).hexdigest()[:16]
    return ID[f"stmt/{digest}"]


def add_relations(g: Graph, relations: Iterable[Relation], entity_of: dict[tuple, str],
                  originals: dict[str, str]) -> int:
    """The plain triple plus one rdf:Statement per source document; returns the statement count.

    `entity_of` maps a mention's (doc_id, start, end, name) to its entity id; `originals` maps
    document ids to their original text, for the evidence's quoted span.
    """
    evidence: dict[tuple[URIRef, str, URIRef, str], dict[tuple[int, int], tuple[Evidence, str]]]
    evidence = defaultdict(dict)
    for r in relations:
        s = entity_iri(entity_of[(r.subject.doc_id, r.subject.start, r.subject.end, r.subject.name)])
        o = entity_iri(entity_of[(r.object.doc_id, r.object.start, r.object.end, r.object.name)])
        if s == o:
            continue
        evidence[(s, r.predicate, o, r.evidence.doc_id)][(r.evidence.start, r.evidence.end)] = (r.evidence, r.source)
    for (s, predicate, o, doc_id), sentences in sorted(evidence.items()):
        g.add((s, SK[predicate], o))
        st = statement_iri(s, predicate, o, doc_id)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, SK[predicate]))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, doc_iri(doc_id)))
        for n, ((start, end), (ev, source)) in enumerate(sorted(sentences.items())):
            g.add((st, SK.evidence, Literal(ev.sentence, lang=language_of(ev.sentence))))
            g.add((st, SK.extractedBy, Literal(source)))
            span = URIRef(f"{st}-evidence-{n}")
            g.add((st, SK.evidenceSpan, span))
            g.add((span, RDF.type, OA.SpecificResource))
            _add_selectors(g, span, doc_id, start, end, originals[doc_id][start:end])
    return len(evidence)


def build_graph(documents: list[Document], entities: list[Entity],
                relations: list[Relation]) -> Graph:
    g = Graph()
    bind_prefixes(g)
    for document in documents:
        add_document(g, document)
    entity_of = {}
    for entity in entities:
        add_entity(g, entity)
        for m in entity.mentions:
            entity_of[(m.doc_id, m.start, m.end, m.name)] = entity.id
    add_relations(g, relations, entity_of, {d.id: d.original for d in documents})
    return g
