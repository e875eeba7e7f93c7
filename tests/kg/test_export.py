"""Exports of the seeds' graph, read back by independent parsers: rdflib, pyld, pyoxigraph, networkx, csv."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from typing import get_args

import networkx as nx
import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV

from extract.models import Predicate
from kg.export import CONTEXT_FILE, CONTEXT_IRI, FORMATS, document_loader, serialize
from kg.vocab import OA, SK

# rdflib's own parsers warn once per triple that they use its deprecated ConjunctiveGraph
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

CLASSES = " ".join(f"sk:{c}" for c in ("Country", "Agency", "Organization", "Person", "SpaceSystem", "Program",
                                        "Agreement", "Law", "Policy", "Budget", "Event"))
PREFIXES = ("PREFIX sk: <https://w3id.org/spacekg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> ")


@pytest.fixture(scope="module")
def exports(seed_graph) -> dict[str, bytes]:
    return {fmt: serialize(seed_graph, fmt) for fmt in FORMATS}


@pytest.fixture(scope="module")
def turtle(exports) -> Graph:
    return Graph().parse(data=exports["turtle"], format="turtle")


def count(graph: Graph, where: str) -> int:
    return int(next(iter(graph.query(f"{PREFIXES} SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")))[0])


def no_network(url, options=None):
    raise AssertionError(f"pyld tried to load {url}")


def same_value(term):
    """Literals by value: the store types strings xsd:string, the export writes decimals with a point."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return Literal(format(Decimal(str(term)).normalize(), "f"), datatype=XSD.decimal)
    return term


def test_turtle_holds_the_stored_graph(seed_graph, turtle):
    stored = {tuple(map(same_value, t)) for t in seed_graph}
    assert {tuple(map(same_value, t)) for t in turtle} == stored
    assert len(turtle) == len(seed_graph) > 10_000


def test_json_ld_is_the_same_graph_as_turtle(exports, turtle):
    parsed = Graph().parse(data=exports["json-ld"], format="json-ld")
    assert isomorphic(parsed, turtle)


def test_pyld_reads_the_json_ld_offline_to_the_same_graph(exports, turtle):
    document = json.loads(exports["json-ld"])
    # the context is embedded: pyld must not need to load anything
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": no_network})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), turtle)


def test_linked_context_is_served_to_pyld_by_the_document_loader(seed_graph, turtle):
    document = json.loads(serialize(seed_graph, "json-ld", link_context=True))
    assert document["@context"] == CONTEXT_IRI
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": document_loader})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), turtle)
    with pytest.raises(ValueError, match="only https://w3id.org/spacekg/ontology/context.jsonld"):
        document_loader("https://example.org/other.jsonld", {})


def test_json_ld_is_compact_and_readable(exports):
    document = json.loads(exports["json-ld"])
    assert document["@context"] == json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    nodes = {node["@id"]: node for node in document["@graph"]}
    jaxa = nodes["id:e/jaxa"]
    assert jaxa["prefLabel"] == {"ja": "宇宙航空研究開発機構", "en": "Japan Aerospace Exploration Agency"}
    assert "JAXA" in jaxa["altLabel"]["en"]
    assert set(jaxa["@type"]) == {"Agency", "SpaceAgency"}
    assert isinstance(jaxa["mentionCount"], int)
    statements = [n for n in nodes.values() if n.get("@type") == "Statement"]
    assert statements
    for st in statements:
        assert st["predicate"] in get_args(Predicate)
        assert st["subject"].startswith("id:e/") and st["wasDerivedFrom"].startswith("id:doc/")
    for predicate in get_args(Predicate):  # relation values are IRIs in short form
        for node in nodes.values():
            values = node.get(predicate, [])
            assert all(v.startswith("id:e/") for v in ([values] if isinstance(values, str) else values))


def test_context_defines_the_contract_prefixes_and_every_relation():
    context = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    assert {p: context[p] for p in ("sk", "id", "skos", "oa", "prov", "dcterms", "rdf", "xsd")} == {
        "sk": "https://w3id.org/spacekg/ontology#", "id": "https://w3id.org/spacekg/id/",
        "skos": "http://www.w3.org/2004/02/skos/core#", "oa": "http://www.w3.org/ns/oa#",
        "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
    for predicate in get_args(Predicate):
        assert context[predicate] == {"@id": f"sk:{predicate}", "@type": "@id"}


def test_n_triples_parse_with_pyoxigraph_to_the_same_size(seed_graph, exports):
    triples = list(ox.parse(exports["nt"], format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == len(seed_graph)


def test_exports_do_not_depend_on_hash_order(seed_build, exports):
    """Two processes with different string hashes (and so different set orders) write the same bytes."""
    script = ("import hashlib, sys; from pathlib import Path; from kg.export import serialize; "
              "from kg.store import open_graph; g = open_graph(Path(sys.argv[1])); "
              "print(*(hashlib.sha256(serialize(g, f)).hexdigest() for f in sys.argv[2:]))")
    formats = ["nt", "nquads", "json-ld"]
    digests = [subprocess.run([sys.executable, "-c", script, str(seed_build[0]), *formats], check=True,
                              capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")]
    assert digests[0] == digests[1] == " ".join(hashlib.sha256(exports[f]).hexdigest() for f in formats) + "\n"


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_one_named_graph_per_document_and_their_union_is_the_graph(seed_graph, exports, turtle, fmt):
    dataset = Dataset().parse(data=exports[fmt], format=fmt)
    documents = set(seed_graph.subjects(RDF.type, SK.Document))
    named = {g.identifier: g for g in dataset.graphs() if g.identifier != dataset.default_graph.identifier}
    assert set(named) == documents and len(documents) == 5
    union = Graph()
    for s, p, o, _ in dataset.quads():
        union.add((s, p, o))
    assert isomorphic(union, turtle)
    for name, graph in named.items():
        sources = {graph.value(target, OA.hasSource) for target in graph.objects(None, OA.hasTarget)}
        assert sources == {name}, name  # every mention in the graph is in that document
        assert set(graph.objects(None, PROV.wasDerivedFrom)) <= {name}
        assert not set(graph.subjects(RDF.type, SK.Document))
    default = dataset.default_graph
    assert not set(default.subjects(RDF.type, OA.Annotation)) and not set(default.subjects(RDF.type, RDF.Statement))
    assert set(default.subjects(RDF.type, SK.Document)) == documents
    assert default.value(URIRef("https://w3id.org/spacekg/id/e/jaxa"), SK.mentionCount) is not None
    # an independent parser sees the same graph names
    quads = ox.parse(exports[fmt], format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS)
    assert {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)} == set(map(str, documents))


def test_graphml_reads_back_with_networkx(seed_build, seed_graph, exports):
    net = nx.read_graphml(io.BytesIO(exports["graphml"]))
    entities = count(seed_graph, f"SELECT DISTINCT ?e {{ VALUES ?c {{ {CLASSES} }} ?e a ?c }}")
    assert net.number_of_nodes() == entities == sum(seed_build[1].entities.values())
    jaxa = net.nodes["https://w3id.org/spacekg/id/e/jaxa"]
    assert (jaxa["label"], jaxa["class"], jaxa["subclass"]) == ("宇宙航空研究開発機構", "Agency", "SpaceAgency")
    assert jaxa["mentions"] == count(seed_graph, "?a oa:hasBody <https://w3id.org/spacekg/id/e/jaxa>")
    relations = " ".join(f"sk:{p}" for p in get_args(Predicate))
    assert net.number_of_edges() == count(seed_graph, f"VALUES ?p {{ {relations} }} ?s ?p ?o")
    edges = list(net.edges(data=True))
    assert edges and all(data["predicate"] in get_args(Predicate) for _, _, data in edges)
    assert sum(data["evidence"] for _, _, data in edges) == count(seed_graph, "?st a rdf:Statement ; sk:evidence ?e")
    assert all(data["evidence"] >= 1 and data["documents"].endswith(".txt") for _, _, data in edges)


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_entities_csv_has_a_row_per_entity(seed_build, seed_graph, exports):
    table = rows(exports["entities-csv"])
    assert len(table) == sum(seed_build[1].entities.values())
    assert list(table[0]) == ["id", "class", "subclass", "label_ja", "label_en", "alt_labels", "mentions",
                              "documents", "country", "amount", "currency", "date", "year", "fiscal_year"]
    jaxa = next(r for r in table if r["id"] == "https://w3id.org/spacekg/id/e/jaxa")
    assert (jaxa["class"], jaxa["label_ja"], jaxa["country"]) == ("Agency", "宇宙航空研究開発機構", "JP")
    assert "JAXA" in jaxa["alt_labels"].split("|")
    assert int(jaxa["mentions"]) == count(seed_graph, "?a oa:hasBody <https://w3id.org/spacekg/id/e/jaxa>")
    names = {str(seed_graph.value(d, DCTERMS.identifier)) for d in seed_graph.subjects(RDF.type, SK.Document)}
    assert set(jaxa["documents"].split("|")) <= names and len(jaxa["documents"].split("|")) > 1
    assert [int(r["mentions"]) for r in table] == sorted((int(r["mentions"]) for r in table), reverse=True)
    assert any(r["class"] == "Budget" and r["amount"] and r["currency"] for r in table)


def test_relations_csv_has_a_row_per_evidence_sentence(seed_graph, exports):
    table = rows(exports["relations-csv"])
    assert len(table) == count(seed_graph, "?st a rdf:Statement ; sk:evidence ?e") > 0
    sentences = {str(s) for s in seed_graph.objects(None, SK.evidence)}
    names = {str(seed_graph.value(d, DCTERMS.identifier)) for d in seed_graph.subjects(RDF.type, SK.Document)}
    for row in table:
        assert row["predicate"] in get_args(Predicate)
        assert row["evidence"] in sentences and row["document"] in names
        assert (URIRef(row["subject"]), SK[row["predicate"]], URIRef(row["object"])) in seed_graph
        assert row["subject_label"] and row["object_label"]


def test_an_unknown_format_names_the_known_ones(seed_graph):
    with pytest.raises(ValueError, match="'xml'; choose one of turtle, json-ld, nt, trig, nquads, graphml"):
        serialize(seed_graph, "xml")
