"""sk_catalog on short snippets, with the real ja_ginza tokeniser."""
import pytest

from extract.span_attrs import found_mentions

pytestmark = pytest.mark.slow


def found(nlp, text):
    doc = nlp(text)
    return {(doc.text[a:b], span.kb_id_) for source, span, (a, b) in found_mentions(doc)
            if source == "catalog"}


@pytest.mark.parametrize("text, expected", [
    ("宇宙航空研究開発機構とNASAが協力する。", {("宇宙航空研究開発機構", "jaxa"), ("NASA", "nasa")}),
    ("日米豪の首脳が集まった。", {("日", "jp"), ("米", "us"), ("豪", "au")}),
    ("米バイデン政権は", {("米", "us")}),
    ("会合は独ベルリンで開かれた。", {("独", "de")}),
    ("英政府の発表", {("英", "gb")}),
    ("嫦娥 3 号が着陸した。", {("嫦娥 3 号", "")}),  # one craft of the series, not the series
])
def test_names_and_short_forms(nlp, text, expected):
    assert expected <= found(nlp, text)


@pytest.mark.parametrize("text", [
    "インド太平洋の安定",  # a region, not India
    "5 日に開催した。",  # 日 is a day
    "独自の技術を持つ。",  # 独 inside another word
    "米は主食である。",  # a lone 米 before a particle
])
def test_no_country_where_none_is_named(nlp, text):
    assert not {key for _, key in found(nlp, text)} & {"in", "jp", "de", "us"}
