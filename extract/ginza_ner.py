"""`sk_ginza_ner`: GiNZA's statistical named entities, mapped to spacekg classes.

GiNZA labels policy text noisily (JAXA as a product, 防衛省 as a job title); a name that ends
in a category word (…省, …条約) takes the class that word says, whatever the model guessed.
"""
from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from .span_attrs import add_mentions
from .values import parse_money

DATA = Path(__file__).parent / "data"


def _load_table(name: str) -> dict[str, str]:
    table = json.loads((DATA / name).read_text(encoding="utf-8"))
    return {k: v for k, v in table.items() if not k.startswith("_")}


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

    def __init__(self, labels: dict[str, str], suffixes: dict[str, str]):
        self.labels = labels
        # longest suffix first, so 小委員会 wins over 委員会 and 会
        self.suffixes = sorted(suffixes.items(), key=lambda kv: len(kv[0]), reverse=True)

    def classify(self, span: Span) -> str | None:
        cls = self.labels.get(span.label_)
        if cls is None or cls == "Budget":
            return cls
        for suffix, suffix_cls in self.suffixes:
            if span.text.endswith(suffix) and len(span.text) > len(suffix):
                return suffix_cls
        return cls

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for ent in doc.ents:
            ent = trim(ent)
            cls = self.classify(ent) if ent is not None else None
            if cls is None:
                continue
            span = Span(doc, ent.start, ent.end, label=cls)
            if cls == "Budget":
                values = parse_money(ent.text)
                if values is None:  # a Budget without an amount says nothing
                    continue
                span._.sk_values = values
            found.append(span)
        add_mentions(doc, "ginza", found)
        return doc


@Language.factory("sk_ginza_ner", assigns=["doc.spans"])
def make_ginza_ner(nlp: Language, name: str) -> GinzaNerMapper:
    return GinzaNerMapper(_load_table("ginza_labels.json"), _load_table("category_suffixes.json"))
