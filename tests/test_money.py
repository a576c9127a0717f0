"""Exact money: Excel-style rounding and conversion of what Excel passes."""
from decimal import Decimal

import pytest

from addin.errors import BadValue, MissingValue
from addin.i18n import Text
from addin.money import excel_round, format_eur, format_percent, round_cents, to_decimal, to_percent, to_whole


@pytest.mark.parametrize("value, digits, expected", [
    ("2.15", 1, "2.2"),        # =ROUND(2,15;1)
    ("-1.475", 2, "-1.48"),    # =ROUND(-1,475;2)
    ("2.675", 2, "2.68"),
    ("0.005", 2, "0.01"),
    ("-0.005", 2, "-0.01"),
    ("1.004999", 2, "1.00"),
    ("1234.5", 0, "1235"),
    ("-2.5", 0, "-3"),
])
def test_excel_round(value, digits, expected):
    assert excel_round(Decimal(value), digits) == Decimal(expected)


@pytest.mark.parametrize("value, expected", [
    (2.675, "2.675"),          # a float from Excel keeps its shortest text form
    (0.1, "0.1"),
    (3, "3"),
    (3.0, "3.0"),
    ("10,5", "10.5"),
    ("1.234,56", "1234.56"),
    ("1.234.567", "1234567"),
    ("12.125", "12125"),       # German convention (default): the dot groups thousands
    ("12,125", "12.125"),
    (" 12,50 € ", "12.50"),
    ("20%", "0.2"),
    ("1e3", "1E+3"),
    (Decimal("7.10"), "7.10"),
])
def test_to_decimal(value, expected):
    assert to_decimal(value) == Decimal(expected)


def test_float_conversion_is_not_binary():
    # Decimal(2.675) would be 2.67499999...; rounding it would give 2.67.
    assert round_cents(to_decimal(2.675)) == Decimal("2.68")
    assert round_cents(to_decimal(1.025) * Decimal("0.2")) == Decimal("0.21")


@pytest.mark.parametrize("value", ["abc", "10 Stk", float("nan"), float("inf"), True, [1], "1,2,3"])
def test_to_decimal_rejects(value):
    with pytest.raises(BadValue) as err:
        to_decimal(value, Text("label.quantity"))
    assert "Menge" in err.value.message("de")
    assert "quantity" in err.value.message("en")


@pytest.mark.parametrize("value", [None, "", "   "])
def test_to_decimal_blank(value):
    with pytest.raises(MissingValue) as err:
        to_decimal(value, Text("label.licence_total"))
    assert err.value.message("de") == "Lizenzsumme fehlt."
    assert err.value.message("en") == "licence total is missing."


@pytest.mark.parametrize("value, expected", [(3.0, 3), ("7", 7), (0, 0), (Decimal("12"), 12)])
def test_to_whole(value, expected):
    assert to_whole(value) == expected


@pytest.mark.parametrize("value, hint", [
    (2.5, "Ganze Zahl erwartet."),
    (-1, "Erlaubt: ab 0."),
    ("10 Stk", "Zahl erwartet."),
])
def test_to_whole_rejects(value, hint):
    with pytest.raises(BadValue) as err:
        to_whole(value)
    assert hint in err.value.message("de")
    assert repr(value) in err.value.message("de")


@pytest.mark.parametrize("value, expected", [(0.2, "0.2"), ("20 %", "0.2"), (1, "1"), (0, "0")])
def test_to_percent(value, expected):
    assert to_percent(value) == Decimal(expected)


@pytest.mark.parametrize("value", [1.2, "120%", -0.01])
def test_to_percent_rejects(value):
    with pytest.raises(BadValue, match="0 % bis 100 %"):
        to_percent(value)


def test_formats():
    assert format_eur(Decimal("1234.5")) == "1.234,50 €"
    assert format_eur(Decimal("1234.5"), "en") == "€1,234.50"
    assert format_percent(Decimal("0.18")) == "18 %"
    assert format_percent(Decimal("0.175"), "en") == "17.5%"
