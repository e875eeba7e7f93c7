"""Choosing among overlapping finds: the one way every extractor settles overlaps."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def non_overlapping(items: Iterable[T], span: Callable[[T], tuple[int, int]],
                    rank: Callable[[T], int] = lambda _: 0) -> list[T]:
    """Items whose spans do not overlap: higher rank first, then longer, then earlier (as
    spaCy's filter_spans); returned in text order."""
    ordered = sorted(items, key=lambda it: (-rank(it), span(it)[0] - span(it)[1], span(it)[0]))
    taken: set[int] = set()
    kept = []
    for item in ordered:
        start, end = span(item)
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            kept.append(item)
    return sorted(kept, key=lambda it: span(it))
