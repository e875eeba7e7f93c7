"""Events and budgets read with the real ja_ginza parse."""
import pytest

from extract.dates import find_dates
from extract.events import find_events, money_spans
from extract.values import find_money

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("text, name, cls, date", [
    ("2023年3月24日に東京において、日米対話の第8回会合を開催した。", "日米対話の第8回会合", "Meeting", "2023-03-24"),
    ("2023年3月24日、宇宙に関する包括的日米対話の第8回会合を開催した。",
     "宇宙に関する包括的日米対話の第8回会合", "Meeting", "2023-03-24"),
    ("宇宙に関する包括的日米対話 第8回会合\n2023年3月24日\n",  # a title line, the series at its start
     "宇宙に関する包括的日米対話 第8回会合", "Meeting", "2023-03-24"),
    ("平成19年3月にJAXAが主催した国際宇宙探査会合において合意された。", "国際宇宙探査会合", "Meeting", "2007-03"),
    ("2020年8月11日に第1回研究会を開催した。", "第1回研究会", "Meeting", "2020-08-11"),
    ("次回の全体会合は、2008年7月にカナダで開催される。", "次回の全体会合", "Meeting", "2008-07"),
    ("2007年3月の準備を経て、同11月にベルリン会合で制定した。", "ベルリン会合", "Meeting", "2007-11"),
    ("(1)主催による国際月探査会議が併催された。\n開催概要:平成19年11月8日(木)、於 ベルリン\n",
     "国際月探査会議", "Meeting", "2007-11-08"),
])
def test_dated_event_phrases(nlp, text, name, cls, date):
    doc = nlp(text)
    events = find_events(doc, 0, find_dates(text))
    assert [(e.text, e.label_, e._.sk_values.date) for e in events] == [(name, cls, date)]


@pytest.mark.parametrize("text", [
    "日米対話の第8回会合を開催した。",  # no date: not an event we can place
    "2023年3月24日に同会合を開催した。",  # refers back to an event named before
    "ローマ各会合を経て2007年3月に制定された。",  # several meetings, none named
])
def test_no_event(nlp, text):
    assert find_events(nlp(text), 0, find_dates(text)) == []


def test_budget_span_covers_the_amount(nlp):
    text = "政府は宇宙戦略基金に1兆円を拠出する。"
    doc = nlp(text)
    spans, chars = money_spans(doc, 0, find_money(text))
    assert len(spans) == 1 and spans[0]._.sk_values.amount == 10**12
    start, end = chars.get((spans[0].start_char, spans[0].end_char, ""), (spans[0].start_char, spans[0].end_char))
    assert text[start:end] == "1兆円"
