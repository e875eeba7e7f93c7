"""Money amounts as Japanese texts write them: 1兆円, 3,000億円, 69億ドル, 一千億円, 500万ユーロ.

Reads normalised (NFKC) text, so digits are ASCII and commas are ','.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kanjize import kanji2number

from .models import Values

CURRENCIES = {"円": "JPY", "ドル": "USD", "米ドル": "USD", "ユーロ": "EUR", "ポンド": "GBP",
              "元": "CNY", "人民元": "CNY", "ウォン": "KRW", "ルーブル": "RUB", "ルピー": "INR"}
UNITS = {"兆": Decimal(10) ** 12, "億": Decimal(10) ** 8, "万": Decimal(10) ** 4, "千": Decimal(1000)}

_KANJI_DIGITS = "〇一二三四五六七八九十百千"
_NUMBER = rf"(?:\d[\d,]*(?:\.\d+)?|[{_KANJI_DIGITS}]+)"
# A group is a number, an optional 千 and an optional large unit (2千万, 1兆, 300); an amount is
# one or more groups (1兆2000億5000万).
_GROUP = rf"({_NUMBER})(千)?([兆億万])?"
_CURRENCY = "|".join(sorted(CURRENCIES, key=len, reverse=True))
MONEY = re.compile(rf"(?<![\d,.])(?P<amount>(?:{_NUMBER}千?[兆億万]?)+)\s*(?P<currency>{_CURRENCY})")


def _number(text: str) -> Decimal:
    if text[0] in _KANJI_DIGITS:
        return Decimal(kanji2number(text))
    return Decimal(text.replace(",", ""))


def parse_amount(text: str) -> Decimal:
    """'1兆2000億' -> 1200000000000; raises ValueError for anything that is not an amount."""
    total, pos = Decimal(0), 0
    for match in re.finditer(_GROUP, text):
        if match.start() != pos:
            break
        try:
            number = _number(match.group(1))
        except (InvalidOperation, ValueError, KeyError) as err:
            raise ValueError(f"not an amount: {text!r}") from err
        if match.group(2):
            number *= UNITS["千"]
        total += number * UNITS.get(match.group(3) or "", Decimal(1))
        pos = match.end()
    if pos != len(text) or not text:
        raise ValueError(f"not an amount: {text!r}")
    return total


def parse_money(text: str) -> Values | None:
    """The first money amount in `text` as Values (amount and ISO currency), or None."""
    match = MONEY.search(text)
    if match is None:
        return None
    try:
        amount = parse_amount(match.group("amount"))
    except ValueError:
        return None
    return Values(amount=amount, currency=CURRENCIES[match.group("currency")])
