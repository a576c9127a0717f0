"""The speed shortcuts of the warm worksheet functions answer exactly as the general path.

Fast paths: whole floats/ints in to_whole, parse_years and parse_release; finite floats in to_decimal;
round_cents without building the quantum; remembered article lookups; the catalog path remembered per
(path, workbook setting, XPHONE_CATALOG).
"""
import os
from decimal import Decimal

import pytest

from addin import catalog as catalog_mod
from addin import udfs
from addin.catalog import get_catalog, workbook_catalog
from addin.errors import BadValue, MissingValue
from addin.money import round_cents, to_decimal, to_whole
from addin.pricing import parse_release, parse_years
from tests.conftest import small_sheets, write_workbook


@pytest.mark.parametrize("value, expected", [
    (3.0, 3), (3, 3), (0.0, 0), (-0.0, 0), (9007199254740991.0, 9007199254740991),
    (1e300, 10 ** 300),               # past 2**53: through the shortest text form, as before
    (Decimal("4"), 4), ("7", 7),
])
def test_whole_numbers(value, expected):
    got = to_whole(value, minimum=-1)
    assert got == expected and type(got) is int


@pytest.mark.parametrize("value, exc", [
    (True, BadValue), (2.5, BadValue), (float("nan"), BadValue), (float("inf"), BadValue),
    (-2.0, BadValue), (None, MissingValue),
])
def test_not_whole_numbers(value, exc):
    with pytest.raises(exc):
        to_whole(value, minimum=0)


@pytest.mark.parametrize("value, text", [(2.675, "2.675"), (0.1, "0.1"), (-0.0, "-0.0"), (10000.0, "10000.0"),
                                         (1e-07, "1E-7")])
def test_floats_through_their_shortest_text(value, text):
    assert str(to_decimal(value)) == text


@pytest.mark.parametrize("amount, cents", [("2.675", "2.68"), ("-1.475", "-1.48"), ("2.665", "2.67"),
                                          ("0.005", "0.01"), ("-0.004", "-0.00"), ("890", "890.00")])
def test_round_cents_half_away_from_zero(amount, cents):
    assert str(round_cents(Decimal(amount))) == cents


@pytest.mark.parametrize("years, expected", [(3.0, 3), (5, 5), ("3", 3), (Decimal("2"), 2)])
def test_terms(years, expected):
    assert parse_years(years) == expected


@pytest.mark.parametrize("years", [0.0, 6.0, 2.5, True])
def test_terms_not_offered(years):
    with pytest.raises(BadValue):
        parse_years(years)


@pytest.mark.parametrize("release, expected", [(6.0, 6), (4, 4), ("R8", 8), ("Release 5", 5)])
def test_releases(release, expected):
    assert parse_release(release) == expected


@pytest.mark.parametrize("release", [3.0, 9, 6.5])
def test_releases_not_offered(release):
    with pytest.raises(BadValue):
        parse_release(release)


def test_remembered_lookups_keep_types_apart():
    cat = get_catalog()
    assert cat.find(9130.0).code == "UP2DATE_ADDON"
    assert cat.find(9130).code == "UP2DATE_ADDON"
    assert cat.find(True) is None and cat.find(1) is None and cat.find(1.0) is None
    assert cat.find("office").code == "OFFICE"
    assert cat.find("office").code == "OFFICE"    # second time from the memo
    assert cat.find(["OFFICE"]) is None            # unhashable: no memo, no crash


def test_catalog_path_follows_the_environment_and_the_workbook_setting(tmp_path, monkeypatch):
    other = write_workbook(tmp_path / "other.xlsx", small_sheets())
    assert udfs.XP_PRICE("OFFICE", 1.0) == 89.0          # shipped example price
    monkeypatch.setenv("XPHONE_CATALOG", str(other))
    assert udfs.XP_PRICE("OFFICE", 1.0) == 100.0         # small catalog
    monkeypatch.delenv("XPHONE_CATALOG")
    assert udfs.XP_PRICE("OFFICE", 1.0) == 89.0
    with workbook_catalog(other):
        assert udfs.XP_PRICE("OFFICE", 1.0) == 100.0
    assert udfs.XP_PRICE("OFFICE", 1.0) == 89.0
    os.environ["XPHONE_CATALOG"] = str(other)             # set directly, not through monkeypatch
    try:
        assert get_catalog().path == str(other)
    finally:
        del os.environ["XPHONE_CATALOG"]
    assert get_catalog().path == str(catalog_mod.SHIPPED_CATALOG)
