"""One entity's card (`spacekg show NAME`): names, values, mentions, relations and their evidence.

A name is matched against every prefLabel and altLabel after `normalise`, so ＪＡＸＡ, jaxa and
"J A X A" all find the entity named JAXA. SPARQL has no NFKC, hence the comparison in Python.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from functools import cache
from typing import Literal

from pydantic import BaseModel, Field
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL, SKOS

from extract.errors import SpacekgError
from extract.models import SUBCLASS_OF

from .entities import ENTITY_CLASSES
from .query import QUERIES_DIR
from .vocab import OA, SK, load_ontology

EXAMPLE_OFFSETS = 3  # offsets shown per document: enough to find the mentions, few enough to read
SUGGESTIONS = 10
VALUE_PROPERTIES = ("amount", "currency", "fiscalYear", "year", "date", "countryCode")
LANGUAGE_ORDER = {"ja": 0, "en": 1}
SK_PREFIX = str(SK)
TOP_CLASSES = frozenset(SK[c] for c in ENTITY_CLASSES)


class EntityRef(BaseModel):
    """An entity in one line: IRI, classes (most specific first), prefLabel per language."""

    iri: str
    classes: list[str]
    labels: dict[str, str] = Field(description="skos:prefLabel per language tag, ja and en first")
    mentions: int
    date: str | None = Field(default=None, description="sk:date of an event: tells same-named events apart")

    @property
    def name(self) -> str:
        """ja / en names, or the IRI's last segment when the entity has no prefLabel."""
        return " / ".join(self.labels.values()) or self.iri.rsplit("/", 1)[-1]


class Span(BaseModel):
    start: int
    end: int


class DocumentMentions(BaseModel):
    document: str = Field(description="dcterms:identifier, the file name")
    count: int
    examples: list[Span] = Field(description=f"the first {EXAMPLE_OFFSETS} offsets")


class Evidence(BaseModel):
    """One sentence that states a relation, where it is, and the statement it supports."""

    statement: str
    document: str | None
    sentence: str | None
    start: int | None = None
    end: int | None = None


class RelationLine(BaseModel):
    """A property to one other entity, with the evidence of every statement of it."""

    direction: Literal["out", "in"] = Field(description="out: the entity is the subject; "
                                            "symmetric properties are always out")
    property: str
    symmetric: bool = False
    other: EntityRef
    evidence: list[Evidence]


class EntityCard(EntityRef):
    alt_labels: list[str]
    values: dict[str, str] = Field(description="sk: value properties present, by local name")
    documents: list[DocumentMentions]
    relations: list[RelationLine]


class NameNotFound(SpacekgError):
    """No entity has this name; `suggestions` are entities whose names contain it."""

    def __init__(self, name: str, suggestions: list[EntityRef]) -> None:
        super().__init__(f"no entity is named {name!r}")
        self.suggestions = suggestions


class AmbiguousName(SpacekgError):
    """Several entities have this name (or a pick is out of range); `candidates` lists them."""

    def __init__(self, message: str, candidates: list[EntityRef]) -> None:
        super().__init__(message)
        self.candidates = candidates


def normalise(name: str) -> str:
    """NFKC, case-folded, without whitespace: the form names are compared in."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def lookup(graph: Graph, name: str, pick: int | None = None) -> EntityCard:
    """The card of the entity NAME names (a label, an abbreviation or its IRI).

    `pick` (1-based) chooses among several entities of that name, in the order
    `find_candidates` gives. Raises NameNotFound or AmbiguousName.
    """
    found = find_candidates(graph, name)
    if not found:
        raise NameNotFound(name, suggest(graph, name))
    if pick is not None:
        if not 1 <= pick <= len(found):
            raise AmbiguousName(f"pick {pick}: {name!r} names {len(found)} entities", found)
        return entity_card(graph, URIRef(found[pick - 1].iri))
    if len(found) > 1:
        raise AmbiguousName(f"{name!r} names {len(found)} entities", found)
    return entity_card(graph, URIRef(found[0].iri))


def find_candidates(graph: Graph, name: str) -> list[EntityRef]:
    """Entities with a label equal to NAME once both are normalised, or the entity whose IRI
    NAME is; most mentioned first."""
    if name.startswith(("http://", "https://")):
        iri = URIRef(name)
        return [entity_ref(graph, iri)] if _is_entity(graph, iri) else []
    key = normalise(name)
    return _refs(graph, {entity for entity, label in _names(graph) if normalise(label) == key})


def suggest(graph: Graph, name: str, limit: int = SUGGESTIONS) -> list[EntityRef]:
    """Up to `limit` entities with a label that contains NAME, both normalised; most mentioned first."""
    key = normalise(name)
    if not key:
        return []
    return _refs(graph, {entity for entity, label in _names(graph) if key in normalise(label)})[:limit]


def entity_ref(graph: Graph, iri: URIRef) -> EntityRef:
    date = graph.value(iri, SK.date)
    return EntityRef(iri=str(iri), classes=_classes(graph, iri), labels=_pref_labels(graph, iri),
                     mentions=len(set(graph.subjects(OA.hasBody, iri))),
                     date=str(date) if date is not None else None)


def entity_card(graph: Graph, iri: URIRef) -> EntityCard:
    """Everything the graph says about one entity, each relation with its evidence."""
    values = {}
    for name in VALUE_PROPERTIES:
        value = graph.value(iri, SK[name])
        if value is not None:
            values[name] = str(value)
    return EntityCard(**entity_ref(graph, iri).model_dump(),
                      alt_labels=sorted(str(label) for label in graph.objects(iri, SKOS.altLabel)),
                      values=values, documents=_mentions(graph, iri), relations=_relations(graph, iri))


@cache
def symmetric_properties() -> frozenset[URIRef]:
    """The properties the ontology declares owl:SymmetricProperty (sk:cooperatesWith)."""
    return frozenset(p for p in load_ontology().subjects(RDF.type, OWL.SymmetricProperty)
                     if isinstance(p, URIRef))


def _names(graph: Graph) -> list[tuple[URIRef, str]]:
    sparql = (QUERIES_DIR / "show_names.rq").read_text(encoding="utf-8")
    return [(row.entity, str(row.label)) for row in graph.query(sparql)]


def _refs(graph: Graph, iris: set[URIRef]) -> list[EntityRef]:
    # a stable order, so that a pick chooses the same entity on every run
    return sorted((entity_ref(graph, iri) for iri in iris), key=lambda r: (-r.mentions, r.iri))


def _is_entity(graph: Graph, iri: URIRef) -> bool:
    return any(t in TOP_CLASSES for t in graph.objects(iri, RDF.type))


def _depth(cls: str) -> int:
    return 1 + _depth(SUBCLASS_OF[cls]) if cls in SUBCLASS_OF else 0


def _classes(graph: Graph, iri: URIRef) -> list[str]:
    names = {str(t).removeprefix(SK_PREFIX) for t in graph.objects(iri, RDF.type)
             if str(t).startswith(SK_PREFIX)}
    return sorted(names, key=lambda c: (-_depth(c), c))


def _pref_labels(graph: Graph, iri: URIRef) -> dict[str, str]:
    labels = {label.language or "": str(label) for label in sorted(graph.objects(iri, SKOS.prefLabel))}
    order = sorted(labels, key=lambda lang: (LANGUAGE_ORDER.get(lang, 2), lang))
    return {lang: labels[lang] for lang in order}


def _mentions(graph: Graph, iri: URIRef) -> list[DocumentMentions]:
    sparql = (QUERIES_DIR / "show_mentions.rq").read_text(encoding="utf-8")
    annotations: dict[str, set] = defaultdict(set)
    spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for row in graph.query(sparql, initBindings={"entity": iri}):
        document = str(row.document)
        annotations[document].add(row.annotation)
        if row.start is not None and row.end is not None:
            spans[document].add((int(row.start), int(row.end)))
    return [DocumentMentions(document=d, count=len(annotations[d]),
                             examples=[Span(start=s, end=e) for s, e in sorted(spans[d])[:EXAMPLE_OFFSETS]])
            for d in sorted(annotations, key=lambda d: (-len(annotations[d]), d))]


def _relations(graph: Graph, iri: URIRef) -> list[RelationLine]:
    sparql = (QUERIES_DIR / "show_relations.rq").read_text(encoding="utf-8")
    symmetric = symmetric_properties()
    statements: dict[tuple[str, URIRef, URIRef], dict[URIRef, str | None]] = defaultdict(dict)
    for row in graph.query(sparql, initBindings={"entity": iri}):
        # a symmetric relation is one line whichever side of the statement the entity is on
        direction = "out" if row.property in symmetric else str(row.direction)
        statements[(direction, row.property, row.other)][row.statement] = (
            None if row.document is None else str(row.document))
    lines = []
    for (direction, prop, other), documents in statements.items():
        evidence = [e for statement, document in documents.items()
                    for e in _evidence(graph, statement, document)]
        evidence.sort(key=lambda e: (e.document or "", -1 if e.start is None else e.start, e.sentence or ""))
        lines.append(RelationLine(direction=direction, property=str(prop).removeprefix(SK_PREFIX),
                                  symmetric=prop in symmetric, other=entity_ref(graph, other),
                                  evidence=evidence))
    return sorted(lines, key=lambda r: (r.direction != "out", r.property, r.other.name, r.other.iri))


def _evidence(graph: Graph, statement: URIRef, document: str | None) -> list[Evidence]:
    """One line per evidence span, paired with its sentence; sentences without a span last."""
    sentences = sorted(str(s) for s in graph.objects(statement, SK.evidence))
    spans = [_position(graph, span) for span in graph.objects(statement, SK.evidenceSpan)]
    lines, used = [], set()
    for start, end, exact in sorted(spans, key=lambda s: (s[0] is None, s[0] or 0)):
        if len(sentences) == 1 and len(spans) == 1:
            sentence = sentences[0]
        else:
            # sk:evidence is the sentence as the extractors read it (normalised text) and the
            # span quotes the original, so the two are paired once both are normalised
            sentence = next((s for s in sentences if exact is not None and normalise(s) == normalise(exact)),
                            exact)
        used.add(sentence)
        lines.append(Evidence(statement=str(statement), document=document, sentence=sentence,
                              start=start, end=end))
    lines += [Evidence(statement=str(statement), document=document, sentence=s)
              for s in sentences if s not in used]
    return lines


def _position(graph: Graph, span: URIRef) -> tuple[int | None, int | None, str | None]:
    """(start, end, quoted text) of an evidence span's selectors; None where a selector is absent."""
    start = end = exact = None
    for selector in graph.objects(span, OA.hasSelector):
        types = set(graph.objects(selector, RDF.type))
        if OA.TextPositionSelector in types:
            start, end = _int(graph.value(selector, OA.start)), _int(graph.value(selector, OA.end))
        if OA.TextQuoteSelector in types and graph.value(selector, OA.exact) is not None:
            exact = str(graph.value(selector, OA.exact))
    return start, end, exact


def _int(value) -> int | None:
    return None if value is None else int(value)
