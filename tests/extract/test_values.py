from decimal import Decimal

import pytest

from extract.values import parse_amount, parse_money


@pytest.mark.parametrize("text, amount, currency", [
    ("1兆円", Decimal("1000000000000"), "JPY"),
    ("1兆2000億円", Decimal("1200000000000"), "JPY"),
    ("3,000億円", Decimal("300000000000"), "JPY"),
    ("69億ドル", Decimal("6900000000"), "USD"),
    ("一千億円", Decimal("100000000000"), "JPY"),
    ("二千万円", Decimal("20000000"), "JPY"),
    ("2千万円", Decimal("20000000"), "JPY"),
    ("500万ユーロ", Decimal("5000000"), "EUR"),
    ("1.5兆円", Decimal("1500000000000"), "JPY"),
    ("総額約300億円を計上", Decimal("30000000000"), "JPY"),
    ("1兆円（69億ドル）", Decimal("1000000000000"), "JPY"),
])
def test_money(text, amount, currency):
    values = parse_money(text)
    assert values is not None
    assert values.amount == amount
    assert values.currency == currency


@pytest.mark.parametrize("text", ["億円", "予算", "2023年", "兆"])
def test_not_money(text):
    assert parse_money(text) is None


@pytest.mark.parametrize("text", ["", "億", "12x", "1兆x"])
def test_not_an_amount(text):
    with pytest.raises(ValueError):
        parse_amount(text)
