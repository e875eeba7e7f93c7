"""The words of events (data/event_words.json): the nouns that make a name an event's (会合,
対話, 会議 …) and the words around them. Kept apart from extract/events.py, which works on
spaCy docs, so that resolution reads them without loading spaCy.
"""
from __future__ import annotations

from .data_files import read_data

_WORDS = read_data("event_words.json", notes=True)
EVENT_WORDS: list[tuple[str, str]] = sorted(
    ((word, cls) for cls, words in _WORDS.items() if not cls.startswith("_") for word in words),
    key=lambda wc: -len(wc[0]))
WHEN_LABELS = tuple(_WORDS["_when_labels"])
FORWARD = tuple(_WORDS["_forward"])
BODIES = tuple(_WORDS["_bodies"])
# an event phrase starting with these refers back to one (同会合, 本対話, 次回会合), it names none;
# one holding 各 (ローマ各会合) speaks of several
BACK_REFERENCES = ("同", "本", "今", "次", "前", "当", "各", "その", "この")


def event_word(name: str) -> str | None:
    """The event noun a name ends with (会合 in 京都会合), None for other names."""
    return next((word for word, _ in EVENT_WORDS if name.endswith(word)), None)
