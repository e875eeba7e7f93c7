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

from .models import Entity, Extraction, Mention, top_class

# Characters that spelling variants add or drop: ＪＡＸＡ/JAXA, H-IIA/HIIA, 「きぼう」/きぼう.
_NOISE = re.compile(r"[\s\-‐‑–—・･「」『』\"'“”]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


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
    return normalise_name(mention.name)


def entity_id(key: str, cls: str, from_catalog: bool) -> str:
    if from_catalog:
        return key
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


def resolve(extractions: Iterable[Extraction]) -> list[Entity]:
    """Group every mention into entities; sorted by id for a stable output."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for extraction in extractions:
        for mention in extraction.mentions:
            groups[entity_key(mention)].append(mention)
    entities = []
    for key, mentions in groups.items():
        cls = _choose_class(mentions)
        from_catalog = any(m.key for m in mentions)
        names = Counter(m.name for m in mentions)
        labels: dict[str, str] = {}
        for name, _count in names.most_common():
            labels.setdefault(language_of(name), name)
        values = next((m.values for m in mentions if m.values is not None), None)
        unique = sorted({(m.doc_id, m.start, m.end): m for m in mentions}.values(),
                        key=lambda m: (m.doc_id, m.start, m.end))
        entities.append(Entity(
            id=entity_id(key, cls, from_catalog), cls=cls, labels=labels,
            alt_labels=set(names) - set(labels.values()), mentions=unique, values=values))
    return sorted(entities, key=lambda e: e.id)
