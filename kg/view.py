"""`spacekg view`: an interactive HTML page of the graph's entities and relations.

The network is kg.network's projection (entities as nodes, relations as edges with their
evidence), narrowed by class and document and, around one entity, to the ones within a few
relations of it. pyvis assembles the nodes, edges and vis-network options; kg/view_page.py
writes the page, self-contained and offline.

Two layouts: vis-network's physics, which runs in the browser until the layout is stable and is
then switched off; or positions computed here (kg/view_layout.py) with physics off, which is
what makes a view of thousands of entities open in a second or two instead of minutes (see
docs/benchmarks.md, "Graph views"). "auto" takes the second above PRECOMPUTE_ABOVE entities.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from pyvis.network import Network
from rdflib import Graph

from extract.errors import SpacekgError

from . import network as kgnet
from .entities import ENTITY_CLASSES
from .network_analysis import CENTRALITY_MEASURES, resolve, undirected
from .show import symmetric_properties
from .view_layout import layout as precomputed_layout
from .view_page import render_page
from .view_style import style
from .vocab import SK

LAYOUTS = ("auto", "physics", "precomputed")
SIZE_MEASURES = CENTRALITY_MEASURES
PRECOMPUTE_ABOVE = 200  # entities; past this, physics in the browser takes seconds to settle
IMPROVED_LAYOUT_UP_TO = 100  # entities; vis-network's own limit for its Kamada-Kawai start
MIN_SIZE, MAX_SIZE = 10.0, 40.0  # node radius in pixels, least and most central
TOOLTIP_SENTENCES = 3  # evidence sentences in an edge's tooltip; the panel shows them all
TOOLTIP_CHARS = 160


class ViewError(SpacekgError):
    """A view that cannot be drawn as asked (nothing left to draw, a focus outside the filters)."""


@dataclass
class View:
    html: str
    name: str  # a file name stem that says what the view shows
    nodes: int
    edges: int
    layout: str  # "physics" or "precomputed"

    @property
    def counts(self) -> str:
        return counts(self.nodes, self.edges)


def make_view(graph: Graph, *, classes: list[str] | None = None, documents: list[str] | None = None,
              focus: str | None = None, depth: int = 1, layout: str = "auto", size_by: str = "pagerank",
              source: str = "") -> View:
    """The view of `graph` narrowed to `classes` and `documents`, then, with `focus` (any name of
    an entity, or its IRI), to the entities within `depth` relations of it.

    Raises NameNotFound or AmbiguousName for the focus, kg.network.FilterError for an unknown
    class or document, ViewError when nothing is left to draw. `source` names the build in the
    page's summary.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout {layout!r}: choose one of {', '.join(LAYOUTS)}")
    if size_by not in SIZE_MEASURES:
        raise ValueError(f"size_by {size_by!r}: choose one of {', '.join(SIZE_MEASURES)}")
    focus_iri = resolve(graph, focus) if focus is not None else None
    net = kgnet.project(graph)
    if classes or documents:
        net = kgnet.subgraph(net, classes or None, documents or None)
    filters = _describe_filters(classes, documents)
    if focus_iri is not None:
        if focus_iri not in net:
            raise ViewError(f"{focus!r} ({focus_iri}) is not among the entities {filters}")
        net = kgnet.ego(net, focus_iri, depth)
    if not len(net):
        raise ViewError(f"nothing to draw: no entity {filters}")
    heading = "spacekg: " + (f"{net.nodes[focus_iri]['label']} and the entities within {_count(depth, 'relation')}"
                             if focus_iri is not None else "entities")
    if filters:
        heading += (", " if focus_iri is not None else " ") + filters
    name = _file_name(classes, documents, focus_iri, depth)
    return render(net, heading=heading, name=name, focus=focus_iri, layout=layout, size_by=size_by,
                  source=source)


def render(net: nx.MultiDiGraph, *, heading: str = "spacekg", name: str = "graph", focus: str | None = None,
           layout: str = "auto", size_by: str = "pagerank", source: str = "") -> View:
    """The page of a projected network (kg.network.project's attributes) as it stands."""
    precompute = layout == "precomputed" or (layout == "auto" and len(net) > PRECOMPUTE_ABOVE)
    pyvis_net = Network(directed=True)
    pyvis_net.options = options(precompute, len(net))
    # classes in the contract's order, then names: so the layout lines unrelated entities up by class
    positions = precomputed_layout(net, key=lambda n: (_class_rank(net.nodes[n].get("top", "")),
                                                       net.nodes[n].get("label", ""), n)) if precompute else {}
    sizes = node_sizes(net, size_by)
    for node, attrs in net.nodes(data=True):
        pyvis_net.add_node(node, **node_data(node, attrs, sizes[node], positions.get(node), node == focus))
    for edge in edge_data(net):
        pyvis_net.add_edge(edge.pop("from"), edge.pop("to"), **edge)
    classes = Counter(attrs.get("top", "") for _, attrs in net.nodes(data=True))
    documents = Counter(d for _, attrs in net.nodes(data=True) for d in attrs.get("documents", []))
    summary = (counts(len(net), net.number_of_edges()) + (f" of {source}" if source else "")
               + f"; node size: {size_by}; layout: {'precomputed' if precompute else 'physics until stable'}.")
    html = render_page(
        title=heading, heading=heading, summary=summary,
        classes={c: classes[c] for c in sorted(classes, key=lambda c: (_class_rank(c), c))},
        documents=dict(sorted(documents.items())),
        data={"nodes": pyvis_net.nodes, "edges": pyvis_net.edges, "options": pyvis_net.options,
              "physics": not precompute, "focus": focus})
    return View(html=html, name=name, nodes=len(net), edges=net.number_of_edges(),
                layout="precomputed" if precompute else "physics")


def _class_rank(top: str) -> int:
    return ENTITY_CLASSES.index(top) if top in ENTITY_CLASSES else len(ENTITY_CLASSES)


def options(precompute: bool, nodes: int) -> dict:
    """vis-network's options: physics that stops once stable, or none for a precomputed layout."""
    physics = {"enabled": False} if precompute else {
        "enabled": True, "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 150, "avoidOverlap": 0.5},
        "stabilization": {"enabled": True, "iterations": 600, "updateInterval": 20, "fit": True}}
    return {
        "physics": physics,
        # vis-network's improved layout (Kamada-Kawai on a clustered graph) gives up past about
        # a hundred nodes with a console warning, and precomputed positions make it pointless
        "layout": {"improvedLayout": not precompute and nodes <= IMPROVED_LAYOUT_UP_TO, "randomSeed": 7},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": precompute,
                        "navigationButtons": False, "keyboard": False},
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif"}, "borderWidth": 1},
        "edges": {"font": {"size": 10, "align": "middle", "color": "#555", "strokeWidth": 3},
                  "color": {"color": "#9a9a9a", "highlight": "#333", "hover": "#555"},
                  "smooth": False,  # straight: cheaper to draw, and a relation is where it looks to be
                  "arrows": {"to": {"scaleFactor": 0.6}}},
    }


def node_sizes(net: nx.MultiDiGraph, measure: str) -> dict[str, float]:
    """A radius per node, growing with the square root of its centrality (so area follows it)."""
    scores = centrality(net, measure)
    top = max(scores.values(), default=0) or 1
    return {node: round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(max(score, 0) / top), 1)
            for node, score in scores.items()}


def centrality(net: nx.MultiDiGraph, measure: str) -> dict[str, float]:
    """One of kg.network_analysis's measures, on its undirected weighted view. Its centrality()
    computes every measure for its tables, betweenness included, which alone takes seconds on
    a large network (16 s on 2,000 entities); a view needs one."""
    graph = undirected(net)
    if measure == "degree":
        return {node: float(degree) for node, degree in graph.degree()}
    if measure == "strength":
        return {node: float(strength) for node, strength in graph.degree(weight="weight")}
    if measure == "betweenness":
        for _, _, data in graph.edges(data=True):
            data["length"] = 1 / data["weight"]  # as network_analysis: well-attested links are short
        return nx.betweenness_centrality(graph, weight="length", normalized=True)
    return nx.pagerank(graph, weight="weight") if len(graph) else {}


def node_data(node: str, attrs: dict, size: float, position: tuple[float, float] | None, focus: bool) -> dict:
    """pyvis node options, plus the attributes the page's panel and filters read."""
    top = attrs.get("top", "")
    s = style(top)
    data = {
        "label": _short(attrs.get("label") or node, 24), "shape": s.shape, "size": size,
        "color": {"background": s.colour, "border": "#222" if focus else "#555",
                  "highlight": {"background": s.colour, "border": "#000"}},
        "title": node_tooltip(node, attrs),
        "cls": attrs.get("cls", top), "top": top, "label_ja": attrs.get("label_ja", ""),
        "label_en": attrs.get("label_en", ""), "alt_labels": attrs.get("alt_labels", []),
        "mentions": attrs.get("mentions", 0), "documents": attrs.get("documents", []),
    }
    if focus:
        data["borderWidth"] = 4
    if "distance" in attrs:  # in a view around one entity: how many relations away it is
        data["distance"] = attrs["distance"]
    if position is not None:
        data["x"], data["y"] = position
    return data


def node_tooltip(node: str, attrs: dict) -> str:
    """Plain text (vis-network shows a string title as text, not HTML)."""
    names = " / ".join(n for n in (attrs.get("label_ja"), attrs.get("label_en")) if n) or attrs.get("label") or node
    cls, top = attrs.get("cls", ""), attrs.get("top", "")
    documents = len(attrs.get("documents", []))
    return (f"{names}\n{cls if cls == top else f'{cls} ({top})'} · {_count(attrs.get('mentions', 0), 'mention')} "
            f"in {_count(documents, 'document')}")


def edge_data(net: nx.MultiDiGraph) -> list[dict]:
    """pyvis edge options, one per relation; parallel relations between two entities curve apart."""
    symmetric = {str(p).removeprefix(str(SK)) for p in symmetric_properties()}
    between: dict[frozenset, int] = defaultdict(int)
    edges = []
    for n, (s, o, key, attrs) in enumerate(net.edges(keys=True, data=True)):
        predicate = attrs.get("predicate", key)
        evidence = attrs.get("evidence", [])
        weight = attrs.get("weight", 0)
        pair = frozenset((s, o))
        nth = between[pair]
        between[pair] += 1
        edge = {
            "from": s, "to": o, "id": f"e{n}", "label": predicate,
            "title": edge_tooltip(net, s, o, predicate, weight, evidence),
            "width": 1 + math.log2(max(weight, 1)),
            "predicate": predicate, "weight": weight, "evidence": evidence,
            "documents": sorted({e["document"] for e in evidence if e.get("document")}),
        }
        if predicate in symmetric:
            edge["arrows"] = {"to": {"enabled": False}}
        if nth:  # the first of a pair is straight, the next ones bow out on alternate sides
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                              "roundness": 0.2 * ((nth + 1) // 2)}
        edges.append(edge)
    return edges


def edge_tooltip(net: nx.MultiDiGraph, s: str, o: str, predicate: str, weight: int, evidence: list[dict]) -> str:
    lines = [f"{net.nodes[s].get('label', s)} —{predicate}→ {net.nodes[o].get('label', o)}",
             f"stated in {_count(weight, 'document')}"]
    for e in evidence[:TOOLTIP_SENTENCES]:
        lines.append(f"{e.get('document') or '?'}: {_short(e.get('sentence') or '', TOOLTIP_CHARS)}")
    if len(evidence) > TOOLTIP_SENTENCES:
        lines.append(f"… {len(evidence) - TOOLTIP_SENTENCES} more: click the relation")
    return "\n".join(lines)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe_filters(classes: list[str] | None, documents: list[str] | None) -> str:
    """'of class Agency or Country mentioned in a.txt': how the filters narrow the entities."""
    parts = []
    if classes:
        parts.append("of class " + " or ".join(classes))
    if documents:
        parts.append("mentioned in " + " or ".join(documents))
    return " ".join(parts)


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def counts(nodes: int, edges: int) -> str:
    """'1 entity, 3 relations'."""
    return f"{_count(nodes, 'entity', 'entities')}, {_count(edges, 'relation')}"


def _file_name(classes: list[str] | None, documents: list[str] | None, focus: str | None, depth: int) -> str:
    """graph, or ego-<entity>-<depth>, then -<classes> and -<documents>: safe in any file system."""
    parts = [f"ego-{focus.rstrip('/').rsplit('/', 1)[-1]}-{depth}" if focus else "graph"]
    parts += sorted(classes or [])
    parts += [Path(d).stem for d in sorted(documents or [])]
    return re.sub(r"[^\w.-]+", "_", "-".join(parts))[:150].strip("._-") or "graph"
