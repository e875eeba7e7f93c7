"""The whole path on the seeds: load, extract, resolve, store; then check the graph as users will."""
from __future__ import annotations

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import DCTERMS

from kg.validate import validate
from kg.vocab import OA, SK

pytestmark = pytest.mark.slow


def test_every_seed_is_built(seed_build, seeds_dir):
    _, summary = seed_build
    assert summary.documents == len(list(seeds_dir.glob("*.txt")))
    assert summary.skipped == []
    assert summary.entities.get("Agency", 0) > 20
    assert summary.entities.get("Country", 0) > 5


def test_graph_conforms_to_the_shapes(seed_graph):
    data = Graph()
    for triple in seed_graph:
        data.add(triple)
    assert len(data) > 10000
    report = validate(data)
    assert report.conforms, report.text[:3000]


def test_every_mention_reproduces_its_text(seed_graph, seeds_dir):
    originals = {p.name: p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")}
    rows = seed_graph.query("""
        SELECT ?name ?exact ?start ?end WHERE {
          ?a a oa:Annotation ; oa:hasTarget ?t .
          ?t oa:hasSource ?d ; oa:hasSelector ?q, ?p .
          ?d dcterms:identifier ?name .
          ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end .
        }""", initNs={"oa": str(OA), "dcterms": str(DCTERMS)})
    checked = 0
    for name, exact, start, end in rows:
        assert originals[str(name)][int(start):int(end)] == str(exact)
        checked += 1
    assert checked > 500


def test_every_statement_has_its_triple(seed_graph):
    statements = list(seed_graph.subjects(RDF.type, RDF.Statement))
    for st in statements:
        s = seed_graph.value(st, RDF.subject)
        p = seed_graph.value(st, RDF.predicate)
        o = seed_graph.value(st, RDF.object)
        assert (s, p, o) in seed_graph
        assert seed_graph.value(st, SK.evidence) is not None


def test_documents_carry_their_file_names(seed_graph, seeds_dir):
    names = {str(n) for n in seed_graph.objects(None, DCTERMS.identifier)}
    assert names == {p.name for p in seeds_dir.glob("*.txt")}


def test_one_entity_per_name_across_documents(seed_graph):
    rows = list(seed_graph.query("""
        SELECT ?label (COUNT(DISTINCT ?e) AS ?n) WHERE {
          ?e skos:prefLabel ?label ; a sk:Country .
        } GROUP BY ?label HAVING (COUNT(DISTINCT ?e) > 1)"""))
    assert rows == []
