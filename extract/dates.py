"""Dates as Japanese (and English) texts write them, read into ISO values.

    find_dates("令和5年3月24日に東京で") -> [DateMatch(start=0, end=9, value="2023-03-24", ...)]

Forms: 西暦 (2023年3月24日, 2023/3/24, 2023-03-24, 2023.3.24, "March 24, 2023", "24 March 2023",
"March 2023"); 和暦 (令和5年3月24日, 令和元年, 平成19年, R5.3.24, H19年, kanji numerals as in
令和五年十二月二十二日); fiscal years (令和7年度, 2025年度, FY2025); ranges (2023年3月24日~25日,
11月6日(火)-7日(水), 2020~2025年), which give the first date as `value` and the last as
`until`; and dates whose year the text leaves out (3月24日, 同年5月, 翌月, 昨年).

Context: 同年, 翌年, 同月 and a bare 3月24日 refer back to the date the text mentioned last; 今年,
本年, 昨年, 今月 refer to the time of writing, which the caller passes (`context_year`,
`context_month`, e.g. from `document_year`). Before the text mentions a date, the first kind
falls back to that context too. A date whose year came from context is relative=True; with no
context such dates are skipped, never guessed. Impossible dates (2月30日, 13月) are dropped whole.

Reads NFKC-normalised text: ASCII digits, "~" for ～, "(" for （.
"""
from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from .data_files import read_data
from .overlaps import non_overlapping

_DATA = read_data("value_patterns.json", notes=True)

ERA_FIRST_YEAR: dict[str, int] = {n: e["first_year"] for n, e in _DATA["eras"]["items"].items()}
ERA_OF_LETTER: dict[str, str] = {e["letter"]: n for n, e in _DATA["eras"]["items"].items()
                                 if e["letter"]}
RELATIVE: dict[str, dict] = _DATA["relative_dates"]["items"]
RANGE_SEPARATORS: list[str] = _DATA["range_separators"]["items"]

# A year written without an era: below 1900 a number before 年 is far more often a count (20年,
# 800年) than a year this corpus speaks of; past 2200 no plan reaches.
MIN_YEAR, MAX_YEAR = 1900, 2200
# How far into a document its own date line is looked for (a title, an issuer, then the date).
HEAD_CHARS = 500

_ISO = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class DateMatch(BaseModel):
    """A date found in a text: where it is and what it says."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(description="offset into the text that was searched")
    end: int
    value: str = Field(pattern=_ISO, description="YYYY-MM-DD, YYYY-MM or YYYY")
    fiscal: bool = Field(default=False, description="a fiscal year (年度, FY)")
    relative: bool = Field(default=False, description="the year came from context, not the text")
    until: str | None = Field(default=None, pattern=_ISO, description="last date of a range")


# --- the grammar -------------------------------------------------------------------------------

_SP = r"[ \t]*"  # PDF text puts spaces around numbers: 令和7年2月 12 日
_KANJI_DIGITS = "〇一二三四五六七八九"
_KANJI_1_99 = "[一二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_NUM = rf"(?:[0-9]{{1,2}}|{_KANJI_1_99})"  # a month, a day or an era year
# Ideographs and 々: a relative word inside a longer word (日本年金, 合同年次) is not one.
_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\u3005"
_WEEKDAY = rf"(?:{_SP}\((?:[月火水木金土日](?:[・,]?祝)?|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?\))"
_DAY = rf"{_SP}(?P<d>{_NUM}){_SP}日(?!間){_WEEKDAY}?"
_MONTH = rf"{_SP}(?P<m>{_NUM}){_SP}月(?![曜間])"
_ERA = "|".join(ERA_FIRST_YEAR)
_LETTER = "[" + "".join(ERA_OF_LETTER) + "]"
_REL_YEAR = "|".join(w for w, r in RELATIVE.items() if r["unit"] == "year")
_REL_MONTH = "|".join(w for w, r in RELATIVE.items() if r["unit"] == "month")
_NOT_AFTER_YEAR = "|".join(_DATA["not_after_year"]["items"])
_RANGE = _SP + "[" + "".join(re.escape(s) for s in RANGE_SEPARATORS) + "]" + _SP
# After 年: 年度 (a fiscal year) or a calendar year with an optional month and day.
_AFTER_YEAR = (rf"(?:(?P<fy>度)(?!{_NOT_AFTER_YEAR})"
               rf"|(?!度|{_NOT_AFTER_YEAR})(?:{_MONTH}(?:{_DAY})?)?)")

_JAPANESE = re.compile(
    rf"(?:(?:(?<![0-9.,/\-])(?P<wy>[0-9]{{4}})|(?<![{_KANJI_DIGITS}])(?P<ky>[{_KANJI_DIGITS}]{{4}})"
    rf"|(?P<era>{_ERA}){_SP}(?P<ey>[0-9]{{1,2}}|元|{_KANJI_1_99})"
    rf"|(?<![A-Za-z0-9])(?P<el>{_LETTER})(?P<ely>[0-9]{{1,2}}|元)){_SP}年"
    rf"|(?<![{_IDEOGRAPH}])(?P<ry>{_REL_YEAR})){_AFTER_YEAR}")
_MONTH_DAY = re.compile(  # no year: 3月24日, 11月6日(火)
    rf"(?<![0-9{_KANJI_DIGITS}十第年度/.\-])(?<!年 )(?P<m>{_NUM}){_SP}月(?![曜間])(?:{_DAY})?")
_RELATIVE_MONTH = re.compile(rf"(?<![{_IDEOGRAPH}])(?P<rm>{_REL_MONTH})(?![比間])(?:{_DAY})?")
_NUMERIC = re.compile(  # 2023/3/24, 2023-03-24, 2023.3.24 (one separator throughout), 2023/3
    r"(?<![0-9.,/\-])(?P<wy>[0-9]{4})(?:(?P<sep>[/.\-])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})"
    r"|/(?P<m2>[0-9]{1,2}))(?![0-9]|[/.\-][0-9])")
_ERA_NUMERIC = re.compile(  # R5.3.24, H19/12/12, 令和5.3.24
    rf"(?:(?P<era>{_ERA})|(?<![A-Za-z0-9])(?P<el>{_LETTER})){_SP}(?P<ey>[0-9]{{1,2}}|元)"
    r"(?P<sep>[./])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})(?![0-9]|[./][0-9])")
_YEAR_RANGE = re.compile(  # 2020~2025年, 2023-2027年度
    rf"(?<![0-9.,/\-])(?P<wy>[0-9]{{4}}){_RANGE}(?P<wy2>[0-9]{{4}}){_SP}年"
    rf"(?:(?P<fy>度)|(?!度|{_NOT_AFTER_YEAR}))")
_FISCAL_EN = re.compile(r"(?<![A-Za-z])FY ?(?P<fy_en>[0-9]{4}|[0-9]{2})(?![0-9])")

_EN_MONTHS = {name: i + 1 for i, names in enumerate([
    "January Jan", "February Feb", "March Mar", "April Apr", "May", "June Jun", "July Jul",
    "August Aug", "September Sept Sep", "October Oct", "November Nov", "December Dec"])
    for name in names.split()}
_MON = ("(?<![A-Za-z])(?P<mon>" + "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
        + r")(?![A-Za-z])\.?")
_EN_DAY = r"(?<![0-9])(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?"
_EN_YEAR = r"(?P<wy>[0-9]{4})(?![0-9])"
_ENGLISH = [re.compile(rf"{_MON}[ \t]+{_EN_DAY},?[ \t]+{_EN_YEAR}"),  # March 24, 2023
            re.compile(rf"{_EN_DAY}[ \t]+{_MON},?[ \t]+{_EN_YEAR}"),  # 24 March 2023
            re.compile(rf"{_MON},?[ \t]+{_EN_YEAR}")]                 # March 2023

_RANGE_THEN = re.compile(_RANGE)
_DAY_TAIL = re.compile(rf"(?P<d>{_NUM}){_SP}日(?!間){_WEEKDAY}?")  # ~25日 after a full date


# --- reading matches ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Found:
    """A stretch of text that is written as a date, before context fills in what it leaves out."""

    start: int
    end: int
    year: int | None = None  # None: from context (3月24日) or from `word`
    month: int | None = None
    day: int | None = None
    fiscal: bool = False
    word: str | None = None  # a RELATIVE word: 同年, 翌月, ...
    until: str | None = None
    valid: bool = True  # False: written as a date but impossible; it still claims its span


def _int(text: str) -> int:
    """'12', '十二', '二〇二三', '元' -> 12, 12, 2023, 1."""
    if text == "元":  # 元年 is the first year of an era
        return 1
    if text.isascii():
        return int(text)
    if "十" not in text:
        return int("".join(str(_KANJI_DIGITS.index(c)) for c in text))
    tens, _, ones = text.partition("十")
    ones_value = _KANJI_DIGITS.index(ones) if ones else 0
    return (_KANJI_DIGITS.index(tens) if tens else 1) * 10 + ones_value


def _year(g) -> int | None:
    """The year a match writes, or None when it cannot be one (1800年 without an era)."""
    if western := g("wy") or g("ky"):
        year = _int(western)
        return year if MIN_YEAR <= year <= MAX_YEAR else None
    if fiscal := g("fy_en"):
        return int(fiscal) + (2000 if len(fiscal) == 2 else 0)  # FY25
    era = g("era") or ERA_OF_LETTER[g("el")]
    number = _int(g("ely") or g("ey"))  # _JAPANESE calls the letter form's year ely
    return ERA_FIRST_YEAR[era] + number - 1 if number >= 1 else None


def _read(m: re.Match) -> _Found | None:
    """Decode a match of any pattern above; None when it is not a date after all."""
    g = m.groupdict().get
    month_text = g("m") or g("m2")
    month = _int(month_text) if month_text else _EN_MONTHS.get(g("mon") or "")
    day = _int(g("d")) if g("d") else None
    span = (m.start(), m.end())
    if g("rm") or g("ry"):  # 同月24日, 翌年7月
        return _Found(*span, None, month, day, bool(g("fy")), word=g("rm") or g("ry"))
    if not any(g(k) for k in ("wy", "ky", "era", "el", "fy_en")):  # 3月24日
        if day is None and not month_text.isascii():
            return None  # a bare kanji month (一月) is as often ひとつき, "one month"
        return _Found(*span, None, month, day)
    year = _year(g)
    until = None
    if g("wy2"):  # 2020~2025年
        last = int(g("wy2"))
        if year is None or not year < last <= MAX_YEAR:
            return _Found(*span, valid=False)
        until = str(last)
    return _Found(*span, year, month, day, bool(g("fy") or g("fy_en")), until=until,
                  valid=year is not None)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD', or None if there is no such date."""
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:  # 2月30日
        return None


def _candidates(text: str) -> list[_Found]:
    """Every date-like stretch, overlaps resolved longest first (as spaCy's filter_spans)."""
    patterns = [_JAPANESE, _MONTH_DAY, _RELATIVE_MONTH, _NUMERIC, _ERA_NUMERIC, _YEAR_RANGE,
                _FISCAL_EN, *_ENGLISH]
    found = [f for p in patterns for m in p.finditer(text) if (f := _read(m)) is not None]
    kept = non_overlapping(found, lambda f: (f.start, f.end))
    return [f for f in kept if f.valid]


Context = tuple[int | None, int | None]  # (year, month)


def _resolve(f: _Found, last: Context, document: Context) -> tuple[str, bool] | None:
    """The ISO value of `f` and whether context supplied its year; None if it cannot have one."""
    year, month, relative = f.year, f.month, False
    if f.word is not None:
        word = RELATIVE[f.word]
        base_year, base_month = last if word["from"] == "last" else document
        if base_year is None:
            return None
        relative = True
        if word["unit"] == "year":
            year = base_year + word["offset"]
        elif base_month is None:
            return None
        else:
            year, month0 = divmod(base_year * 12 + base_month - 1 + word["offset"], 12)
            month = month0 + 1
    elif year is None:  # 3月24日: in the year of the date mentioned last
        year, relative = last[0], True
        if year is None:
            return None
    value = _iso(year, month, f.day)
    return None if value is None else (value, relative)


def _context_of(value: str) -> Context:
    parts = value.split("-")
    return int(parts[0]), int(parts[1]) if len(parts) > 1 else None


def _range_end(text: str, f: _Found, value: str, nxt: _Found | None,
               last: Context, document: Context) -> tuple[int, str, bool] | None:
    """If a range follows `f` (~25日, ~4月2日, ~令和7年2月): its end, its last date and whether
    it used up `nxt`."""
    sep = _RANGE_THEN.match(text, f.end)
    if sep is None or f.until is not None:
        return None
    if nxt is not None and nxt.start == sep.end():
        tail = _resolve(nxt, last, document)
        if tail and tail[0] < value and nxt.year is None and nxt.word is None:
            tail = _resolve(nxt, (last[0] + 1, None), document)  # 12月30日~1月2日
        return (nxt.end, tail[0], True) if tail and tail[0] >= value else None
    day = _DAY_TAIL.match(text, sep.end())
    if day and len(value) == 10:  # 2023年3月24日~25日
        tail_value = _iso(int(value[:4]), int(value[5:7]), _int(day["d"]))
        if tail_value and tail_value > value:
            return day.end(), tail_value, False
    return None


def find_dates(text: str, context_year: int | None = None,
               context_month: int | None = None) -> list[DateMatch]:
    """Every date in `text`, in order. `context_year`/`context_month`: when the text was written."""
    document: Context = (context_year, context_month if context_year is not None else None)
    last = document
    found = _candidates(text)
    matches: list[DateMatch] = []
    i = 0
    while i < len(found):
        f, nxt = found[i], found[i + 1] if i + 1 < len(found) else None
        i += 1
        resolved = _resolve(f, last, document)
        if resolved is None:
            continue
        value, relative = resolved
        last = _context_of(value)
        end, until = f.end, f.until
        if joined := _range_end(text, f, value, nxt, last, document):
            end, until, used_next = joined
            i += used_next
            last = _context_of(until)
        matches.append(DateMatch(start=f.start, end=end, value=value, fiscal=f.fiscal,
                                 relative=relative, until=until))
    return matches


def document_year(text: str) -> int | None:
    """The year `text` is dated: its first full date near the top, else its most common year."""
    explicit = [m for m in find_dates(text) if not m.relative]
    for m in explicit:
        if m.start >= HEAD_CHARS:
            break
        if len(m.value) == 10:
            return int(m.value[:4])
    # Fiscal years run ahead of the time of writing (a 令和7年度 budget is written in 令和6), so
    # they count only when nothing else does. Ties go to the later year: texts look back.
    years = Counter(int(m.value[:4]) for m in explicit if not m.fiscal) or \
        Counter(int(m.value[:4]) for m in explicit)
    return max(years, key=lambda y: (years[y], y)) if years else None
