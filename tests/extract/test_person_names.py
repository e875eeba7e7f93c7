"""find_persons on short invented Japanese snippets, with the real ja_ginza model."""
from itertools import pairwise

import pytest

from extract.person_names import find_persons

pytestmark = pytest.mark.slow


def names(nlp, text):
    doc = nlp(text)
    return [doc.text[start:end] for start, end in find_persons(doc)]


@pytest.mark.parametrize("text, expected", [
    # Tables of project members: role, family name, space, given name, department.
    ("研究担当 山田 太郎 宇宙政策研究部\n主任研究員", ["山田 太郎"]),
    ("総括補佐 長谷川 暁 宇宙システム本部", ["長谷川 暁"]),  # 暁: a common noun to Sudachi
    ("主査 中村 さくら 技術部", ["中村 さくら"]),  # さくら: a common noun too
    ("研究担当 岩田 陽大 宇宙企画部", ["岩田 陽大"]),  # 陽 tagged a family name, 大 a given name
    ("理事長 杉山 隆 が出席", ["杉山 隆"]),
    ("委員\n\n森 田 健 二\n\n東京大学", ["森 田 健 二"]),  # spaced out, as PDFs print tables
    # Running text: 姓名 with or without a space, a title or an honorific after it.
    ("宇宙政策委員会の小川 誠一郎", ["小川 誠一郎"]),
    ("田中一郎氏は", ["田中一郎"]),
    ("山田太郎、鈴木花子", ["山田太郎", "鈴木花子"]),
    ("鈴木防衛大臣は", ["鈴木"]),
    ("岡本和彦首相と", ["岡本和彦"]),
    ("佐藤宇宙政策担当大臣", ["佐藤"]),  # 宇宙 is tagged a given name there
    ("北村部長と中川課長が", ["北村", "中川"]),
    ("村上大洋氏", ["村上大洋"]),  # an honorific: the words before it are a given name
    # Foreign names: only with a title, an honorific or 政権.
    ("ジョン・スミス氏", ["ジョン・スミス"]),
    ("ジョン・F・スミス博士は", ["ジョン・F・スミス"]),
    ("バイデン政権", ["バイデン"]),
    ("トランプ大統領", ["トランプ"]),  # one token to Sudachi
    ("大統領バイデンは", ["バイデン"]),
    ("マクロン仏大統領", ["マクロン"]),  # マクロン: a common noun to Sudachi
    ("Mary Walker 氏と", ["Mary Walker"]),
])
def test_person_names(nlp, text, expected):
    assert names(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "防衛省",
    "宇宙航空研究開発機構",
    "研究担当",
    "日米",
    "バイデン",  # a foreign name alone is too often noise
    "ロシア大統領",
    "米国大統領と日本の首相は",
    "両国の外務大臣と防衛大臣",
    "国家サイバー長官室が参加した",
    "センター所長",
    "デジタル大臣",
    "種\n\n子島宇宙センター",  # a word cut by a line break
    "山田宇宙の",
])
def test_no_person(nlp, text):
    assert names(nlp, text) == []


def test_spans_are_sorted_and_apart(nlp):
    doc = nlp("研究担当 山田 太郎 宇宙部\n研究担当 鈴木 花子 企画部\nジョン・スミス氏と岡本和彦首相")
    spans = find_persons(doc)
    assert spans == sorted(spans)
    assert all(end <= start for (_, end), (start, _) in pairwise(spans))
    assert [doc.text[s:e] for s, e in spans] == ["山田 太郎", "鈴木 花子", "ジョン・スミス", "岡本和彦"]
