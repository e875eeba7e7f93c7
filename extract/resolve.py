"""Resolution: mentions that name the same thing become one Entity, within and across documents.

A mention the catalog knows joins the entity of its catalog id; any other joins the entity of
its normalised name. Ids are derived from those keys, so a rebuild gives every thing the same IRI.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TypeVar

from .catalog import CatalogEntry, names_of
from .event_words import BACK_REFERENCES, event_word
from .models import Entity, Extraction, Mention, Values, top_class

# Characters that spelling variants add or drop: ＪＡＸＡ/JAXA, H-IIA/HIIA, 「きぼう」/きぼう.
_NOISE = re.compile(r"[\s\-‐‑–—・･「」『』\"'“”]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
EVENT = "event:"  # the key prefix of a dated event
T = TypeVar("T")


def normalise_name(name: str) -> str:
    """The form two spellings of one name share: NFKC, case-folded, without spaces and dots."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", name)).casefold()


def language_of(name: str) -> str:
    return "ja" if _CJK.search(name) else "en"


def entity_key(mention: Mention) -> str:
    """The grouping key: the catalog id, a Budget's value, or the normalised name."""
    if mention.key:
        return mention.key
    if top_class(mention.cls) == "Budget" and mention.values is not None:
        return f"budget:{mention.values.amount}:{mention.values.currency}:{normalise_name(mention.name)}"
    if top_class(mention.cls) == "Event" and mention.values is not None:
        # two 第1回研究会 on different dates are two events
        return f"{EVENT}{mention.values.date}:{event_name(mention.name)}"
    return normalise_name(mention.name)


def event_name(name: str) -> str:
    """The normal form of an event's name: 日米対話の第8回会合 and 日米対話 第8回会合 are one."""
    return normalise_name(name).replace("の第", "第")


def entity_id(key: str, cls: str) -> str:
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return f"{top_class(cls).lower()}-{digest}"


def _choose_class(mentions: list[Mention]) -> str:
    """The class most mentions give; between equals, the more specific (a subclass) wins."""
    votes = Counter(m.cls for m in mentions)
    top: Counter[str] = Counter()
    for c, n in votes.items():
        top[top_class(c)] += n
    best_top = max(top, key=lambda c: (top[c], c))
    subclasses = [c for c in votes if top_class(c) == best_top]
    return max(subclasses, key=lambda c: (votes[c], c != best_top, c))


def catalog_names(catalog: Iterable[CatalogEntry]) -> dict[str, CatalogEntry]:
    """Normalised name -> entry, for the names that mean one entry only."""
    owners: dict[str, list[CatalogEntry]] = defaultdict(list)
    for entry in catalog:
        for name in names_of(entry):
            if name not in entry.ambiguous_names:
                owners[normalise_name(name)].append(entry)
    return {name: entries[0] for name, entries in owners.items() if len(entries) == 1}


class _Keys:
    """Union-find over grouping keys: names a document defines as one thing share a group.

    Two catalog entries are never joined, and a group the catalog knows keeps its id.
    """

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.catalog_ids: set[str] = set()

    def root(self, key: str) -> str:
        while self.parent.get(key, key) != key:
            key = self.parent[key]
        return key

    def join(self, a: str, b: str, same_event: bool = False) -> None:
        """Put a and b in one group; `same_event` when both are dated events known to be one."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb or (ra in self.catalog_ids and rb in self.catalog_ids):
            return
        dated = [k for k in (ra, rb) if k.startswith(EVENT)]
        if (len(dated) == 2 and not same_event) or (dated and (ra in self.catalog_ids or rb in self.catalog_ids)):
            return  # a dated session is not its series: 71st IAC (IAC) is not the IAC
        if rb in self.catalog_ids:
            ra, rb = rb, ra
        self.parent[rb] = ra


def chosen_events(events: Iterable[tuple[str, Values, T]]) -> dict[str, T]:
    """Event name -> the item (name, values, item) whose date stands for every mention of that
    name in a document: the only date given, or the only day-precise one (a table row's
    2021年3月17日 over a sentence's 本年度); a name given two precise dates names two events."""
    by_name: dict[str, dict[Values, T]] = defaultdict(dict)
    for name, values, item in events:
        by_name[event_name(name)].setdefault(values, item)
    chosen = {}
    for name, by_value in by_name.items():
        precise = [item for v, item in by_value.items() if len(v.date or "") == len("YYYY-MM-DD")]
        if len(by_value) == 1 or len(precise) == 1:
            chosen[name] = precise[0] if precise else next(iter(by_value.values()))
    return chosen


_NUMBERED = re.compile(r"第?[0-9０-９一二三四五六七八九十]+回")


def _same_date_events(keyed: list[tuple[str, Mention]]) -> list[tuple[int, int]]:
    """Pairs of one document's event mentions that name one meeting in two ways: the same
    event noun and dates that agree (平成19年3月の国際宇宙探査会合 and 2007年3月の京都会合;
    同11月のベルリン会合 and the 11月6日 ISECG会合). Numbered sessions keep their number."""
    by_word: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, (_, m) in enumerate(keyed):
        word = event_word(m.name) if top_class(m.cls) == "Event" else None
        if (word and m.key is None and m.values is not None and m.values.date
                and not _NUMBERED.search(m.name) and not m.name.startswith(BACK_REFERENCES)):
            by_word[word].append((i, m.values.date))
    pairs = []
    for events in by_word.values():
        for n, (i, date) in enumerate(events):
            pairs += [(i, j) for j, other in events[n + 1:]
                      if date.startswith(other) or other.startswith(date)]
    return pairs


MIN_SHORT_NAME = 2  # one character (林) begins too many names


def _short_person_names(keyed: list[tuple[str, Mention]]) -> list[tuple[int, int]]:
    """Pairs (short, full) of one document's person mentions where the short name (菊地,
    William Welser) begins exactly one fuller name of a person there (菊地 耕一)."""
    people = [(i, normalise_name(m.name)) for i, (_, m) in enumerate(keyed) if top_class(m.cls) == "Person"]
    fuller = {}
    for i, name in people:
        if len(name) < MIN_SHORT_NAME:
            continue
        longer = {other for _, other in people if other != name and other.startswith(name)}
        if len(longer) == 1:
            fuller[i] = longer.pop()
    first_of = {}
    for i, name in people:
        first_of.setdefault(name, i)
    return [(i, first_of[full]) for i, full in fuller.items()]


def resolve(extractions: Iterable[Extraction], catalog: Iterable[CatalogEntry] = ()) -> list[Entity]:
    """Group every mention into entities; sorted by id for a stable output.

    A mention another extractor found under a name the catalog knows joins the catalog entity;
    names a document defines as one (宇宙航空研究開発機構（JAXA）) join one entity.
    """
    entries = {e.id: e for e in catalog}
    by_name = catalog_names(entries.values())
    keys = _Keys()
    keyed: list[tuple[str, Mention]] = []
    for extraction in extractions:
        first = len(keyed)
        dated = chosen_events((m.name, m.values, m) for m in extraction.mentions
                              if top_class(m.cls) == "Event" and m.values is not None and m.key is None)
        for mention in extraction.mentions:
            known = by_name.get(normalise_name(mention.name))
            if mention.key is None and known is not None and top_class(known.cls) == top_class(mention.cls):
                mention = mention.model_copy(update={"key": known.id, "cls": known.cls})
            event = dated.get(event_name(mention.name)) if mention.key is None else None
            if event is not None and (mention.values is None or top_class(mention.cls) == "Event"):
                # the dated event, named again (国際宇宙探査会議 as a Council elsewhere)
                mention = mention.model_copy(update={"cls": event.cls, "values": event.values})
            if mention.key:
                keys.catalog_ids.add(mention.key)
            keyed.append((entity_key(mention), mention))
        for a, b in extraction.aliases:
            keys.join(keyed[first + a][0], keyed[first + b][0])
        for a, b in _short_person_names(keyed[first:]):
            keys.join(keyed[first + a][0], keyed[first + b][0])
        for a, b in _same_date_events(keyed[first:]):
            keys.join(keyed[first + a][0], keyed[first + b][0], same_event=True)
    groups: dict[str, list[Mention]] = defaultdict(list)
    for key, mention in keyed:
        groups[keys.root(key)].append(mention)
    return sorted((_entity(key, mentions, entries.get(key)) for key, mentions in groups.items()),
                  key=lambda e: e.id)


def _entity(key: str, mentions: list[Mention], entry: CatalogEntry | None) -> Entity:
    names = Counter(m.name for m in mentions)
    labels: dict[str, str] = {}
    if entry is not None:
        labels = {lang: name for lang, name in (("ja", entry.ja), ("en", entry.en)) if name}
    for name, _count in names.most_common():
        labels.setdefault(language_of(name), name)
    variants = set(names) | (set(names_of(entry)) if entry else set())
    unique = sorted({(m.doc_id, m.start, m.end): m for m in mentions}.values(),
                    key=lambda m: (m.doc_id, m.start, m.end))
    return Entity(
        id=key if any(m.key for m in mentions) else entity_id(key, _choose_class(mentions)),
        cls=entry.cls if entry is not None else _choose_class(mentions),
        labels=labels, alt_labels=variants - set(labels.values()), mentions=unique,
        country=entry.country if entry is not None else None,
        # merged mentions of one event: the most precise date stands
        values=max((m.values for m in mentions if m.values is not None),
                   key=lambda v: len(v.date or ""), default=None))
