"""The extraction pipeline: `ja_ginza` followed by spacekg's components, over whole documents.

Documents are parsed in chunks of whole lines: Sudachi refuses inputs over ~49 kB, and short
chunks keep the parser's memory flat on long reports.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import ginza_ner  # noqa: F401  (registers the sk_ginza_ner factory)
from .models import Document, Extraction, Mention
from .span_attrs import MENTIONS

MODEL = "ja_ginza"
COMPONENTS = ["sk_ginza_ner"]
CHUNK_CHARS = 4000


def load_nlp() -> Language:
    """ja_ginza with spacekg's components after it (the model ships in its wheel: no download)."""
    nlp = spacy.load(MODEL)
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp


def chunks(text: str, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pairs covering `text`, cut after a line break (or a 。) near `limit`."""
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind("。", start, end)
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


def to_mention(document: Document, offset: int, span: Span) -> Mention | None:
    """The span as a Mention located in the original text; None for an all-space span."""
    text = span.text
    lead = len(text) - len(text.lstrip())
    trail = len(text) - len(text.rstrip())
    start, end = offset + span.start_char + lead, offset + span.end_char - trail
    if start >= end:
        return None
    o_start, o_end = document.original_span(start, end)
    return Mention(
        doc_id=document.id, start=o_start, end=o_end, exact=document.original[o_start:o_end],
        name=document.text[start:end], cls=span.label_, source=span._.sk_source or "unknown",
        key=span.kb_id_ or None, values=span._.sk_values)


def extract(documents: Iterable[Document], nlp: Language | None = None,
            on_document: Callable[[Document], None] | None = None) -> Iterator[Extraction]:
    """One Extraction per document, in order; `on_document` is called as each one finishes."""
    nlp = nlp or load_nlp()
    for document in documents:
        pieces = list(chunks(document.text))
        result = Extraction(doc_id=document.id)
        parsed: Iterable[tuple[Doc, int]] = nlp.pipe(((text, off) for off, text in pieces),
                                                      as_tuples=True)
        for sdoc, offset in parsed:
            for span in sdoc.spans.get(MENTIONS, []):
                mention = to_mention(document, offset, span)
                if mention is not None:
                    result.mentions.append(mention)
        if on_document:
            on_document(document)
        yield result
