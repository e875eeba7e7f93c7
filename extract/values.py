"""Money amounts as texts write them, read into Values (amount in units of the currency, ISO code).

Japanese: 1兆円, 3,000億円, 69億ドル, 15億米ドル, 一千億円, 1,234百万円 and 5,000千円 (table
units), 100~200億円 (a range). English: $1.5 billion, US$ 300 million, USD 10 million, €2 billion,
1.5 billion dollars. Decisions:

* A range is one match; `values` is its lower bound (the amount the text commits to), `upper`
  its upper bound. A lower end without a unit takes the upper end's: 100~200億円 is 100億 to 200億.
* 1兆円(69億ドル) is one match; `values` is the first amount, `alt` the one in brackets.
* 約/およそ/程度 stay outside the match span; they set `approx`.
* A year right before the amount (令和7年度予算 1兆円, 2025年度に1兆円) sets fiscal_year (年度, FY) or
  year, when only budget words stand between (data: fiscal_gap_words).
* Only amounts that parse exactly: 数百億円 (several hundred), 7.7兆億円 (a typo), 12,34億円 (bad
  grouping) and amounts marked as decreases (△100億円, ▲100億円, as budget tables write them) give
  nothing.

Reads normalised (NFKC) text, so digits are ASCII, commas are ',' and ～ is '~'.
"""
from __future__ import annotations

import re
from decimal import Decimal, localcontext

from kanjize import kanji2number
from pydantic import BaseModel, ConfigDict, Field

from .data_files import read_data
from .dates import RANGE_SEPARATORS, DateMatch, find_dates
from .models import Values
from .overlaps import non_overlapping

_DATA = read_data("value_patterns.json", notes=True)

CURRENCIES: dict[str, str] = _DATA["currencies"]["items"]
SYMBOLS: dict[str, str] = _DATA["currency_symbols"]["items"]
CURRENCY_NAMES: dict[str, str] = _DATA["currency_names"]["items"]
SCALES: dict[str, int] = _DATA["scale_words"]["items"]  # powers of ten
UNITS = {"兆": 12, "億": 8, "万": 4, "千": 3, "百": 2}  # powers of ten
_NOT_BEFORE: dict[str, str] = _DATA["currency_not_before"]["items"]
# Farthest a year may stand before its amount (令和7年度当初予算案では 1兆円 is 12); also bounds
# the gap pattern's work.
MAX_YEAR_GAP = 20
# More digits than this is not money any text means; it also keeps Decimal arithmetic exact.
MAX_DIGITS = 20


class MoneyMatch(BaseModel):
    """An amount found in a text: where it is and what it says."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(description="offset into the text that was searched")
    end: int
    values: Values = Field(description="the amount; of a range, its lower bound")
    upper: Values | None = Field(default=None, description="the upper bound of a range")
    alt: Values | None = Field(default=None, description="the same amount in another currency")
    approx: bool = Field(default=False, description="約, およそ, 程度 ... around the amount")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- Japanese amounts: groups of a number and a unit, largest unit first (1兆2000億5000万) --------

_ASCII = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_KANJI = "[〇一二三四五六七八九十百千]+"
_GROUP = rf"(?:{_ASCII}[百千]?|{_KANJI})"  # 1,234百 (万), 5千 (万), 一千 (億)
# Every group but the last ends in a large unit, so a digit run splits only one way (no
# backtracking blow-up on long numbers).
_AMOUNT = rf"(?:(?:{_GROUP}[兆億万])+{_GROUP}?|{_GROUP})"
_PART = re.compile(rf"(?:(?P<ascii>{_ASCII})(?P<mult>[百千])?|(?P<kanji>{_KANJI}))(?P<unit>[兆億万])?")
_CURRENCY = _alternation(CURRENCIES)
_RANGE = r"[ \t]*[" + "".join(re.escape(s) for s in RANGE_SEPARATORS) + r"][ \t]*"
# Not after a digit (part of a longer number), 数/何/幾 (数百億円 is no exact amount) or △▲.
_NOT_AFTER = r"(?<![0-9,.数何幾△▲])"
_JAPANESE = re.compile(
    rf"{_NOT_AFTER}(?:(?P<low>{_AMOUNT})(?P<low_currency>{_CURRENCY})?{_RANGE})?"
    rf"(?P<amount>{_AMOUNT})[ \t]*(?P<currency>{_CURRENCY})")

# --- English amounts ----------------------------------------------------------------------------

_EN_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_SCALE = rf"(?i:{_alternation(SCALES)})(?![A-Za-z])"
_SYMBOL_FIRST = re.compile(  # $1.5 billion, US$ 300 million, €2bn
    rf"(?<![A-Za-z0-9])(?P<symbol>{_alternation(SYMBOLS)})[ \t]?(?P<number>{_EN_NUMBER})"
    rf"(?:[ \t]?(?P<scale>{_SCALE}))?(?![0-9])")
# 1.5 billion dollars. The scale word is required: 'in 2023 dollars' is no amount.
_NAME_LAST = re.compile(
    rf"(?<![0-9.,])(?P<number>{_EN_NUMBER})[ \t]?(?P<scale>(?i:trillion|billion|million|thousand))"
    rf"[ \t]+(?P<name>(?i:{_alternation(CURRENCY_NAMES)}))(?![A-Za-z])")

_APPROX_BEFORE = re.compile(rf"(?:{_alternation(_DATA['approximate']['before'])})[ \t]*$")
_APPROX_AFTER = re.compile(rf"[ \t]*(?:{_alternation(_DATA['approximate']['after'])})")
_ALT_OPEN = re.compile(rf"[ \t]*\([ \t]*(?:{_alternation(_DATA['approximate']['before'])})?[ \t]*$")
_ALT_CLOSE = re.compile(rf"(?:{_APPROX_AFTER.pattern})?[ \t]*\)")
_YEAR_GAP = re.compile(rf"(?:[ \t、,:]|{_alternation(_DATA['fiscal_gap_words']['items'])})*")


def _scaled(number: Decimal, power: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60  # MAX_DIGITS + the largest power fits, so nothing rounds
        return number.scaleb(power)


def _canonical(amount: Decimal) -> Decimal:
    """1500000000000 rather than 1.5E+12 or 1500000000000.0: xsd:decimal wants plain digits."""
    if amount == amount.to_integral_value():
        return Decimal(int(amount))
    return amount.normalize()


def parse_amount(text: str) -> Decimal:
    """'1兆2000億' -> 1200000000000; raises ValueError for anything that is not an amount."""
    total, pos, last_unit = Decimal(0), 0, None
    while pos < len(text):
        m = _PART.match(text, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"not an amount: {text!r}")
        unit = UNITS[m["unit"]] if m["unit"] else 0
        if last_unit is not None and unit >= last_unit:  # units fall: 1兆2000億, never 1万2億
            raise ValueError(f"not an amount: {text!r}")
        if m["ascii"]:
            digits = m["ascii"].replace(",", "")
            if len(digits) > MAX_DIGITS:
                raise ValueError(f"too many digits: {text!r}")
            number = _scaled(Decimal(digits), UNITS[m["mult"]] if m["mult"] else 0)
        else:
            try:
                number = Decimal(kanji2number(m["kanji"]))
            except ValueError as err:  # kanjize's word for 百百 or 十十
                raise ValueError(f"not an amount: {text!r}") from err
        total += _scaled(number, unit)
        pos, last_unit = m.end(), unit
    if pos == 0:
        raise ValueError(f"not an amount: {text!r}")
    return _canonical(total)


def _japanese(m: re.Match) -> tuple[int, Values, Values | None] | None:
    """(start, amount, upper bound) of a _JAPANESE match, or None when it is not exact money."""
    currency_word, amount_text = m["currency"], m["amount"]
    if set(_NOT_BEFORE.get(currency_word, "")) & set(m.string[m.end():m.end() + 1]):
        return None  # 円滑, 一元化
    if not re.search(r"[0-9百千万億兆]", amount_text):
        return None  # 一円 (関東一円, "all over Kanto"), 二元
    if currency_word == "元" and not re.search(r"[0-9]|[万億兆]", amount_text):
        return None
    currency = CURRENCIES[currency_word]
    try:
        high = parse_amount(amount_text)
        low_text = m["low"]
        if low_text is None or (m["low_currency"] and CURRENCIES[m["low_currency"]] != currency):
            return m.start("amount"), Values(amount=high, currency=currency), None
        if not re.search("[兆億万百千]", low_text) and not m["low_currency"]:
            low_text += re.search("[兆億万]|$", amount_text).group()  # 100~200億円: 100億
        low = parse_amount(low_text)
    except ValueError:
        return None
    if low > high:
        return m.start("amount"), Values(amount=high, currency=currency), None
    return m.start(), Values(amount=low, currency=currency), Values(amount=high, currency=currency)


def _english(m: re.Match) -> Values | None:
    digits = m["number"].replace(",", "")
    if len(digits) > MAX_DIGITS:
        return None
    power = SCALES[m["scale"].lower()] if m["scale"] else 0
    currency = SYMBOLS[m["symbol"]] if m.groupdict().get("symbol") else \
        CURRENCY_NAMES[next(k for k in CURRENCY_NAMES if k.lower() == m["name"].lower())]
    return Values(amount=_canonical(_scaled(Decimal(digits), power)), currency=currency)


def _amounts(text: str) -> list[MoneyMatch]:
    """Every amount on its own, overlaps resolved longest first."""
    found = []
    for m in _JAPANESE.finditer(text):
        if (read := _japanese(m)) is not None:
            start, values, upper = read
            found.append(MoneyMatch(start=start, end=m.end(), values=values, upper=upper))
    for pattern in (_SYMBOL_FIRST, _NAME_LAST):
        for m in pattern.finditer(text):
            if (values := _english(m)) is not None:
                found.append(MoneyMatch(start=m.start(), end=m.end(), values=values))
    return non_overlapping(found, lambda f: (f.start, f.end))


def _with_alternatives(text: str, found: list[MoneyMatch]) -> list[MoneyMatch]:
    """Join 1兆円(69億ドル) and (595億円、4億1190万ドル) into one match with `alt`."""
    out: list[MoneyMatch] = []
    i = 0
    while i < len(found):
        m, nxt = found[i], found[i + 1] if i + 1 < len(found) else None
        i += 1
        if nxt is not None and nxt.values.currency != m.values.currency:
            between = text[m.end:nxt.start]
            close = _ALT_CLOSE.match(text, nxt.end)
            if _ALT_OPEN.fullmatch(between) and close:  # 1兆円(約69億ドル)
                m, i = m.model_copy(update={"alt": nxt.values, "end": close.end()}), i + 1
            elif between.strip() in ("、", ",") and text[:m.start].endswith("(") and close:
                m, i = m.model_copy(update={"alt": nxt.values, "end": nxt.end}), i + 1
        out.append(m)
    return out


def _year_before(text: str, start: int, dates: list[DateMatch]) -> dict[str, int]:
    """fiscal_year or year from the date just before `start`, if only budget words come between."""
    before = [d for d in dates if d.end <= start]
    if not before:
        return {}
    date = before[-1]
    if date.relative or date.until is not None or start - date.end > MAX_YEAR_GAP \
            or not _YEAR_GAP.fullmatch(text, date.end, start):
        return {}
    return {"fiscal_year" if date.fiscal else "year": int(date.value[:4])}


def find_money(text: str) -> list[MoneyMatch]:
    """Every money amount in `text`, in order."""
    found = _with_alternatives(text, _amounts(text))
    if not found:
        return []
    dates = find_dates(text)
    out = []
    for m in found:
        update: dict = {"approx": bool(_APPROX_BEFORE.search(text, max(0, m.start - 8), m.start)
                                       or _APPROX_AFTER.match(text, m.end))}
        if years := _year_before(text, m.start, dates):
            update |= {k: v.model_copy(update=years) for k, v in
                       (("values", m.values), ("upper", m.upper), ("alt", m.alt)) if v is not None}
        out.append(m.model_copy(update=update))
    return out


def parse_money(text: str) -> Values | None:
    """The first money amount in `text` as Values (amount, ISO currency, years), or None."""
    found = find_money(text)
    return found[0].values if found else None
