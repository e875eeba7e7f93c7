"""The readable validation report: what each focus node is called, and the summary line."""
from __future__ import annotations

from rdflib import BNode, Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from kg.validate import describe, report_lines, summary, validate
from kg.vocab import ID, OA, SK, bind_prefixes

DOC, JAXA, MEXT, STMT = ID["doc/a"], ID["jaxa"], ID["mext"], ID["stmt/mext-oversees-jaxa"]
MENTION, TARGET, SELECTOR = BNode("m"), BNode("t"), BNode("s")


def graph() -> Graph:
    g = bind_prefixes(Graph())
    g.add((DOC, RDF.type, SK.Document))
    g.add((DOC, DCTERMS.identifier, Literal("a.txt")))
    g.add((JAXA, RDF.type, SK.SpaceAgency))
    g.add((JAXA, SKOS.prefLabel, Literal("Japan Aerospace Exploration Agency", lang="en")))
    g.add((JAXA, SKOS.prefLabel, Literal("宇宙航空研究開発機構", lang="ja")))
    g.add((MEXT, RDF.type, SK.Ministry))
    g.add((MEXT, SKOS.prefLabel, Literal("文部科学省", lang="ja")))
    g.add((MENTION, RDF.type, OA.Annotation))
    g.add((MENTION, OA.hasBody, JAXA))
    g.add((MENTION, OA.hasTarget, TARGET))
    g.add((TARGET, OA.hasSource, DOC))
    g.add((TARGET, OA.hasSelector, SELECTOR))
    g.add((SELECTOR, RDF.type, OA.TextQuoteSelector))
    g.add((STMT, RDF.type, RDF.Statement))
    g.add((STMT, RDF.subject, MEXT))
    g.add((STMT, RDF.predicate, SK.oversees))
    g.add((STMT, RDF.object, JAXA))
    g.add((STMT, PROV.wasDerivedFrom, DOC))
    return g


def test_each_kind_of_node_is_described():
    g = graph()
    assert describe(g, JAXA) == "宇宙航空研究開発機構"  # Japanese first
    assert describe(g, DOC) == "a.txt"
    assert describe(g, MENTION) == "mention of 宇宙航空研究開発機構"
    assert describe(g, SELECTOR) == "oa:hasSelector of oa:hasTarget of mention of 宇宙航空研究開発機構"
    assert describe(g, STMT) == "文部科学省 sk:oversees 宇宙航空研究開発機構"
    assert describe(g, ID["nothing"]) == ""


def test_report_blocks_and_summary():
    g = graph()  # the selector has no oa:exact, the statement no evidence, and the plain triple is missing
    report = validate(g)
    lines = report_lines(report, g)
    assert not report.conforms
    assert "Violation  _:s  (oa:hasSelector of oa:hasTarget of mention of 宇宙航空研究開発機構)" in lines
    assert "    path     oa:exact" in lines
    assert "Violation  <https://w3id.org/spacekg/id/stmt/mext-oversees-jaxa>  " \
           "(文部科学省 sk:oversees 宇宙航空研究開発機構)" in lines
    nodes = {v.focus_node for v in report.violations}
    assert summary(report, len(g)) == (f"does not conform: {len(g)} triples checked against ontology/shapes.ttl, "
                                       f"{len(report.violations)} violations on {len(nodes)} nodes")


def test_a_conforming_summary():
    g = bind_prefixes(Graph())
    g.add((MEXT, RDF.type, SK.Ministry))
    g.add((MEXT, SKOS.prefLabel, Literal("文部科学省", lang="ja")))
    assert summary(validate(g), len(g)) == "conforms: 2 triples checked against ontology/shapes.ttl, no results"
