"""Relations a predicate states: 「AはBを監督する」「Aが運用するB」「Bに署名した」.

A frame (data/relation_frames.json) names trigger words and the roles of the name groups that
depend on the trigger's bunsetsu. The case particle after a group says its role, the passive
voice swaps them, and the noun a clause modifies takes the frame's `modified` role.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span

from .arguments import GRAMMAR, Group, Sentence
from .data_files import read_data

FRAMES = read_data("relation_frames.json")["frames"]
TRIGGERS = {t for frame in FRAMES for t in frame["triggers"]}
MAX_CLIMB = 3
# 議長を務めた, 署名が行われた, 傍聴があった: the noun before a light verb is the predicate
LIGHT_VERB_OBJECTS = ("を", "が")
AGENT = set(GRAMMAR["agent_markers"])
PATIENT = set(GRAMMAR["patient_markers"])
PASSIVE_AGENT = set(GRAMMAR["passive_agent_markers"])
PASSIVE_PATIENT = set(GRAMMAR["passive_patient_markers"])
PARTNER = set(GRAMMAR["partner_markers"])
PASSIVE_AUX = set(GRAMMAR["passive_auxiliaries"])
TOPIC = set(GRAMMAR["topic_markers"])
AMBIGUOUS = set(GRAMMAR["ambiguous_markers"])
NEGATIONS = set(GRAMMAR["negations"])
# a clause that ends here goes on (…を開発し、…): it modifies no noun
_CLAUSE_ENDS = ("、", "。", "て", "し", "り", "で")


@dataclass(frozen=True)
class Match:
    """A frame that fits: the relation and the groups on each side (None: the sentence's event)."""

    predicate: str
    subject: Group | None
    object: Group | None
    trigger: str
    pairwise: bool = False  # cooperatesWith among the names of one group


def _trigger(frame: dict, text: str) -> str | None:
    return next((t for t in frame["triggers"] if t in text), None)


def _markers(frame: dict, passive: bool) -> tuple[set[str], set[str]]:
    if passive:
        return (set(frame.get("agent_markers", [])) & PASSIVE_AGENT or PASSIVE_AGENT,
                PASSIVE_PATIENT)
    return set(frame.get("agent_markers", AGENT)), set(frame.get("patient_markers", PATIENT))



def _attachments(sentence: Sentence, texts: list[str]) -> dict[int, int]:
    """Group (by position) -> the bunsetsu of the predicate it is an argument of: the one it
    depends on, or, when that holds neither a verb nor a trigger (a misparse of a long name
    list), the first such bunsetsu further up. A group before の modifies a noun: no climbing."""
    out = {}
    for n, g in enumerate(sentence.groups):
        b, steps = g.head, 0
        while (b >= 0 and g.marker not in ("", "の") and steps < MAX_CLIMB
               and not any(t.pos_ == "VERB" and t.dep_ != "fixed" for t in sentence.bunsetsu[b])
               and not any(trigger in texts[b] for trigger in TRIGGERS)):
            b, steps = sentence.heads[b], steps + 1
        out[n] = b
    return out


def _modified(sentence: Sentence, b: int) -> Group | None:
    """The group of the noun that the clause ending in bunsetsu `b` modifies."""
    if sentence.bunsetsu[b].text.rstrip().endswith(_CLAUSE_ENDS):
        return None
    head = sentence.heads[b]
    if head < 0:
        return None
    groups = sentence.group_at(head)
    return groups[0] if groups else None


def _predicate_text(sentence: Sentence, b: int, named: set[int]) -> str:
    """The words of bunsetsu `b` that are not part of a name (推進 in 宇宙開発戦略推進事務局 is
    no predicate), verbs by their lemma, with the noun of a light verb before it."""
    def words(span: Span) -> str:
        return "".join(t.lemma_ if t.pos_ == "VERB" else t.text for t in span if t.i not in named)
    objects = [words(sentence.bunsetsu[d]) for d, head in enumerate(sentence.heads)
               if head == b and sentence.bunsetsu[d].text.rstrip().endswith(LIGHT_VERB_OBJECTS)
               and not set(range(sentence.bunsetsu[d].start, sentence.bunsetsu[d].end)) & named]
    return "".join(objects) + words(sentence.bunsetsu[b])


def frame_matches(sentence: Sentence) -> Iterator[Match]:
    """Every frame that fits a predicate of the sentence."""
    named = set().union(*(g.tokens for g in sentence.groups)) if sentence.groups else set()
    texts = [_predicate_text(sentence, b, named) for b in range(len(sentence.bunsetsu))]
    attached = _attachments(sentence, texts)
    for b, bunsetsu in enumerate(sentence.bunsetsu):
        if any(t.lemma_ in NEGATIONS and t.pos_ == "AUX" for t in bunsetsu):
            continue  # 署名しておらず: the text denies it
        passive = any(t.lemma_ in PASSIVE_AUX for t in bunsetsu)
        dependents = [g for n, g in enumerate(sentence.groups) if attached[n] == b]
        modified = _modified(sentence, b)
        text = texts[b]
        for frame in FRAMES:
            trigger = _trigger(frame, text)
            if trigger is None:
                continue
            agent_markers, patient_markers = _markers(frame, passive)
            agents = [g for g in dependents if g.marker in agent_markers and g.fits(frame["agent"])]
            if not agents and not passive:
                # a topic (AはBを開発し、Cを運用する) is the agent of every predicate after it
                agents = [g for g in sentence.groups if g.marker in TOPIC and g.end <= bunsetsu.start_char
                          and g.fits(frame["agent"])]
            patients = [g for g in dependents if g.marker in patient_markers and g not in agents
                        and g.fits(frame["patient"])]
            if modified is not None and any(g.marker in AMBIGUOUS for g in agents + patients if g in dependents):
                continue  # 宇宙作戦群も監督する防衛省: も hides whether the group oversees or is overseen
            if modified is not None and modified not in agents + patients:
                role = frame["modified"]
                if role == "patient" and modified.fits(frame["patient"]):
                    patients.append(modified)
                elif role == "agent" and modified.fits(frame["agent"]):
                    agents.append(modified)
            if frame.get("partner"):
                partners = [g for g in dependents if g.marker in PARTNER and g.fits(frame["patient"])]
                yield from _cooperation(frame, trigger, agents, partners)
                continue
            if not agents and frame.get("agent_else_event"):
                agents = [None]
            if not patients and frame.get("patient_else_event"):
                patients = [None]
            if not agents or not patients:
                continue
            for agent in agents:
                for patient in patients:
                    if frame["relation"] == "agent":
                        yield Match(frame["predicate"], agent, patient, trigger)
                    else:
                        yield Match(frame["predicate"], patient, agent, trigger)
            break  # the first frame that fits the trigger's arguments says what they mean


def _cooperation(frame: dict, trigger: str, agents: list[Group],
                 partners: list[Group]) -> Iterator[Match]:
    """AはBと連携: A with B; AとBとの間の協力, 日米両国が協力: the names of one group together."""
    for agent in agents:
        for partner in partners:
            yield Match(frame["predicate"], agent, partner, trigger)
    for group in agents + partners:
        if len(group.members) > 1 and (group.joined_by_to or group in agents):
            yield Match(frame["predicate"], group, group, trigger, pairwise=True)
