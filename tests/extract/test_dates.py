import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.dates import DateMatch, document_year, find_dates


def spans(text, *args, **kwargs):
    """(matched text, value) of every date in `text`."""
    return [(text[m.start:m.end], m.value) for m in find_dates(text, *args, **kwargs)]


@pytest.mark.parametrize("text, expected", [
    ("2023年3月24日に東京で", [("2023年3月24日", "2023-03-24")]),
    ("2023年3月に", [("2023年3月", "2023-03")]),
    ("2023年には", [("2023年", "2023")]),
    ("2030年頃までに", [("2030年", "2030")]),
    ("2023年前半に", [("2023年", "2023")]),
    ("2020年 12月", [("2020年 12月", "2020-12")]),
    ("二〇二三年", [("二〇二三年", "2023")]),
    ("2023/3/24", [("2023/3/24", "2023-03-24")]),
    ("2023-03-24", [("2023-03-24", "2023-03-24")]),
    ("2023.3.24", [("2023.3.24", "2023-03-24")]),
    ("2023/12", [("2023/12", "2023-12")]),
    ("March 24, 2023", [("March 24, 2023", "2023-03-24")]),
    ("on 24 March 2023 in", [("24 March 2023", "2023-03-24")]),
    ("Sept. 5, 2022", [("Sept. 5, 2022", "2022-09-05")]),
    ("in March 2023", [("March 2023", "2023-03")]),
])
def test_western(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("令和5年3月24日", [("令和5年3月24日", "2023-03-24")]),
    ("令和元年", [("令和元年", "2019")]),
    ("令和元年5月1日", [("令和元年5月1日", "2019-05-01")]),
    ("平成19年12月12日", [("平成19年12月12日", "2007-12-12")]),
    ("平成31年4月", [("平成31年4月", "2019-04")]),
    ("昭和64年1月7日", [("昭和64年1月7日", "1989-01-07")]),
    ("令和7年2月 12 日", [("令和7年2月 12 日", "2025-02-12")]),
    ("令和 7 年", [("令和 7 年", "2025")]),
    ("令和五年十二月二十二日", [("令和五年十二月二十二日", "2023-12-22")]),
    ("R5.3.24", [("R5.3.24", "2023-03-24")]),
    ("H19/12/12", [("H19/12/12", "2007-12-12")]),
    ("令和5.3.24", [("令和5.3.24", "2023-03-24")]),
    ("H19年に", [("H19年", "2007")]),
    ("R5年3月", [("R5年3月", "2023-03")]),
])
def test_japanese_era(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text, value", [
    ("令和7年度", "2025"), ("2025年度", "2025"), ("R7年度", "2025"), ("平成32年度", "2020"),
    ("FY2025", "2025"), ("FY25", "2025"), ("令和元年度", "2019"),
])
def test_fiscal_year(text, value):
    (match,) = find_dates(text)
    assert (match.value, match.fiscal, match.end) == (value, True, len(text))


@pytest.mark.parametrize("text, value, until", [
    ("2023年3月24日~25日", "2023-03-24", "2023-03-25"),
    ("2023年3月24日〜25日", "2023-03-24", "2023-03-25"),
    ("平成19年11月6日(火)-7日(水)", "2007-11-06", "2007-11-07"),
    ("2020年9月9日~ 11日", "2020-09-09", "2020-09-11"),
    ("令和5年2月~令和7年2月", "2023-02", "2025-02"),
    ("令和2年度~令和4年度", "2020", "2022"),
    ("2020~2025年", "2020", "2025"),
    ("2023年3月30日~4月2日", "2023-03-30", "2023-04-02"),
    ("2023年12月30日~1月2日", "2023-12-30", "2024-01-02"),
])
def test_range_gives_first_date(text, value, until):
    (match,) = find_dates(text)
    assert (match.start, match.end, match.value, match.until) == (0, len(text), value, until)


@pytest.mark.parametrize("text, context, expected", [
    ("3月24日", (2023,), [("3月24日", "2023-03-24")]),
    ("11月6日(火)に", (2007,), [("11月6日(火)", "2007-11-06")]),
    ("11月6日(火)-7日(水)", (2007,), [("11月6日(火)-7日(水)", "2007-11-06")]),
    ("同年", (2023,), [("同年", "2023")]),
    ("翌年", (2023,), [("翌年", "2024")]),
    ("前年", (2023,), [("前年", "2022")]),
    ("本年", (2023,), [("本年", "2023")]),
    ("今年", (2023,), [("今年", "2023")]),
    ("昨年", (2023,), [("昨年", "2022")]),
    ("同年5月", (2023,), [("同年5月", "2023-05")]),
    ("本年1月", (2023,), [("本年1月", "2023-01")]),
    ("同月24日", (2023, 3), [("同月24日", "2023-03-24")]),
    ("翌月", (2023, 12), [("翌月", "2024-01")]),
    ("前月", (2023, 1), [("前月", "2022-12")]),
    ("今年度", (2023,), [("今年度", "2023")]),
])
def test_relative(text, context, expected):
    assert spans(text, *context) == expected
    assert all(m.relative for m in find_dates(text, *context))


def test_relative_words_follow_the_date_mentioned_last():
    text = "2020年3月に開始し、同年5月に終了。翌年7月1日に再開、同月3日に会合。今年は"
    assert spans(text, 2024) == [
        ("2020年3月", "2020-03"), ("同年5月", "2020-05"), ("翌年7月1日", "2021-07-01"),
        ("同月3日", "2021-07-03"), ("今年", "2024")]


@pytest.mark.parametrize("text", ["3月24日", "同年", "翌月", "今年", "同月24日"])
def test_relative_without_context_is_skipped(text):
    assert find_dates(text) == []


def test_month_needs_month_context():
    assert find_dates("翌月", 2023) == []


@pytest.mark.parametrize("text", [
    "2月30日", "2023年2月30日", "2023年13月", "令和5年4月31日", "2023/2/29", "2023/24",
    "13月", "令和0年",
])
def test_impossible_dates_give_nothing(text):
    assert find_dates(text, 2023) == []


@pytest.mark.parametrize("text", [
    "第8回会合", "18名", "1兆円", "3年間", "2年目", "20年", "800年", "2010年代", "2000年前",
    "5年ぶり", "前年比", "前年度比", "同年代", "日本年金機構", "合同年次会合", "一月あたり", "3月間",
    "H2Aロケット", "S1.2.3", "1,2023年", "1.2023.3.24", "第1月曜日",
])
def test_not_dates(text):
    assert find_dates(text, 2023, 4) == []


def test_years_without_era_start_at_1900():
    assert spans("1900年") == [("1900年", "1900")]
    assert find_dates("1899年") == []


@pytest.mark.parametrize("text, year", [
    ("共同声明\n第8回会合\n2023年3月24日\n本文で2022年5月に言及", 2023),
    ("報告\n平成19年12月12日\n2006年に...", 2007),
    ("2008年の基本法。2022年の戦略。2022年の計画。" + "本文" * 300 + "2023年3月24日", 2022),
    ("予算は2025年度と2025年度", 2025),
    ("日付のない文書", None),
])
def test_document_year(text, year):
    assert document_year(text) == year


def test_match_model_rejects_invalid_values():
    with pytest.raises(ValueError):
        DateMatch(start=0, end=1, value="2023-3")


# --- properties ------------------------------------------------------------------------------

DATEY = "0123456789年月日度令和平成昭和元R.H/-~〜()火水同翌前本今昨月第十一二三 FYMarch,"


@settings(max_examples=400)
@given(text=st.one_of(st.text(), st.text(alphabet=DATEY)),
       year=st.one_of(st.none(), st.integers(1, 9999)),
       month=st.one_of(st.none(), st.integers(1, 12)))
def test_any_text_gives_valid_matches(text, year, month):
    for m in find_dates(text, year, month):
        assert 0 <= m.start < m.end <= len(text)
        for value in filter(None, (m.value, m.until)):
            if len(value) == 10:
                datetime.date.fromisoformat(value)
            elif len(value) == 7:
                assert 1 <= int(value[5:]) <= 12
            else:
                assert len(value) == 4


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def _kanji(n: int | str) -> str:
    """12 -> 十二, '令和5年' -> '令和五年': numbers as laws and cabinet decisions write them."""
    if isinstance(n, str):
        return re.sub(r"[0-9]+", lambda m: _kanji(int(m.group())), n)
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ((digits[tens] if tens > 1 else "") + ("十" if tens else "")
            + (digits[ones] if ones else ""))


def _era(date: datetime.date) -> str:
    if date >= datetime.date(2019, 5, 1):
        n = date.year - 2018
        return f"令和{'元' if n == 1 else n}年"
    return f"平成{date.year - 1988}年"


@given(st.dates(datetime.date(1989, 1, 8), datetime.date(2099, 12, 31)),
       st.sampled_from(["era", "kanji", "western", "slash", "english"]))
def test_round_trip(date, form):
    text = {
        "era": f"{_era(date)}{date.month}月{date.day}日",
        "kanji": f"{_kanji(_era(date))}{_kanji(date.month)}月{_kanji(date.day)}日",
        "western": f"{date.year}年{date.month}月{date.day}日",
        "slash": f"{date.year}/{date.month}/{date.day}",
        "english": f"{MONTHS[date.month - 1]} {date.day}, {date.year}",
    }[form]
    (match,) = find_dates(f"会合は{text}に開催")
    assert (match.value, match.end - match.start) == (date.isoformat(), len(text))
