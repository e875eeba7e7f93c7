"""kg.show on a small graph assembled by kg.graph.build_graph from hand-made extractor records.

The seed build may have no relations, so the relations here are written by hand; names are also
checked on the seed build (JAXA by abbreviation and in full width).
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from extract.models import (
    Document,
    Entity,
    Evidence,
    Mention,
    OffsetMap,
    Relation,
    Values,
)
from kg.graph import build_graph, entity_iri
from kg.show import (
    AmbiguousName,
    NameNotFound,
    entity_card,
    find_candidates,
    lookup,
    normalise,
    suggest,
)

TEXTS = {
    "d1": ("001_jaxa.txt", "宇宙航空研究開発機構（JAXA）はH3ロケットを開発した。\nJAXAはNASAと協力する。"),
    "d2": ("002_nasa.txt", ("NASAはJAXAと協力している。文部科学省はJAXAを所管する。ESAとESAは別物である。"
                            "宇宙戦略基金として令和5年度に1兆円を計上した。")),
}


def _document(doc_id: str) -> Document:
    name, text = TEXTS[doc_id]
    return Document(id=doc_id, name=name, path=name, title=name, original=text, text=text,
                    offsets=OffsetMap(starts=list(range(len(text))), ends=list(range(1, len(text) + 1))),
                    sha256="0" * 64, encoding="utf-8")


def _mention(doc_id: str, exact: str, cls: str, nth: int = 0) -> Mention:
    """The nth occurrence of `exact` in the document, located as the extractors locate it."""
    text = TEXTS[doc_id][1]
    start = -1
    for _ in range(nth + 1):
        start = text.index(exact, start + 1)
    return Mention(doc_id=doc_id, start=start, end=start + len(exact), exact=exact, name=exact,
                   cls=cls, source="test")


def _relation(subject: Mention, predicate: str, obj: Mention, sentence: str) -> Relation:
    text = TEXTS[subject.doc_id][1]
    start = text.index(sentence)
    return Relation(subject=subject, predicate=predicate, object=obj, source="test",
                    evidence=Evidence(doc_id=subject.doc_id, start=start, end=start + len(sentence),
                                      sentence=sentence))


M = {
    "jaxa_full": _mention("d1", "宇宙航空研究開発機構", "SpaceAgency"),
    "jaxa_d1": _mention("d1", "JAXA", "SpaceAgency", 1),
    "jaxa_d2": _mention("d2", "JAXA", "SpaceAgency"),
    "jaxa_d2b": _mention("d2", "JAXA", "SpaceAgency", 1),
    "h3": _mention("d1", "H3ロケット", "LaunchVehicle"),
    "nasa_d1": _mention("d1", "NASA", "SpaceAgency"),
    "nasa_d2": _mention("d2", "NASA", "SpaceAgency"),
    "mext": _mention("d2", "文部科学省", "Ministry"),
    "esa_agency": _mention("d2", "ESA", "InternationalBody"),
    "esa_company": _mention("d2", "ESA", "Company", 1),
    "fund": _mention("d2", "1兆円", "Budget"),
}

SENTENCES = {
    "develops": "宇宙航空研究開発機構（JAXA）はH3ロケットを開発した。",
    "coop_d1": "JAXAはNASAと協力する。",
    "coop_d2": "NASAはJAXAと協力している。",
    "oversees": "文部科学省はJAXAを所管する。",
}


@pytest.fixture(scope="module")
def graph():
    entities = [
        Entity(id="jaxa", cls="SpaceAgency",
               labels={"ja": "宇宙航空研究開発機構", "en": "Japan Aerospace Exploration Agency"},
               alt_labels={"JAXA"}, country="JP",
               mentions=[M["jaxa_full"], M["jaxa_d1"], M["jaxa_d2"], M["jaxa_d2b"]]),
        Entity(id="h3", cls="LaunchVehicle", labels={"ja": "H3ロケット", "en": "H3 Launch Vehicle"},
               mentions=[M["h3"]]),
        Entity(id="nasa", cls="SpaceAgency", labels={"ja": "アメリカ航空宇宙局",
                                                     "en": "National Aeronautics and Space Administration"},
               alt_labels={"NASA"}, mentions=[M["nasa_d1"], M["nasa_d2"]]),
        Entity(id="mext", cls="Ministry", labels={"ja": "文部科学省"}, alt_labels={"MEXT"},
               mentions=[M["mext"]]),
        Entity(id="esa", cls="InternationalBody", labels={"en": "European Space Agency"},
               alt_labels={"ESA"}, mentions=[M["esa_agency"]]),
        Entity(id="esa_co", cls="Company", labels={"en": "E.S.A. Corporation"},
               alt_labels={"E S A"}, mentions=[M["esa_company"]]),
        Entity(id="fund", cls="Budget", labels={"ja": "宇宙戦略基金"}, mentions=[M["fund"]],
               values=Values(amount=Decimal(1000000000000), currency="JPY", fiscal_year=2023)),
    ]
    relations = [
        _relation(M["jaxa_full"], "develops", M["h3"], SENTENCES["develops"]),
        _relation(M["jaxa_d1"], "cooperatesWith", M["nasa_d1"], SENTENCES["coop_d1"]),
        # the same symmetric relation stated the other way round in another document
        _relation(M["nasa_d2"], "cooperatesWith", M["jaxa_d2"], SENTENCES["coop_d2"]),
        _relation(M["mext"], "oversees", M["jaxa_d2b"], SENTENCES["oversees"]),
    ]
    return build_graph([_document("d1"), _document("d2")], entities, relations)


def _iri(entity_id: str) -> str:
    return str(entity_iri(entity_id))


def test_normalise_folds_width_case_and_spaces():
    assert normalise("ＪＡＸＡ") == normalise(" j a x a ") == normalise("Ｊ\u3000AXA") == "jaxa"


@pytest.mark.parametrize("name", ["JAXA", "jaxa", "ＪＡＸＡ", "宇宙航空研究開発機構",
                                  "japan aerospace exploration agency", "https://w3id.org/spacekg/id/e/jaxa"])
def test_a_name_abbreviation_or_iri_finds_the_entity(graph, name):
    assert [c.iri for c in find_candidates(graph, name)] == [_iri("jaxa")]


def test_an_iri_that_is_no_entity_finds_nothing(graph):
    assert find_candidates(graph, "https://w3id.org/spacekg/id/doc/d1") == []


def test_an_unknown_name_is_not_found_and_names_that_contain_it_are_suggested(graph):
    with pytest.raises(NameNotFound, match="no entity is named '宇宙'") as err:
        lookup(graph, "宇宙")
    assert {s.iri for s in err.value.suggestions} == {_iri("jaxa"), _iri("nasa"), _iri("fund")}
    # the most mentioned first
    assert err.value.suggestions[0].iri == _iri("jaxa")
    with pytest.raises(NameNotFound) as err:
        lookup(graph, "Roscosmos")
    assert err.value.suggestions == []


def test_suggestions_stop_at_the_limit(graph):
    assert len(suggest(graph, "a", limit=2)) == 2


def test_a_shared_name_lists_every_candidate_until_one_is_picked(graph):
    with pytest.raises(AmbiguousName) as err:
        lookup(graph, "esa")
    candidates = err.value.candidates
    assert {c.iri for c in candidates} == {_iri("esa"), _iri("esa_co")}
    assert {c.classes[0] for c in candidates} == {"InternationalBody", "Company"}
    assert all(c.labels and c.mentions == 1 for c in candidates)
    picked = [lookup(graph, "ＥＳＡ", pick=n).iri for n in (1, 2)]
    assert picked == [c.iri for c in candidates]
    with pytest.raises(AmbiguousName, match="pick 3"):
        lookup(graph, "esa", pick=3)


def test_the_card_gives_classes_names_values_and_mentions(graph):
    card = lookup(graph, "JAXA")
    assert card.classes == ["SpaceAgency", "Agency"]
    assert card.labels == {"ja": "宇宙航空研究開発機構", "en": "Japan Aerospace Exploration Agency"}
    assert list(card.labels) == ["ja", "en"]
    assert card.alt_labels == ["JAXA"]
    assert card.values == {"countryCode": "JP"}
    assert card.mentions == 4
    assert [(d.document, d.count) for d in card.documents] == [("001_jaxa.txt", 2), ("002_nasa.txt", 2)]
    first = card.documents[0].examples[0]
    assert TEXTS["d1"][1][first.start:first.end] == "宇宙航空研究開発機構"
    budget = lookup(graph, "宇宙戦略基金")
    assert budget.values == {"amount": "1000000000000.0", "currency": "JPY", "fiscalYear": "2023"}


def test_relations_out_and_in_carry_their_evidence(graph):
    card = lookup(graph, "JAXA")
    develops = [r for r in card.relations if r.property == "develops"]
    assert [(r.direction, r.other.iri, r.other.classes[0]) for r in develops] == [
        ("out", _iri("h3"), "LaunchVehicle")]
    [evidence] = develops[0].evidence
    assert (evidence.sentence, evidence.document) == (SENTENCES["develops"], "001_jaxa.txt")
    assert TEXTS["d1"][1][evidence.start:evidence.end] == SENTENCES["develops"]
    oversees = [r for r in card.relations if r.property == "oversees"]
    assert [(r.direction, r.other.labels.get("ja")) for r in oversees] == [("in", "文部科学省")]
    assert [(e.sentence, e.document) for e in oversees[0].evidence] == [
        (SENTENCES["oversees"], "002_nasa.txt")]
    # from the other side, the same statement is a relation in
    h3 = lookup(graph, "H3ロケット")
    assert [(r.direction, r.property, r.other.iri) for r in h3.relations] == [
        ("in", "develops", _iri("jaxa"))]


@pytest.mark.parametrize("name, other", [("JAXA", "nasa"), ("NASA", "jaxa")])
def test_a_symmetric_relation_is_one_line_whichever_side(graph, name, other):
    card = lookup(graph, name)
    cooperates = [r for r in card.relations if r.property == "cooperatesWith"]
    assert len(cooperates) == 1
    assert cooperates[0].other.iri == _iri(other) and cooperates[0].symmetric
    # both statements, one per document, are its evidence
    assert [(e.document, e.sentence) for e in cooperates[0].evidence] == [
        ("001_jaxa.txt", SENTENCES["coop_d1"]), ("002_nasa.txt", SENTENCES["coop_d2"])]


def test_relations_come_out_before_in(graph):
    card = lookup(graph, "jaxa")
    assert [(r.direction, r.property) for r in card.relations] == [
        ("out", "cooperatesWith"), ("out", "develops"), ("in", "oversees")]


def test_the_card_is_json(graph):
    import json

    card = entity_card(graph, entity_iri("jaxa"))
    data = json.loads(card.model_dump_json())
    assert data["iri"] == _iri("jaxa")
    assert {r["direction"] for r in data["relations"]} == {"out", "in"}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["jaxa", "ＪＡＸＡ", "宇宙航空研究開発機構"])
def test_the_seed_build_finds_jaxa(seed_graph, name):
    [found] = find_candidates(seed_graph, name)
    assert found.labels.get("ja") == "宇宙航空研究開発機構"
    # the card's queries run on Oxigraph too, not only on rdflib's memory store
    card = lookup(seed_graph, name)
    assert card.mentions > 0 and card.documents and card.documents[0].examples


def test_same_named_events_are_told_apart_by_their_dates(seed_graph):
    """The seeds name two meetings 国際宇宙探査会合 (March and May 2007): the candidates carry
    their dates, which is how an analyst picks one."""
    refs = find_candidates(seed_graph, "国際宇宙探査会合")
    assert len(refs) == 2 and sorted(r.date for r in refs) == ["2007-03", "2007-05"]
