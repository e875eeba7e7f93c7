"""The names of one sentence as the relation rules see them: coordinated groups, each with the
case particle after it and the bunsetsu it depends on.

外務省、防衛省及びJAXAが参加した holds one group of three agencies that takes が and depends
on the bunsetsu 参加した. Groups are read from the text (GiNZA's parse of long name lists is
unreliable); what a group depends on is read from GiNZA's bunsetsu dependencies, which are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import ginza
from spacy.tokens import Doc, Span

from .data_files import read_data
from .definitions import Found
from .models import top_class

GRAMMAR = read_data("relation_grammar.json")
MARKERS = sorted(GRAMMAR["markers"], key=len, reverse=True)
TAILS = sorted(GRAMMAR["tails"], key=len, reverse=True)
# what may stand between two names of one list: separators, legal forms, words like 政府
_SEPARATOR = "|".join(re.escape(s) for s in sorted(
    GRAMMAR["separators"] + GRAMMAR["legal_forms"] + GRAMMAR["tails"], key=len, reverse=True))
_BETWEEN_NAMES = re.compile(rf"(?:\s|{_SEPARATOR})*")
_BRACKETS = "|".join(re.escape(b) for b in GRAMMAR["brackets"])
_BETWEEN_SAME_CLASS = re.compile(rf"(?:\s|{_SEPARATOR}|{_BRACKETS})*")
# classes that may stand in one list: actors with actors, each other class with its own
_ACTORS = {"Country", "Agency", "Organization"}


def _kind(cls: str) -> str:
    top = top_class(cls)
    return "actor" if top in _ACTORS else top


@dataclass
class Group:
    """Coordinated names (indexes into the document's Found list) and what follows them."""

    members: list[int]
    start: int  # offsets into the parsed chunk's text
    end: int
    classes: set[str]
    joined_by_to: bool = False  # AとB: the names act together (AとBとの間の協定)
    marker: str = ""  # case particle after the group, "" if none
    bunsetsu: int = -1  # index of the bunsetsu holding the group's last name
    head: int = -1  # index of the bunsetsu that one depends on
    tokens: set[int] = field(default_factory=set)


@dataclass
class Sentence:
    """One sentence of a parsed chunk with its name groups and bunsetsu."""

    span: Span
    offset: int  # the chunk's offset in the document text
    groups: list[Group]
    bunsetsu: list[Span]
    heads: list[int]  # bunsetsu index -> index of the bunsetsu it depends on

    def group_at(self, bunsetsu: int) -> list[Group]:
        """Groups with a name in the given bunsetsu."""
        b = self.bunsetsu[bunsetsu]
        return [g for g in self.groups if g.tokens & set(range(b.start, b.end))]


def read_marker(text: str, at: int) -> tuple[str, int]:
    """The case particle at `at` (after a closing bracket and words like 両国 or 側), and where
    the text after it starts."""
    pos = at
    while pos < len(text) and text[pos] in ") ":
        pos += 1
    for tail in TAILS:
        if text.startswith(tail, pos):
            pos += len(tail)
            break
    for marker in MARKERS:
        if text.startswith(marker, pos):
            return marker, pos + len(marker)
    return "", pos


def _bunsetsu_of(spans: list[Span], token: int) -> int:
    return next((i for i, b in enumerate(spans) if b.start <= token < b.end), -1)


def sentence_view(doc: Doc, sentence: Span, offset: int, found: list[Found],
                  inside: list[int]) -> Sentence:
    """The sentence's groups; `inside` lists the indexes of the Found mentions in it."""
    text = doc.text
    spans = list(ginza.bunsetu_spans(sentence))
    heads = []
    for b in spans:
        head = b.root.head
        heads.append(_bunsetsu_of(spans, head.i) if head.i != b.root.i else -1)
    groups: list[Group] = []
    for index in inside:
        f = found[index]
        start, end = f.start - offset, f.end - offset
        tokens = doc.char_span(start, end, alignment_mode="expand")
        token_ids = set(range(tokens.start, tokens.end)) if tokens is not None else set()
        last = groups[-1] if groups else None
        gap = text[last.end:start] if last else ""
        if last is not None and "\n\n" not in gap and (
                (_kind(f.cls) in {_kind(c) for c in last.classes} and _BETWEEN_NAMES.fullmatch(gap))
                or (top_class(f.cls) in last.classes and _BETWEEN_SAME_CLASS.fullmatch(gap))):
            last.members.append(index)
            last.end = end
            last.classes.add(top_class(f.cls))
            last.tokens |= token_ids
            last.joined_by_to = last.joined_by_to or gap.strip() == "と"
        else:
            groups.append(Group([index], start, end, {top_class(f.cls)}, tokens=token_ids))
    for g in groups:
        g.marker, _ = read_marker(text, g.end)
        last_token = max(g.tokens) if g.tokens else -1
        g.bunsetsu = _bunsetsu_of(spans, last_token)
        g.head = heads[g.bunsetsu] if g.bunsetsu >= 0 else -1
    return Sentence(sentence, offset, groups, spans, heads)
