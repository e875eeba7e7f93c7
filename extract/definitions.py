"""Names a document defines in brackets: 宇宙航空研究開発機構（JAXA）, CONFERS（Consortium for …）,
「…」（通称「…」）, National Space Council（NSpC）.

A bracket right after a name that holds another name (an abbreviation, an English or Japanese
form) makes both names one thing, whatever the catalog or the model thought of either. An
abbreviation defined so is then found, with the class of its definition, all through the
document. A bracket that describes (CNA（…を拠点とする非営利のシンクタンク）) defines nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .compound_names import category_of
from .data_files import read_data
from .models import Values, top_class

RULES = read_data("definitions.json")
LEADS = tuple(sorted(RULES["leads"], key=len, reverse=True))
GENERIC = set(RULES["generic"])
NOT_DEFINITIONS = tuple(RULES["not_definitions"])
NOT_DEFINED = set(RULES["not_defined"])
MAX_CONTENT = 160

_BRACKET = re.compile(rf"\(([^()]{{1,{MAX_CONTENT}}})\)")
_PARTS = re.compile(r"\s*[:;,、/]\s*|\s+[-–]\s+")
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&.\-]*[A-Z0-9][A-Za-z0-9&.\-]*")
_LATIN_NAME = re.compile(r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|of|and|for|the|on|in|de|&|to))*")
_ACRONYM_BEFORE = re.compile(r"([A-Z][A-Za-z0-9&.\-/]*[A-Z0-9])\s*$")
_HIRAGANA_CLAUSE = re.compile(r"[ぁ-ゖ]{2,}|[をがはで]")  # words of a description, not of a name
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_KATAKANA = re.compile(r"[\u30a1-\u30fa]{2}")


@dataclass(frozen=True)
class Found:
    """A mention before it is placed in the original text: offsets into Document.text."""

    start: int
    end: int
    cls: str
    source: str
    key: str | None = None
    values: Values | None = None


def _name_parts(content: str) -> list[tuple[int, int]]:
    """(start, end) inside `content` of each part that reads as a name."""
    if content.startswith(NOT_DEFINITIONS):
        return []
    body_start = 0
    for lead in LEADS:
        if content.startswith(lead):
            body_start = len(lead)
            break
    parts, pos = [], body_start
    for piece in _PARTS.split(content[body_start:]) + [""]:
        at = content.find(piece, pos) if piece else -1
        if at < 0:
            continue
        pos = at + len(piece)
        name = piece.strip("「」『』\"“” ")
        if not name:
            continue
        if not _is_name(name):  # a bracket that also dates or describes defines nothing
            return []
        offset = at + piece.index(name)
        parts.append((offset, offset + len(name)))
    return parts


def _is_name(text: str) -> bool:
    if text in GENERIC or len(text) > 80:
        return False
    if _CJK.search(text):  # no clause, no date: 2020年5月27日 or …を拠点とする… is not a name
        if _HIRAGANA_CLAUSE.search(text.replace("の", "")) or re.search(r"[0-9。]", text):
            return False
        # a name, not a remark (生産中, 大学等): a category word ends it, or it is written in kana
        return category_of(text) is not None or bool(_KATAKANA.search(text))
    if len(text) < 2:
        return False
    return bool(_ACRONYM.fullmatch(text) or _LATIN_NAME.fullmatch(text))


def _acronym(text: str) -> bool:
    return bool(_ACRONYM.fullmatch(text)) and len(text) >= 2


def find_definitions(text: str, found: list[Found]) -> tuple[list[Found], list[tuple[int, int]]]:
    """All mentions with those the brackets define added, and pairs of indexes that name one thing.

    `found` must not overlap (what pipeline.select keeps); the result does not either.
    """
    found = sorted(found, key=lambda f: f.start)
    ends = {f.end: i for i, f in enumerate(found)}
    at = {(f.start, f.end): i for i, f in enumerate(found)}
    taken = [(f.start, f.end) for f in found]
    links: set[tuple[int, int]] = set()
    defined: dict[str, int] = {}  # abbreviation -> index of the mention it was defined beside

    def add(start: int, end: int, like: int) -> int | None:
        """The mention at start:end (made in the class of mention `like` if new)."""
        if (start, end) in at:
            return at[(start, end)]
        if any(s < end and start < e for s, e in taken):
            return None
        found.append(replace(found[like], start=start, end=end, source="rules", values=None))
        taken.append((start, end))
        at[(start, end)] = len(found) - 1
        return len(found) - 1

    for m in _BRACKET.finditer(text):
        before = text[:m.start()].rstrip(" 」』")
        name = ends.get(len(before))
        if name is not None and top_class(found[name].cls) in NOT_DEFINED:
            name = None  # タイ（国立科学技術開発機構：NSTDA）: the bracket may still define a name of its own
        content_start = m.start(1)
        parts = _name_parts(m.group(1))
        if name is not None:
            for a, b in parts:
                alias = add(content_start + a, content_start + b, name)
                if alias is not None:
                    links.add((name, alias))
                    if _acronym(text[content_start + a:content_start + b]):
                        defined[text[content_start + a:content_start + b]] = name
        else:  # CONFERS（Consortium for …）: a found name inside, the abbreviation before
            inside = [at[(content_start + a, content_start + b)] for a, b in parts
                      if (content_start + a, content_start + b) in at]
            abbr = _ACRONYM_BEFORE.search(before)
            if inside and abbr:
                alias = add(abbr.start(1), abbr.end(1), inside[0])
                if alias is not None:
                    links.add((inside[0], alias))
                    defined[abbr.group(1)] = inside[0]
            # （国立科学技術開発機構：NSTDA）: a found name, then its abbreviation
            if len(parts) == 2 and inside and inside[0] == at.get((content_start + parts[0][0],
                                                                 content_start + parts[0][1])):
                a, b = parts[1]
                content = m.group(1)
                if (_acronym(content[a:b]) and not _acronym(content[slice(*parts[0])])
                        and content[parts[0][1]:a].strip() == ":"):
                    alias = add(content_start + a, content_start + b, inside[0])
                    if alias is not None and alias != inside[0]:
                        links.add((inside[0], alias))
                        defined[m.group(1)[a:b]] = inside[0]
    # a name holding its abbreviation: … Surveillance Technologies (AMOS) Conference
    for i, f in enumerate(list(found)):
        for m in _BRACKET.finditer(text, f.start, f.end):
            if m.end() < f.end and _acronym(m.group(1)):
                defined.setdefault(m.group(1), i)
    for abbr, owner in defined.items():
        for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(abbr)}(?![A-Za-z0-9])", text):
            i = at.get((m.start(), m.end()))
            if i is None:
                i = add(m.start(), m.end(), owner)
            elif i != owner:  # the text's own definition beats the catalog and the model
                found[i] = replace(found[i], cls=found[owner].cls, key=found[owner].key)
            if i is not None and i != owner:
                links.add((owner, i))
    return found, sorted(links)
