"""Compound names that end in a category word, with the real ja_ginza parse."""
import pytest

from extract.compound_names import find_compound_names

pytestmark = pytest.mark.slow


def names(nlp, text):
    doc = nlp(text)
    return [(doc.text[a:b], cls) for a, b, cls in find_compound_names(doc)]


@pytest.mark.parametrize("text, expected", [
    ("軌道安全財団は報告を出した。", ("軌道安全財団", "Organization")),
    ("「あけぼの観測衛星」を運用する。", ("あけぼの観測衛星", "Satellite")),
    ("政府は「宇宙活動推進法」を制定した。", ("宇宙活動推進法", "Law")),  # quoted: any category word
    ("ルナ・テック研究所と協力する。", ("ルナ・テック研究所", "Organization")),
])
def test_compound_names(nlp, text, expected):
    assert expected in names(nlp, text)


@pytest.mark.parametrize("text", [
    "研究機関と国際機関が参加した。",  # kinds of body, not names
    "同機構は研究計画を立てた。",  # a back-reference and a plan-like word outside quotes
    "自己反省を促す。",  # 省 inside another word
    "地球観測衛星を運用する。",  # a kind of satellite, not one
])
def test_phrases_that_are_not_names(nlp, text):
    assert names(nlp, text) == []
