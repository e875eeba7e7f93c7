"""People and the organisations they belong to, from tables that PDF extraction flattened.

A roster row names a person, then (close after, with titles between) the organisations they work
for: 研究協力 土屋 大洋 慶應義塾大学, Scott Pace 米国家宇宙会議（…） 前事務局長 現 GWU/SPI（…）.
A person whose row names none (or only departments: …本部, …研究科) belongs to the organisation
named last before them in the table: a heading (株式会社三菱総合研究所 alone on its line, people
on the next) or the row above in a two-column layout. Rows hold no sentences: a person in a
line that ends a sentence is left to the sentence rules. Lines are those of the original text,
where a table's layout survives.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from .data_files import read_data
from .definitions import Found
from .models import Document, top_class

_RULES = read_data("rosters.json")
ROW_GAP = _RULES["row_gap_chars"]  # most non-space characters between a row's names
TABLE_REACH = _RULES["table_reach_chars"]  # farthest back a heading stands from its rows
_IN_SENTENCE = re.compile(_RULES["in_sentence"])  # a particle right after a name: prose, not a row
UNITS = tuple(_RULES["unit_suffixes"])
SUBUNITS = tuple(_RULES["subunit_suffixes"])  # departments: a person there also belongs to the whole
LEGAL_FORMS = tuple(_RULES["legal_forms"])
MEMBERS = {"Agency", "Organization"}


def _line(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _close(text: str, start: int, end: int) -> bool:
    gap = text[start:end]
    return len("".join(gap.split())) <= ROW_GAP and "。" not in gap


class _Lines:
    """Where found names sit among the lines of the document's original text."""

    def __init__(self, document: Document, found: list[Found]):
        self.original = document.original
        self.spans = [document.original_span(f.start, f.end) for f in found]

    def line_of(self, i: int) -> tuple[int, int]:
        return _line(self.original, self.spans[i][0])

    def is_heading(self, i: int, people: list[int]) -> bool:
        """Whether name `i` stands alone on its line with people named on the next line."""
        start, end = self.line_of(i)
        rest = self.original[start:self.spans[i][0]] + self.original[self.spans[i][1]:end]
        if rest.strip() not in LEGAL_FORMS + ("",):
            return False
        after = end
        while after < len(self.original) and self.original[after] == "\n":
            after += 1
        next_line = _line(self.original, after)
        return any(next_line[0] <= self.spans[p][0] < next_line[1] for p in people)


def roster_relations(document: Document, found: list[Found]) -> Iterator[tuple[int, str, int, int, int, str]]:
    """(person, "memberOf", organisation, evidence start, evidence end, source) per row; found
    in text order, offsets into document.text."""
    text = document.text
    lines = _Lines(document, found)
    people = [i for i, f in enumerate(found) if top_class(f.cls) == "Person"]
    members = [i for i, f in enumerate(found) if top_class(f.cls) in MEMBERS]
    headings = {m for m in members if lines.is_heading(m, people)}
    for n, p in enumerate(people):
        person = found[p]
        line_start, line_end = _line(text, person.start)
        if "。" in text[line_start:line_end] or _IN_SENTENCE.match(text, person.end):
            continue
        row_end = found[people[n + 1]].start if n + 1 < len(people) else len(text)
        row, last = [], person.end
        for m in members:
            f = found[m]
            if (last <= f.start < row_end and m not in headings and _close(text, last, f.start)
                    and "。" not in text[slice(*_line(text, f.start))]):
                row.append(m)
                last = f.end
        whole = [m for m in row if not text[found[m].start:found[m].end].endswith(UNITS)]
        if whole:
            for m in row:
                yield p, "memberOf", m, line_start, max(line_end, found[m].end), "roster:row"
            continue
        # only departments (…本部): their organisation is named above, and says who they are
        before = [m for m in members if person.start - TABLE_REACH <= found[m].start < person.start
                  and "。" not in text[found[m].end:person.start]
                  and not text[found[m].start:found[m].end].endswith(UNITS)]
        if before:
            m = before[-1]
            start = found[m].start if person.start - found[m].start <= ROW_GAP * 4 else line_start
            yield p, "memberOf", m, start, line_end, "roster:above"


def subunit_relations(document: Document, found: list[Found]) -> Iterator[tuple[int, str, int, int, int, str]]:
    """(unit, "partOf", organisation, evidence start, evidence end, source) where a unit's name
    follows its organisation's with nothing but space between (a letterhead or a signature)."""
    text = document.text
    members = [i for i, f in enumerate(found) if top_class(f.cls) in MEMBERS]
    for a, b in pairwise(members):
        upper, unit = found[a], found[b]
        if (text[upper.end:unit.start].strip() == "" and unit.start > upper.end
                and text[unit.start:unit.end].endswith(SUBUNITS)
                and not text[upper.start:upper.end].endswith(SUBUNITS)):
            yield b, "partOf", a, upper.start, unit.end, "roster:unit"
