"""kg.view's pages, read as HTML: self-contained, escaped, with a legend, the right entities and
relations, filters and focus; on the seed build, and on a small build of a document whose
evidence sentences and file name carry markup."""
from __future__ import annotations

import json
import re
from collections import defaultdict

import numpy as np
import pytest
from bs4 import BeautifulSoup

from kg import network as kgnet
from kg.entities import ENTITY_CLASSES
from kg.show import AmbiguousName, NameNotFound, _names, normalise
from kg.store import open_graph
from kg.view import PRECOMPUTE_ABOVE, ViewError, make_view, render
from kg.view_layout import layout, near_pairs
from kg.view_page import script_json

pytestmark = pytest.mark.slow
JAXA = "https://w3id.org/spacekg/id/e/jaxa"
SEED_DOC = "003_e130fa5e48a9706e.txt"


@pytest.fixture(scope="module")
def seed_net(seed_graph):
    return kgnet.project(seed_graph)


@pytest.fixture(scope="module")
def seed_view(seed_graph):
    return make_view(seed_graph, source="out")


def page(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def data(html: str) -> dict:
    return json.loads(page(html).find("script", id="view-data").string)


# ------------------------------------------------------------------ offline

def test_the_page_loads_nothing_from_elsewhere(seed_view):
    soup = page(seed_view.html)
    assert soup.find("link") is None  # stylesheets are inline
    scripts = soup.find_all("script")
    assert len(scripts) == 3 and all(s.get("src") is None for s in scripts)  # data, vis-network, the view
    for element in soup.find_all(True):
        for attribute in ("src", "href", "action", "srcset", "poster", "data"):
            assert not str(element.get(attribute, "")).startswith(("http:", "https:", "//")), element.name
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com"):  # where pyvis's page loads from
        assert host not in seed_view.html
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", seed_view.html)  # CSS fetches nothing either
    assert "@import" not in seed_view.html
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in policy and "connect-src" not in policy


# ------------------------------------------------------------------ escaping

def test_markup_in_evidence_and_file_names_stays_text(markup_build):
    view = make_view(open_graph(markup_build.out))
    assert "<script>alert" not in view.html and "<img src=x" not in view.html
    soup = page(view.html)
    assert soup.find("img") is None and soup.find("b") is None
    assert len(soup.find_all("script")) == 3
    # the file name is shown as text in the document filter, and read back whole by the script
    box = soup.find("input", attrs={"data-document": True})
    assert box["data-document"] == markup_build.document
    assert box.parent.find("span", class_="doc").get_text() == markup_build.document
    # the sentences reach the page's data exactly as the graph holds them
    sentences = {e["sentence"] for edge in data(view.html)["edges"] for e in edge["evidence"]}
    assert {markup_build.script, markup_build.img} <= sentences
    titles = " ".join(edge["title"] for edge in data(view.html)["edges"])
    assert markup_build.script in titles  # plain text: vis-network shows a string title as text


def test_script_json_cannot_close_its_element():
    text = script_json({"s": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"s": "</script><!-- & \u2028"}


# ------------------------------------------------------------------ legend and counts

def test_the_legend_has_a_ticked_box_and_a_swatch_per_class_drawn(seed_view, seed_net):
    soup = page(seed_view.html)
    classes = {n["top"] for n in data(seed_view.html)["nodes"]}
    boxes = soup.select("#legend input[data-class]")
    assert {b["data-class"] for b in boxes} == classes
    assert [b["data-class"] for b in boxes] == [c for c in ENTITY_CLASSES if c in classes]
    for box in boxes:
        label = box.parent
        assert box.has_attr("checked") and label.find("svg", class_="swatch") is not None
        count = sum(1 for n in seed_net if seed_net.nodes[n]["top"] == box["data-class"])
        assert label.find("span", class_="count").get_text() == str(count)


def test_every_entity_and_relation_of_the_network_is_in_the_page(seed_view, seed_net):
    found = data(seed_view.html)
    assert seed_view.nodes == len(found["nodes"]) == len(seed_net)
    assert seed_view.edges == len(found["edges"]) == seed_net.number_of_edges()
    assert {n["id"] for n in found["nodes"]} == set(seed_net)
    assert {(e["from"], e["predicate"], e["to"]) for e in found["edges"]} == {
        (s, key, o) for s, o, key in seed_net.edges(keys=True)}
    assert f"{len(seed_net):,} entities" in page(seed_view.html).find("header").get_text()


def test_nodes_carry_names_class_style_and_size_and_edges_their_evidence(seed_view, seed_net):
    found = data(seed_view.html)
    jaxa = next(n for n in found["nodes"] if n["id"] == JAXA)
    assert jaxa["label_ja"] == seed_net.nodes[JAXA]["label_ja"] == "宇宙航空研究開発機構"
    assert jaxa["label_en"] == "Japan Aerospace Exploration Agency"
    assert jaxa["top"] == "Agency" and jaxa["shape"] == "square"
    assert jaxa["documents"] == seed_net.nodes[JAXA]["documents"]
    sizes = sorted(n["size"] for n in found["nodes"])
    assert sizes[0] >= 10 and sizes[-1] == 40 and jaxa["size"] > sizes[len(sizes) // 2]
    for edge in found["edges"]:
        attrs = seed_net.edges[edge["from"], edge["to"], edge["predicate"]]
        assert edge["label"] == edge["predicate"] and edge["evidence"] == attrs["evidence"]
        assert edge["documents"] == sorted({e["document"] for e in attrs["evidence"]})


# ------------------------------------------------------------------ filters and focus

def test_class_and_document_filters_narrow_nodes_and_relations(seed_graph):
    view = make_view(seed_graph, classes=["Agency", "Country"], documents=[SEED_DOC])
    found = data(view.html)
    assert found["nodes"] and {n["top"] for n in found["nodes"]} <= {"Agency", "Country"}
    assert all(SEED_DOC in n["documents"] for n in found["nodes"])
    assert all(e["documents"] == [SEED_DOC] for e in found["edges"])
    assert view.name == f"graph-Agency-Country-{SEED_DOC.removesuffix('.txt')}"
    heading = page(view.html).find("h1").get_text()
    assert "of class Agency or Country" in heading and SEED_DOC in heading


def test_unknown_class_or_document_is_refused(seed_graph):
    with pytest.raises(kgnet.FilterError, match="'Spaceship'"):
        make_view(seed_graph, classes=["Spaceship"])
    with pytest.raises(kgnet.FilterError, match="'nothing.txt'"):
        make_view(seed_graph, documents=["nothing.txt"])


def test_focus_keeps_the_entities_within_depth_relations(seed_graph, seed_net):
    near = kgnet.ego(seed_net, JAXA, 1)
    for name in ("JAXA", "ＪＡＸＡ", "宇宙航空研究開発機構", JAXA):
        view = make_view(seed_graph, focus=name)
        found = data(view.html)
        assert found["focus"] == JAXA and {n["id"] for n in found["nodes"]} == set(near)
        assert len(found["edges"]) == near.number_of_edges()
    assert view.name == "ego-jaxa-1"
    wider = make_view(seed_graph, focus="JAXA", depth=2)
    assert wider.nodes == len(kgnet.ego(seed_net, JAXA, 2)) > view.nodes
    assert make_view(seed_graph, focus="JAXA", depth=0).nodes == 1


def test_a_focus_is_resolved_like_show_does(seed_graph):
    with pytest.raises(NameNotFound) as err:
        make_view(seed_graph, focus="宇宙航空研究開発機")
    assert JAXA in [s.iri for s in err.value.suggestions]
    shared = shared_name(seed_graph)
    with pytest.raises(AmbiguousName) as err:
        make_view(seed_graph, focus=shared)
    assert len(err.value.candidates) >= 2
    with pytest.raises(ViewError, match="not among the entities of class Person"):
        make_view(seed_graph, focus="JAXA", classes=["Person"])


def shared_name(graph) -> str:
    """A label that two entities of the graph share once normalised."""
    owners = defaultdict(set)
    for entity, label in _names(graph):
        owners[normalise(label)].add(entity)
    name = next((label for label, entities in owners.items() if len(entities) > 1), None)
    if name is None:
        pytest.skip("no two entities of the seed graph share a name")
    return name


def test_an_empty_selection_is_an_error(seed_graph, seed_net):
    documents = sorted({d for n in seed_net for d in seed_net.nodes[n]["documents"]})
    empty = next(((cls, doc) for doc in documents for cls in ENTITY_CLASSES
                  if not any(seed_net.nodes[n]["top"] == cls and doc in seed_net.nodes[n]["documents"]
                             for n in seed_net)), None)
    if empty is None:
        pytest.skip("every seed document mentions an entity of every class")
    with pytest.raises(ViewError, match=f"nothing to draw: no entity of class {empty[0]} mentioned in"):
        make_view(seed_graph, classes=[empty[0]], documents=[empty[1]])


# ------------------------------------------------------------------ layout

def test_large_views_get_positions_and_no_physics_small_ones_physics(seed_view, seed_graph, seed_net):
    found = data(seed_view.html)
    precomputed = len(seed_net) > PRECOMPUTE_ABOVE
    assert seed_view.layout == ("precomputed" if precomputed else "physics")
    assert found["physics"] is not precomputed and found["options"]["physics"]["enabled"] is not precomputed
    assert all(("x" in n) is precomputed for n in found["nodes"])
    small = make_view(seed_graph, focus="JAXA")
    options = data(small.html)["options"]
    assert small.layout == "physics" and options["physics"]["stabilization"]["enabled"]
    forced = data(make_view(seed_graph, focus="JAXA", layout="precomputed").html)
    assert not forced["physics"] and all("x" in n and "y" in n for n in forced["nodes"])


def test_parallel_relations_curve_apart(seed_net):
    pairs = defaultdict(list)
    for edge in data(render(seed_net).html)["edges"]:
        pairs[frozenset((edge["from"], edge["to"]))].append(edge.get("smooth"))
    for smooths in pairs.values():
        assert smooths[0] is None and all(s and s["enabled"] for s in smooths[1:])


def test_near_pairs_finds_exactly_the_close_pairs():
    points = np.random.default_rng(3).uniform(0, 20, (300, 2))
    i, j = near_pairs(points, 2.0)
    found = {(min(a, b), max(a, b)) for a, b in zip(i.tolist(), j.tolist(), strict=True)}
    distance = np.sqrt(((points[:, None] - points[None]) ** 2).sum(-1))
    expected = {(a, b) for a in range(300) for b in range(a + 1, 300) if distance[a, b] < 2.0}
    assert found == expected and len(found) == len(i)


def test_layout_places_every_node_apart_and_the_same_each_time(seed_net):
    first, second = layout(seed_net), layout(seed_net)
    assert first == second and set(first) == set(seed_net)
    assert len(set(first.values())) == len(seed_net)
