"""Properties of the money functions and of Up2Date pricing, checked on many generated inputs (hypothesis).

The rates are the service description's: Up2Date 20/38/54/68/80 % in total
for 1–5 years (shipped catalog). Fixed examples are Excel's own ROUND results.
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from addin.catalog import load_catalog
from addin.errors import BadValue
from addin.money import excel_round, format_eur, round_cents, to_decimal, to_percent
from addin.pricing import up2date_addon_price, up2date_price, upgrade_price

from .conftest import SHIPPED

CATALOG = load_catalog(SHIPPED)

props = settings(deadline=None, max_examples=200)

amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False,
                      allow_infinity=False, places=6)
non_negative = st.decimals(min_value=0, max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False, places=6)
totals = st.decimals(min_value=0, max_value=Decimal("1e9"), allow_nan=False, allow_infinity=False, places=2)
years = st.integers(min_value=1, max_value=5)
digits = st.integers(min_value=-3, max_value=6)


# --------------------------------------------------------------------------- Excel's ROUND

@pytest.mark.parametrize("value, places, expected", [
    (Decimal("2.15"), 1, Decimal("2.2")),        # =RUNDEN(2,15;1)
    (Decimal("-1.475"), 2, Decimal("-1.48")),    # =RUNDEN(-1,475;2)
    (Decimal("2.675"), 2, Decimal("2.68")),      # =RUNDEN(2,675;2)
    (Decimal("2.5"), 0, Decimal("3")),           # =RUNDEN(2,5;0)
    (Decimal("-2.5"), 0, Decimal("-3")),         # =RUNDEN(-2,5;0)
    (Decimal("1.005"), 2, Decimal("1.01")),      # =RUNDEN(1,005;2)
    (Decimal("0.285"), 2, Decimal("0.29")),      # =RUNDEN(0,285;2)
    (Decimal("1234.5678"), -2, Decimal("1200")),  # =RUNDEN(1234,5678;-2)
    (Decimal("0.004999"), 2, Decimal("0.00")),
])
def test_excel_round_examples(value, places, expected):
    assert excel_round(value, places) == expected


@pytest.mark.parametrize("cell, places, expected", [
    (2.15, 1, Decimal("2.2")), (-1.475, 2, Decimal("-1.48")), (2.675, 2, Decimal("2.68")),
    (1.005, 2, Decimal("1.01")), (0.285, 2, Decimal("0.29")),
])
def test_excel_round_of_floats_from_excel(cell, places, expected):
    """A float from Excel (2.675 is 2.67499999... in binary) rounds as Excel shows it."""
    assert excel_round(to_decimal(cell), places) == expected


# --------------------------------------------------------------------------- rounding properties

@props
@given(non_negative)
def test_rounding_never_makes_a_non_negative_amount_negative(x):
    assert round_cents(x) >= 0


@props
@given(amounts, amounts)
def test_rounding_is_monotone(a, b):
    low, high = min(a, b), max(a, b)
    assert round_cents(low) <= round_cents(high)


@props
@given(amounts, digits)
def test_rounding_is_idempotent(x, places):
    once = excel_round(x, places)
    assert excel_round(once, places) == once
    assert round_cents(round_cents(x)) == round_cents(x)


@props
@given(amounts)
def test_rounding_is_half_away_from_zero_and_within_half_a_cent(x):
    assert round_cents(-x) == -round_cents(x)
    assert abs(round_cents(x) - x) <= Decimal("0.005")
    assert round_cents(x) == excel_round(x, 2)
    assert round_cents(x).as_tuple().exponent == -2


@props
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_from_excel_keeps_its_shortest_text(f):
    assert float(to_decimal(f)) == f
    assert to_decimal(f) == Decimal(repr(f))


@props
@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), allow_nan=False, allow_infinity=False,
                   places=4))
def test_german_euro_text_reads_back_as_the_rounded_amount(x):
    assert to_decimal(format_eur(x, "de")) == round_cents(x)


@props
@given(st.decimals(min_value=-10, max_value=10, allow_nan=False, allow_infinity=False, places=4))
def test_percentages_outside_0_to_100_are_refused(rate):
    if 0 <= rate <= 1:
        assert to_percent(rate) == rate
    else:
        with pytest.raises(BadValue):
            to_percent(rate)


# --------------------------------------------------------------------------- Up2Date and upgrade prices

@pytest.mark.parametrize("total, term, expected", [
    (Decimal("10000"), 3, Decimal("5400.00")),    # 54 %
    (Decimal("2490"), 1, Decimal("498.00")),      # SERVER, 20 %
    (Decimal("1234.56"), 2, Decimal("469.13")),   # 38 % = 469.1328
    (Decimal("1234.56"), 5, Decimal("987.65")),   # 80 % = 987.648
    (Decimal("0.01"), 4, Decimal("0.01")),        # 68 % of a cent = 0.0068
])
def test_up2date_examples(total, term, expected):
    assert up2date_price(total, term, CATALOG) == expected


@props
@given(totals, years)
def test_up2date_is_never_negative_and_at_most_80_percent(total, term):
    price = up2date_price(total, term, CATALOG)
    assert price >= 0
    assert price <= round_cents(total * Decimal("0.80"))


@props
@given(totals, totals, years)
def test_up2date_is_monotone_in_the_total(a, b, term):
    low, high = min(a, b), max(a, b)
    assert up2date_price(low, term, CATALOG) <= up2date_price(high, term, CATALOG)


@props
@given(totals, years, years)
def test_up2date_grows_with_the_term(total, y1, y2):
    assume(y1 != y2)
    short, long_ = min(y1, y2), max(y1, y2)
    assert up2date_price(total, short, CATALOG) <= up2date_price(total, long_, CATALOG)
    if total >= 1:  # the total rates differ by at least 12 points, more than a cent from 1 EUR on
        assert up2date_price(total, short, CATALOG) < up2date_price(total, long_, CATALOG)


@props
@given(totals, years, st.data())
def test_up2date_for_added_licences_is_monotone_in_the_months(cost, term, data):
    months = st.integers(min_value=0, max_value=12 * term)  # a running term has at most 12 months a year left
    m1, m2 = data.draw(months), data.draw(months)
    low, high = min(m1, m2), max(m1, m2)
    assert 0 <= up2date_addon_price(cost, low, term, CATALOG) <= up2date_addon_price(cost, high, term, CATALOG)


def test_up2date_for_added_licences_example():
    # 18 % a year (3-year term) × 6/12 × 1000 = 90
    assert up2date_addon_price(Decimal("1000"), 6, 3, CATALOG) == Decimal("90.00")


@props
@given(totals, st.sampled_from([4, 5, 6, 7, 8]))
def test_upgrade_never_exceeds_the_licence_total(total, release):
    price = upgrade_price(total, release, CATALOG)
    assert 0 <= price <= total
