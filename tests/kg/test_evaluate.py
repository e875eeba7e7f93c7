"""kg.evaluate against a tiny gold set: two documents, graphs built by hand under the contract.

The expected numbers are worked out by hand from the gold and graph below; the scorer's rules
(shared/eval/score.py) are what they follow, but nothing here imports it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from kg.evaluate import EvalReport, check_floors, evaluate, normalise, summary_line, to_markdown
from kg.vocab import ID, OA, SK, bind_prefixes, load_ontology

TEXTS = {
    "a.txt": "日本の宇宙航空研究開発機構（JAXA）は米国航空宇宙局と協力する。"
             "JAXAは2024年2月17日にH3ロケット試験機2号機を打ち上げた。令和6年度予算は1,540億円である。\n",
    "b.txt": "JAXAと欧州宇宙機関（ESA）は日欧宇宙協力協定に署名した。\n",
}

JAXA_GOLD = {"id": "jaxa", "type": "Agency", "label_ja": "宇宙航空研究開発機構",
             "label_en": "Japan Aerospace Exploration Agency", "abbr": ["JAXA"],
             "mentions": ["宇宙航空研究開発機構", "JAXA"], "country": "JP", "attrs": {}}


def _gold_entity(id_, type_, label_ja, label_en="", abbr=(), mentions=(), attrs=None) -> dict:
    return {"id": id_, "type": type_, "label_ja": label_ja, "label_en": label_en, "abbr": list(abbr),
            "mentions": list(mentions), "country": None, "attrs": attrs or {}}


GOLD = {
    "a.json": {
        "doc": "a.txt",
        "entities": [
            _gold_entity("japan", "Country", "日本", "Japan", mentions=["日本"]),
            JAXA_GOLD,
            _gold_entity("nasa", "Agency", "米国航空宇宙局",
                         "National Aeronautics and Space Administration", ["NASA"], ["米国航空宇宙局"]),
            _gold_entity("h3f2", "Satellite", "H3ロケット試験機2号機", "H3 Test Flight 2",
                         mentions=["H3ロケット試験機2号機"]),
            _gold_entity("launch", "Event", "H3ロケット試験機2号機打上げ", mentions=["打ち上げた"],
                         attrs={"date": "2024-02-17"}),
            _gold_entity("budget", "Budget", "令和6年度宇宙関係予算", mentions=["1,540億円"],
                         attrs={"amount": 154000000000, "currency": "JPY", "year": 2024}),
        ],
        "relations": [
            {"s": "jaxa", "p": "cooperatesWith", "o": "nasa", "evidence": "JAXAは米国航空宇宙局と協力する"},
            {"s": "launch", "p": "conductedBy", "o": "jaxa", "evidence": "JAXAは…打ち上げた"},
            {"s": "h3f2", "p": "launched", "o": "jaxa", "evidence": "JAXAは…打ち上げた"},
        ],
    },
    "b.json": {
        "doc": "b.txt",
        "entities": [
            JAXA_GOLD | {"mentions": ["JAXA"]},
            _gold_entity("esa", "Agency", "欧州宇宙機関", "European Space Agency", ["ESA"], ["欧州宇宙機関"]),
            _gold_entity("agreement", "Agreement", "日欧宇宙協力協定", mentions=["日欧宇宙協力協定"]),
        ],
        "relations": [
            {"s": "jaxa", "p": "signatory", "o": "agreement", "evidence": "署名した"},
            {"s": "esa", "p": "signatory", "o": "agreement", "evidence": "署名した"},
        ],
    },
}

JAPAN, JAXA, NASA, H3, LAUNCH, BUDGET = (ID[f"e/{n}"] for n in ("japan", "jaxa", "nasa", "h3f2",
                                                                 "launch", "budget"))
ESA, AGREEMENT = ID["e/esa"], ID["e/agreement"]


@pytest.fixture
def dirs(tmp_path) -> tuple[Path, Path]:
    """(gold_dir, docs_dir) holding the two documents and their gold files."""
    gold_dir, docs_dir = tmp_path / "gold", tmp_path / "docs"
    gold_dir.mkdir()
    docs_dir.mkdir()
    for name, gold in GOLD.items():
        (gold_dir / name).write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    for name, text in TEXTS.items():
        (docs_dir / name).write_text(text, encoding="utf-8")
    return gold_dir, docs_dir


class GraphBuilder:
    """Writes a graph the way docs/graph-contract.md says, with the ontology merged in."""

    def __init__(self, ontology: bool = True):
        self.g = bind_prefixes(Graph())
        if ontology:
            self.g += load_ontology()
        self.n = 0

    @staticmethod
    def doc(name: str) -> URIRef:
        return ID[f"doc/{name.removesuffix('.txt')}"]

    def entity(self, iri: URIRef, cls: URIRef, ja: str | None = None, en: str | None = None,
               alt: tuple[str, ...] = ()) -> URIRef:
        self.g.add((iri, RDF.type, cls))
        if ja:
            self.g.add((iri, SKOS.prefLabel, Literal(ja, lang="ja")))
        if en:
            self.g.add((iri, SKOS.prefLabel, Literal(en, lang="en")))
        for name in alt:
            self.g.add((iri, SKOS.altLabel, Literal(name)))
        return iri

    def mention(self, entity: URIRef, doc_name: str, exact: str, occurrence: int = 0,
                shift: int = 0) -> None:
        """A mention of the `occurrence`-th `exact` in the document; `shift` moves its offsets."""
        doc = self.doc(doc_name)
        self.g.add((doc, RDF.type, SK.Document))
        self.g.add((doc, DCTERMS.identifier, Literal(doc_name)))
        start = -1
        for _ in range(occurrence + 1):
            start = TEXTS[doc_name].index(exact, start + 1)
        start += shift
        self.n += 1
        ann, target, quote, pos = (BNode(f"m{self.n}{k}") for k in ("", "t", "q", "p"))
        self.g.add((ann, RDF.type, OA.Annotation))
        self.g.add((ann, OA.hasBody, entity))
        self.g.add((ann, OA.hasTarget, target))
        self.g.add((target, OA.hasSource, doc))
        self.g.add((target, OA.hasSelector, quote))
        self.g.add((quote, RDF.type, OA.TextQuoteSelector))
        self.g.add((quote, OA.exact, Literal(exact)))
        self.g.add((target, OA.hasSelector, pos))
        self.g.add((pos, RDF.type, OA.TextPositionSelector))
        self.g.add((pos, OA.start, Literal(start)))
        self.g.add((pos, OA.end, Literal(start + len(exact))))

    def relation(self, s: URIRef, prop: URIRef, o: URIRef, doc_name: str, plain: bool = True) -> None:
        """A relation statement derived from the document (and its plain triple unless told)."""
        if plain:
            self.g.add((s, prop, o))
        self.n += 1
        st = ID[f"stmt/{self.n}"]
        self.g.add((st, RDF.type, RDF.Statement))
        self.g.add((st, RDF.subject, s))
        self.g.add((st, RDF.predicate, prop))
        self.g.add((st, RDF.object, o))
        self.g.add((st, PROV.wasDerivedFrom, self.doc(doc_name)))
        self.g.add((st, SK.evidence, Literal("…", lang="ja")))

    # The parts of a perfect graph, so that each test can leave one out and change it.

    def base_entities(self, skip: frozenset = frozenset()) -> None:
        if JAPAN not in skip:
            self.entity(JAPAN, SK.Country, "日本", "Japan")
            self.mention(JAPAN, "a.txt", "日本")
        if JAXA not in skip:
            self.entity(JAXA, SK.SpaceAgency, "宇宙航空研究開発機構", "Japan Aerospace Exploration Agency",
                        ("JAXA",))
            self.mention(JAXA, "a.txt", "宇宙航空研究開発機構")
            self.mention(JAXA, "a.txt", "JAXA")
            self.mention(JAXA, "b.txt", "JAXA")
        if NASA not in skip:
            self.entity(NASA, SK.SpaceAgency, "米国航空宇宙局")
            self.mention(NASA, "a.txt", "米国航空宇宙局")
        if H3 not in skip:
            self.entity(H3, SK.LaunchVehicle, "H3ロケット試験機2号機")
            self.mention(H3, "a.txt", "H3ロケット試験機2号機")
        if LAUNCH not in skip:
            self.entity(LAUNCH, SK.Launch, "H3ロケット試験機2号機打上げ")
            self.g.add((LAUNCH, SK.date, Literal("2024-02-17", datatype=XSD.date)))
            self.mention(LAUNCH, "a.txt", "打ち上げた")
        if BUDGET not in skip:
            self.entity(BUDGET, SK.Budget, "令和6年度宇宙関係予算")
            self.g.add((BUDGET, SK.amount, Literal("154000000000", datatype=XSD.decimal)))
            self.g.add((BUDGET, SK.currency, Literal("JPY")))
            self.mention(BUDGET, "a.txt", "1,540億円")
        if ESA not in skip:
            self.entity(ESA, SK.InternationalBody, "欧州宇宙機関", "European Space Agency", ("ESA",))
            self.mention(ESA, "b.txt", "欧州宇宙機関")
            self.mention(ESA, "b.txt", "ESA")
        if AGREEMENT not in skip:
            self.entity(AGREEMENT, SK.Agreement, "日欧宇宙協力協定")
            self.mention(AGREEMENT, "b.txt", "日欧宇宙協力協定")

    def base_relations(self, skip: frozenset = frozenset()) -> None:
        for s, p, o, doc in ((JAXA, SK.cooperatesWith, NASA, "a.txt"),
                             (LAUNCH, SK.conductedBy, JAXA, "a.txt"),
                             (H3, SK.launchedBy, JAXA, "a.txt"),
                             (JAXA, SK.partyTo, AGREEMENT, "b.txt"),
                             (ESA, SK.partyTo, AGREEMENT, "b.txt")):
            if (s, p, o) not in skip:
                self.relation(s, p, o, doc)


def perfect() -> GraphBuilder:
    b = GraphBuilder()
    b.base_entities()
    b.base_relations()
    return b


def doc_report(report: EvalReport, name: str):
    return next(d for d in report.documents if d.doc == name)


# ----------------------------------------------------------------------------- whole graphs


def test_perfect_graph_scores_one(dirs):
    report = evaluate(perfect().g, *dirs)
    for counts in (report.entity, report.relation):
        assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0)
    assert (report.entity.found, report.entity.gold) == (9, 9)
    assert (report.relation.found, report.relation.gold) == (5, 5)  # incl. signatory, launched
    assert summary_line(report) == (
        "SUMMARY entity_p=1.000 entity_r=1.000 entity_f1=1.000 relation_p=1.000 relation_r=1.000 "
        "relation_f1=1.000 values=2/2 spans_exact=11/11 statements_backed=5/5 identity=1/1")
    assert report.by_type["SpaceSystem"].model_dump() == {
        "found": 1, "extracted": 1, "gold": 1, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert report.by_property["partyTo"].found == 2 and report.by_property["launchedBy"].found == 1
    for d in report.documents:
        assert not (d.missed_entities or d.extra_entities or d.missed_relations)
    assert check_floors(report, {m: 1.0 for m in ("entity_f1", "relation_f1", "values",
                                                   "spans_exact", "statements_backed")}) == []


def test_summary_of_a_flawed_graph_worked_out_by_hand(dirs):
    """Every kind of error at once; the expected line is computed below by hand.

    Entities: a: japan twice (one extra), nasa typed Organization (no match, extra), the rest
    right -> found 5 of 7 extracted, 6 gold; b: jaxa, esa (by its abbreviation only), agreement
    missing -> found 2 of 2, 3 gold. Micro 7/9 extracted, 7/9 gold: P = R = F1 = 0.778.
    Relations: a states nasa-cooperatesWith-jaxa (nasa unmatched) and launch-conductedBy-jaxa
    (found); h3-launchedBy-jaxa is derived from b (wrong document, and no plain triple);
    b also states jaxa-cooperatesWith-esa (not in the gold). Found 1, extracted 2 + 2, gold 3 + 2:
    P = 1/4, R = 1/5, F1 = 2 * .25 * .2 / .45 = 0.222.
    Values: launch date 2024-02 is a year-or-longer prefix of 2024-02-17 (ok); budget 1540 (wrong).
    Spans: 8 mentions in a, 2 in b, the ESA one shifted: 9/10. Statements: 3 of 4 backed.
    Identity: jaxa in a and b is one entity: 1/1.
    """
    b = GraphBuilder()
    b.entity(JAPAN, SK.Country, "日本")
    b.mention(JAPAN, "a.txt", "日本")
    japan_twin = b.entity(ID["e/japan-2"], SK.Country, None, "Japan")
    b.mention(japan_twin, "a.txt", "日本")
    b.entity(JAXA, SK.SpaceAgency, "宇宙航空研究開発機構", alt=("JAXA",))
    b.mention(JAXA, "a.txt", "宇宙航空研究開発機構")
    b.mention(JAXA, "a.txt", "JAXA")
    b.mention(JAXA, "b.txt", "JAXA")
    b.entity(NASA, SK.Organization, "米国航空宇宙局")
    b.mention(NASA, "a.txt", "米国航空宇宙局")
    b.entity(H3, SK.LaunchVehicle, "H3ロケット試験機2号機")
    b.mention(H3, "a.txt", "H3ロケット試験機2号機")
    b.entity(LAUNCH, SK.Launch, "打上げ")
    b.g.add((LAUNCH, SK.date, Literal("2024-02", datatype=XSD.gYearMonth)))
    b.mention(LAUNCH, "a.txt", "打ち上げた")
    b.entity(BUDGET, SK.Budget, "予算")
    b.g.add((BUDGET, SK.amount, Literal("1540", datatype=XSD.decimal)))
    b.g.add((BUDGET, SK.currency, Literal("JPY")))
    b.mention(BUDGET, "a.txt", "1,540億円")
    b.entity(ESA, SK.Agency, None, None, ("ESA",))
    b.mention(ESA, "b.txt", "ESA", shift=1)
    b.relation(NASA, SK.cooperatesWith, JAXA, "a.txt")
    b.relation(LAUNCH, SK.conductedBy, JAXA, "a.txt")
    b.relation(H3, SK.launchedBy, JAXA, "b.txt", plain=False)
    b.relation(JAXA, SK.cooperatesWith, ESA, "b.txt")

    report = evaluate(b.g, *dirs)
    assert summary_line(report) == (
        "SUMMARY entity_p=0.778 entity_r=0.778 entity_f1=0.778 relation_p=0.250 relation_r=0.200 "
        "relation_f1=0.222 values=1/2 spans_exact=9/10 statements_backed=3/4 identity=1/1")
    a, bb = doc_report(report, "a.txt"), doc_report(report, "b.txt")
    assert (a.entity.found, a.entity.extracted, a.entity.gold) == (5, 7, 6)
    assert (bb.relation.found, bb.relation.extracted, bb.relation.gold) == (0, 2, 2)
    assert [m.id for m in a.missed_entities] == ["nasa"]
    extras = {x.iri for x in a.extra_entities}  # NASA, and whichever Japan was not matched
    assert len(extras) == 2 and str(NASA) in extras and len(extras & {str(JAPAN), str(japan_twin)}) == 1
    assert [(m.s, m.p, m.o, m.property) for m in a.missed_relations] == [
        ("jaxa", "cooperatesWith", "nasa", "cooperatesWith"), ("h3f2", "launched", "jaxa", "launchedBy")]
    assert a.missed_relations[0].evidence == "JAXAは米国航空宇宙局と協力する"
    assert [m.id for m in bb.missed_entities] == ["agreement"]
    assert report.by_type["Organization"].model_dump(include={"found", "extracted", "gold"}) == {
        "found": 0, "extracted": 1, "gold": 0}
    assert report.by_property["cooperatesWith"].model_dump(include={"found", "extracted", "gold"}) == {
        "found": 0, "extracted": 2, "gold": 1}

    assert check_floors(report, {"entity_f1": 0.7, "relation_p": 0.5, "values": 0.5,
                                 "spans_exact": 0.95, "statements_backed": 0.75}) == [
        "relation_p 0.250 is below its floor 0.500", "spans_exact 0.900 is below its floor 0.950"]


# ----------------------------------------------------------------------------- entities


def test_wrong_type_does_not_match(dirs):
    b = GraphBuilder()
    b.base_entities(skip=frozenset({NASA}))
    b.entity(NASA, SK.Company, "米国航空宇宙局")  # a subclass of Organization, not Agency
    b.mention(NASA, "a.txt", "米国航空宇宙局")
    b.base_relations()
    a = doc_report(evaluate(b.g, *dirs), "a.txt")
    assert (a.entity.found, a.entity.extracted, a.entity.gold) == (5, 6, 6)
    assert [(m.id, m.why) for m in a.missed_entities] == [("nasa", "found as Organization")]
    assert [(x.iri, x.type, x.names) for x in a.extra_entities] == [
        (str(NASA), "Organization", ["米国航空宇宙局"])]
    # ... and its relation is lost with it.
    assert [(m.s, m.o) for m in a.missed_relations] == [("jaxa", "nasa")]


def test_a_miss_says_why(dirs):
    b = GraphBuilder()
    b.base_entities(skip=frozenset({NASA, H3}))
    b.entity(H3, SK.LaunchVehicle, "H3ロケット")
    b.mention(H3, "a.txt", "H3ロケット")  # shorter than the gold's name
    b.base_relations()
    a = doc_report(evaluate(b.g, *dirs), "a.txt")
    assert {m.id: m.why for m in a.missed_entities} == {
        "nasa": "no extractor found any of its names",
        "h3f2": "found with other edges: h3ロケット"}


def test_subclasses_count_only_through_the_merged_ontology(dirs):
    """sk:LaunchVehicle is a SpaceSystem only because the ontology says so."""
    b = GraphBuilder(ontology=False)
    b.base_entities()
    report = evaluate(b.g, *dirs)
    assert report.by_type["SpaceSystem"].found == 0
    assert report.by_type["Agency"].extracted == 0  # SpaceAgency, InternationalBody: unknown here
    assert report.by_type["Country"].found == 1
    assert evaluate(perfect().g, *dirs).by_type["SpaceSystem"].found == 1


def test_duplicates_of_one_thing_count_as_errors(dirs):
    b = perfect()
    twin = b.entity(ID["e/jaxa-2"], SK.Agency, None, None, ("JAXA",))
    b.mention(twin, "a.txt", "JAXA", occurrence=1)
    a = doc_report(evaluate(b.g, *dirs), "a.txt")
    # One of the two JAXAs is matched, the other is an extra: precision drops, recall does not.
    assert (a.entity.found, a.entity.extracted, a.entity.gold) == (6, 7, 6)
    assert len(a.extra_entities) == 1 and a.extra_entities[0].iri in {str(JAXA), str(twin)}


def test_one_extracted_entity_cannot_match_two_gold_entities(dirs):
    """One entity named both 宇宙航空研究開発機構 and 米国航空宇宙局 matches one of the two."""
    b = GraphBuilder()
    b.base_entities(skip=frozenset({NASA}))
    b.mention(JAXA, "a.txt", "米国航空宇宙局")
    a = doc_report(evaluate(b.g, *dirs), "a.txt")
    assert (a.entity.found, a.entity.extracted, a.entity.gold) == (5, 5, 6)


def test_abbreviation_matches_through_the_gold_abbr(dirs):
    """The gold ESA lists 欧州宇宙機関 as its only mention; ESA is only in its abbr."""
    b = GraphBuilder()
    b.base_entities(skip=frozenset({ESA}))
    b.entity(ESA, SK.Agency, None, None, ("ＥＳＡ",))  # full-width: equal after normalisation
    b.mention(ESA, "b.txt", "ESA")
    bb = doc_report(evaluate(b.g, *dirs), "b.txt")
    assert (bb.entity.found, bb.entity.extracted, bb.entity.gold) == (3, 3, 3)


def test_normalise():
    assert normalise("ＪＡＸＡ") == "jaxa"
    assert normalise("H-IIA ロケット") == normalise("HIIAロケット") == "hiiaロケット"
    assert normalise("「みちびき」") == normalise("みちびき")
    assert normalise("日米・宇宙協力") == "日米宇宙協力"


# ----------------------------------------------------------------------------- relations


def test_cooperates_with_matches_either_direction(dirs):
    b = GraphBuilder()
    b.base_entities()
    b.base_relations(skip=frozenset({(JAXA, SK.cooperatesWith, NASA)}))
    b.relation(NASA, SK.cooperatesWith, JAXA, "a.txt")
    report = evaluate(b.g, *dirs)
    assert report.by_property["cooperatesWith"].found == 1
    assert report.relation.recall == 1.0


def test_other_properties_need_their_direction(dirs):
    b = GraphBuilder()
    b.base_entities()
    b.base_relations(skip=frozenset({(LAUNCH, SK.conductedBy, JAXA)}))
    b.relation(JAXA, SK.conductedBy, LAUNCH, "a.txt")
    report = evaluate(b.g, *dirs)
    assert report.by_property["conductedBy"].model_dump(include={"found", "extracted", "gold"}) == {
        "found": 0, "extracted": 1, "gold": 1}


def test_relation_in_the_wrong_document_does_not_count(dirs):
    b = GraphBuilder()
    b.base_entities()
    b.base_relations(skip=frozenset({(JAXA, SK.cooperatesWith, NASA)}))
    b.relation(JAXA, SK.cooperatesWith, NASA, "b.txt")
    report = evaluate(b.g, *dirs)
    a, bb = doc_report(report, "a.txt"), doc_report(report, "b.txt")
    assert (a.relation.found, a.relation.extracted, a.relation.gold) == (2, 2, 3)
    assert (bb.relation.found, bb.relation.extracted, bb.relation.gold) == (2, 3, 2)
    assert [(m.s, m.p, m.o) for m in a.missed_relations] == [("jaxa", "cooperatesWith", "nasa")]


def test_statements_backed_counts_a_statement_without_its_triple(dirs):
    b = GraphBuilder()
    b.base_entities()
    b.base_relations(skip=frozenset({(ESA, SK.partyTo, AGREEMENT)}))
    b.relation(ESA, SK.partyTo, AGREEMENT, "b.txt", plain=False)
    b.relation(JAXA, SK.evidenceSpan, ESA, "b.txt")  # not a relation under evaluation: ignored
    report = evaluate(b.g, *dirs)
    assert (report.statements_backed.ok, report.statements_backed.total) == (4, 5)
    assert report.relation.recall == 1.0  # scoring reads the statements, not the triples


# ----------------------------------------------------------------------------- spans, values, identity


def test_spans_exact_counts_a_bad_offset(dirs):
    b = GraphBuilder()
    b.base_entities(skip=frozenset({JAPAN}))
    b.entity(JAPAN, SK.Country, "日本")
    b.mention(JAPAN, "a.txt", "日本", shift=1)
    report = evaluate(b.g, *dirs)
    assert (report.spans_exact.ok, report.spans_exact.total) == (10, 11)
    assert report.entity.recall == 1.0  # the mention's text still names the entity


def test_spans_exact_skips_documents_not_in_the_docs_dir(dirs):
    gold_dir, docs_dir = dirs
    (docs_dir / "b.txt").unlink()
    report = evaluate(perfect().g, gold_dir, docs_dir)
    assert (report.spans_exact.ok, report.spans_exact.total) == (7, 7)  # the 4 in b are unchecked


def _values(dirs, budget: tuple | None = None, date: Literal | None = None):
    """values (ok, checked) of the perfect graph with the budget's and/or the launch's values replaced."""
    b = GraphBuilder()
    b.base_entities()
    if budget is not None:
        b.g.remove((BUDGET, SK.amount, None))
        b.g.remove((BUDGET, SK.currency, None))
        amount, currency = budget
        b.g.add((BUDGET, SK.amount, Literal(amount, datatype=XSD.decimal)))
        if currency:
            b.g.add((BUDGET, SK.currency, Literal(currency)))
    if date is not None:
        b.g.remove((LAUNCH, SK.date, None))
        b.g.add((LAUNCH, SK.date, date))
    v = evaluate(b.g, *dirs).values
    return v.ok, v.total


@pytest.mark.parametrize(("amount", "currency", "ok"), [
    ("154000000000", "JPY", True),
    ("154000000000.4", "JPY", True),  # within 0.5
    ("153999999999.6", "JPY", True),
    ("154000000000.5", "JPY", False),
    ("154000000001", "JPY", False),
    ("154000000000", "USD", False),  # the gold gives a currency: it must agree
    ("154000000000", None, False),
    ("1540", "JPY", False),
])
def test_budget_value(dirs, amount, currency, ok):
    assert _values(dirs, budget=(amount, currency)) == (1 + ok, 2)


@pytest.mark.parametrize(("date", "ok"), [
    (Literal("2024-02-17", datatype=XSD.date), True),
    (Literal("2024-02", datatype=XSD.gYearMonth), True),  # less precise, still a prefix
    (Literal("2024", datatype=XSD.gYear), True),
    (Literal("2024-02-17T09:22:55"), True),  # more precise than the gold
    (Literal("202"), False),  # a prefix shorter than a year says nothing
    (Literal("2024-02-18", datatype=XSD.date), False),
    (Literal("2023", datatype=XSD.gYear), False),
])
def test_event_date_prefix_rule(dirs, date, ok):
    assert _values(dirs, date=date) == (1 + ok, 2)


def test_values_are_checked_only_for_matched_entities(dirs):
    b = GraphBuilder()
    b.base_entities(skip=frozenset({BUDGET}))
    assert evaluate(b.g, *dirs).values.model_dump(include={"ok", "total"}) == {"ok": 1, "total": 1}


def test_identity_across_two_documents(dirs):
    same = evaluate(perfect().g, *dirs).identity
    assert (same.ok, same.total) == (1, 1)

    b = GraphBuilder()
    b.base_entities(skip=frozenset({JAXA}))
    b.entity(JAXA, SK.Agency, "宇宙航空研究開発機構", alt=("JAXA",))
    b.mention(JAXA, "a.txt", "宇宙航空研究開発機構")
    other = b.entity(ID["e/jaxa-b"], SK.Agency, None, None, ("JAXA",))  # b's JAXA: another entity
    b.mention(other, "b.txt", "JAXA")
    split = evaluate(b.g, *dirs)
    assert (split.identity.ok, split.identity.total) == (0, 1)
    assert split.entity.recall == 1.0  # each document on its own is right

    b = GraphBuilder()
    b.base_entities(skip=frozenset({JAXA}))  # found in neither document: no pair to judge
    assert evaluate(b.g, *dirs).identity.total == 0


# ----------------------------------------------------------------------------- output


def test_check_floors(dirs):
    report = evaluate(GraphBuilder().g, *dirs)  # an empty graph
    assert summary_line(report) == (
        "SUMMARY entity_p=0.000 entity_r=0.000 entity_f1=0.000 relation_p=0.000 relation_r=0.000 "
        "relation_f1=0.000 values=0/0 spans_exact=0/0 statements_backed=0/0 identity=0/0")
    assert check_floors(report, {"entity_r": 0.1, "values": 0.9, "statements_backed": 0.9}) == [
        "entity_r 0.000 is below its floor 0.100"]  # 0/0 ratios have nothing to fail
    assert check_floors(report, {"entity_p": 0.0}) == []
    with pytest.raises(ValueError, match="unknown metric"):
        check_floors(report, {"entity_precision": 0.5})


def test_to_markdown(dirs):
    b = GraphBuilder()
    b.base_entities(skip=frozenset({NASA}))
    for i in range(35):  # more extras than the page lists
        b.mention(b.entity(ID[f"e/x{i}"], SK.Person, f"人物|{i}"), "a.txt", "日本")
    page = to_markdown(evaluate(b.g, *dirs), "Evaluation of the seeds")
    assert page.startswith("# Evaluation of the seeds\n")
    for heading in ("## Summary", "## Per document", "## Entities by type", "## Relations by property",
                    "## Misses and extras", "### a.txt", "### b.txt"):
        assert f"\n{heading}\n" in page
    assert "| entities | 0.186 | 0.889 | 0.308 | 8 / 43 / 9 |" in page
    assert "- `nasa` (Agency): 米国航空宇宙局 / National Aeronautics and Space Administration / NASA" in page
    assert "**Extracted entities not in the gold** (35)" in page
    assert "- … and 5 more" in page
    assert "人物\\|0" in page  # table-safe, and the name kept
    assert "- `jaxa` cooperatesWith `nasa` — “JAXAは米国航空宇宙局と協力する”" in page
