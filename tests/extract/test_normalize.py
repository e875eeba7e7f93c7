"""normalize(): what the text becomes, and that every character maps back to where it came from."""
from __future__ import annotations

import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extract.normalize import COMPOSING_STARTERS, normalize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# A body line wide enough that the short-line rules read the lines below as wrapped text.
BODY = "これは本文の一行であり、文書の本文がどの程度の幅を持つかを示すためのものである。"


def norm(text: str) -> str:
    return normalize(text)[0]


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("ＪＡＸＡ", "JAXA"),
        ("１９年", "19年"),
        ("ｶﾞ", "ガ"),
        ("ﾊﾟｲﾛｯﾄ", "パイロット"),
        ("か\u3099", "が"),  # combining voiced sound mark
        ("ﾎ\u309a", "ポ"),
        ("㈱ＮＥＣ", "(株)NEC"),
        ("Ｈ３ロケット", "H3ロケット"),
        ("ＩＳＳ　計画", "ISS計画"),  # ideographic space between Latin and CJK
        ("①TOR", "①TOR"),  # circled numbers stay: "1TOR" would read as a quantity
    ],
)
def test_nfkc(original: str, expected: str) -> None:
    assert norm(original) == expected


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("a  \t b", "a b"),
        ("  前後の空白  ", "前後の空白"),
        ("令和 2年度", "令和2年度"),
        ("第 12 期", "第12期"),
        ("JAXA が主催", "JAXAが主催"),
        ("川口　淳一郎", "川口 淳一郎"),  # between two CJK characters a space stays
        ("Space Station", "Space Station"),
    ],
)
def test_whitespace(original: str, expected: str) -> None:
    assert norm(original) == expected


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        # Japanese: the wrap and the blank lines around it go
        ("宇宙開発を推進するための法的根\n\n拠となった。", "宇宙開発を推進するための法的根拠となった。"),
        ("宇宙開発を推進するための法的根 \n \n 拠となった。", "宇宙開発を推進するための法的根拠となった。"),
        ("宇宙開発を推進するための法的根\r\n拠となった。", "宇宙開発を推進するための法的根拠となった。"),
        ("2022年の国家安全保障戦略は、2023\n\n年の宇宙安全保障構想とともに", "2022年の国家安全保障戦略は、2023年の宇宙安全保障構想とともに"),
        ("国際宇宙ステーションの運用はJAXA\nが担う。", "国際宇宙ステーションの運用はJAXAが担う。"),
        # English: the wrap becomes one space
        ("the International Space\nStation is run by five agencies.", "the International Space Station is run by five agencies."),
        ("launched in\n\n2023 by JAXA", "launched in 2023 by JAXA"),
        ("the HTV-\nX cargo ship", "the HTV-X cargo ship"),
        # a paragraph break stays, as one "\n"
        ("一文目である。\n\n\n二文目である。", "一文目である。\n二文目である。"),
        ("「宇宙基本計画」\n改定の方針", "「宇宙基本計画」\n改定の方針"),
        # a heading well short of the next line is not joined to it
        ("報告事項\n" + BODY, "報告事項\n" + BODY),
        # a date line stands alone
        ("令和７年２月１２日\n宇宙開発利用部会", "令和7年2月12日\n宇宙開発利用部会"),
    ],
)
def test_line_joining(original: str, expected: str) -> None:
    assert norm(original) == expected


@pytest.mark.parametrize(
    "item",
    ["・第二の項目", "（２）第二の項目", "(2) 第二の項目", "２．第二の項目", "2. 第二の項目",
     "②第二の項目", "●第二の項目", "■第二の項目", "※第二の項目", "第2章 第二の項目",
     "【第二の項目】", "# 第二の項目", "- 第二の項目"],
)
def test_items_start_a_line(item: str) -> None:
    original = BODY + "\n・第一の項目であって句点で終わらない\n" + item
    expected_item = norm(item)
    assert norm(original).split("\n")[-1] == expected_item
    assert norm(original).count("\n") == 2


@pytest.mark.parametrize(
    "page_number",
    ["3", "12", "- 3 -", "－ ３ －", "― 3 ―", "3 / 20", "(3)", "（３）", "iv", "XII", "p. 3", "Page 3 of 20"],
)
def test_page_number_lines_dropped(page_number: str) -> None:
    original = f"宇宙開発を推進するための法的根\n\n{page_number}\n\n拠となった。"
    assert norm(original) == "宇宙開発を推進するための法的根拠となった。"


def test_a_name_suffix_wrapped_onto_its_own_line_is_kept() -> None:
    # a table cell "William Welser IV" wrapped after the family name
    assert norm("William Welser\nIV\n\nKevin Pollpeter") == "William Welser IV\nKevin Pollpeter"
    # under a blank line, or under Japanese text, the same numeral is a page number
    assert norm("William Welser\n\nIV\n\nKevin Pollpeter") == "William Welser Kevin Pollpeter"
    assert norm("協力を進める。\nIV\n続き") == "協力を進める。\n続き"


def test_year_line_is_not_a_page_number() -> None:
    assert norm("2023") == "2023"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("推進力となった。1  複雑なインド太平洋", "推進力となった。複雑なインド太平洋"),
        ("位置づけられている。2\n \n\n2022年の国家安全保障戦略", "位置づけられている。\n2022年の国家安全保障戦略"),
        ("見通しである。5 日本は", "見通しである。日本は"),
        ("となった。1\nその後、", "となった。\nその後、"),
        # not footnotes
        ("計画である。2030 年頃に", "計画である。2030年頃に"),  # a year
        ("約3.5 km", "約3.5 km"),  # a decimal
        ("拡大した。10 か国が", "拡大した。10か国が"),  # a count
    ],
)
def test_footnote_digits(original: str, expected: str) -> None:
    assert norm(original) == expected


def test_footnotes_follow_their_numbering() -> None:
    # after note 3 a "。40 " is not the next note but the start of a sentence
    original = "一つ目。1 二つ目。2 三つ目。3 四つ目。40 人が参加した。"
    assert norm(original) == "一つ目。二つ目。三つ目。四つ目。40人が参加した。"


def test_offsets_keep_the_line_break() -> None:
    original = "宇宙開\n\n発利用"
    text, offsets = normalize(original)
    assert text == "宇宙開発利用"
    start, end = offsets.to_original(0, 4)
    assert original[start:end] == "宇宙開\n\n発"
    # the joining space maps to the line break it replaced
    text, offsets = normalize("Space\nStation")
    assert text == "Space Station"
    assert (offsets.starts[5], offsets.ends[5]) == (5, 6)


def test_expansion_maps_every_char_to_its_source() -> None:
    text, offsets = normalize("㈱ﾄﾞｰﾑ")
    assert text == "(株)ドーム"
    assert list(zip(offsets.starts, offsets.ends)) == [(0, 1), (0, 1), (0, 1), (1, 3), (3, 4), (4, 5)]


def test_empty_and_blank() -> None:
    assert normalize("") == ("", normalize("")[1])
    assert normalize(" \n\n\u3000\n")[0] == ""


def test_composing_starters_constant_covers_this_unicode() -> None:
    """Every starter that is the second half of a canonical pair is in the constant."""
    derived = set()
    for cp in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and not decomposition.startswith("<"):
            parts = decomposition.split()
            if len(parts) == 2 and unicodedata.combining(chr(int(parts[1], 16))) == 0:
                derived.add(int(parts[1], 16))
    assert derived <= COMPOSING_STARTERS


# --- the map back to the original, for any text ------------------------------------------

_PIECES = [
    "宇", "宙", "開", "発", "機", "構", "の", "を", "は", "ガ", "ｶ", "ﾞ", "ﾟ", "ﾊ", "ｰ", "\u3099", "\u309a",
    "\u0301", "\u0308", "e", "A", "Z", "1", "9", "１", "Ａ", "ｱ", "㈱", "①", "Ⅲ", "ﬁ", "¨", "。", "、", "．",
    "！", "」", "）", "（", "・", "●", "※", "-", ".", " ", "\u3000", "\t", "\n", "\n\n", "\r\n", "\r",
    "\f", "\u200b", "\ufeff", "\x00", "\u1100", "\u1161", "\u11a8", "가", "ㅏ", "\u0b47", "\u0b3e",
]
texts = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.characters(codec="utf-8")), max_size=60
).map("".join)


def _squash(s: str) -> str:
    # base characters only: a dropped space can let marks compose or reorder, which says
    # nothing about where the base characters came from
    return "".join(c for c in unicodedata.normalize("NFKD", s)
                   if not c.isspace() and not unicodedata.combining(c))


def _is_subsequence(needle: str, haystack: str) -> bool:
    it = iter(haystack)
    return all(c in it for c in needle)


@settings(max_examples=400, deadline=None)
@given(texts)
@example("となった。1  複雑な\n\n- 3 -\n\n宇宙開\n発")
@example("e\n\u0301")
@example("\u1100\n\u1161")
@example("가\u11a8")
@example("A \uff9e\u0301")
def test_offsets_map_back(original: str) -> None:
    """Every normalised span maps to an original span whose NFKC holds it, in order.

    Whitespace is left out on both sides (joins and page-number lines change it), and the
    normalised side is NFKC'd too since a few characters (①) are kept as they were.
    """
    text, offsets = normalize(original)
    starts, ends = offsets.starts, offsets.ends
    n = len(text)
    assert len(starts) == len(ends) == n
    for i in range(n):
        assert 0 <= starts[i] < ends[i] <= len(original)
        if i:
            assert starts[i - 1] <= starts[i] and ends[i - 1] <= ends[i]
            # characters either share their source (an expansion) or follow it
            assert (starts[i], ends[i]) == (starts[i - 1], ends[i - 1]) or starts[i] >= ends[i - 1]
        source = original[starts[i]:ends[i]]
        if text[i].isspace():
            # a space or line break stands for whitespace (with any page-number line or
            # footnote digits dropped inside it)
            assert any(c.isspace() for c in source)
        else:
            assert _is_subsequence(_squash(text[i]), _squash(source))
    assert "\n\n" not in text and text == text.strip()
    for a in range(n):
        for b in range(a + 1, n + 1):
            start, end = offsets.to_original(a, b)
            assert _is_subsequence(_squash(text[a:b]), _squash(original[start:end]))


def test_normalize_is_fast_on_the_seeds() -> None:
    originals = [p.read_bytes().decode("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    assert originals
    began = time.perf_counter()
    for original in originals:
        normalize(original)
    assert time.perf_counter() - began < 1.0
