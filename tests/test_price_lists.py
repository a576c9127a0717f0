"""Price lists over time: the list valid on a date prices everything.

Figures by hand from the example lists of the shipped catalog (2026: SERVER 2490, OFFICE 89, OFFICE PLUS
139, FAX 39.90, IP-CHANNEL 149; 2027: SERVER 2590, OFFICE 92, OFFICE PLUS 145, FAX 42.90, IP-CHANNEL 159;
the rest unchanged: SMART SERVER 990, VOICEMAIL 39.90, TAPI 19.95) and from a two-list catalog built here
(list A from 2026-01-01, list B from 2027-01-01 in status Entwurf: SERVER 1000 -> 1100, OFFICE 100 -> 110,
FAX 10.50 withdrawn in B, TAPI new in B at 20, the upgrade from release 6 withdrawn in B).
Every test passes its dates explicitly.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest
from click.testing import CliRunner

from addin import pricing, xp_functions
from addin.batch.orders import read_orders
from addin.batch.run import run_batch
from addin.catalog import build_catalog, get_catalog, load_catalog
from addin.catalog.validity import default_date
from addin.cli import cli
from addin.configure import configure
from addin.errors import BadValue, CatalogError, NoPriceList, NotOffered
from addin.frames import catalog_frame, priced_lines
from addin.list_changes import diff_lists
from addin.orders_repriced import reprice
from addin.quote import OrderLine, price_quote

from .conftest import ROOT, small_sheets, write_workbook

EXAMPLE = ROOT / "workbook_templates" / "example_orders.xlsx"
DAY_BEFORE, CHANGE_DAY = dt.date(2026, 12, 31), dt.date(2027, 1, 1)
BOTH_LISTS_DE = "Beispielpreisliste 2026 (ab 2026-01-01), Beispielpreisliste 2027 (ab 2027-01-01)"


def two_lists() -> dict:
    """The small test catalog (conftest) with two lists: A (gültig) and B (Entwurf)."""
    base = small_sheets()
    prices = {"SMART_SERVER": (500, 500), "SERVER": (1000, 1100), "OFFICE": (100, 110), "FAX": (10.5, "–"),
              "UP2DATE_1Y": (None, None), "UP2DATE_3Y": (None, None), "UP2DATE_ADDON": (None, None),
              "UPGRADE_R6": (None, "–")}
    articles = [["Artikelnummer", "Kurzcode", "Name DE", "Name EN", "Kategorie", "Enthält", "Liste A", "Liste B"]]
    for row in base["Artikel"][1:]:
        articles.append(list(row[:6]) + list(prices[row[1]]))
    articles.append(["3410.0030", "TAPI", "TAPI", "TAPI", "channel", None, "–", 20])
    return {"Katalog": [["Eigenschaft", "Wert"], ["Währung", "EUR"], ["MwSt-Satz", 0.19]],
            "Preislisten": [["Preisliste", "Gültig ab", "Gültig bis", "Status"],
                            ["Liste A", dt.datetime(2026, 1, 1), None, "gültig"],
                            ["Liste B", dt.datetime(2027, 1, 1), None, "Entwurf"]],
            "Artikel": articles,
            "Up2Date": [list(r) for r in base["Up2Date"]], "Upgrade": [list(r) for r in base["Upgrade"]],
            "Regeln": [list(r) for r in base["Regeln"]]}


@pytest.fixture
def lists_file(tmp_path, monkeypatch):
    """The two-list catalog as the catalog in use."""
    path = write_workbook(tmp_path / "catalog.xlsx", two_lists())
    monkeypatch.setenv("XPHONE_CATALOG", str(path))
    return path


# --------------------------------------------------------------------------- the shipped catalog

def test_the_shipped_catalog_has_two_example_lists():
    cat = get_catalog()
    assert [(pl.name, pl.valid_from, pl.valid_until, pl.status, pl.is_example) for pl in cat.price_lists] == [
        ("Beispielpreisliste 2026", dt.date(2026, 1, 1), None, "Beispiel", True),
        ("Beispielpreisliste 2027", dt.date(2027, 1, 1), None, "Beispiel", True)]
    old, new = cat.price_lists
    changed = {a.code: (old.prices[a.number], new.prices[a.number]) for a in cat.articles
               if a.is_licence and old.prices[a.number] != new.prices[a.number]}
    assert changed == {"SERVER": (2490, 2590), "IP_CHANNEL": (149, 159), "OFFICE": (89, 92),
                       "OFFICE_PLUS": (139, 145), "FAX": (Decimal("39.9"), Decimal("42.9"))}
    assert all(old.offers(a.number) and new.offers(a.number) for a in cat.articles)


def test_the_catalog_for_a_day_is_made_once_and_remembered():
    cat = get_catalog()
    first = cat.on(dt.date(2026, 5, 1))
    assert cat.on(dt.date(2026, 5, 1)) is first               # the same day: one look-up
    assert cat.on(dt.date(2026, 12, 31)) is first             # the same list: the same catalog
    assert cat.on(46387.0) is first                           # Excel's serial number of 31.12.2026
    assert cat.on("01.01.2027") is cat.on(CHANGE_DAY) is not first
    assert first.on() is first                                # a priced catalog keeps its list
    assert first.rules is cat.rules and first.up2date is cat.up2date  # rates and rules are shared


# --------------------------------------------------------------------------- the day before and the day of the change

@pytest.mark.parametrize("call, before, on_the_day", [
    # OFFICE 10 × 89 / 10 × 92
    (lambda d: xp_functions.XP_PRICE("OFFICE", 10, d), 890.0, 920.0),
    (lambda d: xp_functions.XP_PRICE("3210.0030", None, d), 2490.0, 2590.0),     # blank quantity = 1
    (lambda d: xp_functions.XP_PRICE("FAX", 3, d), 119.7, 128.7),                # 3 × 39.90 / 3 × 42.90
    (lambda d: xp_functions.XP_PRICE("TAPI", 20, d), 399.0, 399.0),              # unchanged 19.95
    (lambda d: xp_functions.XP_UP2DATE(10000, 3, d), 5400.0, 5400.0),            # rates do not change with a list
    (lambda d: xp_functions.XP_UP2DATE_RATE(2, d), 0.19, 0.19),
    (lambda d: xp_functions.XP_UP2DATE_ADDON(1000, 6, 3, d), 90.0, 90.0),        # 18 % × 6/12 × 1000
    (lambda d: xp_functions.XP_UPGRADE(10000, "R6", d), 5500.0, 5500.0),
    (lambda d: xp_functions.XP_PRICELIST(d), "Beispielpreisliste 2026 (ab 2026-01-01, Beispiel)",
     "Beispielpreisliste 2027 (ab 2027-01-01, Beispiel)"),
])
@pytest.mark.parametrize("as_excel", ["datetime", "serial", "text"])
def test_worksheet_functions_on_the_day_before_and_the_day_of_a_list_change(call, before, on_the_day, as_excel):
    shown = {"datetime": (dt.datetime(2026, 12, 31), dt.datetime(2027, 1, 1)), "serial": (46387.0, 46388.0),
             "text": ("31.12.2026", "2027-01-01")}[as_excel]
    assert call(shown[0]) == before
    assert call(shown[1]) == on_the_day


def test_a_blank_date_is_today_or_xphone_price_date(monkeypatch):
    # the tests run on the fixed price date 2026-03-16
    assert xp_functions.XP_PRICE("OFFICE", 10, None) == xp_functions.XP_PRICE("OFFICE", 10, "") == 890.0
    monkeypatch.setenv("XPHONE_PRICE_DATE", "01.01.2027")
    assert xp_functions.XP_PRICE("OFFICE", 10) == 920.0
    monkeypatch.delenv("XPHONE_PRICE_DATE")
    assert default_date() == dt.date.today()  # compared with today, whatever day the test runs
    monkeypatch.setenv("XPHONE_PRICE_DATE", "nächstes Jahr")
    with pytest.raises(BadValue) as err:
        xp_functions.XP_PRICE("OFFICE", 10)
    assert err.value.message("de").startswith("XPHONE_PRICE_DATE: 'nächstes Jahr' ist ungültig. Datum erwartet")


def test_a_quote_dated_the_day_before_and_the_day_of_the_change():
    cat = get_catalog()
    lines = [OrderLine(cat.article("SERVER"), 1), OrderLine(cat.article("OFFICE"), 20, Decimal("0.1")),
             OrderLine(cat.article("UP2DATE_1Y"), 1)]
    before = price_quote(lines, catalog=cat, date=DAY_BEFORE)
    after = price_quote(lines, catalog=cat, date=CHANGE_DAY)
    # 2026: 2490 + 20 × 89 × 0.9 = 2490 + 1602 = 4092; Up2Date 20 % of the list value 2490 + 1780 = 4270 -> 854
    assert (before.licence_total, before.up2date_total, before.net) == (Decimal("4092.00"), Decimal("854.00"),
                                                                         Decimal("4946.00"))
    assert (before.price_list, before.valid_from) == ("Beispielpreisliste 2026", dt.date(2026, 1, 1))
    # 2027: 2590 + 20 × 92 × 0.9 = 2590 + 1656 = 4246; 20 % of 2590 + 1840 = 4430 -> 886
    assert (after.licence_total, after.up2date_total, after.net) == (Decimal("4246.00"), Decimal("886.00"),
                                                                      Decimal("5132.00"))
    assert (after.price_list, after.valid_from) == ("Beispielpreisliste 2027", dt.date(2027, 1, 1))
    # re-issued: dated 2026, priced with the 2027 list
    again = price_quote(lines, catalog=cat, date=DAY_BEFORE, price_date=CHANGE_DAY)
    assert (again.net, again.date, again.price_list) == (Decimal("5132.00"), DAY_BEFORE, "Beispielpreisliste 2027")


def test_configure_prices_with_the_list_of_the_date():
    # SMART SERVER 990 + 15 OFFICE: 2026 15 × 89 = 1335 -> 2325; 2027 15 × 92 = 1380 -> 2370
    assert configure({"users": 20}, date=DAY_BEFORE).total == Decimal("2325.00")
    assert configure({"users": 20}, date=CHANGE_DAY).total == Decimal("2370.00")
    assert xp_functions.XP_CONFIGURE([["users", 20]], None, None, dt.datetime(2027, 1, 1))[-1][-1] == 2370.0


# --------------------------------------------------------------------------- before every list, withdrawn, added

@pytest.mark.parametrize("call", [
    lambda: xp_functions.XP_PRICE("OFFICE", 1, dt.datetime(2025, 12, 31)),
    lambda: xp_functions.XP_UP2DATE(10000, 3, 46022.0),   # serial number of 31.12.2025
    lambda: xp_functions.XP_UPGRADE(10000, 6, "31.12.2025"),
    lambda: xp_functions.XP_CATALOG(dt.datetime(2025, 12, 31)),
    lambda: pricing.line_price("OFFICE", 1, date=dt.date(2025, 12, 31)),
])
def test_a_date_before_every_list_names_the_date_and_the_lists(call):
    with pytest.raises(NoPriceList) as err:
        call()
    assert err.value.message("de") == f"Keine Preisliste gültig am 2025-12-31; Preislisten im Katalog: {BOTH_LISTS_DE}."
    assert err.value.message("en") == ("No price list is valid on 2025-12-31; price lists in the catalog: "
                                       "Beispielpreisliste 2026 (from 2026-01-01), Beispielpreisliste 2027 "
                                       "(from 2027-01-01).")


@pytest.mark.parametrize("call, message", [
    (lambda: xp_functions.XP_PRICE("FAX", 2, dt.datetime(2027, 2, 1)),
     "FAX (3320.0030) wird am 2027-02-01 nicht angeboten: die Preisliste Liste B (ab 2027-01-01) führt den Artikel "
     "nicht; angeboten in: Liste A (ab 2026-01-01)."),
    (lambda: xp_functions.XP_PRICE("TAPI", 2, dt.datetime(2026, 2, 1)),
     "TAPI (3410.0030) wird am 2026-02-01 nicht angeboten: die Preisliste Liste A (ab 2026-01-01) führt den Artikel "
     "nicht; angeboten in: Liste B (ab 2027-01-01)."),
    (lambda: xp_functions.XP_UPGRADE(1000, "R6", dt.datetime(2027, 2, 1)),
     "Upgrade von Release 6 (9131.0002) wird am 2027-02-01 nicht angeboten: die Preisliste Liste B (ab 2027-01-01) "
     "führt den Artikel nicht; angeboten in: Liste A (ab 2026-01-01)."),
])
def test_an_article_not_offered_on_the_date_names_the_date_and_the_lists(lists_file, call, message):
    with pytest.raises(NotOffered) as err:
        call()
    assert err.value.message("de") == message


def test_withdrawn_and_added_articles_by_hand(lists_file):
    assert xp_functions.XP_PRICE("FAX", 2, dt.datetime(2026, 12, 31)) == 21.0       # 2 × 10.50 in list A
    assert xp_functions.XP_PRICE("TAPI", 2, dt.datetime(2027, 1, 1)) == 40.0        # 2 × 20 in list B
    assert xp_functions.XP_PRICE("OFFICE", 3, dt.datetime(2027, 1, 1)) == 330.0     # 3 × 110
    assert xp_functions.XP_UPGRADE(1000, "R6", dt.datetime(2026, 12, 31)) == 550.0  # 55 % in list A
    codes = [row[1] for row in xp_functions.XP_CATALOG(dt.datetime(2027, 1, 1))[1:]]
    assert "FAX" not in codes and "UPGRADE_R6" not in codes and "TAPI" in codes
    with pytest.raises(NotOffered) as err:
        xp_functions.XP_PRICE("FAX", 2, dt.datetime(2027, 2, 1))
    assert err.value.message("en") == ("FAX (3320.0030) is not offered on 2027-02-01: the price list Liste B "
                                       "(from 2027-01-01) does not have it; offered in: Liste A (from 2026-01-01).")


def test_a_list_with_a_last_day_leaves_a_gap(tmp_path, monkeypatch):
    sheets = two_lists()
    sheets["Preislisten"][1][2] = dt.datetime(2026, 6, 30)
    cat = build_catalog(sheets)
    assert cat.on(dt.date(2026, 6, 30)).price_list.name == "Liste A"
    with pytest.raises(NoPriceList) as err:
        cat.on(dt.date(2026, 7, 1))
    assert err.value.message("de") == ("Keine Preisliste gültig am 2026-07-01; Preislisten im Katalog: Liste A "
                                       "(ab 2026-01-01 bis 2026-06-30), Liste B (ab 2027-01-01).")


# --------------------------------------------------------------------------- the batch

def test_each_quote_is_priced_with_the_list_of_its_date(tmp_path, lists_file):
    head = ["Angebot", "Kunde", "Datum", "Artikel", "Menge"]
    rows = [head, ["A-1", "Alt GmbH", dt.datetime(2026, 12, 31), "SERVER", 1], ["A-1", None, None, "FAX", 2],
            ["B-1", "Neu AG", dt.datetime(2027, 1, 1), "SERVER", 1], ["B-1", None, None, "OFFICE", 3],
            ["B-2", "Fax KG", dt.datetime(2027, 1, 2), "SERVER", 1], ["B-2", None, None, "FAX", 2]]
    orders = write_workbook(tmp_path / "orders.xlsx", {"Aufträge": rows})
    result = run_batch(orders, tmp_path / "q", today=dt.date(2026, 3, 16))
    assert (result.written, result.failed, result.drafts, result.draft_lists) == (2, 1, 1, 1)
    # B-2: FAX is withdrawn in list B; the message names the row of the line
    assert result.messages == ["Angebot B-2: FAX (3320.0030) wird am 2027-01-02 nicht angeboten: die Preisliste "
                               "Liste B (ab 2027-01-01) führt den Artikel nicht; angeboten in: Liste A "
                               "(ab 2026-01-01). (Blatt Aufträge, Zeile 7)"]
    # price list and its first day in the header (F10, F11), the draft mark (A4)
    a1 = openpyxl.load_workbook(tmp_path / "q" / "Angebot-A-1.xlsx").active
    assert (a1["F10"].value, a1["F11"].value, a1["A4"].value) == ("Liste A", dt.datetime(2026, 1, 1), None)
    b1 = openpyxl.load_workbook(tmp_path / "q" / "Angebot-B-1-ENTWURF.xlsx")  # a draft, as with an ERROR finding
    assert (b1.active["F10"].value, b1.active["F11"].value) == ("Liste B", dt.datetime(2027, 1, 1))
    assert b1.active["A4"].value == ("ENTWURF – die Preisliste Liste B ist noch ein Entwurf. Dieses Angebot nicht "
                                     "versenden.")
    assert b1["Prüfung"]["A3"].value == ("Die Prüfung meldet keinen Fehler. ENTWURF – die Preisliste Liste B ist noch "
                                         "ein Entwurf. Dieses Angebot nicht versenden.")
    summary = [tuple(c.value for c in r)
               for r in openpyxl.load_workbook(tmp_path / "q" / "Zusammenfassung.xlsx").active.iter_rows()]
    # 1000 + 2 × 10.50 = 1021; B-1: 1100 + 3 × 110 = 1430 (net, status, file, price list, its first day)
    assert [(r[0], r[5], r[9], r[11], r[12], r[13]) for r in summary[1:]] == [
        ("A-1", 1021, "OK", "Angebot-A-1.xlsx", "Liste A", dt.datetime(2026, 1, 1)),
        ("B-1", 1430, "Entwurf (Preisliste im Entwurf)", "Angebot-B-1-ENTWURF.xlsx", "Liste B",
         dt.datetime(2027, 1, 1)),
        ("B-2", None, "fehlgeschlagen", None, None, None)]


def test_price_date_reissues_the_example_orders_under_the_2027_list(tmp_path):
    result = CliRunner().invoke(cli, ["quotes", str(EXAMPLE), "--out", str(tmp_path / "q"), "--price-date",
                                      "01.01.2027"])
    assert result.exit_code == 0, result.output
    summary = openpyxl.load_workbook(tmp_path / "q" / "Zusammenfassung.xlsx").active
    nets = {r[0].value: (r[3].value, r[4].value, r[5].value, r[12].value) for r in summary.iter_rows(min_row=2)}
    assert nets == {
        # 990 + 10 × 92 = 1910; Up2Date 3 years 54 % × 1910 = 1031.40
        "2026-001": (1910, 1031.4, 2941.4, "Beispielpreisliste 2027"),
        # 2590 + 40 × 145 × 0.9 + 10 × 42.90 + 40 × 39.90 + 4 × 159 = 2590 + 5220 + 429 + 1596 + 636 = 10471;
        # Up2Date 1 year 20 % × (2590 + 5800 + 429 + 1596 + 636 = 11051) = 2210.20
        "2026-002": (10471, 2210.2, 12681.2, "Beispielpreisliste 2027"),
        # 10 × 92 = 920; owned 2590 + 50 × 92 + 50 × 19.95 = 8187.50: R6 55 % = 4503.13 (4503.125),
        # Up2Date 3 years 54 % × (8187.50 + 920) = 4918.05
        "2026-003": (920, 4918.05, 10341.18, "Beispielpreisliste 2027"),
        # 5 × 92 = 460; 18 % × 8/12 × 460 = 55.20
        "2026-004": (460, 55.2, 515.2, "Beispielpreisliste 2027"),
        # 990 + 20 × 92 + 2 × 42.90 = 2915.80
        "2026-005": (2915.8, 0, 2915.8, "Beispielpreisliste 2027"),
        # 2590 + 15 × 92 = 3970; Up2Date 2 years 38 % × 3970 = 1508.60
        "2026-006": (3970, 1508.6, 5478.6, "Beispielpreisliste 2027"),
    }
    quote = openpyxl.load_workbook(tmp_path / "q" / "Angebot-2026-001.xlsx").active
    assert (quote["F8"].value, quote["F10"].value, quote["F11"].value) == (
        dt.datetime(2026, 3, 16), "Beispielpreisliste 2027", dt.datetime(2027, 1, 1))  # dated as ordered


def test_price_date_before_every_list_stops_before_any_quote(tmp_path):
    result = CliRunner().invoke(cli, ["quotes", str(EXAMPLE), "--out", str(tmp_path / "q"), "--price-date",
                                      "2025-12-31"])
    assert result.exit_code == 1
    assert result.output == f"Fehler: Keine Preisliste gültig am 2025-12-31; Preislisten im Katalog: {BOTH_LISTS_DE}.\n"
    assert not (tmp_path / "q").exists()


def test_a_quote_on_a_draft_list_is_reported_on_the_command_line(tmp_path, lists_file):
    rows = [["Angebot", "Kunde", "Datum", "Artikel", "Menge"], ["B-1", "Neu AG", dt.datetime(2027, 3, 1), "SERVER", 1]]
    orders = write_workbook(tmp_path / "orders.xlsx", {"Aufträge": rows})
    result = CliRunner().invoke(cli, ["quotes", str(orders), "--out", str(tmp_path / "q")])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("Prüfung: Angebot B-1: ENTWURF – die Preisliste Liste B ist noch ein Entwurf. Dieses "
                             "Angebot nicht versenden.\n")
    assert "1 Entwurf (Prüf-Fehler oder Preisliste im Entwurf, nicht versenden)" in result.stdout
    # --strict writes no draft: the quote fails, naming the draft list
    strict = CliRunner().invoke(cli, ["quotes", str(orders), "--out", str(tmp_path / "s"), "--strict"])
    assert strict.exit_code == 1
    assert ("Fehler: Angebot B-1: Regelverstoß: ENTWURF – die Preisliste Liste B ist noch ein Entwurf. Dieses Angebot "
            "nicht versenden. Mit --strict wird kein Entwurf geschrieben.") in strict.stderr


# --------------------------------------------------------------------------- comparing lists

def test_catalog_diff_of_the_example_lists():
    result = CliRunner().invoke(cli, ["catalog", "diff", "--from", "2026-12-31", "--to", "2027-01-01"])
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert lines[:4] == ["Preislisten: Beispielpreisliste 2026 (ab 2026-01-01) → Beispielpreisliste 2027 "
                         "(ab 2027-01-01)", "Neu: keine", "Entfallen: keine", "Neuer Preis:"]
    assert lines[4:9] == [
        "3210.0030 SERVER 2.490,00 € → 2.590,00 € +100,00 € +4,02 %",        # 100 / 2490
        "3440.0030 IP_CHANNEL 149,00 € → 159,00 € +10,00 € +6,71 %",
        "3310.0030 OFFICE 89,00 € → 92,00 € +3,00 € +3,37 %",
        "3311.0030 OFFICE_PLUS 139,00 € → 145,00 € +6,00 € +4,32 %",
        "3320.0030 FAX 39,90 € → 42,90 € +3,00 € +7,52 %"]
    # reference system: 2490 + 50 × 89 + 10 × 139 + 20 × 39.90 + 2 × 149 + 20 × 19.95 = 9825;
    # 2590 + 50 × 92 + 10 × 145 + 798 + 2 × 159 + 399 = 10155; +330 = +3.36 %
    assert lines[9] == ("Referenzsystem: 1 × SERVER, 50 × OFFICE, 10 × OFFICE_PLUS, 20 × VOICEMAIL, 2 × IP_CHANNEL, "
                        "20 × TAPI")
    assert lines[10] == "Lizenz-Listenwert 9.825,00 € → 10.155,00 € +330,00 € +3,36 %"
    assert lines[11] == "Up2Date 1 Jahr (20 %) 1.965,00 € → 2.031,00 € +66,00 € +3,36 %"
    assert lines[13] == "Up2Date 3 Jahre (54 %) 5.305,50 € → 5.483,70 € +178,20 € +3,36 %"
    assert lines[16] == "Migration von Release 4 (100 %) 9.825,00 € → 10.155,00 € +330,00 € +3,36 %"
    assert lines[18] == "Upgrade von Release 6 (55 %) 5.403,75 € → 5.585,25 € +181,50 € +3,36 %"


def test_catalog_diff_new_withdrawn_and_a_reference_system_of_ones_own(lists_file):
    d = diff_lists(None, dt.date(2026, 6, 1), None, [("SERVER", 1), ("FAX", 4)])  # --to: the next list
    assert (d.old.name, d.new.name) == ("Liste A", "Liste B")
    assert [(c.kind, c.article.code, c.old, c.new, c.percent) for c in d.changes] == [
        ("new", "TAPI", None, Decimal("20"), None),
        ("withdrawn", "FAX", Decimal("10.5"), None, None),
        ("withdrawn", "UPGRADE_R6", None, None, None),
        ("repriced", "SERVER", Decimal("1000"), Decimal("1100"), Decimal("10.00")),
        ("repriced", "OFFICE", Decimal("100"), Decimal("110"), Decimal("10.00"))]
    # 1000 + 4 × 10.50 = 1042 under list A; FAX is not offered in list B: no value, no amounts
    assert (d.old_value, d.new_value) == (Decimal("1042.00"), None)
    assert [(a.label("en"), a.old, a.new) for a in d.amounts] == [
        ("Up2Date 1 year", Decimal("208.40"), None), ("Up2Date 3 years", Decimal("562.68"), None),
        ("Upgrade from release 6", Decimal("573.10"), None)]


def test_catalog_diff_after_the_last_list_asks_for_a_date():
    result = CliRunner().invoke(cli, ["catalog", "diff", "--from", "2027-06-01"])
    assert result.exit_code == 1
    assert result.output == ("Fehler: Keine Preisliste nach Beispielpreisliste 2027 (ab 2027-01-01); das "
                             "Vergleichsdatum angeben (--to). Preislisten im Katalog: " + BOTH_LISTS_DE + ".\n")


def test_reprice_the_example_orders(tmp_path):
    out = tmp_path / "Vergleich.xlsx"
    result = CliRunner().invoke(cli, ["reprice", str(EXAMPLE), "--from", "2026-12-31", "--to", "2027-01-01",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    # the draft 2026-005 (25 OFFICE users on a SMART SERVER) is left out of the totals, as in the batch's summary:
    # 28.479,08 − 2.849,80 + 5.278,50 = 30.907,78 €; 29.394,78 − 2.915,80 + 5.478,60 = 31.957,58 €
    assert result.output.startswith("Beispielpreisliste 2026 (ab 2026-01-01) → Beispielpreisliste 2027 "
                                    "(ab 2027-01-01): 5 von 6 Angeboten, 30.907,78 € → 31.957,58 € (+1.049,80 €)")
    assert "Nicht in der Summe: 1 Entwurf (Prüf-Fehler): 2026-005." in result.output
    wb = openpyxl.load_workbook(out)
    quotes, articles = wb["Angebote"], wb["Artikel"]
    rows = [tuple(c.value for c in r) for r in quotes.iter_rows()]
    assert rows[0] == ("Angebot", "Kunde", "Netto Beispielpreisliste 2026", "Netto Beispielpreisliste 2027",
                       "Differenz", "Änderung %", "Hinweis")
    # nets by hand (see test_price_date_reissues... and tests/test_quotes.py for 2026)
    assert [r[:6] for r in rows[1:7]] == [
        ("2026-001", "Bäckerei Schmidt GmbH", 2895.2, 2941.4, 46.2, 0.016),     # 46.20 / 2895.20
        ("2026-002", "Müller Logistik AG", 12213.2, 12681.2, 468, 0.0383),
        ("2026-003", "Stadtwerke Nordhausen", 10022.48, 10341.18, 318.7, 0.0318),
        ("2026-004", "Kanzlei Weber & Partner", 498.4, 515.2, 16.8, 0.0337),
        ("2026-005", "Praxis Dr. Klein", 2849.8, 2915.8, 66, 0.0232),
        # 2490 + 15 × 89 = 3825 + Up2Date 2 years 38 % × 3825 = 1453.50: 5278.50 → 5478.60 (2027: 3970 + 1508.60);
        # 200.10 / 5278.50 = 3.79 %
        ("2026-006", "Hotel Alpenblick AG", 5278.5, 5478.6, 200.1, 0.0379)]
    assert rows[8][:6] == ("Summe (Angebote unter beiden Listen, ohne Entwürfe)", None, 30907.78, 31957.58, 1049.8,
                           0.034)   # 1049.80 / 30907.78 = 3.40 %
    assert rows[9][0] == "Nicht in der Summe: 1 Entwurf (Prüf-Fehler): 2026-005."
    assert rows[5][6] == "Entwurf (Prüf-Fehler): nicht in der Summe"
    assert (quotes["C2"].number_format, quotes["F2"].number_format) == ('#,##0.00 "€"', "0.00%")
    assert (quotes.freeze_panes, quotes.auto_filter.ref) == ("A2", "A1:G7")
    office = next(tuple(c.value for c in r) for r in articles.iter_rows() if r[1].value == "OFFICE")
    # 10 + 10 + 5 + 15 OFFICE of the quotes in the total (the draft's 20 left out): 40 × 89 / 92; 120 / 3560
    assert office == ("3310.0030", "OFFICE", "XPhone Connect 8 – OFFICE", 40, 3560, 3680, 120, 0.0337)
    # twelve articles: UP2DATE_2Y of 2026-006 is the new one
    assert (articles.freeze_panes, articles.auto_filter.ref) == ("A2", "A1:H13")
    # the same figures as the core (price_quote) gives for each quote under each list
    cat = get_catalog()
    core = {order.quote_id: tuple(float(price_quote(order.lines, order.owned, order.options, catalog=cat,
                                                    date=order.date, price_date=day, checks=False).net)
                                  for day in (DAY_BEFORE, CHANGE_DAY))
            for order in read_orders(EXAMPLE, catalog=cat)}
    assert core == {r[0]: (r[2], r[3]) for r in rows[1:7]}


def test_reprice_names_a_quote_that_a_list_cannot_price_and_never_overwrites(tmp_path, lists_file):
    rows = [["Angebot", "Kunde", "Datum", "Artikel", "Menge"], ["F-1", "Fax KG", dt.datetime(2026, 5, 1), "SERVER", 1],
            ["F-1", None, None, "FAX", 2], ["S-1", "Server AG", dt.datetime(2026, 5, 1), "SERVER", 1]]
    orders = write_workbook(tmp_path / "orders.xlsx", {"Aufträge": rows})
    out = tmp_path / "cmp.xlsx"
    r = reprice(orders, dt.date(2026, 5, 1), dt.date(2027, 5, 1), out)
    assert r.quotes[["quote", "old", "new", "difference"]].values.tolist() == [
        ["F-1", Decimal("1021.00"), None, None], ["S-1", Decimal("1000.00"), Decimal("1100.00"), Decimal("100.00")]]
    assert r.quotes["note"][0].startswith("nicht berechnet unter Liste B: FAX (3320.0030) wird am 2027-05-01 nicht "
                                          "angeboten")
    assert r.articles[["code", "quantity", "old", "new"]].values.tolist() == [["SERVER", 1, Decimal("1000"),
                                                                               Decimal("1100")]]
    result = CliRunner().invoke(cli, ["reprice", str(orders), "--from", "2026-05-01", "--to", "2027-05-01",
                                      "--out", str(out)])
    assert result.exit_code == 1 and "gibt es schon; mit --force überschreiben" in result.output


def test_frames_for_analysts():
    frame = catalog_frame(CHANGE_DAY)
    assert list(frame.columns) == ["number", "code", "name", "category", "price", "price_list", "valid_from",
                                   "status"]
    assert frame.set_index("code").loc["SERVER", "price"] == Decimal("2590")
    assert len(frame) == 26
    lines = priced_lines(EXAMPLE)  # each quote on its own date: 16.03.2026, list 2026
    first = lines[lines["quote"] == "2026-001"]
    assert first[["code", "kind", "quantity", "unit_price", "total"]].values.tolist() == [
        ["SMART_SERVER", "licence", 1, Decimal("990"), Decimal("990.00")],
        ["OFFICE", "included", 5, Decimal("0"), Decimal("0")],
        ["OFFICE", "licence", 10, Decimal("89"), Decimal("890.00")],
        ["UP2DATE_3Y", "up2date", 1, None, Decimal("1015.20")]]
    assert lines.groupby("quote")["total"].sum().to_dict()["2026-003"] == Decimal("10022.48")
    assert set(lines["price_list"]) == {"Beispielpreisliste 2026"} and lines.attrs["errors"] == []
    assert priced_lines(EXAMPLE, CHANGE_DAY).groupby("quote")["total"].sum()["2026-001"] == Decimal("2941.40")


# --------------------------------------------------------------------------- the catalog check

def _edit(change):
    sheets = two_lists()
    change(sheets)
    return sheets


BROKEN = [
    ("duplicate list", lambda s: s["Preislisten"].append(["liste a", dt.datetime(2028, 1, 1), None, "gültig"]),
     "Preisliste 'liste a' doppelt; schon in Zeile 2. (Blatt Preislisten, Zeile 4, Spalte A)"),
    ("same first day", lambda s: s["Preislisten"].append(["Liste C", dt.datetime(2027, 1, 1), None, "gültig"]),
     "Preislisten Liste C und Liste B (Zeile 3) überschneiden sich: beide gelten ab 2027-01-01. An jedem Tag gilt "
     "höchstens eine Liste. (Blatt Preislisten, Zeile 4, Spalte B)"),
    ("last day reaches into the next list", lambda s: s["Preislisten"][1].__setitem__(2, dt.datetime(2027, 1, 1)),
     "Preislisten Liste A und Liste B (Zeile 3) überschneiden sich: Liste A gilt bis 2027-01-01, Liste B ab "
     "2027-01-01. An jedem Tag gilt höchstens eine Liste. (Blatt Preislisten, Zeile 2, Spalte C)"),
    ("last day before the first", lambda s: s["Preislisten"][2].__setitem__(2, dt.datetime(2026, 12, 1)),
     "Preisliste Liste B: gültig bis 2026-12-01 liegt vor gültig ab 2027-01-01. "
     "(Blatt Preislisten, Zeile 3, Spalte C)"),
    ("text for a date", lambda s: s["Preislisten"][2].__setitem__(1, "ab Januar"),
     "Gültig ab (Liste B): 'ab Januar' ist ungültig. Datum erwartet, z. B. 16.03.2026. (Blatt Preislisten, Zeile 3, "
     "Spalte B)"),
    ("a number for a date", lambda s: s["Preislisten"][2].__setitem__(1, 2027),
     "Gültig ab (Liste B): 2027 ist ungültig. Datum erwartet, z. B. 01.01.2027 (als Datum formatiert). "
     "(Blatt Preislisten, Zeile 3, Spalte B)"),
    ("no first day", lambda s: s["Preislisten"][2].__setitem__(1, None),
     "Gültig ab (Liste B) fehlt. (Blatt Preislisten, Zeile 3, Spalte B)"),
    ("a licence without a price", lambda s: s["Artikel"][3].__setitem__(7, None),
     "Preis von 3310.0030 (OFFICE) in Liste B (Preis eintragen oder '–', wenn die Liste den Artikel nicht führt) "
     "fehlt. (Blatt Artikel, Zeile 4, Spalte H)"),
    ("a list without its price column", lambda s: s["Preislisten"].append(["Liste C", dt.datetime(2028, 1, 1), None,
                                                                            "gültig"]),
     "Preisliste Liste C: das Blatt Artikel hat keine Spalte 'Liste C' mit ihren Preisen; eine Spalte mit diesem "
     "Namen anlegen. (Blatt Preislisten, Zeile 4, Spalte A)"),
    ("unknown status", lambda s: s["Preislisten"][2].__setitem__(3, "vielleicht"),
     "Preisliste Liste B: Status 'vielleicht' unbekannt; erlaubt: Beispiel, gültig, Entwurf. (Blatt Preislisten, "
     "Zeile 3, Spalte D)"),
    ("the one-list price column as well", lambda s: [r.append(v) for r, v in zip(s["Artikel"],
                                                                                 ["Listenpreis EUR"] + [1] * 9)],
     "mit dem Blatt Preislisten stehen die Preise in einer Spalte je Preisliste, überschrieben mit ihrem Namen; die "
     "Spalte 'Listenpreis EUR' umbenennen oder löschen. (Blatt Artikel, Zeile 1, Spalte I)"),
    ("a list name in the settings", lambda s: s["Katalog"].append(["Name", "Alt"]),
     "'Name' steht bei mehreren Preislisten im Blatt Preislisten; die Zeile hier löschen. (Blatt Katalog, Zeile 4, "
     "Spalte A)"),
    ("a price for a percentage article", lambda s: s["Artikel"][5].__setitem__(7, 0.2),
     "Preis von 9130.0000.012 (UP2DATE_1Y) in Liste B: 0.2 ist ungültig. Prozentartikel: die Zelle bleibt leer "
     "(angeboten) oder enthält '–' (nicht angeboten). (Blatt Artikel, Zeile 6, Spalte H)"),
    ("a bundle whose included article is withdrawn", lambda s: s["Artikel"][3].__setitem__(7, "–"),
     "Preisliste Liste B: 3212.0010 (SMART_SERVER) enthält OFFICE, den diese Liste nicht führt; OFFICE in der Liste "
     "anbieten oder SMART_SERVER auch mit '–' markieren. (Blatt Artikel, Zeile 2, Spalte H)"),
    ("a list that offers nothing", lambda s: [r.__setitem__(7, "–") for r in s["Artikel"][1:]],
     "Preisliste Liste B führt keine Lizenz (jede Zelle ihrer Spalte ist '–'). (Blatt Artikel, Spalte H)"),
    ("no list at all", lambda s: s.__setitem__("Preislisten", s["Preislisten"][:1]),
     "keine Preisliste. (Blatt Preislisten)"),
]


@pytest.mark.parametrize("name, change, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_the_catalog_check_refuses_broken_list_layouts(tmp_path, name, change, message):
    path = write_workbook(tmp_path / "catalog.xlsx", _edit(change))
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    assert err.value.message("de") == "Katalog fehlerhaft: " + message


def test_the_catalog_check_command_lists_the_price_lists(lists_file):
    result = CliRunner().invoke(cli, ["catalog", "check"])
    assert result.exit_code == 0
    assert result.output.endswith("2 Preisliste(n): Liste A (ab 2026-01-01) gültig, Liste B (ab 2027-01-01) "
                                  "Entwurf\n")


def test_a_catalog_with_one_list_still_loads_as_before(small_catalog):
    assert [pl.name for pl in small_catalog.price_lists] == ["Testliste"]
    assert small_catalog.on(dt.date(2026, 3, 16)) is small_catalog
    assert small_catalog.article("OFFICE").price == Decimal("100")
    with pytest.raises(NoPriceList):
        small_catalog.on(dt.date(2025, 12, 31))


def test_configure_on_a_date_writes_that_date_for_the_batch(tmp_path):
    orders = tmp_path / "auftrag.xlsx"
    result = CliRunner().invoke(cli, ["configure", "users=20", "--date", "2027-01-01", "--orders", str(orders)])
    assert result.exit_code == 0, result.output
    assert "2.370,00 €" in result.output  # 990 + 15 × 92
    (order,) = list(read_orders(orders, catalog=get_catalog()))
    assert order.date == CHANGE_DAY
    quote = price_quote(order.lines, order.owned, order.options, catalog=get_catalog(), date=order.date)
    assert (quote.net, quote.price_list) == (Decimal("2370.00"), "Beispielpreisliste 2027")
