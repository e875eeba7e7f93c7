"""The network projection (kg.network) and its analyses (kg.network_analysis): on the seed graph
built for real, and on small graphs written here triple by triple as the contract lays them out."""
from __future__ import annotations

import itertools
from collections import Counter
from typing import get_args

import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from extract.models import Predicate
from kg import network_analysis as na
from kg.network import FilterError, ego, pair_evidence, project, subgraph
from kg.vocab import ID, OA, SK

CLASSES = "sk:Country sk:Agency sk:Organization sk:Person sk:SpaceSystem sk:Program sk:Agreement sk:Law " \
          "sk:Policy sk:Budget sk:Event"
RELATIONS = " ".join(f"sk:{p}" for p in get_args(Predicate))
PREFIXES = ("PREFIX sk: <https://w3id.org/spacekg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
            "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX prov: <http://www.w3.org/ns/prov#> "
            "PREFIX dcterms: <http://purl.org/dc/terms/> ")
JAXA, US = "https://w3id.org/spacekg/id/e/jaxa", "https://w3id.org/spacekg/id/e/us"


def e(name: str) -> str:
    return str(ID[f"e/{name}"])


class Corpus:
    """A graph in the contract's shape, written triple by triple: entities with mentions,
    relations as a plain triple plus one rdf:Statement per document with evidence and span."""

    def __init__(self) -> None:
        self.g = Graph()
        self.n = 0

    def doc(self, name: str) -> URIRef:
        d = ID[f"doc/{name}"]
        self.g.add((d, RDF.type, SK.Document))
        self.g.add((d, DCTERMS.identifier, Literal(name)))
        return d

    def entity(self, name: str, *classes: str, ja: str | None = None, en: str | None = None,
               docs: tuple[str, ...] = ("a.txt",), mentions: int = 1) -> Corpus:
        node = URIRef(e(name))
        for cls in classes:
            self.g.add((node, RDF.type, SK[cls]))
        for label, lang in ((ja, "ja"), (en, "en")):
            if label:
                self.g.add((node, SKOS.prefLabel, Literal(label, lang=lang)))
        if ja is None and en is None:
            self.g.add((node, SKOS.prefLabel, Literal(name, lang="ja")))
        for doc in docs:
            for _ in range(mentions):
                self.n += 1
                mention, target = ID[f"m/{self.n}"], ID[f"m/{self.n}-target"]
                self.g.add((mention, RDF.type, OA.Annotation))
                self.g.add((mention, OA.hasBody, node))
                self.g.add((mention, OA.hasTarget, target))
                self.g.add((target, OA.hasSource, self.doc(doc)))
        return self

    def relate(self, s: str, p: str, o: str, docs: tuple[str, ...] = ("a.txt",)) -> Corpus:
        subject, obj = URIRef(e(s)), URIRef(e(o))
        self.g.add((subject, SK[p], obj))
        for doc in docs:
            self.n += 1
            st, span = ID[f"stmt/{self.n}"], ID[f"stmt/{self.n}-evidence-0"]
            sentence = f"{s}は{o}を{p}する。"
            for triple in ((st, RDF.type, RDF.Statement), (st, RDF.subject, subject), (st, RDF.predicate, SK[p]),
                           (st, RDF.object, obj), (st, PROV.wasDerivedFrom, self.doc(doc)),
                           (st, SK.evidence, Literal(sentence, lang="ja")), (st, SK.evidenceSpan, span)):
                self.g.add(triple)
            position, quote = URIRef(f"{span}-position"), URIRef(f"{span}-quote")
            self.g.add((span, OA.hasSelector, position))
            self.g.add((span, OA.hasSelector, quote))
            self.g.add((position, RDF.type, OA.TextPositionSelector))
            self.g.add((position, OA.start, Literal(self.n * 10, datatype=XSD.nonNegativeInteger)))
            self.g.add((position, OA.end, Literal(self.n * 10 + len(sentence), datatype=XSD.nonNegativeInteger)))
            self.g.add((quote, RDF.type, OA.TextQuoteSelector))
            self.g.add((quote, OA.exact, Literal(sentence)))
        return self


def agencies(*names: str) -> Corpus:
    corpus = Corpus()
    for name in names:
        corpus.entity(name, "Agency")
    return corpus


def count(graph: Graph, where: str) -> int:
    return int(next(iter(graph.query(f"{PREFIXES} SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")))[0])


# --- the projection on the seeds -------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_net(seed_graph):
    return project(seed_graph)


@pytest.mark.slow
def test_the_projection_has_a_node_per_entity_and_an_edge_per_relation_triple(seed_graph, seed_net):
    assert seed_net.number_of_nodes() == count(seed_graph, f"SELECT DISTINCT ?e {{ VALUES ?c {{ {CLASSES} }} "
                                                           "?e a ?c }") > 300
    assert seed_net.number_of_edges() == count(seed_graph, f"VALUES ?p {{ {RELATIONS} }} ?s ?p ?o") > 100
    keys = Counter(key for _, _, key in seed_net.edges(keys=True))
    assert set(keys) <= set(get_args(Predicate)) and keys["partyTo"] > 5


@pytest.mark.slow
def test_edge_weights_are_the_documents_of_the_statements(seed_graph, seed_net):
    stated = {(str(r.s), str(r.p).rsplit("#", 1)[1], str(r.o)): int(r.n) for r in seed_graph.query(
        PREFIXES + "SELECT ?s ?p ?o (COUNT(DISTINCT ?d) AS ?n) WHERE { ?st a rdf:Statement ; rdf:subject ?s ; "
        "rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?d } GROUP BY ?s ?p ?o")}
    weights = {(s, key, o): data["weight"] for s, o, key, data in seed_net.edges(keys=True, data=True)}
    assert weights == stated and max(weights.values()) >= 2
    spans = count(seed_graph, "?st a rdf:Statement ; sk:evidenceSpan ?span")
    assert sum(len(data["evidence"]) for _, _, data in seed_net.edges(data=True)) == spans
    sentences = {str(s) for s in seed_graph.objects(None, SK.evidence)}
    for _, _, data in seed_net.edges(data=True):
        for ev in data["evidence"]:
            assert ev["sentence"] in sentences and ev["document"].endswith(".txt") and ev["start"] < ev["end"]


@pytest.mark.slow
def test_a_node_carries_classes_names_mentions_and_documents(seed_graph, seed_net):
    jaxa = seed_net.nodes[JAXA]
    assert (jaxa["cls"], jaxa["top"], jaxa["label"], jaxa["label_en"]) == (
        "SpaceAgency", "Agency", "宇宙航空研究開発機構", "Japan Aerospace Exploration Agency")
    assert jaxa["mentions"] == count(seed_graph, f"?a oa:hasBody <{JAXA}>")
    documents = {str(r[0]) for r in seed_graph.query(
        f"{PREFIXES} SELECT DISTINCT ?d WHERE {{ ?a oa:hasBody <{JAXA}> ; "
        "oa:hasTarget/oa:hasSource/dcterms:identifier ?d }")}
    assert jaxa["documents"] == sorted(documents) and len(documents) > 1
    assert all(seed_net.nodes[n]["top"] != seed_net.nodes[n]["cls"] or seed_net.nodes[n]["cls"] in CLASSES
               for n in seed_net)


@pytest.mark.slow
def test_the_path_from_jaxa_to_the_us_is_told_with_the_seeds_sentences(seed_graph, seed_net):
    hops = na.shortest_path(seed_net, JAXA, US)
    assert hops[0].source == JAXA and hops[-1].target == US
    assert all(a.target == b.source for a, b in itertools.pairwise(hops))
    sentences = {str(s) for s in seed_graph.objects(None, SK.evidence)}
    for hop in hops:
        assert hop.relations and all(link.evidence for link in hop.relations)
        for link in hop.relations:
            # the direction says which end is the subject of the triple the graph states
            ends = (hop.source, hop.target) if link.direction == "forward" else (hop.target, hop.source)
            assert (URIRef(ends[0]), SK[link.predicate], URIRef(ends[1])) in seed_graph
            assert {ev["sentence"] for ev in link.evidence} <= sentences


# --- the projection on small graphs ----------------------------------------------------------

def test_a_relation_stated_in_two_documents_weighs_two_with_the_evidence_of_both():
    corpus = agencies("a", "b").relate("a", "oversees", "b", docs=("x.txt", "y.txt"))
    net = project(corpus.g)
    data = net.get_edge_data(e("a"), e("b"), key="oversees")
    assert data["predicate"] == "oversees" and data["weight"] == 2
    assert [ev["document"] for ev in data["evidence"]] == ["x.txt", "y.txt"]
    assert all(ev["sentence"] == "aはbをoverseesする。" and ev["end"] - ev["start"] == len(ev["sentence"])
               for ev in data["evidence"])


def test_classes_labels_and_mentions_of_a_node():
    corpus = Corpus().entity("jaxa", "Agency", "SpaceAgency", ja="宇宙航空研究開発機構", en="JAXA",
                             docs=("b.txt", "a.txt"), mentions=2)
    corpus.entity("nasa", "Agency", en="NASA").entity("x-1", "Program", ja="", en="")
    net = project(corpus.g)
    assert {k: net.nodes[e("jaxa")][k] for k in ("cls", "top", "label", "mentions", "documents")} == {
        "cls": "SpaceAgency", "top": "Agency", "label": "宇宙航空研究開発機構", "mentions": 4,
        "documents": ["a.txt", "b.txt"]}
    assert (net.nodes[e("nasa")]["label"], net.nodes[e("nasa")]["cls"]) == ("NASA", "Agency")
    assert net.nodes[e("x-1")]["label"] == "x-1"  # no name: the IRI's last segment


def test_sentences_and_spans_are_paired_by_their_normalised_text():
    pairs = pair_evidence(["ＪＡＸＡが運用する。", "NASAが開発する。", "残りの文。"],
                          [(50, 59, "NASAが開発する。"), (10, 20, "JAXAが運用する。")])
    assert pairs == [("ＪＡＸＡが運用する。", 10, 20), ("NASAが開発する。", 50, 59), ("残りの文。", None, None)]


# --- filters ---------------------------------------------------------------------------------

def test_subgraph_by_contract_class_or_subclass():
    corpus = Corpus().entity("jaxa", "Agency", "SpaceAgency").entity("mext", "Agency", "Ministry")
    corpus.entity("jp", "Country").relate("mext", "oversees", "jaxa").relate("jaxa", "locatedIn", "jp")
    net = project(corpus.g)
    assert set(subgraph(net, classes=["Agency"])) == {e("jaxa"), e("mext")}
    only = subgraph(net, classes=["SpaceAgency", "Country"])
    assert set(only) == {e("jaxa"), e("jp")} and list(only.edges(keys=True)) == [(e("jaxa"), e("jp"), "locatedIn")]
    with pytest.raises(FilterError, match="'Agencies': not a class"):
        subgraph(net, classes=["Agencies"])


def test_subgraph_by_document_keeps_what_it_says_and_reweighs():
    corpus = Corpus().entity("a", "Agency", docs=("x.txt", "y.txt")).entity("b", "Agency", docs=("x.txt", "y.txt"))
    corpus.entity("c", "Agency", docs=("y.txt",))
    corpus.relate("a", "oversees", "b", docs=("x.txt", "y.txt")).relate("a", "funds", "c", docs=("y.txt",))
    corpus.relate("b", "partOf", "a", docs=("y.txt",))
    net = subgraph(project(corpus.g), documents=["x.txt"])
    assert set(net) == {e("a"), e("b")}
    assert [(key, d["weight"], [ev["document"] for ev in d["evidence"]])
            for _, _, key, d in net.edges(keys=True, data=True)] == [("oversees", 1, ["x.txt"])]
    with pytest.raises(FilterError, match="'z.txt': no entity is mentioned in it"):
        subgraph(project(corpus.g), documents=["z.txt"])


def chain(*names: str) -> Corpus:
    """a -memberOf-> b -memberOf-> c …"""
    corpus = agencies(*names)
    for s, o in itertools.pairwise(names):
        corpus.relate(s, "memberOf", o)
    return corpus


def test_ego_depth_one_and_two_either_direction():
    net = project(chain("a", "b", "c", "d").g)
    assert set(ego(net, e("b"), 1)) == {e("a"), e("b"), e("c")}
    two = ego(net, e("b"), 2)
    assert set(two) == {e("a"), e("b"), e("c"), e("d")}
    assert {n: two.nodes[n]["distance"] for n in two} == {e("a"): 1, e("b"): 0, e("c"): 1, e("d"): 2}
    assert set(ego(net, e("b"), 0)) == {e("b")}


# --- analyses --------------------------------------------------------------------------------

def test_centrality_ranks_a_hub_above_its_leaves():
    corpus = agencies("hub", "l1", "l2", "l3", "l4", "far")
    for leaf in ("l1", "l2", "l3", "l4"):
        corpus.relate(leaf, "memberOf", "hub")
    corpus.relate("far", "partOf", "l1")
    net = project(corpus.g)
    for by in na.CENTRALITY_MEASURES:
        ranked = na.centrality(net, by)
        assert ranked[0].node == e("hub"), by
    rows = {r.node: r for r in na.centrality(net)}
    assert rows[e("hub")].degree == 4 and rows[e("far")].degree == 1
    assert rows[e("hub")].betweenness > rows[e("l1")].betweenness > rows[e("l2")].betweenness == 0
    assert rows[e("hub")].pagerank > rows[e("l2")].pagerank


def test_weight_counts_in_strength_and_pagerank():
    corpus = agencies("a", "b", "c").relate("a", "cooperatesWith", "b", docs=("x.txt", "y.txt", "z.txt"))
    corpus.relate("a", "cooperatesWith", "c")
    rows = {r.node: r for r in na.centrality(project(corpus.g))}
    assert (rows[e("b")].strength, rows[e("c")].strength) == (3, 1)
    assert rows[e("b")].pagerank > rows[e("c")].pagerank


def two_cliques() -> Corpus:
    corpus = agencies(*"abcde", *"vwxyz")
    for group in ("abcde", "vwxyz"):
        for i, s in enumerate(group):
            for o in group[i + 1:]:
                corpus.relate(s, "cooperatesWith", o)
    return corpus.relate("e", "cooperatesWith", "v").entity("alone", "Agency")


def test_louvain_finds_two_planted_clusters_the_same_way_every_run():
    net = project(two_cliques().g)
    found = na.communities(net)
    assert sorted(map(set, found), key=sorted) == [{e(n) for n in "abcde"}, {e(n) for n in "vwxyz"}]
    assert na.communities(net) == found  # the seed is fixed
    assert e("alone") not in {n for c in found for n in c}  # no relation: no community


def test_the_path_states_each_hop_its_direction_and_evidence():
    corpus = agencies("a", "b", "c").relate("a", "memberOf", "b").relate("c", "oversees", "b")
    hops = na.shortest_path(project(corpus.g), e("a"), e("c"))
    assert [(h.source, h.target) for h in hops] == [(e("a"), e("b")), (e("b"), e("c"))]
    first, second = hops[0].relations[0], hops[1].relations[0]
    assert (first.predicate, first.direction, first.subject) == ("memberOf", "forward", e("a"))
    assert (second.predicate, second.direction, second.subject) == ("oversees", "backward", e("c"))
    assert second.evidence == [{"document": "a.txt", "sentence": "cはbをoverseesする。", "start": 50, "end": 65}]


def test_of_two_shortest_paths_the_better_attested_is_chosen():
    corpus = agencies("a", "weak", "strong", "z").relate("a", "memberOf", "weak").relate("weak", "memberOf", "z")
    corpus.relate("a", "memberOf", "strong", docs=("x.txt", "y.txt")).relate("strong", "memberOf", "z")
    hops = na.shortest_path(project(corpus.g), e("a"), e("z"))
    assert hops[0].target == e("strong")


def test_no_path_is_a_clear_error():
    corpus = agencies("a", "b", "c").relate("a", "memberOf", "b")
    with pytest.raises(na.NoPath, match="no chain of relations joins 'a' and 'c'"):
        na.shortest_path(project(corpus.g), e("a"), e("c"))


def test_parties_and_agreements_and_their_projections():
    corpus = agencies("p1", "p2", "p3").entity("t1", "Agreement").entity("t2", "Agreement", "Treaty")
    for party, agreement in (("p1", "t1"), ("p2", "t1"), ("p2", "t2"), ("p3", "t2")):
        corpus.relate(party, "partyTo", agreement)
    corpus.relate("p1", "cooperatesWith", "p3")  # not a partyTo: not in the view
    bipartite = na.parties_and_agreements(project(corpus.g))
    assert {n: side for n, side in bipartite.nodes(data="bipartite")} == {
        e("p1"): 0, e("p2"): 0, e("p3"): 0, e("t1"): 1, e("t2"): 1}
    assert bipartite.number_of_edges() == 4
    parties = na.project_side(bipartite, 0)
    assert {frozenset(edge) for edge in parties.edges()} == {frozenset((e("p1"), e("p2"))),
                                                             frozenset((e("p2"), e("p3")))}
    agreements = na.project_side(bipartite, 1)
    assert list(agreements.edges(data="weight")) == [(e("t1"), e("t2"), 1)]


def test_an_entity_on_both_sides_of_partyto_is_refused():
    corpus = agencies("p").entity("t", "Agreement").entity("u", "Agreement")
    corpus.relate("p", "partyTo", "t").relate("t", "partyTo", "u")
    with pytest.raises(ValueError, match="is both a party and an agreement"):
        na.parties_and_agreements(project(corpus.g))


def test_ego_rows_say_how_each_member_is_reached():
    corpus = agencies("a", "b", "c").relate("a", "memberOf", "b").relate("c", "oversees", "b")
    rows = na.ego_rows(ego(project(corpus.g), e("a"), 2))
    assert [(r["distance"], r["entity"], r["via"]) for r in rows] == [
        (0, "a", ""), (1, "b", "a memberOf"), (2, "c", "oversees b")]
