"""Relations between the names of one document, each with the sentence that states it.

Three kinds of rule read them: frames (a predicate and its case-marked arguments,
relation_frames), links (two neighbouring names and the characters between them,
relation_links), and the structure of a document (a numbered session named with its series;
table rows of people and their organisations, rosters). Offsets are into Document.text.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

from spacy.tokens import Doc, Span

from .arguments import GRAMMAR, sentence_view
from .counted_lists import CountedGroup, counted_groups
from .definitions import Found
from .events import when_lines
from .models import Document, top_class
from .relation_frames import Match, frame_matches
from .relation_links import link_matches
from .resolve import chosen_events, event_name
from .rosters import roster_relations, subunit_relations

BACK_REFERENCES = tuple(GRAMMAR["back_references"])
SECTION_HEADING = re.compile(GRAMMAR["section_heading"], re.MULTILINE)
SERIES_MARKS = ("の第", "第", " 第")
MAX_EVIDENCE = 300


@dataclass(frozen=True)
class FoundRelation:
    """A relation between two Found mentions (indexes), stated by the text at start:end."""

    subject: int
    predicate: str
    object: int
    start: int
    end: int
    source: str


class _Events:
    """The dated events a document names, in order: which one a sentence without a name means."""

    def __init__(self, found: list[Found], text: str):
        self.whens = [start for start, _ in when_lines(text)]
        # a series named without a date (本対話) is not the session a sentence speaks of
        dated = [(text[f.start:f.end], f.values, i) for i, f in enumerate(found)
                 if top_class(f.cls) == "Event" and f.values is not None and f.values.date]
        chosen = chosen_events(d for d in dated if found[d[2]].key is None)
        self.at = [(found[i].start, i) for _, _, i in dated]
        # the same name again, whatever class it was given there, is that event too
        self.named_again = {i for i, f in enumerate(found)
                            if f.key is None and event_name(text[f.start:f.end]) in chosen}
        self.starts = [start for start, _ in self.at]
        self.found = found
        self.text = text

    def meant(self, sentence_start: int, sentence_end: int, inside: list[int], others: set[int]) -> int | None:
        """The event a sentence speaks of: the only one it names (other than the relation's
        other side), else the last one named before, when that stands in the same paragraph or
        the paragraph so far points back to one (今次会合において…。主な参加者として…)."""
        while sentence_start < sentence_end and self.text[sentence_start].isspace():
            sentence_start += 1
        events = {i for _, i in self.at} | self.named_again
        named = [i for i in inside if i in events and i not in others]
        if named:
            return named[0] if len(named) == 1 else None
        before = bisect.bisect_left(self.starts, sentence_start)
        if before == 0:
            return None
        last = self.at[before - 1][1]
        paragraph = self.text.rfind("\n", 0, sentence_start) + 1
        if paragraph <= self.found[last].start or self._in_section_of(last, sentence_start, sentence_end):
            return last
        return last if any(w in self.text[paragraph:sentence_end] for w in BACK_REFERENCES) else None

    def _in_section_of(self, event: int, sentence_start: int, sentence_end: int) -> bool:
        """Whether the sentence stands in the section a when-line opened for `event` (開催概要：…
        (2)出席機関：…), before the next numbered heading."""
        labels = [w for w in self.whens if self.found[event].end <= w < sentence_end]
        return bool(labels) and not SECTION_HEADING.search(self.text, labels[0], sentence_start)


def evidence_span(text: str, start: int, end: int, first: int, last: int) -> tuple[int, int]:
    """The sentence start:end, or for a long one (a flattened table) the lines around the two
    names at first and last."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start <= MAX_EVIDENCE:
        return start, end
    lo = max(text.rfind("\n", start, first) + 1, start)
    hi = text.find("\n", last, end)
    return lo, end if hi < 0 else hi


def _pairs(match: Match, event: int | None) -> Iterator[tuple[int, int]]:
    if match.pairwise and match.subject is not None:
        yield from combinations(match.subject.members, 2)
        return
    subjects = match.subject.members if match.subject else ([event] if event is not None else [])
    objects = match.object.members if match.object else ([event] if event is not None else [])
    for s in subjects:
        for o in objects:
            if s != o:
                yield s, o


def _series(found: list[Found], text: str) -> Iterator[tuple[int, int]]:
    """(session, series): 宇宙に関する包括的日米対話の第8回会合 is part of 宇宙に関する包括的日米対話."""
    names = {}
    for i, f in enumerate(found):
        names.setdefault(text[f.start:f.end], i)
    for i, f in enumerate(found):
        if top_class(f.cls) != "Event":
            continue
        name = text[f.start:f.end]
        for mark in SERIES_MARKS:
            cut = name.find(mark, 1)
            if cut > 0 and name[:cut] in names and names[name[:cut]] != i:
                yield i, names[name[:cut]]
                break


def find_relations(document: Document, parsed: Iterable[tuple[Doc, int]],
                   found: list[Found]) -> list[FoundRelation]:
    """Every relation the rules read in a document: `parsed` holds its chunks with their offsets,
    `found` its mentions (offsets into document.text, as the relations' evidence)."""
    order = sorted(range(len(found)), key=lambda i: (found[i].start, found[i].end))
    ordered = [found[i] for i in order]
    return [FoundRelation(order[r.subject], r.predicate, order[r.object], r.start, r.end, r.source)
            for r in _relations(document, parsed, ordered)]


def _relations(document: Document, parsed: Iterable[tuple[Doc, int]],
               found: list[Found]) -> list[FoundRelation]:
    """find_relations over mentions in text order."""
    text = document.text
    events = _Events(found, text)
    counted = counted_groups(text, found)
    starts = [f.start for f in found]
    out: list[FoundRelation] = []
    sentence_at: dict[int, tuple[int, int]] = {}  # found index -> its sentence's span
    for doc, offset in parsed:
        for span in doc.sents:
            if not span.text.strip():
                continue
            lo, hi = offset + span.start_char, offset + span.end_char
            inside = [i for i in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi))
                      if found[i].end <= hi]
            for i in inside:
                sentence_at[i] = (lo, hi)
            refs = [c for c in counted if lo <= c.start and c.end <= hi]
            if inside or refs:
                out += _sentence_relations(text, doc, span, offset, found, inside, events, refs)
    for session, series in _series(found, text):
        lo, hi = sentence_at.get(session, (found[session].start, found[session].end))
        start, end = evidence_span(text, lo, hi, found[session].start, found[session].end)
        out.append(FoundRelation(session, "partOf", series, start, end, "series"))
    out += [FoundRelation(*r) for r in roster_relations(document, found)]
    out += [FoundRelation(*r) for r in subunit_relations(document, found)]
    return out


def _sentence_relations(text: str, doc: Doc, span: Span, offset: int, found: list[Found],
                        inside: list[int], events: _Events, counted: list[CountedGroup]) -> list[FoundRelation]:
    sentence = sentence_view(doc, span, offset, found, inside, counted)
    lo, hi = offset + span.start_char, offset + span.end_char
    out = []
    for match, source in [(m, "frame") for m in frame_matches(sentence)] + [
            (m, "link") for m in link_matches(sentence)]:
        event = None
        if match.subject is None or match.object is None:
            present = match.subject or match.object
            event = events.meant(lo, hi, inside, set(present.members) if present else set())
            if event is None:
                continue
        for s, o in _pairs(match, event):
            first, last = min(found[s].start, found[o].start), max(found[s].end, found[o].end)
            start, end = evidence_span(text, lo, hi, first, last)
            out.append(FoundRelation(s, match.predicate, o, start, end, f"{source}:{match.trigger}"))
    return out
