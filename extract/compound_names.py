"""Japanese compound names that end in a category word: 軌道安全財団, 情報収集衛星, 「宇宙活動法」.

GiNZA tokens give the compound's edges (a run of nouns, ・ inside); the category word at its end
gives the class (data/category_suffixes.json). Only the category words that rarely end ordinary
phrases count on their own; any category word counts inside 「」, where the text quotes a name.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from .data_files import read_data

_RULES = read_data("compound_names.json")
_CLASSES = read_data("category_suffixes.json")
CATEGORY_WORDS = sorted(_CLASSES, key=len, reverse=True)  # longest first: 小委員会 before 委員会
SAFE_WORDS = set(_RULES["suffixes"])
GENERIC_STARTS = tuple(_RULES["generic_starts"])
MIN_STEM = _RULES["min_stem_chars"]

NAME_POS = {"NOUN", "PROPN"}
_NAME_SIGNS = re.compile(r"[\u30a0-\u30ffA-Za-z]")  # katakana or Latin letters
_QUOTED = re.compile(r"「([^「」\n。、]{2,40})」")


def category_of(name: str) -> tuple[str, str] | None:
    """(category word, class) the name ends in, if any: the one place names are typed by it."""
    word = next((w for w in CATEGORY_WORDS if name.endswith(w)), None)
    return (word, _CLASSES[word]) if word else None


def _named(stem: str, has_proper_noun: bool) -> bool:
    """Whether what precedes the category word makes the compound a name, not a kind of thing."""
    if not stem or stem.startswith(GENERIC_STARTS):
        return False
    return has_proper_noun or bool(_NAME_SIGNS.search(stem)) or len(stem) >= MIN_STEM


def _runs(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token ranges of noun runs, joined by ・ and not crossing a line."""
    runs, start = [], None
    for token in doc:
        inside = token.pos_ in NAME_POS or (token.text == "・" and start is not None)
        if inside and "\n" not in token.text:
            start = token.i if start is None else start
            if token.whitespace_:
                runs.append((start, token.i + 1))
                start = None
        elif start is not None:
            runs.append((start, token.i))
            start = None
    if start is not None:
        runs.append((start, len(doc)))
    return runs


def find_compound_names(doc: Doc) -> list[tuple[int, int, str]]:
    """(start_char, end_char, class) of compound names in `doc`."""
    found = []
    for start, end in _runs(doc):
        span = doc[start:end]
        category = category_of(span.text)
        if category is None or category[0] not in SAFE_WORDS:
            continue
        if len(category[0]) == 1 and doc[end - 1].text != category[0]:
            continue  # 反省 is no ministry: a one-character category word must be a token of its own
        stem = span.text[:-len(category[0])]
        if _named(stem, any(t.pos_ == "PROPN" for t in span)):
            found.append((span.start_char, span.end_char, category[1]))
    for m in _QUOTED.finditer(doc.text):
        category = category_of(m.group(1))
        if category and _named(m.group(1)[:-len(category[0])], False):
            found.append((m.start(1), m.end(1), category[1]))
    return found
