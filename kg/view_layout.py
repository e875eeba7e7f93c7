"""Node positions computed in Python, so a large view opens drawn instead of running physics in
the browser.

Each connected component is laid out on its own by a force-directed layout (Fruchterman and
Reingold's, with repulsion only between nodes nearer than twice the ideal edge length, found
through a grid of cells: O(n) per step instead of O(n²), which is what makes 2,000 nodes take a
fraction of a second where networkx.spring_layout takes over ten seconds), and the components are
then packed in rows, largest first, so isolated entities form a tidy block instead of a halo.
Only numpy is needed.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import networkx as nx
import numpy as np

EDGE_LENGTH = 110.0  # pixels of the page per unit of the layout: room for an edge's label
ITERATIONS = 80
GAP = 1.5  # units between packed components
REPULSION = 2.0  # twice the textbook push: the dense middle of a large graph stays readable


def layout(graph: nx.Graph, seed: int = 0, key: Callable[[Hashable], Any] = str
           ) -> dict[Hashable, tuple[float, float]]:
    """Positions in page pixels for every node of `graph` (directions and parallel edges ignored).

    Components are packed largest first, equal sizes in the order of their first node by `key`
    (so isolated nodes line up in that order). The same graph and seed give the same positions.
    """
    undirected = nx.Graph(graph)
    components = sorted((sorted(c, key=key) for c in nx.connected_components(undirected)),
                        key=lambda c: (-len(c), key(c[0])))
    placed = []
    for nodes in components:
        index = {node: i for i, node in enumerate(nodes)}
        edges = np.array([(index[u], index[v]) for u, v in undirected.subgraph(nodes).edges() if u != v],
                         dtype=np.int64).reshape(-1, 2)
        points = force_layout(len(nodes), edges, seed) if len(nodes) > 1 else np.zeros((1, 2))
        placed.append((nodes, points - points.min(axis=0)))
    positions = {}
    for nodes, points in _pack(placed) if placed else []:
        for node, (x, y) in zip(nodes, points * EDGE_LENGTH, strict=True):
            positions[node] = (round(float(x), 1), round(float(y), 1))
    return positions


def force_layout(n: int, edges: np.ndarray, seed: int = 0, iterations: int = ITERATIONS) -> np.ndarray:
    """(n, 2) positions with an ideal edge length of 1; `edges` is an (m, 2) array of node indices."""
    rng = np.random.default_rng(seed)
    side = max(np.sqrt(n), 1.0)
    pos = rng.uniform(0, side, (n, 2))
    temperature = side / 8
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        i, j = near_pairs(pos, 2.0)
        delta = pos[i] - pos[j]
        dist2 = np.maximum(_squares(delta), 1e-4)
        push = REPULSION * delta / dist2[:, None]  # k²/d along the unit vector, with k = 1
        _accumulate(disp, i, push)
        _accumulate(disp, j, -push)
        if len(edges):
            u, v = edges[:, 0], edges[:, 1]
            delta = pos[u] - pos[v]
            pull = delta * np.sqrt(_squares(delta))[:, None]  # d²/k along the unit vector
            _accumulate(disp, u, -pull)
            _accumulate(disp, v, pull)
        length = np.maximum(np.sqrt(_squares(disp)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature -= cooling
    return pos


def near_pairs(pos: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays (i, j), i != j, of every pair of points closer than `radius`, each pair once."""
    n = len(pos)
    cells = np.floor((pos - pos.min(axis=0)) / radius).astype(np.int64)
    width = int(cells[:, 1].max()) + 3  # a row of cells; +3 keeps neighbours' keys apart
    key = (cells[:, 0] + 1) * width + cells[:, 1] + 1
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    found_i, found_j = [], []
    # this cell and four of its eight neighbours: every pair of neighbouring cells is met once
    for dx, dy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):
        target = key + dx * width + dy
        lo = np.searchsorted(sorted_keys, target, "left")
        counts = np.searchsorted(sorted_keys, target, "right") - lo
        i = np.repeat(np.arange(n), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        j = order[np.repeat(lo, counts) + offsets]
        keep = i < j if (dx, dy) == (0, 0) else np.ones(len(i), dtype=bool)
        delta = pos[i] - pos[j]
        keep &= _squares(delta) < radius * radius
        found_i.append(i[keep])
        found_j.append(j[keep])
    return np.concatenate(found_i), np.concatenate(found_j)


def _squares(vectors: np.ndarray) -> np.ndarray:
    """Squared length of each row (einsum: no temporary array, unlike (v * v).sum(axis=1))."""
    return np.einsum("ij,ij->i", vectors, vectors)


def _accumulate(target: np.ndarray, index: np.ndarray, values: np.ndarray) -> None:
    """target[index] += values, with repeated indices summed (unlike fancy-index +=)."""
    n = len(target)
    target[:, 0] += np.bincount(index, values[:, 0], minlength=n)
    target[:, 1] += np.bincount(index, values[:, 1], minlength=n)


def _pack(placed: list[tuple[list, np.ndarray]]) -> list[tuple[list, np.ndarray]]:
    """Components moved into rows (shelves) about as wide as the whole is tall; the input order
    (largest first) is kept."""
    sizes = [points.max(axis=0) + GAP for _, points in placed]
    row_width = max(np.sqrt(sum(w * h for w, h in sizes)), max(w for w, _ in sizes))
    packed, x, y, row_height = [], 0.0, 0.0, 0.0
    for (nodes, points), (w, h) in zip(placed, sizes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        packed.append((nodes, points + (x, y)))
        x += w
        row_height = max(row_height, h)
    return packed
