"""Normalise decoded text for the extractors, keeping a map back to the original text.

`normalize(original)` returns the text the extractors read and an OffsetMap: for normalised
character i, original[starts[i]:ends[i]] is what it came from. What it does, line by line:

* NFKC, one cluster at a time: a base character together with the marks that follow and can
  combine with it (combining marks, half-width ﾞﾟ, U+3099/U+309A, Hangul jamo), so every output
  character maps to the original characters it came from (㈱ -> "(株)": all three map to ㈱).
* whitespace runs inside a line become one space; a space between a CJK character and an ASCII
  letter or digit ("令和 2年度", "JAXA が") is dropped, as PDF text extraction inserts those.
* lines that are only a page number are dropped; footnote reference digits stuck to the end of
  a sentence ("となった。1  複雑な") are dropped.
* a line break that a PDF put in mid-sentence is removed (between CJK characters) or becomes
  one space (between Latin letters or digits); a paragraph break stays as one "\\n". A break
  stays after sentence-final punctuation, before a bullet or numbered item, around headings
  and date lines, after a line much shorter than the next (a title), after a short numbered
  heading, and, in texts that mark paragraph ends so, after a line with a trailing space.
  A next line that starts with a particle, small kana or closing bracket continues the line
  before unless that line ends a sentence, is a heading or is much shorter.

Blank lines carry no meaning here: PDF extraction often puts one between every line.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from extract.models import OffsetMap

# Line terminators: those str.splitlines() knows, "\r\n" counted once; pdfminer ends pages
# with "\f".
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")

# Sentence-final punctuation as it looks after NFKC (．！？） become . ! ? )), and 】, which
# closes bracketed headings ("【...の研究】"). A line ending with one of these ends a
# paragraph; any other line end may be a PDF wrap.
SENTENCE_FINAL = frozenset("。.!?」』)】")

# Original characters after which a run of digits is a footnote reference ("となった。1 ").
# ASCII "." is left out: "3.5 km" would lose its 5.
FOOTNOTE_AFTER = frozenset("。｡．！？」』）")
# Footnotes are numbered in order, so a candidate is taken only when its number is near the
# last one taken (or is 1, for notes numbered per chapter); this keeps a sentence that opens
# with a number ("。10 年後には") from losing it. Text layers repeat a note (pull quotes) or
# put one a little out of order, hence the step back.
FOOTNOTE_MAX_STEP = 20
FOOTNOTE_BACK_STEP = 3

# Starters (combining class 0) that still compose with the character before them, so they
# must stay in that character's NFKC cluster: the second halves of the canonical pairs whose
# second half is a starter (Unicode 14; tests/extract/test_normalize.py re-derives the list)
# and the Hangul medial vowels and final consonants.
COMPOSING_STARTERS = frozenset(
    [0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E,
     0x0D57, 0x0DCF, 0x0DDF, 0x0FB5, 0x0FB7, 0x102E, 0x1B35, 0x11127, 0x1133E, 0x11357,
     0x114B0, 0x114BA, 0x114BD, 0x115AF, 0x11930]
    + list(range(0x1161, 0x1176)) + list(range(0x11A8, 0x11C3))
)

# Enclosed numbers and letters that stay as they are: NFKC turns ① into a bare "1" that runs
# into the text after it ("①TOR" -> "1TOR") and then reads as a quantity.
KEEP_AS_IS = re.compile(r"[\u2460-\u2473\u24b6-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]")

# Invisible characters dropped outright (zero-width space, BOM, soft hyphen, word joiner).
DROP = frozenset("\u200b\ufeff\u00ad\u2060")

# A line that is nothing but a page number: "3", "- 3 -", "― 3 ―", "3 / 20", "(3)", "p. 3",
# "Page 3 of 20", roman numerals. Matched on the NFKC'd line (full-width digits are ASCII).
# At most three digits: a line "2023" is more likely a year on a title page.
PAGE_NUMBER = re.compile(
    r"""(?:
        \d{1,3}
      | [-‐‑–—―−ー~〜]\s*\d{1,3}\s*[-‐‑–—―−ー~〜]
      | \d{1,3}\s*/\s*\d{1,3}
      | \(\s*\d{1,3}\s*\)
      | (?:p\.?|page)\s*\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?
      | (?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})
      | (?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})
    )""",
    re.VERBOSE | re.IGNORECASE,
)

# A name's suffix wrapped onto a line of its own, as in a table cell ("William Welser\nIV"): not a
# page number when it stands right under a line that ends in a capitalised word.
NAME_SUFFIX = re.compile(r"I{2,3}|IV")
NAME_END = re.compile(r"\b[A-Z][a-z]+$")

# How a line that starts a new item begins (bullets, numbering, headings), on the NFKC'd
# line; no line break is removed before such a line.
_COUNTERS = "年度月日時分秒億万千百円ドル名人件回倍機基社カヶか箇所歳%"
ITEM_START = re.compile(
    r"""(?:
        \(\s*(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4}|[ア-ン]|[一二三四五六七八九十]{1,3}|[〇○✓✔xX])?\s*\)
      | (?:\d{1,3}|[A-Za-z]|[ア-ン])\s*[.)、](?![\d.,]|[A-Za-z]\.)  # not "3.5", "U.S."
      | \d{1,2}(?:\.\d{1,2}){1,3}\.?\s
      | \d{1,2}\s+(?:(?=日本)|[^\x00-\u2e7f\s"""
    + _COUNTERS
    + r"""])  # "1 日本国政府は", not "10 年後"
      | (?:[IVX]{1,4}|[ivx]{1,4})[.)](?![A-Za-z0-9.])
      | 第\s*[0-9一二三四五六七八九十百〇]+\s*[章節条部編款項]
      | [・●○◎■□◆◇▲△▼▽▶►▸•‣※★☆◯✓✔➢➤⇒【《〈≪<\[〔]
      | [\u2460-\u2473\u24b6-\u24ff\u2776-\u2793\u3251-\u325f\u32b1-\u32bf]
      | [-*+]\s | \#{1,6}\s
      | [lnuüØ§]\s+(?![a-z])  # Wingdings bullets (● ■ ◆ ✓ ➢ ▪) as PDF text layers spell them
      | \(注\d*\) | 注\s?\d*\s?[:)]
    )""",
    re.VERBOSE,
)

# A line that is a heading by its form alone, or a date line ("令和7年2月12日", as under a
# title); no line break is removed before a date line or after either.
HEADING = re.compile(r"\#{1,6}\s.*|【[^】]*】|<[^>]*>|第\s*[0-9一二三四五六七八九十百〇]+\s*[章節部編].{0,40}")
DATE_LINE = re.compile(
    r"(?:令和|平成|昭和|西暦)?\s*(?:\d{1,4}|元)\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:\s*\(.\))?"
)

# How a line that goes on from the line before can begin: a Japanese line never starts
# with a particle, a small kana, a prolonged-sound mark, a comma or a closing bracket.
CONTINUES_LINE = re.compile(r"[\u3041-\u3096ァィゥェォッャュョヮヵヶー、。,)」』\]】〕]")
# How a line whose sentence goes on can end: a particle or verb ending, a comma, an
# opening bracket.
LINE_GOES_ON = re.compile(r"[\u3041-\u3096、,(「『\[【〔・]")

# A line narrower than this share of the next line's width ends before the right margin, so
# it is a heading, a title or a paragraph's last line, not a PDF wrap.
SHORT_LINE = 0.5
# An item line ("②...について") narrower than this share of the document's body width (its
# 90th-percentile line width) is a heading, not the first line of a wrapped paragraph.
ITEM_HEADING = 0.8
# When a trailing space marks a paragraph end (see _trailing_space_ends_paragraphs): at least
# this many sentence-final lines to judge by, this share of them with a trailing space, and
# other CJK line ends with one at most this fraction as often.
TRAILING_MIN_LINES = 5
TRAILING_FINAL_SHARE = 0.6
TRAILING_OTHER_RATIO = 0.8


def _nfkc(cluster: str) -> str:
    """NFKC of one cluster, unless that would make a space of what was not one.

    Spacing accents (¨, ´, ゛) become a space and a combining mark under NFKC; kept as they
    are, whitespace in the text stays where the original has whitespace.
    """
    out = unicodedata.normalize("NFKC", cluster)
    return cluster if any(c.isspace() for c in out) else out


class _CharInfo:
    """What normalize needs to know about one original character (cached per character)."""

    __slots__ = ("attaches", "out", "space", "wide", "alnum")

    def __init__(self, c: str) -> None:
        nfkd = unicodedata.normalize("NFKD", c)
        first = nfkd[0] if nfkd else c
        # It joins the cluster before it when NFKC could combine it with that cluster.
        self.attaches = unicodedata.combining(first) != 0 or ord(first) in COMPOSING_STARTERS
        self.space = c.isspace()
        drop = c in DROP or (unicodedata.category(c) == "Cc" and not self.space)
        self.out = "" if drop else c if KEEP_AS_IS.match(c) else _nfkc(c)
        self.wide = unicodedata.east_asian_width(c) in ("W", "F")
        self.alnum = c.isascii() and c.isalnum()


_INFO: dict[str, _CharInfo] = {}


def _info(c: str) -> _CharInfo:
    info = _INFO.get(c)
    if info is None:
        info = _INFO[c] = _CharInfo(c)
    return info


class _Line:
    """One line of the original as normalised characters, before lines are joined."""

    __slots__ = ("chars", "starts", "ends", "runs", "item_end", "heading", "trailing", "width")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.runs: list[bool] = []  # True for a space that stands for a whitespace run
        self.item_end = 0  # where the bullet or number that starts the line ends, if any
        self.heading = False  # a heading or a date line
        self.trailing = False  # the original line has whitespace after its last character
        self.width = 0  # display width: CJK characters count 2

    def add(self, c: str, start: int, end: int, run: bool = False) -> None:
        self.chars.append(c)
        self.starts.append(start)
        self.ends.append(end)
        self.runs.append(run)

    def keep(self, keep: list[bool]) -> None:
        if all(keep):
            return
        self.chars = [c for c, k in zip(self.chars, keep, strict=True) if k]
        self.starts = [s for s, k in zip(self.starts, keep, strict=True) if k]
        self.ends = [e for e, k in zip(self.ends, keep, strict=True) if k]
        self.runs = [r for r, k in zip(self.runs, keep, strict=True) if k]


def _read_line(original: str, start: int, end: int) -> _Line:
    """NFKC the line cluster by cluster and collapse its whitespace."""
    line = _Line()
    pending: tuple[int, int] | None = None  # a whitespace run not yet written
    i = start
    while i < end:
        info = _info(original[i])
        if info.space:  # marks after a space form a cluster of their own
            pending = (pending[0], i + 1) if pending else (i, i + 1)
            i += 1
            continue
        j = i + 1
        while j < end and _info(original[j]).attaches:
            j += 1
        if j == i + 1:
            out = info.out
        else:
            out = _nfkc(original[i:j])
        if out:
            if pending and line.chars:
                line.add(" ", *pending, run=True)
            pending = None
            for c in out:
                line.add(c, i, j)
        i = j
    line.trailing = pending is not None
    return line


_DIGITS = frozenset("0123456789")
# A counter after a number makes it a quantity, not a footnote ("。2つの", "。10 か国");
# 日本 is the country ("。5 日本は").
_COUNTER = re.compile(r"(?!日本)[" + _COUNTERS + "つ週]")


def _drop_footnotes(line: _Line, original: str, last: int) -> int:
    """Drop footnote digits stuck to a sentence end; return the last footnote number taken."""
    chars, starts, ends = line.chars, line.starts, line.ends
    keep = [True] * len(chars)
    n = len(chars)
    k = 1
    while k < n:
        p = k - 1  # the punctuation: right before the digits in the original, not a decimal
        if (
            chars[k] not in _DIGITS
            or ends[p] != starts[k]
            or original[starts[p]:ends[p]] not in FOOTNOTE_AFTER
            or (p > 0 and chars[p - 1] in _DIGITS)
        ):
            k += 1
            continue
        m = k
        while m < n and chars[m] in _DIGITS:
            m += 1
        # then a space, or the next sentence's first CJK character, but no counter
        after = m + 1 if m < n and line.runs[m] else m
        if (
            m - k <= 3
            and (after > m or m == n or not chars[m].isascii())
            and not _COUNTER.match("".join(chars[after:after + 2]))
        ):
            number = int("".join(chars[k:m]))
            if last - FOOTNOTE_BACK_STEP <= number <= last + FOOTNOTE_MAX_STEP or number == 1:
                last = number
                for q in range(k, after):  # and its space
                    keep[q] = False
        k = m
    line.keep(keep)
    return last


def _drop_cjk_spaces(line: _Line) -> None:
    """Drop the spaces between a CJK character and an ASCII letter or digit.

    The space after a leading item number stays: "1 日本国政府" must not read "1日本国政府".
    """
    chars = line.chars
    keep = [True] * len(chars)
    for k in range(max(1, line.item_end), len(chars) - 1):
        if line.runs[k]:
            a, b = _info(chars[k - 1]), _info(chars[k + 1])
            if (a.wide and b.alnum) or (a.alnum and b.wide):
                keep[k] = False
    line.keep(keep)


def _name_suffix(line: _Line, above: _Line) -> bool:
    """`line` is a suffix such as IV of the name that ends the line `above`."""
    return bool(NAME_SUFFIX.fullmatch("".join(line.chars)) and NAME_END.search("".join(above.chars)))


def _width(chars: list[str]) -> int:
    return sum(2 if _info(c).wide else 1 for c in chars)


def normalize(original: str) -> tuple[str, OffsetMap]:
    """The normalised text of `original` and the map from its characters back to `original`."""
    lines: list[_Line] = []
    footnote = 0
    pos = 0
    above: _Line | None = None  # the line just above this one, when it was kept
    for end, nxt in _line_spans(original):
        line = _read_line(original, pos, end)
        pos = nxt
        if not line.chars or (PAGE_NUMBER.fullmatch("".join(line.chars))
                              and not (above and _name_suffix(line, above))):
            above = None
            continue
        footnote = _drop_footnotes(line, original, footnote)
        text = "".join(line.chars)
        item = ITEM_START.match(text)
        line.item_end = item.end() if item else 0
        line.heading = bool(HEADING.fullmatch(text) or DATE_LINE.fullmatch(text))
        _drop_cjk_spaces(line)
        line.width = _width(line.chars)
        lines.append(line)
        above = line

    widths = sorted(line.width for line in lines)
    body_width = widths[len(widths) * 9 // 10] if widths else 0
    trailing_ends = _trailing_space_ends_paragraphs(lines)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for k, line in enumerate(lines):
        if k:
            sep = _separator(lines[k - 1], line, body_width, trailing_ends)
            if sep:
                # The separator stands for everything between the two lines.
                chars.append(sep)
                starts.append(lines[k - 1].ends[-1])
                ends.append(line.starts[0])
        chars.extend(line.chars)
        starts.extend(line.starts)
        ends.extend(line.ends)
    return "".join(chars), OffsetMap(starts=starts, ends=ends)


def _line_spans(original: str) -> Iterator[tuple[int, int]]:
    """(end of line content, start of next line) for each line of `original`."""
    for m in _LINE_BREAK.finditer(original):
        yield m.start(), m.end()
    yield len(original), len(original)


def _trailing_space_ends_paragraphs(lines: list[_Line]) -> bool:
    """Whether this text marks paragraph ends with a trailing space.

    PDFs written from word processors often end a paragraph's last line with a space and a
    wrapped line with none (in CJK text, which puts no spaces between words). Some texts pad
    every line and most pad none, so the sign is read only when sentence ends carry it far
    more often than other line ends do.
    """
    final = [line.trailing for line in lines if line.chars[-1] in SENTENCE_FINAL]
    other = [
        line.trailing for line in lines
        if line.chars[-1] not in SENTENCE_FINAL and _info(line.chars[-1]).wide
    ]
    if len(final) < TRAILING_MIN_LINES or not other:
        return False
    final_share = sum(final) / len(final)
    other_share = sum(other) / len(other)
    return final_share >= TRAILING_FINAL_SHARE and other_share <= TRAILING_OTHER_RATIO * final_share


def _separator(prev: _Line, line: _Line, body_width: int, trailing_ends: bool) -> str:
    """What replaces the line break between `prev` and `line`: "\\n", " " or nothing.

    The rules go from the surest sign to the weakest.
    """
    last, first = prev.chars[-1], line.chars[0]
    if last in SENTENCE_FINAL or line.item_end or prev.heading or line.heading:
        return "\n"
    if prev.width < SHORT_LINE * line.width:
        return "\n"  # prev stops well short of the margin: a title or heading
    if not CONTINUES_LINE.match(first):
        if prev.item_end and prev.width < ITEM_HEADING * body_width:
            return "\n"
        if trailing_ends and prev.trailing and _info(last).wide and not LINE_GOES_ON.match(last):
            return "\n"
    if _info(first).attaches:
        return " "  # a line that opens with a combining mark keeps it off the line before
    if _info(last).wide or _info(first).wide:
        return ""
    if last == "-" and len(prev.chars) > 1 and prev.chars[-2].isalnum() and first.isalnum():
        return ""  # wrapped at a hyphen, which stays: "HTV-\nX", "well-\nknown"
    return " "
