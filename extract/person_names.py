"""Person names in Japanese text, from Sudachi's name tags (人名-姓/名/一般) on a GiNZA `Doc`.

GiNZA's NER misreads tables of project members (宇佐美 暁 as a School) and cuts given names
short; a family name, the layout of the row and the title next to a name say more.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .data_files import read_data
from .overlaps import non_overlapping

_WORDS = read_data("person_names.json")
HONORIFICS: tuple[str, ...] = tuple(_WORDS["honorifics"])
OFFICES: tuple[str, ...] = tuple(_WORDS["titles"])
FOREIGN_OFFICES: tuple[str, ...] = tuple(_WORDS["foreign_titles"])
TITLES: tuple[str, ...] = HONORIFICS + OFFICES
AFTER_NAME: tuple[str, ...] = tuple(_WORDS["after_name"])
CONTINUATIONS: tuple[str, ...] = tuple(_WORDS["title_continuations"])
ROLES: tuple[str, ...] = tuple(_WORDS["roles"]) + OFFICES
UNIT_SUFFIXES: tuple[str, ...] = tuple(_WORDS["unit_suffixes"])
NOT_GIVEN: frozenset[str] = frozenset(_WORDS["not_given_names"])

NAME_TAG = "名詞-固有名詞-人名-"
# Katakana words that are places or organisations, not people (ロシア大統領).
NOT_PERSON_TAGS = ("名詞-固有名詞-地名-国", "名詞-固有名詞-組織")
# Tags of the pieces of a given name Sudachi does not know (暁 a noun, 眞 a prefix, 大 a suffix).
GIVEN_PIECE_TAGS = ("名詞", "接頭辞", "接尾辞")
_SPACES = {"", " ", "\u3000"}  # at most one space between family and given name
_TITLE_TOKENS = 6  # a title is a compound of a few words (経済安全保障担当大臣); more is prose
_SHORT_GIVEN = 3  # an untagged given name is one to three characters (暁, さくら, 翔大)

# Sudachi may keep ジョン・スミス as one token.
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]+(?:・[\u30a1-\u30fa\u30fc]+)*")
_NUMERALS = set("一二三四五六七八九十")
_INITIAL = re.compile(r"[A-Z]\.?")  # ジョン・F・プラム
_JAPANESE = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3005\u4e00-\u9fff]+")
_NAME_TEXT = re.compile(_JAPANESE.pattern + r"(?:・" + _JAPANESE.pattern + r")*")
_LINE = re.compile(r"^[^\S\n]*[○◎●◯]?[^\S\n]*(\S.*?)[^\S\n]*$", re.MULTILINE)
_LATIN_NAME = re.compile(
    r"(?<![A-Za-z.])((?:[A-Z][a-z]+|[A-Z]\.)(?: (?:[A-Z][a-z]+|[A-Z]\.))*) ?(?=(?:"
    + "|".join(map(re.escape, sorted(HONORIFICS + FOREIGN_OFFICES, key=len, reverse=True))) + "))")


def name_part(token: Token) -> str | None:
    """姓, 名 or 一般 when Sudachi tags `token`, in Japanese script, as part of a person name
    (not 宇宙 in 佐藤宇宙政策担当大臣)."""
    if not token.tag_.startswith(NAME_TAG) or not _NAME_TEXT.fullmatch(token.text) or token.text in NOT_GIVEN:
        return None
    return token.tag_[len(NAME_TAG):]


def is_space(token: Token) -> bool:
    return token.tag_ == "空白" or token.text.isspace()


def end_char(token: Token) -> int:
    return token.idx + len(token.text)


def gap(doc: Doc, end: int, j: int) -> str:
    """The text between character `end` and token `j` (or the end of the text)."""
    return doc.text[end:doc[j].idx if j < len(doc) else len(doc.text)]


def next_word(doc: Doc, i: int) -> int:
    """Index of the first non-space token after token `i` (len(doc) when none)."""
    j = i + 1
    while j < len(doc) and is_space(doc[j]):
        j += 1
    return j


def continues(doc: Doc, k: int) -> bool:
    """Whether token `k` makes the title before it part of a longer word (長官室, 首相官邸)."""
    return k < len(doc) and not doc[k - 1].whitespace_ and doc[k].text.startswith(CONTINUATIONS)


def title_after(doc: Doc, j: int, offices: tuple[str, ...] = OFFICES, lead: int | None = None) -> bool:
    """Whether the tokens from `j` on, without a space, are an honorific (氏), a word like 政権
    that only follows a person, or one of `offices` after at most `lead` characters (防衛大臣,
    米国務長官)."""
    if j >= len(doc):
        return False
    if (doc[j].text in HONORIFICS or doc[j].text.startswith(AFTER_NAME)) and not continues(doc, j + 1):
        return True  # an honorific never ends a compound: 土屋大洋氏 is 土屋 大洋
    text = ""
    for k in range(j, min(j + _TITLE_TOKENS, len(doc))):
        if not doc[k].tag_.startswith(("名詞", "接尾辞", "接頭辞")) or is_space(doc[k]):
            return False
        text += doc[k].text
        if any(text.endswith(o) and (lead is None or len(text) - len(o) <= lead) for o in offices) \
                and not continues(doc, k + 1):
            return True
        if doc[k].whitespace_:
            return False
    return False


def title_inside(token: Token) -> int | None:
    """Length of the name in a token Sudachi keeps whole with its title (トランプ大統領)."""
    for title in TITLES:
        if token.text.endswith(title) and len(token.text) - len(title) >= 2:
            return len(token.text) - len(title)
    return None


def title_before(doc: Doc, i: int) -> bool:
    """Whether a title or a table role stands just before token `i` (大統領バイデン, 補佐 宇佐美)."""
    k = i - 1
    if k >= 0 and is_space(doc[k]):
        k -= 1
    return k >= 0 and gap(doc, end_char(doc[k]), i) in _SPACES and doc[k].text.endswith(ROLES)


def row_start(doc: Doc, i: int) -> bool:
    """Whether token `i` starts a cell of a table row: after a line start, a space or a role."""
    start = doc[i].idx
    return start == 0 or doc.text[start - 1] in " \u3000\n\t" or title_before(doc, i)


def wrapped(doc: Doc, i: int) -> bool:
    """Whether token `i` starts a line that goes on with the word before it (種⏎子島宇宙センター):
    PDF text breaks lines inside words, and a bare 姓名 there is more often half a word."""
    k = i - 1
    while k >= 0 and is_space(doc[k]):
        k -= 1
    between = gap(doc, end_char(doc[k]), i) if k >= 0 else ""
    return ("\n" in between and _JAPANESE.fullmatch(doc[k].text[-1]) is not None
            and not doc[k].text.endswith(ROLES))


def joined_part(doc: Doc, j: int, part) -> int | None:
    """Index of the name part after a ・ at token `j` (ジョン・スミス, ジョン・F・プラム)."""
    if j + 1 < len(doc) and doc[j].text == "・" and part(doc[j + 1]):
        return j + 1
    if j + 3 < len(doc) and doc[j].text == doc[j + 2].text == "・" and _INITIAL.fullmatch(doc[j + 1].text) \
            and part(doc[j + 3]):
        return j + 3
    return None


def run(doc: Doc, i: int, part) -> int:
    """End (exclusive) of the tokens from `i` that `part` accepts, ・ allowed between them."""
    j = i
    while j < len(doc) and part(doc[j]):
        if doc[j].whitespace_:
            return j + 1
        j = joined_part(doc, j + 1, part) or j + 1
    return j


def katakana_word(token: Token) -> bool:
    return (_KATAKANA.fullmatch(token.text) is not None and token.tag_.startswith("名詞")
            and not token.tag_.startswith(NOT_PERSON_TAGS))


def given_name(doc: Doc, j: int) -> int | None:
    """End (exclusive) of the tokens tagged 人名-名 from `j`, with the numeral Sudachi sometimes
    splits off a one-character name (晋 三)."""
    end = run(doc, j, lambda t: name_part(t) == "名")
    if end == j:
        return None
    if end == j + 1 and len(doc[j].text) == 1 and not doc[j].whitespace_ and end < len(doc) \
            and doc[end].text in _NUMERALS:
        end += 1
    return end


def short_given(doc: Doc, j: int) -> list[int]:
    """Possible ends (exclusive) of an untagged given name at token `j`: one to three
    characters of words without a space, none of them a department (総務課) or a role."""
    ends, text = [], ""
    for k in range(j, len(doc)):
        if not doc[k].tag_.startswith(GIVEN_PIECE_TAGS) or is_space(doc[k]):
            break
        text += doc[k].text
        if len(text) > _SHORT_GIVEN or not _JAPANESE.fullmatch(text) or text.endswith(UNIT_SUFFIXES + ROLES) \
                or text in NOT_GIVEN:
            break
        ends.append(k + 1)
        if doc[k].whitespace_:
            break
    return ends


def cell_given(doc: Doc, j: int) -> int | None:
    """End (exclusive) of a short given name that fills the rest of a table cell (宇佐美 暁)."""
    for end in reversed(short_given(doc, j)):
        if doc[end - 1].whitespace_ or end == len(doc) or is_space(doc[end]) or title_after(doc, end):
            return end
    return None


def family_and_given(doc: Doc, i: int) -> int | None:
    """End character of 姓 (space) 名 from token `i`: 山田太郎, 山田 太郎, a table's 宇佐美 暁."""
    j = next_word(doc, i)
    space = gap(doc, end_char(doc[i]), j) if j < len(doc) else None
    if space not in _SPACES:
        return None
    ends = [given_name(doc, j)]
    if space and name_part(doc[i]) == "姓" and row_start(doc, i):
        ends.append(cell_given(doc, j))
    end = max((e for e in ends if e), default=None)
    if end is None:
        return None
    # Glued together, with no title, two characters or a line start after a cut word are more
    # often pieces of words cut by line breaks (米宇⏎宙開発局).
    short = end_char(doc[end - 1]) - doc[i].idx < 3
    if not space and not title_after(doc, end) and (short or wrapped(doc, i)):
        return None
    return end_char(doc[end - 1])


def titled_name(doc: Doc, i: int) -> int | None:
    """End character of the tagged name at token `i` when a title makes it a person: after it
    (岸田首相, ジョン・スミス氏, バイデン政権, 土屋大洋氏) or before it (大統領バイデン)."""
    end = run(doc, i, name_part)
    if end == i:
        return None
    parts = {name_part(t) for t in doc[i:end]} - {None}  # without the ・ between parts
    glued = not doc[end - 1].whitespace_
    if parts == {"名"}:  # a given name alone goes with さん, not with an office
        return end_char(doc[end - 1]) if glued and title_after(doc, end, offices=()) else None
    inside = title_inside(doc[end - 1])
    if inside is not None:
        return doc[end - 1].idx + inside
    if (glued and title_after(doc, end)) or title_before(doc, i):
        return end_char(doc[end - 1])
    if glued and parts == {"姓"}:  # an honorific after it: the words between are a given name
        given = [e for e in short_given(doc, end) if title_after(doc, e, offices=())]
        if given:
            return end_char(doc[given[-1] - 1])
    return None


def foreign_name(doc: Doc, i: int) -> int | None:
    """End character of katakana words at token `i` that a foreign title right after makes a
    person, whatever Sudachi's tag (マクロン大統領, ジョン・F・プラム博士)."""
    end = run(doc, i, katakana_word)
    if end == i or doc[end - 1].whitespace_:
        return None
    prev = doc[i - 1] if i > 0 else None
    if prev is not None and not prev.whitespace_ and prev.tag_.startswith("名詞") and len(prev.text) > 1:
        return None  # inside a compound: 国家サイバー長官
    return end_char(doc[end - 1]) if title_after(doc, end, FOREIGN_OFFICES, lead=1) else None


def spaced_names(doc: Doc) -> list[tuple[int, int]]:
    """Names alone on a line with their characters spaced out (金 山 秀 樹, 中須賀 真 一), as
    tables in PDFs print them; only when Sudachi sees a name part in them."""
    found = []
    for line in _LINE.finditer(doc.text):
        pieces = line.group(1).split()
        if not 3 <= len(pieces) <= 6 or sum(len(p) == 1 for p in pieces) < len(pieces) - 1:
            continue
        if not all(_JAPANESE.fullmatch(p) and not p.endswith(ROLES + UNIT_SUFFIXES) for p in pieces):
            continue
        start, end = line.span(1)
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(name_part(t) for t in span):
            found.append((start, end))
    return found


def latin_names(doc: Doc) -> list[tuple[int, int]]:
    """Names in Latin letters with a Japanese honorific or title after them (Brian Smith氏)."""
    matches = _LATIN_NAME.finditer(doc.text)
    return [m.span(1) for m in matches if not m.group(1).isupper()]  # initials alone are no name


def find_persons(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) in doc.text of each person name, title excluded, sorted, non-overlapping."""
    found = spaced_names(doc) + latin_names(doc)
    for i, token in enumerate(doc):
        if i > 0 and name_part(doc[i - 1]) and not doc[i - 1].whitespace_:
            continue  # inside a name already started
        end = (family_and_given(doc, i) if name_part(token) in ("姓", "名") else None) \
            or titled_name(doc, i) or foreign_name(doc, i)
        if end is not None and end - token.idx >= 2:
            found.append((token.idx, end))
    return non_overlapping(found, span=lambda s: s)
