"""Counted references to a list named before: 「１４宇宙機関（ASI、BNSC、…）によって合意された」
and later 「１４機関のうち ISRO、KARI を除く１２機関が出席した」.

A list is a count with its counter word and a bracket holding exactly that many names; a later
count with the same counter means that list, less the names it excludes. The counts must agree,
so a number that only happens to match (3機関 of some other three) means nothing.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .data_files import read_data
from .definitions import Found

_DATA = read_data("counted_lists.json")
_COUNTERS = "|".join(re.escape(c) for c in sorted(_DATA["counters"], key=len, reverse=True))
# 14宇宙機関(ASI、BNSC、…): a count, a few words, the counter, the bracket of names
_LIST = re.compile(rf"(\d+)\s*[^\s\d、。()]{{0,6}}?({_COUNTERS})\s*\(([^()]{{2,600}})\)")
# 14機関のうちISRO、KARIを除く12機関: the whole, the excluded names, the rest
_REST = re.compile(rf"(\d+)\s*({_COUNTERS})\s*{_DATA['among']}([^。]{{1,80}}?){_DATA['except']}\s*(\d+)\s*\2")
# 14機関は…: the whole list again
_WHOLE = re.compile(rf"(?<![\d.])(\d+)\s*({_COUNTERS})(?![\d(])")


@dataclass(frozen=True)
class CountedGroup:
    """Names (indexes into the Found list) that the words at start:end stand for."""

    start: int
    end: int
    members: tuple[int, ...]


def _names_in(found: list[Found], starts: list[int], start: int, end: int) -> list[int]:
    return [i for i in range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))
            if found[i].end <= end]


def counted_groups(text: str, found: list[Found]) -> list[CountedGroup]:
    """Every counted reference in `text` to a list named before it; `found` in text order."""
    starts = [f.start for f in found]
    lists: list[tuple[int, str, int, list[int]]] = []  # (end, counter, count, names)
    for m in _LIST.finditer(text):
        names = _names_in(found, starts, m.start(3), m.end(3))
        if len(names) == int(m.group(1)):
            lists.append((m.end(), m.group(2), len(names), names))
    out, taken = [], []

    def antecedent(at: int, counter: str, count: int) -> list[int] | None:
        before = [names for end, c, n, names in lists if end <= at and c == counter and n == count]
        return before[-1] if before else None

    for m in _REST.finditer(text):
        whole = antecedent(m.start(), m.group(2), int(m.group(1)))
        if whole is None:
            continue
        excluded = set(_names_in(found, starts, m.start(3), m.end(3)))
        names = {text[found[i].start:found[i].end] for i in excluded}
        rest = [i for i in whole if text[found[i].start:found[i].end] not in names]
        if len(rest) == int(m.group(4)) and len(whole) - len(rest) == len(excluded):
            out.append(CountedGroup(m.start(4), m.end(), tuple(rest)))
            taken.append((m.start(), m.end()))
    for m in _WHOLE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        whole = antecedent(m.start(), m.group(2), int(m.group(1)))
        if whole is not None:
            out.append(CountedGroup(m.start(), m.end(), tuple(whole)))
    return sorted(out, key=lambda g: g.start)
