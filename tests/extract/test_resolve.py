from decimal import Decimal

from extract.models import Extraction, Mention, Values
from extract.resolve import normalise_name, resolve


def mention(name, cls, doc="d1", start=0, key=None, values=None):
    return Mention(doc_id=doc, start=start, end=start + len(name), exact=name, name=name,
                   cls=cls, source="test", key=key, values=values)


def test_spellings_share_a_normal_form():
    assert normalise_name("ＪＡＸＡ") == normalise_name("jaxa")
    assert normalise_name("H-IIA") == normalise_name("HIIA")
    assert normalise_name("「きぼう」") == "きぼう"


def test_same_name_is_one_entity_across_documents():
    entities = resolve([
        Extraction(doc_id="d1", mentions=[mention("防衛省", "Ministry")]),
        Extraction(doc_id="d2", mentions=[mention("防衛省", "Ministry", doc="d2", start=5)]),
    ])
    assert len(entities) == 1
    assert {m.doc_id for m in entities[0].mentions} == {"d1", "d2"}
    assert entities[0].labels == {"ja": "防衛省"}


def test_catalog_key_joins_different_names():
    entities = resolve([Extraction(doc_id="d1", mentions=[
        mention("JAXA", "SpaceAgency", key="jaxa"),
        mention("宇宙航空研究開発機構", "SpaceAgency", start=10, key="jaxa")])])
    assert [e.id for e in entities] == ["jaxa"]
    assert entities[0].labels == {"en": "JAXA", "ja": "宇宙航空研究開発機構"}


def test_majority_class_wins_and_ids_are_stable():
    extraction = Extraction(doc_id="d1", mentions=[
        mention("NASA", "Agency"), mention("NASA", "Agency", start=9), mention("NASA", "Company", start=20)])
    first, again = resolve([extraction]), resolve([extraction])
    assert len(first) == 1 and first[0].cls == "Agency"
    assert first[0].id == again[0].id


def test_budgets_with_different_amounts_stay_apart():
    entities = resolve([Extraction(doc_id="d1", mentions=[
        mention("1兆円", "Budget", values=Values(amount=Decimal(10**12), currency="JPY")),
        mention("2兆円", "Budget", start=20, values=Values(amount=Decimal(2 * 10**12), currency="JPY"))])])
    assert len(entities) == 2


def test_names_defined_as_one_join_across_documents():
    defined = Extraction(doc_id="d1", aliases=[(0, 1)], mentions=[
        mention("Orbital Safety Foundation", "Organization"), mention("OSF", "Organization", start=30)])
    later = Extraction(doc_id="d2", mentions=[mention("OSF", "Organization", doc="d2")])
    entities = resolve([defined, later])
    assert len(entities) == 1
    assert {m.name for m in entities[0].mentions} == {"Orbital Safety Foundation", "OSF"}
    assert len(entities[0].mentions) == 3


def test_a_definition_never_joins_two_catalog_entries():
    extraction = Extraction(doc_id="d1", aliases=[(0, 1)], mentions=[
        mention("JAXA", "SpaceAgency", key="jaxa"), mention("NASA", "SpaceAgency", start=10, key="nasa")])
    assert sorted(e.id for e in resolve([extraction])) == ["jaxa", "nasa"]


def test_a_defined_name_joins_the_catalog_entity():
    extraction = Extraction(doc_id="d1", aliases=[(0, 1)], mentions=[
        mention("宇宙航空研究開発機構", "SpaceAgency", key="jaxa"), mention("Jx", "SpaceAgency", start=20)])
    assert [e.id for e in resolve([extraction])] == ["jaxa"]


def test_an_event_named_again_without_a_date_joins_the_dated_event():
    date = Values(date="2007-11-08")
    entities = resolve([Extraction(doc_id="d1", mentions=[
        mention("国際月探査会議", "Council", start=0),
        mention("国際月探査会議", "Meeting", start=40, values=date),
        mention("月探査対話 第2回会合", "Meeting", start=80, values=date),
        mention("月探査対話の第2回会合", "Meeting", start=120, values=date)])])
    assert sorted((e.cls, len(e.mentions)) for e in entities) == [("Meeting", 2), ("Meeting", 2)]


def test_a_vague_date_yields_to_the_one_precise_date_of_the_same_event():
    entities = resolve([Extraction(doc_id="d1", mentions=[
        mention("第3回研究会", "Meeting", start=0, values=Values(date="2020")),
        mention("第3回研究会", "Meeting", start=40, values=Values(date="2021-03-17"))])])
    assert [(len(e.mentions), e.values.date) for e in entities] == [(2, "2021-03-17")]


def test_two_precise_dates_are_two_events():
    entities = resolve([Extraction(doc_id="d1", mentions=[
        mention("年次会合", "Meeting", start=0, values=Values(date="2020-05-01")),
        mention("年次会合", "Meeting", start=40, values=Values(date="2021-05-01"))])])
    assert len(entities) == 2


def test_a_dated_session_is_not_joined_to_its_catalogued_series():
    extraction = Extraction(doc_id="d1", aliases=[(0, 1)], mentions=[
        mention("71st Lunar Congress", "Conference", values=Values(date="2020-10-12")),
        mention("LC", "Conference", start=30, key="lunar_congress")])
    assert len(resolve([extraction])) == 2


def test_two_names_of_one_meeting_with_agreeing_dates_are_one_event():
    """平成19年3月の国際宇宙探査会合 and 2007年3月の京都会合; 同11月のベルリン会合 and the
    ISECG会合 of 11月6日 (the precise date stands). Numbered sessions keep their numbers."""
    entities = resolve([Extraction(doc_id="d1", mentions=[
        mention("国際探査会合", "Meeting", start=0, values=Values(date="2007-03")),
        mention("京都会合", "Meeting", start=40, values=Values(date="2007-03")),
        mention("ベルリン会合", "Meeting", start=80, values=Values(date="2007-11")),
        mention("ISECG会合", "Meeting", start=120, values=Values(date="2007-11-06")),
        mention("第1回研究会", "Meeting", start=160, values=Values(date="2020-08")),
        mention("第2回研究会", "Meeting", start=200, values=Values(date="2020-08")),
        mention("京都会議", "Meeting", start=240, values=Values(date="2007-03"))])])
    merged = sorted((sorted(m.name for m in e.mentions), e.values.date) for e in entities)
    assert merged == [(["ISECG会合", "ベルリン会合"], "2007-11-06"), (["京都会合", "国際探査会合"], "2007-03"),
                      (["京都会議"], "2007-03"), (["第1回研究会"], "2020-08"), (["第2回研究会"], "2020-08")]
