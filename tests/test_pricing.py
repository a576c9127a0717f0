"""The pricing core against figures computed by hand from the service description.

Up2Date: 20/19/18/17/16 % a year, 20/38/54/68/80 % in total. Migration from release 4:
100 %; one-time upgrade from 5: 75 %, 6: 55 %, 7: 35 %, 8: 35 %. Example list prices:
OFFICE 89, OFFICE PLUS 139, FAX 39,90, TAPI 19,95, SERVER 2490, SMART SERVER 990.
"""
import datetime as dt
from decimal import Decimal

import pytest

from addin import pricing
from addin.errors import BadValue, MissingValue, NotPricedPerUnit, UnknownArticle

D = Decimal


@pytest.mark.parametrize("years, rate, total_rate, price", [
    (1, "0.20", "0.20", "2000.00"),
    (2, "0.19", "0.38", "3800.00"),
    (3, "0.18", "0.54", "5400.00"),
    (4, "0.17", "0.68", "6800.00"),
    (5, "0.16", "0.80", "8000.00"),
])
def test_up2date_every_term(years, rate, total_rate, price):
    assert pricing.up2date_rate(years) == D(rate)
    assert pricing.up2date_total_rate(years) == D(total_rate)
    assert pricing.up2date_price(10000, years) == D(price)
    assert pricing.up2date_price(10000.0, float(years)) == D(price)


@pytest.mark.parametrize("total, years, expected", [
    ("1.234,56", 3, "666.66"),  # 1234,56 × 54 % = 666,6624 (text is read the German way)
    (1.025, 1, "0.21"),         # 0,205 exactly: half away from zero (binary floats give 0,20)
    ("12,125", 3, "6.55"),      # 6,5475
    (0, 5, "0.00"),
    ("4370", 2, "1660.60"),     # SERVER 2490 + 20 OFFICE 1780 + ... = 4370 × 38 %
])
def test_up2date_rounding(total, years, expected):
    assert pricing.up2date_price(total, years) == D(expected)


@pytest.mark.parametrize("release, rate, price", [
    (4, "1.00", "10000.00"),
    (5, "0.75", "7500.00"),
    (6, "0.55", "5500.00"),
    (7, "0.35", "3500.00"),
    (8, "0.35", "3500.00"),
    ("R6", "0.55", "5500.00"),
    ("Release 5", "0.75", "7500.00"),
    ("r7", "0.35", "3500.00"),
    (4.0, "1.00", "10000.00"),
])
def test_upgrade_every_release(release, rate, price):
    assert pricing.upgrade_rate(release) == D(rate)
    assert pricing.upgrade_price(10000, release) == D(price)


def test_upgrade_rounding():
    # 3579,99 × 55 % = 1968,9945 -> 1968,99 ; × 35 % = 1252,9965 -> 1253,00
    assert pricing.upgrade_price("3.579,99", 6) == D("1968.99")
    assert pricing.upgrade_price(D("3579.99"), 8) == D("1253.00")


@pytest.mark.parametrize("cost, months, term, expected", [
    (1000, 6, 3, "90.00"),      # 18 % × 6/12 × 1000
    (1000, 7, 1, "116.67"),     # 20 % × 7/12 × 1000 = 116,666...
    (2490, 11, 5, "365.20"),    # 16 % × 11/12 × 2490 = 365,20
    (89, 1, 2, "1.41"),         # 19 % × 1/12 × 89 = 1,40916...
    (0, 12, 4, "0.00"),
    (500, 0, 2, "0.00"),
    (890, 12, 4, "151.30"),     # 17 % × 12/12 × 890
])
def test_up2date_addon(cost, months, term, expected):
    assert pricing.up2date_addon_price(cost, months, term) == D(expected)


@pytest.mark.parametrize("article, qty, expected", [
    ("OFFICE", 10, "890.00"),
    ("3310.0030", 1, "89.00"),
    (3310.003, 2, "178.00"),       # Excel's reading of a typed 3310.0030
    (" office plus ", 3, "417.00"),
    ("IP-CHANNEL", 2, "298.00"),
    ("FAX", 3, "119.70"),
    ("TAPI", 7, "139.65"),
    (3212.001, 1, "990.00"),       # SMART SERVER typed as a number
    ("3211.0030.010", 2, "1380.00"),
    ("8.3210.003010", 1, "1590.00"),
    ("OFFICE", 0, "0.00"),
])
def test_line_price(article, qty, expected):
    assert pricing.line_price(article, qty) == D(expected)


@pytest.mark.parametrize("article, function", [
    ("UP2DATE_3Y", "XP_UP2DATE"),
    ("9130.0000.012", "XP_UP2DATE"),
    (9130.0, "XP_UP2DATE_ADDON"),
    ("9131.0002", "XP_UPGRADE"),
    ("MIGRATION_R4", "XP_UPGRADE"),
])
def test_percentage_articles_name_their_function(article, function):
    with pytest.raises(NotPricedPerUnit) as err:
        pricing.line_price(article, 1)
    assert function in err.value.message("de")
    assert function in err.value.message("en")


@pytest.mark.parametrize("call, exc, text", [
    (lambda: pricing.up2date_price(1000, 0), BadValue, "Erlaubt: 1 bis 5."),
    (lambda: pricing.up2date_price(1000, 6), BadValue, "Erlaubt: 1 bis 5."),
    (lambda: pricing.up2date_price(1000, 2.5), BadValue, "Ganze Zahl erwartet."),
    (lambda: pricing.up2date_price(1000, "drei"), BadValue, "'drei'"),
    (lambda: pricing.up2date_price(1000, None), MissingValue, "Laufzeit in Jahren fehlt."),
    (lambda: pricing.up2date_price(-1, 3), BadValue, "nicht negativ"),
    (lambda: pricing.up2date_price("abc", 3), BadValue, "'abc'"),
    (lambda: pricing.up2date_price(None, 3), MissingValue, "Lizenzsumme fehlt."),
    (lambda: pricing.upgrade_price(1000, 3), BadValue, "Erlaubt: 4, 5, 6, 7, 8."),
    (lambda: pricing.upgrade_price(1000, "R9"), BadValue, "'R9'"),
    (lambda: pricing.upgrade_price(1000, "Version sechs"), BadValue, "Release"),
    (lambda: pricing.upgrade_price(1000, ""), MissingValue, "Release fehlt."),
    (lambda: pricing.up2date_addon_price(1000, 61, 3), BadValue, "Erlaubt: 0 bis 60."),
    (lambda: pricing.up2date_addon_price(1000, 1.5, 3), BadValue, "Ganze Zahl erwartet."),
    (lambda: pricing.up2date_addon_price(1000, -1, 3), BadValue, "Restlaufzeit"),
    (lambda: pricing.line_price("9999", 1), UnknownArticle, "Unbekannter Artikel: 9999"),
    (lambda: pricing.line_price("", 1), UnknownArticle, "Unbekannter Artikel"),
    (lambda: pricing.line_price(None, 1), UnknownArticle, "Unbekannter Artikel"),
    (lambda: pricing.line_price("OFFICE", -1), BadValue, "Erlaubt: ab 0."),
    (lambda: pricing.line_price("OFFICE", 2.5), BadValue, "Ganze Zahl erwartet."),
    (lambda: pricing.line_price("OFFICE", "10 Stk"), BadValue, "'10 Stk'"),
    (lambda: pricing.up2date_end("gestern", 1), BadValue, "Datum erwartet"),
    (lambda: pricing.up2date_end(-5, 1), BadValue, "Beginn"),
    (lambda: pricing.up2date_start(None, None), MissingValue, "Rechnungsdatum fehlt."),
])
def test_bad_inputs(call, exc, text):
    with pytest.raises(exc) as err:
        call()
    assert text in err.value.message("de")


@pytest.mark.parametrize("retrieval, invoice, expected", [
    (dt.date(2026, 2, 10), dt.date(2026, 1, 15), dt.date(2026, 2, 10)),   # retrieval within 3 months
    (dt.date(2026, 6, 1), dt.date(2026, 1, 15), dt.date(2026, 4, 15)),    # at the latest invoice + 3 months
    (None, dt.date(2026, 1, 15), dt.date(2026, 4, 15)),                   # blank: latest start
    ("", dt.date(2025, 11, 30), dt.date(2026, 2, 28)),                    # month end clamps
    (None, dt.date(2027, 11, 30), dt.date(2028, 2, 29)),                  # leap year
    (dt.date(2026, 1, 10), dt.date(2026, 1, 15), dt.date(2026, 1, 10)),
    (dt.datetime(2026, 3, 1, 0, 0), 46037.0, dt.date(2026, 3, 1)),        # 46037 = 15.01.2026
    ("16.03.2026", "2026-01-15", dt.date(2026, 3, 16)),
])
def test_up2date_start(retrieval, invoice, expected):
    assert pricing.up2date_start(retrieval, invoice) == expected


@pytest.mark.parametrize("start, years, expected", [
    (dt.date(2026, 3, 16), 1, dt.date(2027, 3, 31)),
    (dt.date(2026, 3, 1), 1, dt.date(2027, 2, 28)),
    (dt.date(2027, 3, 1), 1, dt.date(2028, 2, 29)),   # ends in a leap February
    (dt.date(2028, 2, 29), 1, dt.date(2029, 2, 28)),  # starts on a leap day
    (dt.date(2024, 2, 29), 4, dt.date(2028, 2, 29)),
    (dt.date(2026, 1, 31), 3, dt.date(2029, 1, 31)),
    (dt.date(2026, 12, 1), 5, dt.date(2031, 11, 30)),
    (dt.date(2026, 12, 15), 2, dt.date(2028, 12, 31)),
    (46097, 1, dt.date(2027, 3, 31)),                 # serial number of 16.03.2026
    (46097.0, 2, dt.date(2028, 3, 31)),
])
def test_up2date_end(start, years, expected):
    assert pricing.up2date_end(start, years) == expected


def test_small_catalog_is_used_when_given(small_catalog):
    assert pricing.line_price("OFFICE", 3, small_catalog) == D("300.00")
    assert pricing.up2date_price(1000, 3, small_catalog) == D("540.00")
    with pytest.raises(BadValue, match="Erlaubt: 1, 3"):
        pricing.up2date_price(1000, 2, small_catalog)


@pytest.mark.parametrize("cost, months, term, expected", [
    (1000, 12, 1, "200.00"),    # 20 % × 12/12 × 1000: a 1-year term has at most 12 months left
    (1000, 36, 3, "540.00"),    # 18 % × 36/12 × 1000
    (1000, 60, 5, "800.00"),    # 16 % × 60/12 × 1000
])
def test_up2date_addon_up_to_the_whole_running_term(cost, months, term, expected):
    assert pricing.up2date_addon_price(cost, months, term) == D(expected)


@pytest.mark.parametrize("months, term, most", [(48, 1, 12), (13, 1, 12), (25, 2, 24), (37, 3, 36), (49, 4, 48)])
def test_up2date_addon_refuses_more_months_than_the_running_term_has(months, term, most):
    with pytest.raises(BadValue) as err:
        pricing.up2date_addon_price(1000, months, term)
    assert err.value.message("de") == (
        f"Restlaufzeit in Monaten: {months} ist ungültig. Ein laufendes Up2Date mit {term} "
        f"{'Jahr' if term == 1 else 'Jahren'} Laufzeit hat höchstens {most} Monate Restlaufzeit, nicht {months}.")
    assert err.value.message("en") == (
        f"remaining months: {months} is not valid. A running Up2Date with a {term}-year term has at most {most} "
        f"months left, not {months}.")


@pytest.mark.parametrize("article, expected", [
    ("XPhone Connect 8 – OFFICE", "89.00"),
    ("XPhone Connect 8 - OFFICE PLUS", "139.00"),
    ("XPhone Connect 8 – Upg. OFFICE>OFFICE PLUS", "55.00"),
    ("Upg. SMART SERVER>SERVER", "1590.00"),
    ("XPhone Connect 8 – Upgrade SMART SERVER to SERVER", "1590.00"),   # the English name
])
def test_article_by_its_printed_name(article, expected):
    assert pricing.line_price(article, 1) == D(expected)


@pytest.mark.parametrize("article, message", [
    ("OFFCE", "Unbekannter Artikel: OFFCE. Meinten Sie OFFICE?"),
    ("SERVR", "Unbekannter Artikel: SERVR. Meinten Sie SERVER?"),
    ("XPhone Connect 8 – TAPY", "Unbekannter Artikel: XPhone Connect 8 – TAPY. Meinten Sie TAPI?"),
    ("9999", "Unbekannter Artikel: 9999"),
])
def test_unknown_article_suggests_the_closest_codes(article, message):
    with pytest.raises(UnknownArticle) as err:
        pricing.line_price(article, 1)
    assert err.value.message("de") == message
