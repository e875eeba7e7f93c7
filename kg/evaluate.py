"""Score a graph against the development gold set (tests/gold/*.json).

The rules are those of the external scorer (shared/eval/score.py), so the numbers here agree
with it exactly; the project keeps its own copy of the rules because it must stand alone.

Per document D (one gold file each):

* Entities. An extracted entity takes part in D when it has a mention (an oa:Annotation whose
  target's oa:hasSource is D's sk:Document). It can match a gold entity of D when their types
  agree (gold "Satellite" is sk:SpaceSystem; an sk: subclass counts as its top class) and one
  normalised name of it (mention text or label) equals one normalised name of the gold entity
  (mention, label_ja, label_en, abbr). Matching is one-to-one (a maximum bipartite matching), so
  two extracted entities for one real thing leave one of them unmatched: an error.
* Relations. A gold relation (s, p, o) is found when D has an rdf:Statement derived from D with
  p's property between the entities matched to s and o (either direction for cooperatesWith).
  Gold `signatory` is sk:partyTo and `launched` is sk:launchedBy.

Across the graph: `values` checks Budget amount/currency and Event date of matched entities,
`spans_exact` checks that each mention's offsets reproduce its oa:exact in the file,
`statements_backed` checks that each relation statement's plain triple is in the graph, and
`identity` checks that a real thing named in several gold documents landed on one entity.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from pydantic import BaseModel, computed_field
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from .vocab import OA, SK

# The eleven contract classes, by local name.
TOP_TYPES = ("Country", "Agency", "Organization", "Person", "SpaceSystem", "Program",
             "Agreement", "Law", "Policy", "Budget", "Event")
# The gold files say Satellite for every space system.
GOLD_TYPE = {"Satellite": "SpaceSystem"}
# Gold relation name -> sk: property local name. Gold relations named otherwise are not scored.
GOLD_PROPERTY = {
    "memberOf": "memberOf", "partOf": "partOf", "oversees": "oversees", "operates": "operates",
    "develops": "develops", "funds": "funds", "allocatedTo": "allocatedTo", "signatory": "partyTo",
    "participatedIn": "participatedIn", "organizedBy": "organizedBy",
    "establishedBy": "establishedBy", "cooperatesWith": "cooperatesWith", "launched": "launchedBy",
    "successorOf": "successorOf", "locatedIn": "locatedIn", "conductedBy": "conductedBy",
    "targets": "targets",
}
SCORED_PROPERTIES = frozenset(GOLD_PROPERTY.values())
SYMMETRIC = frozenset({"cooperatesWith"})
LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, RDFS.label, SKOS.hiddenLabel)
FLOOR_METRICS = ("entity_p", "entity_r", "entity_f1", "relation_p", "relation_r", "relation_f1",
                 "values", "spans_exact", "statements_backed")

_SK = str(SK._NS)


def normalise(name: str) -> str:
    """The form names are compared in: NFKC (full-width -> ASCII), no whitespace, lower case,
    and without hyphens, nakaguro and 「」, which writers use inconsistently."""
    s = unicodedata.normalize("NFKC", str(name))
    s = re.sub(r"\s+", "", s).lower()
    for ch in ("-", "‐", "・", "「", "」"):
        s = s.replace(ch, "")
    return s


# --------------------------------------------------------------------------- results


class Counts(BaseModel):
    """found (true positives), extracted (predicted) and gold, with the rates they give."""

    found: int = 0
    extracted: int = 0
    gold: int = 0

    # The three rates use score.py's formulas term for term, so the floats round identically.
    @computed_field
    @property
    def precision(self) -> float:
        return self.found / self.extracted if self.extracted else 0.0

    @computed_field
    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @computed_field
    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Ratio(BaseModel):
    """ok out of total checks."""

    ok: int = 0
    total: int = 0

    @computed_field
    @property
    def rate(self) -> float | None:
        """ok / total, or None when nothing was checked."""
        return self.ok / self.total if self.total else None


class GoldEntityRef(BaseModel):
    """A gold entity that no extracted entity matched."""

    id: str
    type: str  # the graph's type name (Satellite already mapped to SpaceSystem)
    names: list[str]
    why: str = ""  # what the graph holds instead, as far as names tell


class ExtractedEntityRef(BaseModel):
    """An extracted entity with a mention in the document that matched no gold entity."""

    iri: str
    type: str
    names: list[str]  # its mention texts in this document, then its labels


class GoldRelationRef(BaseModel):
    """A gold relation that the graph does not state for its document."""

    s: str
    p: str  # as written in the gold file (e.g. "signatory")
    o: str
    property: str  # the sk: property it is scored as (e.g. "partyTo")
    evidence: str = ""


class DocumentReport(BaseModel):
    doc: str
    entity: Counts
    relation: Counts
    missed_entities: list[GoldEntityRef] = []
    extra_entities: list[ExtractedEntityRef] = []
    missed_relations: list[GoldRelationRef] = []


class EvalReport(BaseModel):
    documents: list[DocumentReport]
    by_type: dict[str, Counts]  # type name -> entities found / extracted / gold
    by_property: dict[str, Counts]  # sk: property -> relations found / extracted / gold
    entity: Counts  # micro over the documents
    relation: Counts
    values: Ratio  # Budget amount+currency and Event date of matched entities
    spans_exact: Ratio  # mentions whose offsets reproduce oa:exact in the file
    statements_backed: Ratio  # rdf:Statements whose plain triple is in the graph
    identity: Ratio  # pairs of documents naming one real thing where both landed on one entity

    def metric(self, name: str) -> float | None:
        """One of FLOOR_METRICS as a number (None for a ratio with nothing checked)."""
        counts = {"entity": self.entity, "relation": self.relation}
        if name in {"values", "spans_exact", "statements_backed"}:
            return getattr(self, name).rate
        kind, _, rate = name.partition("_")
        if kind in counts and rate in {"p", "r", "f1"}:
            c = counts[kind]
            return {"p": c.precision, "r": c.recall, "f1": c.f1}[rate]
        raise ValueError(f"unknown metric {name!r}; known: {', '.join(FLOOR_METRICS)}")


# --------------------------------------------------------------------------- the graph's side


@dataclass
class _GraphView:
    """What the scoring needs from the graph, read once."""

    types: dict[URIRef, str]  # entity -> top type name
    # document file name -> entity -> normalised mention texts (insertion-ordered: the order in
    # which entities are first met decides the matching's tie-breaks, as in score.py)
    mentions: dict[str, dict[URIRef, set[str]]]
    surface: dict[str, dict[URIRef, list[str]]]  # the same mentions as written, for reports
    relations: dict[str, set[tuple]]  # document file name -> {(s, property local name, o)}
    spans: Ratio = field(default_factory=Ratio)
    backed: Ratio = field(default_factory=Ratio)


def _top_type_of_class(graph: Graph) -> dict[URIRef, str]:
    """Every class that is one of the eleven top classes or (transitively) a subclass of one."""
    result = {SK._NS[t]: t for t in TOP_TYPES}
    changed = True
    while changed:  # a fixed point, so subclass chains of any depth resolve
        changed = False
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            if sup in result and sub not in result:
                result[sub] = result[sup]
                changed = True
    return result


def _read_graph(graph: Graph, docs_dir: Path) -> _GraphView:
    top = _top_type_of_class(graph)
    doc_name = {d: Path(str(ident)).name for d, ident in graph.subject_objects(DCTERMS.identifier)}
    types: dict[URIRef, str] = {}
    for e, cls in graph.subject_objects(RDF.type):
        if cls in top and isinstance(e, URIRef):
            types.setdefault(e, top[cls])  # first type met wins, as in score.py

    texts = _DocumentTexts(docs_dir)
    mentions: dict[str, dict[URIRef, set[str]]] = defaultdict(dict)
    surface: dict[str, dict[URIRef, list[str]]] = defaultdict(dict)
    spans = Ratio()
    for ann in graph.subjects(RDF.type, OA.Annotation):
        bodies = [b for b in graph.objects(ann, OA.hasBody) if b in types]
        for target in graph.objects(ann, OA.hasTarget):
            doc = doc_name.get(graph.value(target, OA.hasSource))
            if doc is None:
                continue
            exact, start, end = _selectors(graph, target)
            for b in bodies:
                # A mention without quoted text still puts the entity in the document.
                mentions[doc].setdefault(b, set()).add(normalise(exact) if exact else "")
                if exact and exact not in surface[doc].setdefault(b, []):
                    surface[doc][b].append(exact)
            text = texts.get(doc)
            if exact is not None and start is not None and text is not None:
                spans.total += 1
                spans.ok += text[start:end] == exact

    relations: dict[str, set[tuple]] = defaultdict(set)
    backed = Ratio()
    for st in graph.subjects(RDF.type, RDF.Statement):
        s, p, o = (graph.value(st, q) for q in (RDF.subject, RDF.predicate, RDF.object))
        if p is None or not str(p).startswith(_SK) or str(p)[len(_SK):] not in SCORED_PROPERTIES:
            continue  # statements about other properties are not relations under evaluation
        backed.total += 1
        # Note: like score.py, a missing subject/object acts as a wildcard in this lookup.
        backed.ok += (s, p, o) in graph
        for src in graph.objects(st, PROV.wasDerivedFrom):
            if src in doc_name:
                relations[doc_name[src]].add((s, str(p)[len(_SK):], o))
    return _GraphView(types, mentions, surface, relations, spans, backed)


def _selectors(graph: Graph, target) -> tuple[str | None, int | None, int | None]:
    """(exact, start, end) from a target's selectors; a later selector overrides an earlier one."""
    exact = start = end = None
    for sel in graph.objects(target, OA.hasSelector):
        if graph.value(sel, OA.exact) is not None:
            exact = str(graph.value(sel, OA.exact))
        if graph.value(sel, OA.start) is not None:
            start, end = int(graph.value(sel, OA.start)), int(graph.value(sel, OA.end))
    return exact, start, end


class _DocumentTexts:
    """Document texts by file name, read on first use (only the documents the graph names)."""

    def __init__(self, docs_dir: Path):
        self.dir = docs_dir
        self.cache: dict[str, str | None] = {}

    def get(self, name: str) -> str | None:
        if name not in self.cache:
            path = self.dir / name
            # Text mode (universal newlines), as score.py reads them: offsets count "\r\n" as one.
            self.cache[name] = path.read_text(encoding="utf-8") if name and path.is_file() else None
        return self.cache[name]


def _labels(graph: Graph, e) -> list[str]:
    return [str(lit) for p in LABEL_PROPERTIES for lit in graph.objects(e, p) if str(lit).strip()]


# --------------------------------------------------------------------------- the gold's side


def _gold_names(ge: dict) -> list[str]:
    names = list(ge.get("mentions", []))
    names += [ge[k] for k in ("label_ja", "label_en") if ge.get(k)]
    names += list(ge.get("abbr", []))
    return list(dict.fromkeys(names))


def _gold_type(ge: dict) -> str:
    return GOLD_TYPE.get(ge["type"], ge["type"])


def _match(graph: Graph, view: _GraphView, doc: str, gold_entities: list[dict]) -> dict[str, URIRef]:
    """gold id -> extracted entity, a maximum one-to-one matching of compatible pairs.

    When several maximum matchings exist, which one networkx returns depends on node order
    and on set iteration order (string hashing), which also steer relations, values and
    identity. The node names and insertion order below are therefore those of score.py, so
    that run under the same PYTHONHASHSEED both pick the same matching.
    """
    gold_names = {ge["id"]: {normalise(n) for n in _gold_names(ge)} - {""} for ge in gold_entities}
    pairs = nx.Graph()
    for e, mention_names in view.mentions.get(doc, {}).items():
        names = (mention_names | {normalise(n) for n in _labels(graph, e)}) - {""}
        for ge in gold_entities:
            if _gold_type(ge) == view.types[e] and names & gold_names[ge["id"]]:
                pairs.add_edge(("x", e), ("g", ge["id"]))
    if not pairs.number_of_edges():
        return {}
    matching = nx.bipartite.maximum_matching(pairs, top_nodes=[n for n in pairs if n[0] == "x"])
    return {a[1]: b[1] for a, b in matching.items() if a[0] == "g"}


def _why_missed(graph: Graph, view: _GraphView, doc: str, ge: dict, matched: set[URIRef]) -> str:
    """Why a gold entity matched nothing: a shared name under another type, a name with other
    edges, a name already taken by another gold entity, or no extractor found any of its names."""
    wanted = {normalise(n) for n in _gold_names(ge)} - {""}
    partial = []
    for e, mention_names in view.mentions.get(doc, {}).items():
        names = (mention_names | {normalise(n) for n in _labels(graph, e)}) - {""}
        if names & wanted:
            if view.types[e] != _gold_type(ge):
                return f"found as {view.types[e]}"
            if e in matched:
                return "its name is on an entity matched to another gold entity"
        partial += [n for n in mention_names if any(n in w or w in n for w in wanted)]
    if partial:
        return "found with other edges: " + ", ".join(sorted(partial)[:3])
    return "no extractor found any of its names"


def _value_check(graph: Graph, ge: dict, e: URIRef) -> Ratio:
    """Budget: amount within 0.5 and, when the gold gives one, the same currency.
    Event: the graph's date equals the gold's or is more precise (starts with it), or is a
    less precise prefix of it of at least a year (2024 for 2024-02-17)."""
    attrs = ge.get("attrs") or {}
    if ge["type"] == "Budget" and "amount" in attrs:
        amount, currency = graph.value(e, SK.amount), graph.value(e, SK.currency)
        try:
            close = amount is not None and abs(float(amount) - float(attrs["amount"])) < 0.5
        except ValueError:  # an amount that is not a number is simply wrong
            close = False
        ok = close and (not attrs.get("currency") or str(currency) == attrs["currency"])
        return Ratio(ok=int(ok), total=1)
    if ge["type"] == "Event" and attrs.get("date"):
        gold_date = attrs["date"]
        dates = [str(d) for d in graph.objects(e, SK.date)]
        ok = any(d.startswith(gold_date) or (gold_date.startswith(d) and len(d) >= 4) for d in dates)
        return Ratio(ok=int(ok), total=1)
    return Ratio()


# --------------------------------------------------------------------------- scoring


def evaluate(graph: Graph, gold_dir: Path, docs_dir: Path) -> EvalReport:
    """Score `graph` (with the ontology merged in, for subclasses) against every gold file in
    `gold_dir`; mention offsets are checked against the files in `docs_dir`."""
    view = _read_graph(graph, Path(docs_dir))
    by_type: dict[str, Counts] = defaultdict(Counts)
    by_property: dict[str, Counts] = defaultdict(Counts)
    entity, relation, values = Counts(), Counts(), Ratio()
    documents: list[DocumentReport] = []
    # (gold type, normalised English else Japanese label) -> the entity it matched in each document
    same_thing: dict[tuple[str, str], list[URIRef | None]] = defaultdict(list)

    for gold_file in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc, gold_entities = gold["doc"], gold["entities"]
        extracted = view.mentions.get(doc, {})
        matched = _match(graph, view, doc, gold_entities)

        for ge in gold_entities:
            key = normalise(ge.get("label_en") or ge.get("label_ja") or "")
            if key:
                same_thing[(ge["type"], key)].append(matched.get(ge["id"]))
            counts = by_type[_gold_type(ge)]
            counts.gold += 1
            if ge["id"] in matched:
                counts.found += 1
                check = _value_check(graph, ge, matched[ge["id"]])
                values.ok += check.ok
                values.total += check.total
        for e in extracted:
            by_type[view.types[e]].extracted += 1

        # Relations: the gold's as a set of (s, property, o); the first evidence of each kept.
        gold_relations: dict[tuple[str, str, str], dict] = {}
        for r in gold["relations"]:
            prop = GOLD_PROPERTY.get(r["p"])
            if prop is not None:
                gold_relations.setdefault((r["s"], prop, r["o"]), r)
        stated = view.relations.get(doc, set())
        found = set()
        for key3 in gold_relations:
            s, prop, o = key3
            xs, xo = matched.get(s), matched.get(o)
            by_property[prop].gold += 1
            if xs is not None and xo is not None and (
                    (xs, prop, xo) in stated or (prop in SYMMETRIC and (xo, prop, xs) in stated)):
                found.add(key3)
                by_property[prop].found += 1
        for _, prop, _ in stated:
            by_property[prop].extracted += 1

        doc_entity = Counts(found=len(matched), extracted=len(extracted), gold=len(gold_entities))
        doc_relation = Counts(found=len(found), extracted=len(stated), gold=len(gold_relations))
        for total, part in ((entity, doc_entity), (relation, doc_relation)):
            total.found += part.found
            total.extracted += part.extracted
            total.gold += part.gold

        matched_entities = set(matched.values())
        surface = view.surface.get(doc, {})
        documents.append(DocumentReport(
            doc=doc, entity=doc_entity, relation=doc_relation,
            missed_entities=[GoldEntityRef(id=ge["id"], type=_gold_type(ge), names=_gold_names(ge),
                                           why=_why_missed(graph, view, doc, ge, matched_entities))
                             for ge in gold_entities if ge["id"] not in matched],
            extra_entities=[
                ExtractedEntityRef(iri=str(e), type=view.types[e],
                                   names=list(dict.fromkeys(surface.get(e, []) + _labels(graph, e))))
                for e in extracted if e not in matched_entities],
            missed_relations=[GoldRelationRef(s=s, p=r["p"], o=o, property=prop,
                                              evidence=r.get("evidence", ""))
                              for (s, prop, o), r in gold_relations.items() if (s, prop, o) not in found],
        ))

    # One real thing named in several documents should be one entity: every pair of documents
    # where both matched it counts, and is right when both matches are the same entity.
    identity = Ratio()
    for occurrences in same_thing.values():
        hits = [e for e in occurrences if e is not None]
        for i in range(len(hits)):
            for j in range(i + 1, len(hits)):
                identity.total += 1
                identity.ok += hits[i] == hits[j]

    return EvalReport(documents=documents, by_type=dict(sorted(by_type.items())),
                      by_property=dict(sorted(by_property.items())), entity=entity,
                      relation=relation, values=values, spans_exact=view.spans,
                      statements_backed=view.backed, identity=identity)


# --------------------------------------------------------------------------- output


def summary_line(report: EvalReport) -> str:
    """The scorer's last line, character for character."""
    e, r = report.entity, report.relation
    return ("SUMMARY entity_p=%.3f entity_r=%.3f entity_f1=%.3f relation_p=%.3f relation_r=%.3f "
            "relation_f1=%.3f values=%d/%d spans_exact=%d/%d statements_backed=%d/%d identity=%d/%d"
            % (e.precision, e.recall, e.f1, r.precision, r.recall, r.f1,
               report.values.ok, report.values.total, report.spans_exact.ok,
               report.spans_exact.total, report.statements_backed.ok,
               report.statements_backed.total, report.identity.ok, report.identity.total))


def check_floors(report: EvalReport, floors: dict[str, float]) -> list[str]:
    """One message per metric below its floor. A ratio with nothing to check (0/0) passes;
    an unknown metric name is an error rather than a floor that silently never applies."""
    messages = []
    for name, floor in floors.items():
        value = report.metric(name)
        if value is not None and value < floor:
            messages.append(f"{name} {value:.3f} is below its floor {floor:.3f}")
    return messages


_TOP_N = 30


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _prf(c: Counts) -> str:
    return f"{c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.found} / {c.extracted} / {c.gold}"


def _ratio(r: Ratio) -> str:
    return f"{r.ok} / {r.total}" + (f" ({r.rate:.3f})" if r.rate is not None else "")


def _capped(items: list[str], heading: str) -> list[str]:
    lines = [f"**{heading}** ({len(items)})", ""]
    if not items:
        return lines + ["None.", ""]
    lines += items[:_TOP_N]
    if len(items) > _TOP_N:
        lines.append(f"- … and {len(items) - _TOP_N} more")
    return lines + [""]


def to_markdown(report: EvalReport, title: str) -> str:
    """A docs page: summary, per document, per type, per property, then misses and extras."""
    out = [f"# {title}", "",
           "Scored against the development gold set with the external scorer's rules. "
           "Counts are found / extracted / gold; precision is found / extracted, recall is "
           "found / gold.", "",
           "## Summary", "",
           "| metric | precision | recall | F1 | found / extracted / gold |", "|---|---|---|---|---|",
           f"| entities | {_prf(report.entity)} |", f"| relations | {_prf(report.relation)} |", "",
           "| check | ok / checked |", "|---|---|",
           f"| values (Budget amount and currency, Event date) | {_ratio(report.values)} |",
           f"| spans_exact (offsets reproduce the quoted text) | {_ratio(report.spans_exact)} |",
           f"| statements_backed (statement's triple in the graph) | {_ratio(report.statements_backed)} |",
           f"| identity (one thing across documents is one entity) | {_ratio(report.identity)} |", "",
           "## Per document", "",
           "| document | entity P | R | F1 | found / extracted / gold "
           "| relation P | R | F1 | found / extracted / gold |",
           "|---|---|---|---|---|---|---|---|---|"]
    for d in report.documents:
        out.append(f"| {_cell(d.doc)} | {_prf(d.entity)} | {_prf(d.relation)} |")
    for heading, table, label in (("Entities by type", report.by_type, "type"),
                                  ("Relations by property", report.by_property, "property")):
        out += ["", f"## {heading}", "",
                f"| {label} | precision | recall | F1 | found / extracted / gold |", "|---|---|---|---|---|"]
        out += [f"| {_cell(k)} | {_prf(c)} |" for k, c in table.items()]
    out += ["", "## Misses and extras", "",
            f"Per document, at most {_TOP_N} of each list. An extra is an extracted entity the "
            "annotators did not list; it counts against precision even when it is reasonable.", ""]
    for d in report.documents:
        out += [f"### {d.doc}", ""]
        out += _capped([f"- `{m.id}` ({m.type}): {_cell(' / '.join(m.names))} — {_cell(m.why)}"
                        for m in d.missed_entities], "Gold entities not found, and why")
        out += _capped([f"- <{x.iri}> ({x.type}): {_cell(' / '.join(x.names))}"
                        for x in d.extra_entities], "Extracted entities not in the gold")
        out += _capped([f"- `{m.s}` {m.p} `{m.o}`" + (f" — “{_cell(m.evidence)}”" if m.evidence else "")
                        for m in d.missed_relations], "Gold relations not found")
    return "\n".join(out).rstrip() + "\n"
