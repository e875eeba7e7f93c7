"""`sk_ginza_ner`: GiNZA's statistical named entities, mapped to spacekg classes.

GiNZA labels policy text noisily (JAXA as a product, 防衛省 as a job title); a name that ends
in a category word (…省, …条約) takes the class that word says, whatever the model guessed.
A Japanese guess made only of common nouns that ends in no category word (国際社会世論形成,
…本部主席研究員) is a phrase, not a name; a person needs a token Sudachi knows as a name, and
names in Latin script are left to extract/latin_names.py, which reads them far better.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from .compound_names import CATEGORY_WORDS, category_of
from .data_files import read_data
from .models import top_class
from .span_attrs import add_mentions

_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_KATAKANA = re.compile(r"[\u30a1-\u30ff]")


def latin_name_shape(text: str, connectors: set[str]) -> bool:
    """An English proper name: capitalised words (or acronyms), small connectors between."""
    words = text.split()
    if not words or not words[0][:1].isupper() or text.endswith((".", ",")):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in connectors for w in words)


# Sudachi tags: 名詞-固有名詞-人名-姓 is a family name, 名詞-固有名詞-地名-国 a country …
PROPER_NOUN = "名詞-固有名詞"
PERSON_NAME = "人名"

# Parts of speech that never end or start a name: GiNZA sometimes takes 「防衛省及び」 as one entity.
FUNCTION_POS = {"ADP", "CCONJ", "SCONJ", "AUX", "PART", "PUNCT", "SYM", "SPACE"}


def trim(span: Span) -> Span | None:
    """`span` without function words at its edges; None when nothing is left."""
    start, end = span.start, span.end
    while start < end and span.doc[start].pos_ in FUNCTION_POS:
        start += 1
    while end > start and span.doc[end - 1].pos_ in FUNCTION_POS:
        end -= 1
    return Span(span.doc, start, end, label=span.label) if start < end else None


class GinzaNerMapper:
    """Copies `doc.ents` into the mention group with spacekg classes; drops unmapped labels."""

    def __init__(self, labels: dict[str, str], filters: dict):
        self.labels = labels
        # longest suffix first, so 小委員会 wins over 委員会 and 会
        self.bare_words = set(CATEGORY_WORDS)  # 事務局 or 本部 alone names nothing
        self.catalog_only = set(filters["catalog_only"])
        self.generic_prefixes = tuple(filters["generic_prefixes"])
        self.connectors = set(filters["latin_connectors"])
        self.role_words = tuple(filters["role_words"])

    def plausible(self, span: Span, cls: str) -> bool:
        """False for what the model often mistakes for a name (see data/ginza_filters.json)."""
        text = span.text
        after = span.doc.text[span.end_char:span.end_char + 1]
        if _KATAKANA.fullmatch(text[-1]) and _KATAKANA.fullmatch(after or " "):
            return False  # cut inside a katakana word (ウェスティン|グランドホテル): part of a longer name
        if (top_class(cls) in self.catalog_only or text.startswith(self.generic_prefixes)
                or any(word in text for word in self.role_words)):
            return False
        if _LATIN.search(text) and not _CJK.search(text):
            return cls != "Person" and latin_name_shape(text, self.connectors)
        if cls == "Person":
            return any(PERSON_NAME in t.tag_ for t in span)
        return True

    def classify(self, span: Span) -> str | None:
        """The class the category word at the end says, else the model's when it is a name."""
        cls = self.labels.get(span.label_)
        if cls is None or span.text in self.bare_words:
            return None
        category = category_of(span.text)
        if category is not None:
            return category[1]
        if _CJK.search(span.text) and cls != "Person" and not any(
                t.tag_.startswith(PROPER_NOUN) for t in span):
            return None
        return cls

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for ent in doc.ents:
            ent = trim(ent)
            cls = self.classify(ent) if ent is not None else None
            if cls is None or not self.plausible(ent, cls):
                continue
            span = Span(doc, ent.start, ent.end, label=cls)
            found.append(span)
        add_mentions(doc, "ginza", found)
        return doc


@Language.factory("sk_ginza_ner", assigns=["doc.spans"])
def make_ginza_ner(nlp: Language, name: str) -> GinzaNerMapper:
    return GinzaNerMapper(read_data("ginza_labels.json"), read_data("ginza_filters.json"))
