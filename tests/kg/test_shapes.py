"""ontology/shapes.ttl through kg.validate: a small valid graph conforms; each defect is caught."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from kg.validate import validate
from kg.vocab import ID, OA, SK, bind_prefixes

DOC = ID["doc/003_e130fa5e48a9706e"]
MEXT = ID["mext"]
JAXA = ID["jaxa"]
BUDGET = ID["budget/jaxa-2024"]
LAUNCH = ID["event/h3-f2-launch"]
STMT = ID["stmt/mext-oversees-jaxa/003"]
MENTION = BNode("mention-jaxa-1")
TARGET = BNode("mention-jaxa-1-target")
QUOTE = BNode("mention-jaxa-1-quote")
POSITION = BNode("mention-jaxa-1-position")

SENTENCE = "文部科学省はJAXAを所管する。"


def valid_graph() -> Graph:
    """One document, two entities typed with subclasses, a budget, an event, a mention, a relation."""
    g = bind_prefixes(Graph())
    g.add((DOC, RDF.type, SK.Document))
    g.add((DOC, DCTERMS.identifier, Literal("003_e130fa5e48a9706e.txt")))
    g.add((DOC, DCTERMS.title, Literal("宇宙基本計画", lang="ja")))
    g.add((DOC, SK.contentHash, Literal("ab" * 32)))

    g.add((JAXA, RDF.type, SK.SpaceAgency))
    g.add((JAXA, SKOS.prefLabel, Literal("宇宙航空研究開発機構", lang="ja")))
    g.add((JAXA, SKOS.prefLabel, Literal("Japan Aerospace Exploration Agency", lang="en")))
    g.add((JAXA, SKOS.altLabel, Literal("JAXA", lang="ja")))
    g.add((JAXA, SK.countryCode, Literal("JP")))
    g.add((JAXA, SK.mentionCount, Literal(1)))
    g.add((MEXT, RDF.type, SK.Ministry))
    g.add((MEXT, SKOS.prefLabel, Literal("文部科学省", lang="ja")))

    g.add((BUDGET, RDF.type, SK.Budget))
    g.add((BUDGET, SKOS.prefLabel, Literal("JAXA運営費交付金", lang="ja")))
    g.add((BUDGET, SK.amount, Literal("154000000000", datatype=XSD.decimal)))
    g.add((BUDGET, SK.currency, Literal("JPY")))
    g.add((BUDGET, SK.fiscalYear, Literal("2024", datatype=XSD.gYear)))
    g.add((BUDGET, SK.allocatedTo, JAXA))

    g.add((LAUNCH, RDF.type, SK.Launch))
    g.add((LAUNCH, SKOS.prefLabel, Literal("H3ロケット試験機2号機打上げ", lang="ja")))
    g.add((LAUNCH, SK.date, Literal("2024-02-17", datatype=XSD.date)))
    g.add((LAUNCH, SK.conductedBy, JAXA))

    # A mention of JAXA at original[6:10].
    g.add((MENTION, RDF.type, OA.Annotation))
    g.add((MENTION, OA.hasBody, JAXA))
    g.add((MENTION, SK.extractedBy, Literal("catalog")))
    g.add((MENTION, OA.hasTarget, TARGET))
    g.add((TARGET, OA.hasSource, DOC))
    g.add((TARGET, OA.hasSelector, QUOTE))
    g.add((TARGET, OA.hasSelector, POSITION))
    g.add((QUOTE, RDF.type, OA.TextQuoteSelector))
    g.add((QUOTE, OA.exact, Literal("JAXA")))
    g.add((POSITION, RDF.type, OA.TextPositionSelector))
    g.add((POSITION, OA.start, Literal(6, datatype=XSD.nonNegativeInteger)))
    g.add((POSITION, OA.end, Literal(10, datatype=XSD.nonNegativeInteger)))

    # The relation, written twice: plain triple and statement.
    g.add((MEXT, SK.oversees, JAXA))
    g.add((STMT, RDF.type, RDF.Statement))
    g.add((STMT, RDF.subject, MEXT))
    g.add((STMT, RDF.predicate, SK.oversees))
    g.add((STMT, RDF.object, JAXA))
    g.add((STMT, PROV.wasDerivedFrom, DOC))
    g.add((STMT, SK.evidence, Literal(SENTENCE, lang="ja")))
    g.add((STMT, SK.extractedBy, Literal("rules")))
    span, span_quote, span_position = BNode("stmt-span"), BNode("stmt-quote"), BNode("stmt-position")
    g.add((STMT, SK.evidenceSpan, span))
    g.add((span, RDF.type, OA.SpecificResource))
    g.add((span, OA.hasSource, DOC))
    g.add((span, OA.hasSelector, span_quote))
    g.add((span, OA.hasSelector, span_position))
    g.add((span_quote, RDF.type, OA.TextQuoteSelector))
    g.add((span_quote, OA.exact, Literal(SENTENCE)))
    g.add((span_position, RDF.type, OA.TextPositionSelector))
    g.add((span_position, OA.start, Literal(0)))  # xsd:integer, as in the contract's example
    g.add((span_position, OA.end, Literal(len(SENTENCE))))
    return g


def test_valid_graph_conforms():
    report = validate(valid_graph())
    assert report.violations == [], report.text
    assert report.conforms


def test_validate_leaves_the_data_graph_alone():
    graph = valid_graph()
    before = set(graph)
    validate(graph)
    assert set(graph) == before


def _replace(s: URIRef | BNode, p: URIRef, new: Literal | None) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.remove((s, p, None))
        if new is not None:
            g.add((s, p, new))

    return mutate


def _add(s, p, o) -> Callable[[Graph], None]:
    return lambda g: g.add((s, p, o))


def _remove(s, p, o) -> Callable[[Graph], None]:
    return lambda g: g.remove((s, p, o))


def _add_second_position(g: Graph) -> None:
    extra = BNode("extra-position")
    g.add((TARGET, OA.hasSelector, extra))
    g.add((extra, RDF.type, OA.TextPositionSelector))
    g.add((extra, OA.start, Literal(0)))
    g.add((extra, OA.end, Literal(4)))


# (defect, mutation of the valid graph, focus node and path of the expected violation)
DEFECTS = [
    ("missing prefLabel", _replace(MEXT, SKOS.prefLabel, None), MEXT, SKOS.prefLabel),
    ("two ja prefLabels", _add(MEXT, SKOS.prefLabel, Literal("文科省", lang="ja")), MEXT, SKOS.prefLabel),
    ("prefLabel without language", _replace(MEXT, SKOS.prefLabel, Literal("文部科学省")), MEXT, SKOS.prefLabel),
    ("Budget without amount", _replace(BUDGET, SK.amount, None), BUDGET, SK.amount),
    ("negative amount", _replace(BUDGET, SK.amount, Literal("-1", datatype=XSD.decimal)), BUDGET, SK.amount),
    ("currency 'yen'", _replace(BUDGET, SK.currency, Literal("yen")), BUDGET, SK.currency),
    ("fiscalYear as integer", _replace(BUDGET, SK.fiscalYear, Literal(2024)), BUDGET, SK.fiscalYear),
    ("Event date as plain string", _replace(LAUNCH, SK.date, Literal("2024-02-17")), LAUNCH, SK.date),
    ("Event with two dates", _add(LAUNCH, SK.date, Literal("2024", datatype=XSD.gYear)), LAUNCH, SK.date),
    ("annotation missing TextPositionSelector", _remove(TARGET, OA.hasSelector, POSITION), TARGET, OA.hasSelector),
    ("annotation missing TextQuoteSelector", _remove(TARGET, OA.hasSelector, QUOTE), TARGET, OA.hasSelector),
    ("annotation with two TextPositionSelectors", _add_second_position, TARGET, OA.hasSelector),
    ("annotation source not a Document", _replace(TARGET, OA.hasSource, JAXA), TARGET, OA.hasSource),
    ("annotation without body", _remove(MENTION, OA.hasBody, JAXA), MENTION, OA.hasBody),
    ("quote selector without exact", _remove(QUOTE, OA.exact, None), QUOTE, OA.exact),
    ("position start after end", _replace(POSITION, OA.start, Literal(12)), POSITION, OA.start),
    ("statement whose plain triple is missing", _remove(MEXT, SK.oversees, JAXA), STMT, None),
    ("statement without evidence", _remove(STMT, SK.evidence, None), STMT, SK.evidence),
    ("statement evidence without language", _replace(STMT, SK.evidence, Literal(SENTENCE)), STMT, SK.evidence),
    ("statement predicate outside the contract", _replace(STMT, RDF.predicate, SK.amount), STMT, RDF.predicate),
    ("statement without document", _remove(STMT, PROV.wasDerivedFrom, None), STMT, PROV.wasDerivedFrom),
    ("Document without identifier", _remove(DOC, DCTERMS.identifier, None), DOC, DCTERMS.identifier),
    # Further checks the contract implies.
    ("altLabel without language", _add(JAXA, SKOS.altLabel, Literal("宇宙機構")), JAXA, SKOS.altLabel),
    ("lower-case country code", _replace(JAXA, SK.countryCode, Literal("jp")), JAXA, SK.countryCode),
    ("negative mention count", _replace(JAXA, SK.mentionCount, Literal(-1)), JAXA, SK.mentionCount),
    ("two currencies", _add(BUDGET, SK.currency, Literal("USD")), BUDGET, SK.currency),
    ("year as plain string", _add(BUDGET, SK.year, Literal("2024")), BUDGET, SK.year),
    ("content hash not sha256", _replace(DOC, SK.contentHash, Literal("abc")), DOC, SK.contentHash),
    ("annotation body a blank node", _replace(MENTION, OA.hasBody, BNode("anonymous")), MENTION, OA.hasBody),
    ("annotation without target", _remove(MENTION, OA.hasTarget, None), MENTION, OA.hasTarget),
    ("negative start", _replace(POSITION, OA.start, Literal(-1)), POSITION, OA.start),
    ("statement object a literal", _replace(STMT, RDF.object, Literal("JAXA")), STMT, RDF.object),
    ("statement derived from a non-Document", _replace(STMT, PROV.wasDerivedFrom, JAXA), STMT, PROV.wasDerivedFrom),
]


@pytest.mark.parametrize(("mutate", "focus", "path"), [d[1:] for d in DEFECTS], ids=[d[0] for d in DEFECTS])
def test_defect_is_reported(mutate, focus, path):
    graph = valid_graph()
    mutate(graph)
    report = validate(graph)

    assert not report.conforms
    hits = [v for v in report.violations if v.focus_node == focus and v.path == path]
    assert hits, report.text
    assert all(v.severity == "Violation" and v.message.strip() for v in hits)
