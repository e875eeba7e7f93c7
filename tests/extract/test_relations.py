"""Relations read from short report-style sentences, through the whole pipeline (real ja_ginza).

Each case states which (subject, predicate, object) triples a sentence yields, by the names as
the extractors read them, and every relation must point back to the sentence that states it:
Evidence offsets into Document.original, a non-empty evidence sentence, both names in it.
"""
from __future__ import annotations

import pytest

from extract.loader import load_path
from extract.models import Document, Extraction
from extract.pipeline import extract

pytestmark = pytest.mark.slow


def read(nlp, tmp_path, text: str) -> tuple[Document, Extraction]:
    """`text` as a document file, loaded and extracted as `spacekg build` does."""
    path = tmp_path / "report.txt"
    path.write_text(text + "\n", encoding="utf-8")
    document = load_path(path)
    return document, next(extract([document], nlp))


def triples(result: Extraction) -> set[tuple[str, str, str]]:
    return {(r.subject.name, r.predicate, r.object.name) for r in result.relations}


def assert_traceable(document: Document, result: Extraction, both: bool = True) -> None:
    """Every relation's evidence is a non-empty sentence of this document whose span in the
    original text holds the names (both of them, or with both=False at least one: a relation
    to the event an earlier sentence named)."""
    for r in result.relations:
        ev = r.evidence
        assert ev.doc_id == document.id
        assert ev.sentence.strip(), r
        assert 0 <= ev.start < ev.end <= len(document.original), r
        quoted = document.original[ev.start:ev.end]
        assert quoted.strip(), r
        for m in (r.subject, r.object):
            assert document.original[m.start:m.end] == m.exact
        inside = [m.exact in quoted and m.name in ev.sentence for m in (r.subject, r.object)]
        assert all(inside) if both else any(inside), (r.subject.name, r.predicate, r.object.name, quoted)


def explain(result: Extraction) -> str:
    """What came out, for a failing assertion's message."""
    mentions = [(m.name, m.cls) for m in result.mentions]
    return f"mentions={mentions} relations={sorted(triples(result))}"


CASES = [
    # oversees: a ministry and the body under it; a relative clause; the 外局 link
    pytest.param("文部科学省はJAXAを所管している。",
                 {("文部科学省", "oversees", "JAXA")}, id="oversees-topic"),
    pytest.param("文部科学省が所管する宇宙航空研究開発機構は、宇宙開発の中核を担う。",
                 {("文部科学省", "oversees", "宇宙航空研究開発機構")}, id="oversees-relative"),
    pytest.param("防衛省の外局である防衛装備庁は、宇宙分野の研究開発を進めている。",
                 {("防衛省", "oversees", "防衛装備庁")}, id="oversees-link"),
    # operates
    pytest.param("JAXAが運用する「きぼう」では、多様な宇宙実験が行われている。",
                 {("JAXA", "operates", "きぼう")}, id="operates-relative"),
    pytest.param("JAXAは日本実験棟「きぼう」を運用している。",
                 {("JAXA", "operates", "日本実験棟「きぼう」")}, id="operates-topic"),
    pytest.param("NASAが運用する国際宇宙ステーションには、多くの国の宇宙飛行士が滞在している。",
                 {("NASA", "operates", "国際宇宙ステーション")}, id="operates-station"),
    pytest.param("日本のみちびきは、高精度の測位サービスを提供している。",
                 {("日本", "operates", "みちびき")}, id="operates-link"),
    # develops
    pytest.param("三菱重工業はH3ロケットを開発した。",
                 {("三菱重工業", "develops", "H3ロケット")}, id="develops-topic"),
    pytest.param("三菱重工業が開発したH3ロケットは、試験機2号機で打ち上げに成功した。",
                 {("三菱重工業", "develops", "H3ロケット")}, id="develops-relative"),
    # funds
    pytest.param("文部科学省はJAXAに資金を拠出する。",
                 {("文部科学省", "funds", "JAXA")}, id="funds"),
    pytest.param("文部科学省はJAXAに対して補助金を交付する。",
                 {("文部科学省", "funds", "JAXA")}, id="funds-subsidy"),
    # allocatedTo: a budget and what it pays for
    pytest.param("政府は宇宙戦略基金に3000億円を充当する。",
                 {("3000億円", "allocatedTo", "宇宙戦略基金")}, id="allocatedTo-frame"),
    pytest.param("1兆円規模の宇宙戦略基金が新たに設けられた。",
                 {("1兆円", "allocatedTo", "宇宙戦略基金")}, id="allocatedTo-link"),
    # partyTo: one signer, and each member of a list
    pytest.param("日本はアルテミス合意に署名した。",
                 {("日本", "partyTo", "アルテミス合意")}, id="partyTo"),
    pytest.param("日本、英国及びカナダはアルテミス合意に署名した。",
                 {("日本", "partyTo", "アルテミス合意"), ("英国", "partyTo", "アルテミス合意"),
                  ("カナダ", "partyTo", "アルテミス合意")}, id="partyTo-list"),
    # participatedIn (see also test_participants_of_the_meeting_named_before)
    pytest.param("2024年7月10日に第9回会合が開催され、外務省及び防衛省が出席した。",
                 {("外務省", "participatedIn", "第9回会合"), ("防衛省", "participatedIn", "第9回会合")},
                 id="participatedIn-one-sentence"),
    # organizedBy
    pytest.param("2022年5月にJAXAが主催した国際会議では、月探査の国際協力が議論された。",
                 {("国際会議", "organizedBy", "JAXA")}, id="organizedBy-relative"),
    pytest.param("2022年11月にJAXA主催の国際会議が開催された。",
                 {("国際会議", "organizedBy", "JAXA")}, id="organizedBy-link"),
    # establishedBy
    pytest.param("日本政府は新たな宇宙基本計画を策定した。",
                 {("宇宙基本計画", "establishedBy", "日本政府")}, id="establishedBy-policy"),
    pytest.param("日本政府は宇宙戦略基金を創設した。",
                 {("宇宙戦略基金", "establishedBy", "日本政府")}, id="establishedBy-program"),
    pytest.param("国連総会は宇宙活動の長期持続可能性に関するガイドラインを採択した。",
                 {("宇宙活動の長期持続可能性に関するガイドライン", "establishedBy", "国連総会")},
                 id="establishedBy-adopted"),
    pytest.param("国連総会で採択された宇宙空間の探査及び利用における国家活動を律する法原則に関する宣言は、"
                 "今日も参照されている。",
                 {("宇宙空間の探査及び利用における国家活動を律する法原則に関する宣言", "establishedBy",
                   "国連総会")}, id="establishedBy-passive-relative"),
    # cooperatesWith
    pytest.param("JAXAはNASAと連携する。",
                 {("JAXA", "cooperatesWith", "NASA")}, id="cooperatesWith-partner"),
    pytest.param("JAXAとNASAとの間の協力は、月探査を中心に拡大している。",
                 {("JAXA", "cooperatesWith", "NASA")}, id="cooperatesWith-between"),
    pytest.param("JAXAとESAとNASAは、火星探査で協力している。",
                 {("JAXA", "cooperatesWith", "ESA"), ("JAXA", "cooperatesWith", "NASA"),
                  ("ESA", "cooperatesWith", "NASA")}, id="cooperatesWith-three"),
    # launchedBy
    pytest.param("みちびきはH3ロケットで打ち上げられた。",
                 {("みちびき", "launchedBy", "H3ロケット")}, id="launchedBy-passive"),
    pytest.param("H3ロケットにより打ち上げられたみちびきは、運用を開始した。",
                 {("みちびき", "launchedBy", "H3ロケット")}, id="launchedBy-relative"),
    # successorOf: newer -> older
    pytest.param("宇宙開発事業団は2003年に宇宙航空研究開発機構に改称した。",
                 {("宇宙航空研究開発機構", "successorOf", "宇宙開発事業団")}, id="successorOf-renamed"),
    pytest.param("政府は宇宙開発事業団を宇宙航空研究開発機構に改組した。",
                 {("宇宙航空研究開発機構", "successorOf", "宇宙開発事業団")}, id="successorOf-reorganised"),
    pytest.param("H-IIAロケットの後継機であるH3ロケットは、2024年に打ち上げられた。",
                 {("H3ロケット", "successorOf", "H-IIAロケット")}, id="successorOf-link"),
    # locatedIn
    pytest.param("タイ（GISTDA）の担当者も出席した。",
                 {("GISTDA", "locatedIn", "タイ")}, id="locatedIn-country-bracket"),
    pytest.param("SWF（米国コロラド州を拠点とする非営利団体）は、報告書を公表した。",
                 {("SWF", "locatedIn", "米国")}, id="locatedIn-based-in"),
    pytest.param("米国に本部を置くSWFは、宇宙の持続可能性に関する報告書を公表した。",
                 {("SWF", "locatedIn", "米国")}, id="locatedIn-headquarters"),
    # conductedBy and targets
    pytest.param("インドは2019年3月にミッション・シャクティを実施した。",
                 {("ミッション・シャクティ", "conductedBy", "インド")}, id="conductedBy-topic"),
    pytest.param("2019年3月27日にインドが実施したミッション・シャクティは、マイクロサットRを破壊した。",
                 {("ミッション・シャクティ", "conductedBy", "インド"),
                  ("ミッション・シャクティ", "targets", "マイクロサットR")}, id="conductedBy-and-targets"),
    pytest.param("中国の衛星破壊実験は風雲1号Cを破壊した。",
                 {("中国の衛星破壊実験", "targets", "風雲1号C")}, id="targets-topic"),
    pytest.param("2021年11月にロシアが実施した衛星破壊実験会合は、国際的な批判を招いた。",
                 {("衛星破壊実験会合", "conductedBy", "ロシア")}, id="conductedBy-dated-event"),
    # memberOf
    pytest.param("ISECGの加盟機関であるJAXAは、国際的な探査計画の検討に加わっている。",
                 {("JAXA", "memberOf", "ISECG")}, id="memberOf-link"),
    pytest.param("日本はISECGに加盟している。",
                 {("日本", "memberOf", "ISECG")}, id="memberOf-frame"),
    pytest.param("JAXAはISECGに参加している。",
                 {("JAXA", "memberOf", "ISECG")}, id="memberOf-joins-a-body"),
    pytest.param("会合にはCSIS（山田太郎氏）も参加した。",
                 {("山田太郎", "memberOf", "CSIS")}, id="memberOf-person-in-bracket"),
    pytest.param("SWFのBrian Weeden氏が講演した。",
                 {("Brian Weeden", "memberOf", "SWF")}, id="memberOf-person-after-no"),
    pytest.param("SWFのジョン・スミス氏が基調講演を行った。",
                 {("ジョン・スミス", "memberOf", "SWF")}, id="memberOf-katakana-person"),
    # a place is where it was held, not who held it
    pytest.param("2023年3月24日に米国で第8回会合が開催された。",
                 {("第8回会合", "locatedIn", "米国")}, id="locatedIn-held-in"),
    # partOf: a numbered session and its series, named in the same document
    pytest.param("2023年3月24日、東京において宇宙に関する包括的日米対話の第9回会合が開催された。"
                 "宇宙に関する包括的日米対話は2009年に始まった。",
                 {("宇宙に関する包括的日米対話の第9回会合", "partOf", "宇宙に関する包括的日米対話")},
                 id="partOf-series"),
    # an English job title between a person and the body they work for
    pytest.param("講演者はJane Roe, Deputy Director of Policy at NASAであった。",
                 {("Jane Roe", "memberOf", "NASA")}, id="memberOf-english-title"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_relations_a_sentence_states(nlp, tmp_path, text, expected):
    document, result = read(nlp, tmp_path, text)
    assert triples(result) == expected, explain(result)
    assert_traceable(document, result)


def test_participants_of_the_meeting_named_before(nlp, tmp_path):
    """The dated meeting of the sentence before, in the same paragraph; participants on both
    sides; the evidence is the sentence that names them."""
    document, result = read(nlp, tmp_path, "2023年3月24日に東京で第8回会合が開催された。"
                                           "日本側からは外務省及び防衛省が、米国側からは国務省及び国防省が参加した。")
    assert triples(result) == {
        ("外務省", "participatedIn", "第8回会合"), ("防衛省", "participatedIn", "第8回会合"),
        ("国務省", "participatedIn", "第8回会合"), ("国防省", "participatedIn", "第8回会合")}, explain(result)
    assert_traceable(document, result, both=False)
    for r in result.relations:
        quoted = document.original[r.evidence.start:r.evidence.end]
        assert quoted.startswith("日本側からは") and r.subject.exact in quoted


def test_an_event_named_before_is_meant_by_a_back_reference(nlp, tmp_path):
    document, result = read(nlp, tmp_path, "2023年3月24日に東京で第8回会合が開催された。\n"
                                           "本会合には外務省及び防衛省が参加した。")
    assert triples(result) == {("外務省", "participatedIn", "第8回会合"),
                               ("防衛省", "participatedIn", "第8回会合")}, explain(result)
    assert_traceable(document, result, both=False)
    for r in result.relations:  # the evidence is the sentence that says who took part
        assert r.evidence.sentence.startswith("本会合には")


def test_each_relation_has_its_own_sentence_as_evidence(nlp, tmp_path):
    document, result = read(nlp, tmp_path, "文部科学省はJAXAを所管している。JAXAはNASAと連携する。")
    assert triples(result) == {("文部科学省", "oversees", "JAXA"),
                               ("JAXA", "cooperatesWith", "NASA")}, explain(result)
    assert_traceable(document, result)
    evidence = {r.predicate: r.evidence.sentence for r in result.relations}
    assert "NASA" not in evidence["oversees"]
    assert "文部科学省" not in evidence["cooperatesWith"]


def test_evidence_points_into_the_original_text_of_a_full_width_document(nlp, tmp_path):
    """Full-width brackets and letters are normalised for the rules; the evidence offsets still
    point into the text as written."""
    document, result = read(nlp, tmp_path, "会合にはＳＷＦ（Ｂｒｉａｎ Ｗｅｅｄｅｎ氏）も参加した。")
    assert triples(result) == {("Brian Weeden", "memberOf", "SWF")}, explain(result)
    assert_traceable(document, result)
    (r,) = result.relations
    assert "ＳＷＦ（Ｂｒｉａｎ Ｗｅｅｄｅｎ氏）" in document.original[r.evidence.start:r.evidence.end]


NO_RELATION = [
    # も in a clause that modifies a name: overseer or overseen cannot be told
    pytest.param("最近設立された宇宙作戦群も監督する防衛省は、体制を強化した。", id="mo-in-relative-clause"),
    # a name in one sentence, the predicate in the next, nothing pointing back
    pytest.param("文部科学省は新たな方針を示した。JAXAを所管する体制が見直される。", id="across-sentences"),
    # the states a bracket excludes are not parties
    pytest.param("主要国（中国・ロシアを除く）はアルテミス合意に署名した。", id="excluded-in-bracket"),
    pytest.param("主要国（中国・ロシア除く）が署名したアルテミス合意は、参加国を増やしている。",
                 id="excluded-in-bracket-relative"),
    # generic nouns and back-references are no names
    pytest.param("同機構はNASAと連携する。", id="generic-same-body"),
    pytest.param("政府はアルテミス合意に署名した。", id="generic-government"),
    pytest.param("各国はアルテミス合意に署名した。", id="generic-each-country"),
    pytest.param("当該機関がみちびきを運用する。", id="generic-the-body"),
    pytest.param("国連総会で採択された決議は重要である。", id="generic-resolution"),
    # the event rules need a date: an undated meeting takes no participants
    pytest.param("第8回会合には外務省及び防衛省が参加した。", id="undated-meeting"),
    # a meeting on the line before, with no word pointing back to it, is not what a new line means
    pytest.param("2023年3月24日に東京で第8回会合が開催された。\n外務省及び防衛省が参加した。",
                 id="meeting-on-the-line-before"),
    # the text denies it
    pytest.param("中国及びロシアはアルテミス合意に署名していない。", id="negated"),
]


@pytest.mark.parametrize("text", NO_RELATION)
def test_no_relation(nlp, tmp_path, text):
    _, result = read(nlp, tmp_path, text)
    assert triples(result) == set(), explain(result)


def test_a_list_keeps_its_members_but_not_the_excluded_ones(nlp, tmp_path):
    document, result = read(nlp, tmp_path, "日本、英国等主要国（中国・ロシアを除く）はアルテミス合意に署名した。")
    assert triples(result) == {("日本", "partyTo", "アルテミス合意"),
                               ("英国", "partyTo", "アルテミス合意")}, explain(result)
    assert_traceable(document, result)


def test_a_relation_is_not_read_from_a_neighbouring_sentence_with_other_names(nlp, tmp_path):
    _, result = read(nlp, tmp_path, "三菱重工業は業績を公表した。JAXAはH3ロケットを運用する。")
    got = triples(result)
    assert ("三菱重工業", "develops", "H3ロケット") not in got
    assert ("三菱重工業", "operates", "H3ロケット") not in got
    assert got == {("JAXA", "operates", "H3ロケット")}, explain(result)


MEETING_REPORT = (
    "今回のベルリンの会合を第1回目の月探査機関会合と位置づけた。\n"
    "2.会合結果\n"
    "(1)開催概要:\n"
    "平成19年11月6日(火)-7日(水)、於 独ベルリン\n"
    "(2)出席機関:\n"
    "JAXA、NASA及びESAが出席した。\n"
    "3.所感等\n"
    "NASAも参加した。\n")


def test_a_when_line_dates_the_meeting_and_its_section_speaks_of_it(nlp, tmp_path):
    """開催概要 after a heading dates the meeting named just before; the section it opens (its
    place, who attended) speaks of that meeting, the next numbered section no longer does."""
    document, result = read(nlp, tmp_path, MEETING_REPORT)
    meeting = next(m for m in result.mentions if m.name.endswith("会合") and m.values)
    assert meeting.values.date == "2007-11-06"
    assert triples(result) == {
        ("月探査機関会合", "locatedIn", "独"), ("JAXA", "participatedIn", "月探査機関会合"),
        ("NASA", "participatedIn", "月探査機関会合"), ("ESA", "participatedIn", "月探査機関会合")}, explain(result)
    assert_traceable(document, result, both=False)


def test_a_counted_reference_means_the_list_named_before_less_the_excluded(nlp, tmp_path):
    """「3機関のうちCSAを除く2機関が出席」: the list of three named before, less CSA."""
    document, result = read(nlp, tmp_path, (
        "平成19年3月に開かれた月探査会合で、文書が3宇宙機関(JAXA、NASA、CSA)によって合意された。"
        "3機関のうちCSAを除く2機関が出席した。"))
    attended = {s for s, p, o in triples(result) if p == "participatedIn"}
    assert attended == {"JAXA", "NASA"}, explain(result)
    for r in result.relations:  # the evidence is the sentence that counts them
        if r.predicate == "participatedIn":
            assert document.original[r.evidence.start:r.evidence.end] == "3機関のうちCSAを除く2機関が出席した。"


def test_a_count_that_does_not_match_the_list_means_nothing(nlp, tmp_path):
    _, result = read(nlp, tmp_path, (
        "平成19年3月に開かれた月探査会合で、文書が3宇宙機関(JAXA、NASA、CSA)によって合意された。"
        "3機関のうちCSAを除く1機関が出席した。"))
    assert not [r for r in result.relations if r.predicate == "participatedIn"], explain(result)
