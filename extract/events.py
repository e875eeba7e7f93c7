"""Dated events and money amounts: the value-bearing mentions of a document.

Dates are read once over the whole document, so 同年 or a bare 3月24日 takes its year from
what the text said before; an event noun phrase takes the date its sentence gives.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .dates import DateMatch
from .event_words import BACK_REFERENCES, BODIES, EVENT_WORDS, FORWARD, WHEN_LABELS
from .models import Values
from .span_attrs import covering_span
from .values import MoneyMatch

# a when-label, then the date it gives (digits or an era name), on its line or the next
_WHEN_LINE = re.compile(r"(?:%s)\s*[:：]?\s*(?=[0-9０-９]|平成|令和|昭和|西暦)" % "|".join(
    re.escape(w) for w in sorted(WHEN_LABELS, key=len, reverse=True)))
WHEN_GAP = 40  # characters of heading between a sentence and the when-line after it
NAME_POS = {"NOUN", "PROPN", "NUM"}
MAX_NAME_TOKENS = 8
SERIES_MARKS = ("の第", " 第")
SERIES_JOINS = ("の", " ")
# 宇宙に関する包括的日米対話: に関する inside an event name is part of the name, not a clause
LINKS = ("に関する",)
LINKS_TOKENS = ("に", "関する")
TITLE_DATE_GAP = 12  # characters between a title and its date bracket: " (IAC)（"


def _event_class(token_text: str) -> str | None:
    return next((cls for word, cls in EVENT_WORDS if token_text.endswith(word)), None)


def _phrase_start(doc: Doc, head: int, sentence: Span) -> int:
    """Where the noun phrase ending at token `head` starts: nouns, numbers, 第/回 before it,
    through 「…に関する」 and, for a numbered session, its series (…対話の第8回会合)."""
    start = head
    while start > sentence.start and head - start < MAX_NAME_TOKENS:
        before = doc[start - 1]
        if before.pos_ in NAME_POS and not before.is_punct:
            start -= 1
        elif (doc.text[:before.idx + len(before)].endswith(LINKS)
              and start - len(LINKS_TOKENS) > sentence.start
              and doc[start - len(LINKS_TOKENS) - 1].pos_ in NAME_POS):
            start -= len(LINKS_TOKENS) + 1  # the noun before に関する comes with it
        else:
            break
    return start


def _phrase(doc: Doc, head: int, sentence: Span) -> Span:
    start = _phrase_start(doc, head, sentence)
    if start - 2 >= sentence.start and doc[start - 1].text == "の" and doc[start - 2].text in FORWARD:
        return doc[start - 2:head + 1]  # 次回の全体会合
    if doc[start].text == "第" and doc.text[:doc[start].idx].endswith(SERIES_JOINS):
        # 日米対話の第8回会合: the session is named with its series
        series_end = start - 1
        start = _phrase_start(doc, series_end - 1, sentence)
    return doc[start:head + 1]


def _dates_in(sentence: Span, dates: list[DateMatch], offset: int) -> list[DateMatch]:
    """The dates inside the sentence (offsets of `dates` are document offsets)."""
    lo, hi = offset + sentence.start_char, offset + sentence.end_char
    return [d for d in dates if lo <= d.start and d.end <= hi]


def when_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each label that gives a date (開催概要：平成19年11月6日…): the line
    dates the event named just before it, and the section it opens speaks of that event."""
    return [(m.start(), m.end()) for m in _WHEN_LINE.finditer(text)]


def _sentence_dates(sentence: Span, dates: list[DateMatch], offset: int,
                    whens: list[tuple[int, int]]) -> list[DateMatch]:
    """The sentence's own dates, else those of a when-line right after it: 「…国際宇宙探査会議が
    併催された。\n開催概要：平成19年11月8日」, or past a heading (「…位置づけた。\n2.会合結果\n
    (1)開催概要：」)."""
    inside = _dates_in(sentence, dates, offset)
    if inside:
        return inside
    text, end = sentence.doc.text, sentence.end_char
    for start, date_at in whens:
        if 0 <= start - end <= WHEN_GAP and "。" not in text[end:start]:
            return [d for d in dates if d.start == offset + date_at][:1]
    return []


def _date_near(candidates: list[DateMatch], at: int) -> DateMatch | None:
    """The date closest before `at`, else the first after it: in 2007年3月に京都会合、同11月に
    ベルリン会合 each meeting takes the date written before it."""
    before = [d for d in candidates if d.end <= at]
    return before[-1] if before else next((d for d in candidates if d.start >= at), None)


def find_events(doc: Doc, offset: int, dates: list[DateMatch]) -> list[Span]:
    """Event spans of one parsed chunk (at `offset` in the document), each with its date."""
    spans = []
    whens = when_lines(doc.text)
    for sentence in doc.sents:
        candidates = _sentence_dates(sentence, dates, offset, whens)
        if not candidates:
            continue
        for token in sentence:
            cls = _event_class(token.text) if token.pos_ in {"NOUN", "VERB"} else None
            if cls is None:
                continue
            phrase = _phrase(doc, token.i, sentence)
            if len(phrase) < 2 or phrase.text.endswith(BODIES) or "各" in phrase.text or (
                    phrase.text.startswith(BACK_REFERENCES) and not phrase.text.startswith(FORWARD)):
                continue
            if doc.text.startswith(SERIES_MARKS, phrase.end_char):
                continue  # 日米対話の第8回会合: the dialogue is a series, its session the event
            date = _date_near(candidates, offset + phrase.start_char)
            span = Span(doc, phrase.start, phrase.end, label=cls)
            span._.sk_values = Values(date=date.value)
            spans.append(span)
    return spans


def date_titles(doc: Doc, offset: int, titles: list[Span], dates: list[DateMatch]) -> list[Span]:
    """Event titles other rules found, each with the date in a bracket right after it (Space Law
    Webinar（2020年6月10日、…）), else the nearest in its sentence; undated titles are left out."""
    spans = []
    for title in titles:
        end = offset + title.end_char
        date = next((d for d in dates if 0 <= d.start - end <= TITLE_DATE_GAP), None) or _date_near(
            _dates_in(title.sent, dates, offset), offset + title.start_char)
        if date is not None:
            span = Span(doc, title.start, title.end, label=title.label)
            span._.sk_values = Values(date=date.value)
            spans.append(span)
    return spans


def money_spans(doc: Doc, offset: int, money: list[MoneyMatch]) -> tuple[list[Span], dict]:
    """Budget spans for the amounts inside this chunk, and the characters each one means."""
    spans, chars = [], {}
    for m in money:
        start, end = m.start - offset, m.end - offset
        if start < 0 or end > len(doc.text):
            continue
        span = covering_span(doc, start, end, "Budget", chars)
        if span is not None:
            span._.sk_values = m.values
            spans.append(span)
    return spans, chars
