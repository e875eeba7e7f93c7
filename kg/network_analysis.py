"""Analyses of the network kg.network.project makes: centrality, communities, paths, parties.

Relation directions in the graph are grammar, not flow (an actor participatedIn an event, an
event is organizedBy its host), so the measures read the undirected view (`undirected`): two
entities are linked when any relation joins them either way, and the link's `weight` is the
number of documents that state those relations.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import networkx as nx
from networkx.algorithms import bipartite as nx_bipartite

from extract.errors import SpacekgError

LOUVAIN_SEED = 42  # fixed, so that a run finds the same communities as the last one
PATHS_COMPARED = 200  # shortest paths weighed against each other before one is chosen


class NoPath(SpacekgError):
    """Two entities that no chain of relations joins."""


class NotInNetwork(SpacekgError):
    """A named entity that the class or document filters left out."""


def undirected(net: nx.MultiDiGraph) -> nx.Graph:
    """One link per pair of related entities, whatever the relations' directions; `weight` is the
    sum of their weights (a relation no document states counts 1, so that it still links)."""
    graph = nx.Graph()
    graph.add_nodes_from(net.nodes(data=True))
    for s, o, data in net.edges(data=True):
        if s == o:
            continue
        weight = max(data.get("weight", 1), 1)
        if graph.has_edge(s, o):
            graph[s][o]["weight"] += weight
        else:
            graph.add_edge(s, o, weight=weight)
    return graph


@dataclass
class Centrality:
    node: str
    label: str
    cls: str
    degree: int  # related entities
    strength: int  # documents stating its relations, summed over them
    betweenness: float
    pagerank: float


CENTRALITY_MEASURES = ("pagerank", "betweenness", "degree", "strength")


def centrality(net: nx.MultiDiGraph, by: str = "pagerank") -> list[Centrality]:
    """Every entity's centrality on the undirected weighted view, highest `by` first.

    degree       how many entities it is related to (unweighted)
    strength     the weighted degree: documents stating its relations, summed
    betweenness  the share of shortest paths between other entities that pass through it,
                 normalised; a link's length is 1 / weight, so well-attested links are short
    pagerank     PageRank with the link weights (alpha 0.85)
    """
    if by not in CENTRALITY_MEASURES:
        raise ValueError(f"rank by {by!r}: choose one of {', '.join(CENTRALITY_MEASURES)}")
    graph = undirected(net)
    for _, _, data in graph.edges(data=True):
        data["length"] = 1 / data["weight"]
    betweenness = nx.betweenness_centrality(graph, weight="length", normalized=True)
    pagerank = nx.pagerank(graph, weight="weight") if graph.number_of_nodes() else {}
    rows = [Centrality(node=n, label=a["label"], cls=a["cls"], degree=graph.degree(n),
                       strength=graph.degree(n, weight="weight"), betweenness=betweenness[n],
                       pagerank=pagerank[n]) for n, a in graph.nodes(data=True)]
    return sorted(rows, key=lambda r: (-getattr(r, by), -r.degree, r.label, r.node))


def communities(net: nx.MultiDiGraph, resolution: float = 1.0) -> list[list[str]]:
    """Louvain communities of the related entities on the undirected weighted view, largest
    first, each ranked by weighted degree. The seed is fixed, so runs repeat; entities with no
    relation are in none (each would be a community of one)."""
    graph = undirected(net)
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    if not graph:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=LOUVAIN_SEED)
    ranked = [sorted(c, key=lambda n: (-graph.degree(n, weight="weight"), graph.nodes[n]["label"], n))
              for c in found]
    return sorted(ranked, key=lambda c: (-len(c), graph.nodes[c[0]]["label"], c[0]))


# --- paths --------------------------------------------------------------------------------------

@dataclass
class Link:
    """One relation of a hop, as the graph states it."""

    predicate: str
    subject: str
    object: str
    direction: str  # "forward": the hop goes from its subject to its object; "backward": against it
    weight: int
    evidence: list[dict] = field(default_factory=list)


@dataclass
class Hop:
    source: str
    target: str
    relations: list[Link]


def shortest_path(net: nx.MultiDiGraph, source: str, target: str) -> list[Hop]:
    """The fewest relations that lead from `source` to `target`, whichever way each points.

    Of several shortest paths the best attested is chosen (the largest sum of link weights, then
    the labels in order). Each hop lists every relation between its two entities, each with its
    direction and evidence. NoPath when no chain joins them.
    """
    for node in (source, target):
        if node not in net:
            raise KeyError(f"{node!r} is not a node of the network")
    graph = undirected(net)
    try:
        paths = list(itertools.islice(nx.all_shortest_paths(graph, source, target), PATHS_COMPARED))
    except nx.NetworkXNoPath:
        raise NoPath(f"no chain of relations joins {net.nodes[source]['label']!r} and "
                     f"{net.nodes[target]['label']!r}") from None

    def score(path: list[str]) -> tuple:
        return (-sum(graph[u][v]["weight"] for u, v in itertools.pairwise(path)),
                [net.nodes[n]["label"] for n in path], path)

    best = min(paths, key=score)
    return [Hop(u, v, links(net, u, v)) for u, v in itertools.pairwise(best)]


def links(net: nx.MultiDiGraph, u: str, v: str) -> list[Link]:
    """Every relation between `u` and `v`, as seen from `u`: forward ones first."""
    found = []
    for s, o, direction in ((u, v, "forward"), (v, u, "backward")):
        for data in net.get_edge_data(s, o, default={}).values():
            found.append(Link(data["predicate"], s, o, direction, data["weight"], data["evidence"]))
    return found


# --- parties and agreements ---------------------------------------------------------------------

def parties_and_agreements(net: nx.MultiDiGraph) -> nx.Graph:
    """The bipartite graph of sk:partyTo: parties (`bipartite` 0) linked to the agreements they
    are party to (`bipartite` 1); a link's `weight` is its edge's document count. ValueError when
    an entity is on both sides (party to one agreement and itself an agreement with parties)."""
    edges = [(s, o, data["weight"]) for s, o, data in net.edges(data=True) if data["predicate"] == "partyTo"]
    parties, agreements = {s for s, _, _ in edges}, {o for _, o, _ in edges}
    if both := sorted(parties & agreements):
        raise ValueError(f"{both[0]!r} is both a party and an agreement: the view would not be bipartite")
    graph = nx.Graph()
    for side, nodes in enumerate((parties, agreements)):
        graph.add_nodes_from((n, {**net.nodes[n], "bipartite": side}) for n in sorted(nodes))
    graph.add_weighted_edges_from(edges)
    return graph


def project_side(bipartite: nx.Graph, side: int = 0) -> nx.Graph:
    """Side 0: parties linked by the agreements they share; side 1: agreements linked by their
    shared parties. A link's `weight` is the number shared (networkx weighted_projected_graph)."""
    nodes = [n for n, s in bipartite.nodes(data="bipartite") if s == side]
    return nx_bipartite.weighted_projected_graph(bipartite, nodes)


# --- rows for `spacekg analyze`: one list of dicts per result, the same for table, CSV and JSON ----

def centrality_rows(net: nx.MultiDiGraph, by: str = "pagerank", top: int | None = None) -> list[dict]:
    return [{"rank": rank, "entity": r.label, "class": r.cls, "degree": r.degree, "strength": r.strength,
             "betweenness": round(r.betweenness, 4), "pagerank": round(r.pagerank, 4), "iri": r.node}
            for rank, r in enumerate(centrality(net, by)[:top], 1)]


def community_rows(net: nx.MultiDiGraph, top: int | None = None) -> list[dict]:
    """One row per member of the `top` largest communities, most connected first."""
    strength = dict(undirected(net).degree(weight="weight"))
    return [{"community": number, "rank": rank, "entity": net.nodes[n]["label"], "class": net.nodes[n]["cls"],
             "strength": strength[n], "iri": n}
            for number, members in enumerate(communities(net)[:top], 1)
            for rank, n in enumerate(members, 1)]


def community_summary(rows: list[dict], shown: int = 5) -> list[dict]:
    """One row per community of `community_rows`: its size, top classes and first members."""
    summary: dict[int, list[dict]] = {}
    for row in rows:
        summary.setdefault(row["community"], []).append(row)
    out = []
    for number, members in summary.items():
        classes: dict[str, int] = {}
        for m in members:
            classes[m["class"]] = classes.get(m["class"], 0) + 1
        common = sorted(classes.items(), key=lambda c: (-c[1], c[0]))[:3]
        out.append({"community": number, "size": len(members),
                    "classes": ", ".join(f"{c} {k}" for c, k in common),
                    "members": ", ".join(m["entity"] for m in members[:shown])
                               + (", …" if len(members) > shown else "")})
    return out


def path_rows(net: nx.MultiDiGraph, hops: list[Hop]) -> list[dict]:
    """One row per hop, relation and evidence sentence of a path."""
    nodes = net.nodes
    return [{"hop": number, "from": nodes[hop.source]["label"], "relation": link.predicate,
             "direction": link.direction, "to": nodes[hop.target]["label"], "documents": link.weight,
             "document": e["document"],
             "start": e["start"], "end": e["end"], "sentence": e["sentence"],
             "from_iri": hop.source, "to_iri": hop.target}
            for number, hop in enumerate(hops, 1) for link in hop.relations
            for e in link.evidence or [{"document": None, "start": None, "end": None, "sentence": None}]]


def ego_rows(ego_net: nx.MultiDiGraph, top: int | None = None) -> list[dict]:
    """The members of an ego network (kg.network.ego) nearest first, then most connected; `via`
    says how each is reached: its relations to the members one hop nearer, each read with the
    member as the missing end ("partyTo X": the member is party to X; "X partyTo": X is party to it)."""
    strength = dict(undirected(ego_net).degree(weight="weight"))
    nodes = ego_net.nodes
    members = sorted(ego_net, key=lambda n: (nodes[n]["distance"], -strength[n], nodes[n]["label"], n))
    rows = []
    for n in members[:top]:
        nearer = sorted((m for m in nx.all_neighbors(ego_net, n) if nodes[m]["distance"] < nodes[n]["distance"]),
                        key=lambda m: (nodes[m]["label"], m))
        # read with the member in front: "partyTo アルテミス合意", or behind: "日本 partyTo"
        via = [f"{link.predicate} {nodes[m]['label']}" if link.direction == "forward"
               else f"{nodes[m]['label']} {link.predicate}"
               for m in dict.fromkeys(nearer) for link in links(ego_net, n, m)]
        rows.append({"distance": nodes[n]["distance"], "entity": nodes[n]["label"], "class": nodes[n]["cls"],
                     "strength": strength[n], "via": "; ".join(via), "iri": n})
    return rows


def resolve(graph, name: str) -> str:
    """The IRI of the one entity `name` names (any label, or an IRI), as `spacekg show` reads it.
    kg.show.NameNotFound (with suggestions) or AmbiguousName (with the candidates) otherwise."""
    from .show import AmbiguousName, NameNotFound, find_candidates, suggest

    found = find_candidates(graph, name)
    if not found:
        raise NameNotFound(name, suggest(graph, name))
    if len(found) > 1:
        raise AmbiguousName(f"{name!r} names {len(found)} entities; give the IRI of one instead", found)
    return found[0].iri


ACTIONS = {"centrality": 0, "communities": 0, "path": 2, "ego": 1}  # action -> how many names it takes


def analyze(graph, action: str, names: list[str] = (), *, depth: int = 1, top: int | None = None,
            classes: list[str] | None = None, documents: list[str] | None = None,
            by: str = "pagerank") -> list[dict]:
    """The rows of one `spacekg analyze` action on `graph`, filtered by classes and documents
    (kg.network.subgraph) before the analysis; names are resolved on the whole graph."""
    from .network import ego, project, subgraph

    if action not in ACTIONS:
        raise ValueError(f"action {action!r}: choose one of {', '.join(ACTIONS)}")
    if len(names) != ACTIONS[action]:
        raise ValueError(f"{action} takes {ACTIONS[action]} name(s), not {len(names)}")
    net = project(graph)
    if classes or documents:
        net = subgraph(net, classes or None, documents or None)
    nodes = [resolve(graph, name) for name in names]
    for name, node in zip(names, nodes, strict=True):
        if node not in net:
            raise NotInNetwork(f"{name!r} ({node}) is not among the entities the filters keep")
    if action == "centrality":
        return centrality_rows(net, by, top)
    if action == "communities":
        return community_rows(net, top)
    if action == "path":
        return path_rows(net, shortest_path(net, *nodes))
    return ego_rows(ego(net, nodes[0], depth), top)
