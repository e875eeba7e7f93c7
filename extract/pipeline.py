"""The extraction pipeline: `ja_ginza` followed by spacekg's components, over whole documents.

Documents are parsed in chunks of whole lines: Sudachi refuses inputs over ~49 kB, and short
chunks keep the parser's memory flat on long reports.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.api import NumpyOps, set_current_ops

from . import catalog_matcher, ginza_ner, rules  # noqa: F401  (register the components' factories)
from .dates import document_year, find_dates
from .definitions import Found, find_definitions
from .events import date_titles, find_events, money_spans
from .models import Document, Evidence, Extraction, Mention, Relation, top_class
from .overlaps import non_overlapping
from .parallel import available_cores, parse
from .relations import FoundRelation, find_relations
from .span_attrs import GROUPS, PRIORITY, add_mentions, found_mentions
from .values import find_money

MODEL = "ja_ginza"
COMPONENTS = ["sk_catalog", "sk_rules", "sk_ginza_ner"]

CHUNK_CHARS = 4000
_URL = re.compile(r"https?://\S+")


def load_ginza() -> Language:
    """ja_ginza as it ships (the model is in its wheel: no download), on numpy's BLAS.

    Its matrix products go through numpy's BLAS (OpenBLAS, one thread: extract/__init__.py)
    rather than thinc's default, blis, which chooses its kernels by CPU model and falls back to
    slow generic ones on a CPU it does not know (docs/benchmarks.md). The parses are the same.
    """
    set_current_ops(NumpyOps(use_blis=False))
    return spacy.load(MODEL)


def load_nlp() -> Language:
    """ja_ginza with spacekg's components after it."""
    nlp = load_ginza()
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


def select(found: list[tuple[str, Span, tuple[int, int]]]) -> list[tuple[str, Span, tuple[int, int]]]:
    """Mentions without overlaps: the more trusted extractor first, then longer, then earlier."""
    return non_overlapping(found, span=lambda f: f[2], rank=lambda f: PRIORITY[f[0]])


def rule_events(doc: Doc) -> list[Span]:
    """Event titles the rules found in this chunk (they get their dates with the other events)."""
    return [span for span in doc.spans.get(GROUPS["rules"], []) if top_class(span.label_) == "Event"]


def to_found(offset: int, source: str, span: Span, chars: tuple[int, int]) -> Found | None:
    """The span located in the document's text, without edge spaces; None for an all-space span."""
    text = span.doc.text[chars[0]:chars[1]]
    start = offset + chars[0] + len(text) - len(text.lstrip())
    end = offset + chars[1] - (len(text) - len(text.rstrip()))
    if start >= end:
        return None
    return Found(start, end, span.label_, source, span.kb_id_ or None, span._.sk_values)


def to_mention(document: Document, found: Found) -> Mention:
    """`found` located in the original text."""
    o_start, o_end = document.original_span(found.start, found.end)
    return Mention(
        doc_id=document.id, start=o_start, end=o_end, exact=document.original[o_start:o_end],
        name=document.text[found.start:found.end], cls=found.cls, source=found.source,
        key=found.key, values=found.values)


def to_relation(document: Document, mentions: list[Mention], found: FoundRelation) -> Relation:
    """`found` between the document's mentions, with its evidence located in the original text."""
    o_start, o_end = document.original_span(found.start, found.end)
    evidence = Evidence(doc_id=document.id, start=o_start, end=o_end,
                        sentence=document.text[found.start:found.end])
    return Relation(subject=mentions[found.subject], predicate=found.predicate,
                    object=mentions[found.object], evidence=evidence, source=found.source)


def extract(documents: Iterable[Document], nlp: Language | None = None,
            on_document: Callable[[Document], None] | None = None, workers: int = 1) -> Iterator[Extraction]:
    """One Extraction per document, in order; `on_document` is called as each one finishes.

    The chunks of all documents are parsed as one stream, in `workers` processes when more
    than one, one per CPU core for 0 (extract/parallel.py); the rest of a document's extraction
    is done here once its last chunk is back.
    """
    nlp = nlp or load_nlp()
    documents = list(documents)
    pieces = [list(chunks(document.text)) for document in documents]
    texts = [text for document_pieces in pieces for _, text in document_pieces]
    parsed = parse(nlp, texts, min(workers or available_cores(), len(texts)))
    for document, document_pieces in zip(documents, pieces):
        result = _extraction(document, [(next(parsed), offset) for offset, _ in document_pieces])
        if on_document:
            on_document(document)
        yield result


def _extraction(document: Document, parsed: list[tuple[Doc, int]]) -> Extraction:
    """The mentions and relations of `document` from its parsed chunks (and their offsets)."""
    dates = find_dates(document.text, document_year(document.text))
    money = find_money(document.text)
    found: list[Found] = []
    for sdoc, offset in parsed:
        budgets, chars = money_spans(sdoc, offset, money)
        titles = date_titles(sdoc, offset, rule_events(sdoc), dates)
        add_mentions(sdoc, "values", find_events(sdoc, offset, dates) + titles + budgets, chars)
        for source, span, chars in select(found_mentions(sdoc)):
            item = to_found(offset, source, span, chars)
            if item is not None:
                found.append(item)
    # names inside an address (…/AMOS20-Program.pdf) name nothing
    text = _URL.sub(lambda m: " " * len(m.group()), document.text)
    found = [f for f in found if not text[f.start:f.end].isspace()]
    found, aliases = find_definitions(text, found)
    mentions = [to_mention(document, f) for f in found]
    relations = [to_relation(document, mentions, r) for r in find_relations(document, parsed, found)]
    return Extraction(doc_id=document.id, mentions=mentions, relations=relations, aliases=aliases)
