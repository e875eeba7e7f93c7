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

from .counted_lists import CountedGroup
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
_APPOSITIVE = re.compile(r"\s*\(([^()]{1,80})\)")  # a bracket right after a name
CLOSERS = ")」』 "  # closing brackets and quotes between a name and its particle
_ANY_BRACKET = re.compile(r"\([^()]*\)")
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
    last_class: str = ""  # top class of the last name
    marker: str = ""  # case particle after the group, "" if none
    bunsetsu: int = -1  # index of the bunsetsu holding the group's last name
    head: int = -1  # index of the bunsetsu that one depends on
    tokens: set[int] = field(default_factory=set)
    host: Group | None = None  # for names in a bracket: the name the bracket follows

    def fits(self, classes: list[str]) -> bool:
        """Whether every name of the group is of one of `classes` (contract classes)."""
        return bool(self.classes) and self.classes <= set(classes)


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


def read_marker(text: str, at: int) -> str:
    """The case particle after a group ending at `at`, past an appositive bracket, closing
    brackets and words like 両国, 氏 or 含む that name the group again."""
    pos, moved = at, True
    while moved:
        moved = False
        while pos < len(text) and text[pos] in CLOSERS:
            pos, moved = pos + 1, True
        bracket = _APPOSITIVE.match(text, pos)
        if bracket:
            pos, moved = bracket.end(), True
        tail = next((t for t in TAILS if text.startswith(t, pos)), None)
        if tail:
            pos, moved = pos + len(tail), True
    return next((m for m in MARKERS if text.startswith(m, pos)), "")


def _bunsetsu_of(spans: list[Span], token: int) -> int:
    return next((i for i, b in enumerate(spans) if b.start <= token < b.end), -1)


def sentence_view(doc: Doc, sentence: Span, offset: int, found: list[Found],
                  inside: list[int], counted: list[CountedGroup] = ()) -> Sentence:
    """The sentence's groups; `inside` lists the indexes of the Found mentions in it, in order,
    `counted` the counted references in it (１２機関 for the names of a list named before).

    Names in a bracket right after a name (CSIS（Kaitlyn Johnson 氏）, 航空宇宙局（NASA）) form
    their own group, hosted by that name; when the bracket holds nothing but names, they take
    the host's role in the sentence too. The bracket does not break the list around it.
    """
    text = doc.text
    spans = list(ginza.bunsetu_spans(sentence))
    heads = []
    for b in spans:
        head = b.root.head
        heads.append(_bunsetsu_of(spans, head.i) if head.i != b.root.i else -1)
    top: list[Group] = []
    inner: dict[int, list[Group]] = {}  # host found index -> groups in its bracket
    host, bracket_end = -1, -1
    for index in inside:
        f = found[index]
        start, end = f.start - offset, f.end - offset
        tokens = doc.char_span(start, end, alignment_mode="expand")
        token_ids = set(range(tokens.start, tokens.end)) if tokens is not None else set()
        if start < bracket_end:
            _add(inner.setdefault(host, []), index, f.cls, start, end, token_ids, text)
            continue
        _add(top, index, f.cls, start, end, token_ids, text)
        bracket = _APPOSITIVE.match(text, end)
        host, bracket_end = (index, bracket.end()) if bracket else (-1, -1)
    for c in counted:
        tokens = doc.char_span(c.start - offset, c.end - offset, alignment_mode="expand")
        classes = {top_class(found[i].cls) for i in c.members}
        top.append(Group(list(c.members), c.start - offset, c.end - offset, classes,
                         last_class=top_class(found[c.members[-1]].cls),
                         tokens=set(range(tokens.start, tokens.end)) if tokens is not None else set()))
    top.sort(key=lambda g: g.start)
    groups = list(top)
    for g in top:
        _place(g, text, spans, heads)
    for host_index, hosted in inner.items():
        host_group = next(g for g in top if host_index in g.members)
        f = found[host_index]
        named_only = _names_only(text, f.end - offset, hosted)
        for g in hosted:
            _place(g, text, spans, heads)
            g.host = Group([host_index], f.start - offset, f.end - offset, {top_class(f.cls)})
            if named_only:
                g.marker, g.bunsetsu, g.head = host_group.marker, host_group.bunsetsu, host_group.head
            groups.append(g)
        if named_only and host_group.classes == {"Country"} and all(
                "Country" not in g.classes for g in hosted):
            host_group.marker = ""  # タイ（国立科学技術開発機構）から: the body acts, not the state
    return Sentence(sentence, offset, sorted(groups, key=lambda g: g.start), spans, heads)


def _add(groups: list[Group], index: int, cls: str, start: int, end: int, tokens: set[int],
         text: str) -> None:
    """Put a name into the last group when only separators (and brackets) stand between."""
    last = groups[-1] if groups else None
    gap = _ANY_BRACKET.sub("", text[last.end:start]) if last else ""
    # 日本のJAXA: a state before の names whose body follows, in a list of actors
    of_state = gap == "の" and last is not None and last.last_class == "Country"
    if (last is not None and "\n\n" not in gap and _kind(cls) in {_kind(c) for c in last.classes}
            and (_BETWEEN_NAMES.fullmatch(gap) or of_state)):
        last.members.append(index)
        last.end = end
        last.classes.add(top_class(cls))
        last.last_class = top_class(cls)
        last.tokens |= tokens
        last.joined_by_to = last.joined_by_to or gap.strip() == "と"
    else:
        groups.append(Group([index], start, end, {top_class(cls)}, last_class=top_class(cls), tokens=tokens))


def _place(g: Group, text: str, spans: list[Span], heads: list[int]) -> None:
    g.marker = read_marker(text, g.end)
    g.bunsetsu = _bunsetsu_of(spans, max(g.tokens) if g.tokens else -1)
    g.head = heads[g.bunsetsu] if g.bunsetsu >= 0 else -1


def _names_only(text: str, at: int, hosted: list[Group]) -> bool:
    """Whether the bracket at `at` holds only the hosted names, separators and titles."""
    bracket = _APPOSITIVE.match(text, at)
    if bracket is None:
        return False
    rest = text[bracket.start(1):bracket.end(1)]
    for g in sorted(hosted, key=lambda g: -g.start):
        rest = rest[:g.start - bracket.start(1)] + rest[g.end - bracket.start(1):]
    return bool(_BETWEEN_SAME_CLASS.fullmatch(rest))
