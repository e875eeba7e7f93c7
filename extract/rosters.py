"""People and the organisations they belong to, from tables that PDF extraction flattened.

A roster row names a person, then (close after, with titles between) the organisations they work
for: 研究協力 土屋 大洋 慶應義塾大学, Scott Pace 米国家宇宙会議（…） 前事務局長 現 GWU/SPI（…）.
A person whose row names none belongs to the organisation named last before them in the table:
a heading row (株式会社三菱総合研究所) or the row above in a two-column layout. Rows hold no
sentences: a person in a line that ends a sentence is left to the sentence rules.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .data_files import read_data
from .definitions import Found
from .models import top_class

_RULES = read_data("rosters.json")
ROW_GAP = _RULES["row_gap_chars"]  # most non-space characters between a row's names
TABLE_REACH = _RULES["table_reach_chars"]  # farthest back a heading stands from its rows
_IN_SENTENCE = re.compile(_RULES["in_sentence"])  # a particle right after a name: prose, not a row
MEMBERS = {"Agency", "Organization"}


def _line(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _close(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return len("".join(gap.split())) <= ROW_GAP and "。" not in gap


def roster_relations(text: str, found: list[Found]) -> Iterator[tuple[int, str, int, int, int, str]]:
    """(person, "memberOf", organisation, evidence start, evidence end, source) per row."""
    people = [i for i, f in enumerate(found) if top_class(f.cls) == "Person"]
    members = [i for i, f in enumerate(found) if top_class(f.cls) in MEMBERS]
    for n, p in enumerate(people):
        person = found[p]
        line_start, line_end = _line(text, person.start)
        if "。" in text[line_start:line_end] or _IN_SENTENCE.match(text, person.end):
            continue
        row_end = found[people[n + 1]].start if n + 1 < len(people) else len(text)
        row, last = [], person.end
        for m in members:
            f = found[m]
            if last <= f.start < row_end and _close(text, last, f.start):
                row.append(m)
                last = f.end
        if row:
            for m in row:
                yield p, "memberOf", m, line_start, max(line_end, found[m].end), "roster:row"
            continue
        before = [m for m in members if person.start - TABLE_REACH <= found[m].start < person.start
                  and "。" not in text[found[m].end:person.start]]
        if before:
            m = before[-1]
            start = found[m].start if person.start - found[m].start <= ROW_GAP * 4 else line_start
            yield p, "memberOf", m, start, line_end, "roster:above"
