"""Relations two neighbouring name groups state without a verb: ISECGの加盟機関であるJAXA,
CSIS（Kaitlyn Johnson 氏）, ESA主催の会合, タイ（国立科学技術開発機構）.

Each link in data/relation_links.json gives the classes on each side and a pattern for the few
characters between them (and, where needed, after the right-hand group).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from .arguments import Sentence
from .data_files import read_data
from .relation_frames import Match

LINKS = [dict(link, gap=re.compile(link["gap"]), after=re.compile(link.get("after", "")))
         for link in read_data("relation_links.json")["links"]]
MAX_GAP = 40
MAX_TRIGGER = 8  # characters of the lead text kept as the rule's trigger in a relation's source


def link_matches(sentence: Sentence) -> Iterator[Match]:
    """Every link between consecutive groups of the sentence, between a name and the names in
    a bracket after it, and between the sentence's event and a group (於 ベルリン)."""
    text = sentence.span.doc.text
    outer = [g for g in sentence.groups if g.host is None]
    for before, right in zip([None, *outer], outer, strict=False):  # each group with the one before it
        lead = text[max(before.end if before else 0, right.start - MAX_GAP):right.start]
        for link in LINKS:
            if link["left"] is None and right.fits(link["right"]) and link["gap"].search(lead):
                subject, obj = (None, right) if link["subject"] == "left" else (right, None)
                yield Match(link["predicate"], subject, obj, lead.strip()[-MAX_TRIGGER:])
                break
    pairs = list(pairwise(outer)) + [(g.host, g) for g in sentence.groups if g.host is not None]
    for left, right in pairs:
        gap = text[left.end:right.start]
        if len(gap) > MAX_GAP:
            continue
        after = text[right.end:right.end + MAX_GAP]
        for link in LINKS:
            if not (link["left"] and left.fits(link["left"]) and right.fits(link["right"])
                    and link["gap"].search(gap) and link["after"].search(after)):
                continue
            subject, obj = (left, right) if link["subject"] == "left" else (right, left)
            yield Match(link["predicate"], subject, obj, gap.strip() or "adjacent")
            break
