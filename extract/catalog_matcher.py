"""`sk_catalog`: names of the curated catalog found in the text, typed and keyed by catalog id.

Names are matched character by character (longest first) on the NFKC text, and kept only where
both ends fall on token boundaries, so インド in インド太平洋 or タイ in タイプ is not a country.
A numbered craft of a catalogued series (嫦娥1号, みちびき2号機) is a system of its own.
One-kanji country abbreviations (日米, 米中, 日米豪印) count in runs of two or more, and alone only
right before a proper name or a word such as 政府 (米バイデン政権, 独ベルリン, 英政府).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from .catalog import CatalogEntry, load_catalog, names_of
from .data_files import read_data
from .models import top_class
from .span_attrs import add_mentions

PROPER_NOUN = "名詞-固有名詞"  # Sudachi's tag prefix for proper nouns
_NUMBERED = re.compile(r" ?[0-9]+ ?号機?")


def fold(text: str) -> str:
    """NFKC and lower case, one character for one, so offsets in the folded text hold."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[CatalogEntry] = field(default_factory=list)
    ambiguous: bool = False


class NameIndex:
    """A character trie of every catalog name, for longest-match search."""

    def __init__(self, entries: list[CatalogEntry]):
        self.root = _Node()
        self.short: dict[str, CatalogEntry] = {}
        for entry in entries:
            for name in names_of(entry):
                node = self.root
                for c in fold(name):
                    node = node.children.setdefault(c, _Node())
                if entry not in node.entries:
                    node.entries.append(entry)
                node.ambiguous |= name in entry.ambiguous_names
            for s in entry.short:
                self.short[s] = entry

    def longest(self, text: str, start: int) -> tuple[int, _Node] | None:
        """(end, node) of the longest name starting at `start`, if any."""
        node, best = self.root, None
        for i in range(start, len(text)):
            node = node.children.get(text[i])
            if node is None:
                break
            if node.entries:
                best = (i + 1, node)
        return best


class CatalogMatcher:
    def __init__(self, entries: list[CatalogEntry], not_followed_by: dict[str, list[str]],
                 short_alone_before: tuple[str, ...] = ()):
        self.index = NameIndex(entries)
        self.not_followed_by = not_followed_by
        self.short_alone_before = short_alone_before

    def _choose(self, node: _Node, countries: Counter[str]) -> CatalogEntry:
        """The entry a shared name means here: the one of the country the text speaks most of."""
        if len(node.entries) == 1:
            return node.entries[0]
        return max(node.entries, key=lambda e: (countries.get(e.country or "", 0), -node.entries.index(e)))

    def _blocked(self, entry: CatalogEntry, text: str, end: int) -> bool:
        return any(text.startswith(word, end) for word in self.not_followed_by.get(entry.cls, []))

    def find(self, doc: Doc) -> list[Span]:
        text = fold(doc.text)
        found: list[tuple[int, int, _Node]] = []
        i = 0
        while i < len(text):
            hit = self.index.longest(text, i)
            if hit is not None and doc.char_span(i, hit[0]) is not None:
                found.append((i, hit[0], hit[1]))
                i = hit[0]
            else:
                i += 1
        # names that mean one thing only tell which country the text speaks of
        countries = Counter(n.entries[0].country for _, _, n in found
                            if len(n.entries) == 1 and not n.ambiguous and n.entries[0].country)
        spans = []
        for start, end, node in found:
            entry = self._choose(node, countries)
            if self._blocked(entry, text, end):
                continue
            numbered = _NUMBERED.match(text, end) if top_class(entry.cls) == "SpaceSystem" else None
            if numbered and doc.char_span(start, numbered.end()) is not None:
                # 嫦娥1号 is one craft of the series the catalog names: a thing of its own
                spans.append(doc.char_span(start, numbered.end(), label=entry.cls))
                continue
            spans.append(doc.char_span(start, end, label=entry.cls, kb_id=entry.id))
        return spans

    def short_runs(self, doc: Doc, text: str, taken: list[Span]) -> tuple[list[Span], dict]:
        """日米, 米中, 日米豪印: each character of a run of two or more is a country.

        Returns the spans and, for those inside a token (米 in 米豪), the characters meant.
        """
        covered = {i for span in taken for i in range(span.start_char, span.end_char)}
        spans, chars, i = [], {}, 0
        while i < len(text):
            j = i
            while j < len(text) and text[j] in self.index.short and j not in covered:
                j += 1
            if j - i >= 2 and doc.char_span(i, j) is not None:
                for k in range(i, j):
                    entry = self.index.short[text[k]]
                    token = doc.char_span(k, k + 1, alignment_mode="expand")
                    span = Span(doc, token.start, token.end, label=entry.cls, kb_id=entry.id)
                    spans.append(span)
                    if (span.start_char, span.end_char) != (k, k + 1):
                        chars[(span.start_char, span.end_char, entry.id)] = (k, k + 1)
            i = max(j, i + 1)
        return spans, chars

    def short_alone(self, doc: Doc, taken: list[Span]) -> list[Span]:
        """A one-kanji token (米, 独) right before a proper name, a catalog name or 政府-like word."""
        starts = {span.start for span in taken}
        spans = []
        for token in doc[:-1]:
            entry = self.index.short.get(fold(token.text))
            if entry is None or token.whitespace_:
                continue
            after = doc[token.i + 1]
            if (after.tag_.startswith(PROPER_NOUN) or after.i in starts
                    or doc.text.startswith(self.short_alone_before, after.idx)):
                spans.append(Span(doc, token.i, token.i + 1, label=entry.cls, kb_id=entry.id))
        return spans

    def __call__(self, doc: Doc) -> Doc:
        spans = self.find(doc)
        runs, chars = self.short_runs(doc, fold(doc.text), spans)
        alone = self.short_alone(doc, spans)
        add_mentions(doc, "catalog", spans + runs + alone, chars)
        return doc


@Language.factory("sk_catalog", assigns=["doc.spans"])
def make_catalog_matcher(nlp: Language, name: str) -> CatalogMatcher:
    rules = read_data("catalog_context.json")
    return CatalogMatcher(load_catalog(), rules["not_followed_by"], tuple(rules["short_alone_before"]))
