"""The calculator workbook recalculated by a real formula engine (the ``formulas`` package).

Every XP_ function of ``addin.udfs`` is registered as a custom function of the engine (arguments passed the
way xlwings passes them, see ``addin.calculator.engine_function``); the engine recalculates the shipped
workbook, and EVERY formula cell must equal what the pricing core (``addin.pricing``, ``addin.rules``)
computes for the same inputs. A formula the engine cannot evaluate (``#NAME?``, ``#VALUE!``, a cell it
leaves out) fails the test.

XP_VALIDATE sits in a legacy array formula over a fixed block (``formulas`` evaluates those; it does not
spill single-cell dynamic arrays): the test checks every cell of the block, findings first, ``#N/A`` below.
"""
from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import formulas  # noqa: F401  (a test dependency: when it is missing the tests fail, they do not skip)
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from addin import calculator as calc
from addin import pricing, quote, rules
from addin.calculator import Input
from addin.catalog import get_catalog
from addin.configure import configure
from addin.errors import XPhoneError
from addin.i18n import Text
from addin.money import round_cents
from addin.values import to_whole
from addin.xp_functions import fit_message

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook_templates" / "calculator.xlsm"
EPOCH = dt.date(1899, 12, 30)

# Two configurations besides the shipped example, written into a copy of the shipped workbook.
EXISTING_SYSTEM = Input(
    lines=(("SMART_SERVER", None, 1), ("UPG_SMART_SERVER", 1, None), ("OFFICE", 10, 15), ("3311.0030", 5, None),
           ("FAX", 7, 3), ("IP_CHANNEL", None, 1), ("TAPI", 2, 0)),
    invoice_date=dt.date(2025, 11, 30), retrieval_date=dt.date(2026, 1, 10), addon_months=11, addon_term=5,
    users=7, voicemail_or_attendant=False, fax=True,
    options=(("release", 6), ("up2date_months_left", 11), ("fax_in_client", True), ("directory_sources", 1),
             ("ldap", True)),
)
GAPS_AND_MISTAKES = Input(
    lines=(("SERVER", 1, None), (None, None, None), ("TEAMDESK", 3, None), ("OFFICE_XL", 2, None),
           ("DASHBOARD", 2.5, None), (None, None, None), ("3512.003", 4, 1)),
    invoice_date=dt.date(2026, 11, 30), retrieval_date=None, addon_months=0, addon_term=1,
    users=None, voicemail_or_attendant=True, fax=False, options=(("release", "R9"),),
)
# The shipped example on the first day of the example list 2027 (SERVER 2590, OFFICE 92, OFFICE PLUS 145,
# IP-CHANNEL 159), and on the day before it.
NEW_LIST_DAY = Input(quote_date=dt.date(2027, 1, 1))
DAY_BEFORE = Input(quote_date=dt.date(2026, 12, 31))


def _serial(day: dt.date) -> float:
    return float((day - EPOCH).days)


def _core(func):
    """What the core gives, as the cell shows it: numbers as floats, dates as serials, errors as the message."""
    try:
        value = func()
    except XPhoneError as exc:
        return exc.message("de")
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return _serial(value)
    return value


def _system(lines, cat, day=None):
    """The new and owned licences of the rows of the input table, with the prices of the list valid on ``day``;
    a bad row raises."""
    bought, owns = [], {}
    for _i, (article, new, owned) in enumerate(lines):
        if new in (None, "") and owned in (None, ""):
            continue
        art = cat.on(day).article(article, day)
        if not art.is_percentage:
            if new not in (None, ""):
                bought.append((art, to_whole(new)))
            if owned not in (None, ""):
                owns[art] = owns.get(art, 0) + to_whole(owned, Text("label.owned"))
    return bought, owns


def _up2date_base(lines, cat, day=None) -> Decimal:
    """The system after the quote (addin.quote.up2date_base) for the rows of the input table."""
    bought, owns = _system(lines, cat, day)
    return round_cents(quote.up2date_base(bought, owns, cat, day))


def _upgrade_base(lines, cat, day=None) -> Decimal:
    """The owned licences as the target system (addin.quote.upgrade_base) for the rows of the input table."""
    _bought, owns = _system([(a, None, o) for a, _n, o in lines], cat, day)
    return round_cents(quote.upgrade_base(owns, cat, day))


def expected_cells(data: Input) -> dict:
    """Every formula cell of the calculator sheet -> the value the core computes for ``data``."""
    cat = get_catalog()
    day = data.quote_date  # None: the price date of the tests (conftest), as the blank quote_date cell
    exp = {}
    new_total = all_total = Decimal(0)
    lines = list(data.lines) + [(None, None, None)] * (calc.LINES - len(data.lines))
    for i, (article, new, owned) in enumerate(lines):
        r = calc.FIRST_LINE + i
        if article in (None, ""):
            for col in "BEFG":
                exp[f"{col}{r}"] = ""
            continue
        qty_new = new or 0
        qty_all = (new or 0) + (owned or 0)
        exp[f"B{r}"] = _core(lambda article=article: cat.article(article).name("de"))
        exp[f"E{r}"] = _core(lambda article=article: pricing.line_price(article, 1, date=day))
        exp[f"F{r}"] = _core(lambda article=article, qty_new=qty_new: pricing.line_price(article, qty_new, date=day))
        exp[f"G{r}"] = _core(lambda article=article, qty_all=qty_all: pricing.line_price(article, qty_all, date=day))
        if isinstance(exp[f"F{r}"], float):
            new_total += pricing.line_price(article, qty_new, date=day)
        if isinstance(exp[f"G{r}"], float):
            all_total += pricing.line_price(article, qty_all, date=day)
    exp[f"F{calc.SUM_ROW}"] = float(new_total)
    exp[f"G{calc.SUM_ROW}"] = float(all_total)
    start = _core(lambda: pricing.up2date_start(data.retrieval_date, data.invoice_date))
    base = _core(lambda: _up2date_base(lines, cat, day))
    exp[f"K{calc.UP2DATE_BASE_ROW}"] = base
    for i, years in enumerate(sorted(cat.up2date)):
        r = calc.UP2DATE_FIRST + i
        exp[f"J{r}"] = float(pricing.up2date_rate(years, date=day))
        exp[f"K{r}"] = _core(lambda years=years: pricing.up2date_price(base, years, date=day))
        exp[f"L{r}"] = _core(lambda years=years: pricing.up2date_end(start, years))
    upgrade_base = _core(lambda: _upgrade_base(lines, cat, day))
    exp[f"K{calc.UPGRADE_BASE_ROW}"] = upgrade_base
    for i, release in enumerate(sorted(cat.upgrades)):
        exp[f"K{calc.RELEASE_FIRST + i}"] = _core(
            lambda release=release: pricing.upgrade_price(upgrade_base, release, date=day))
    exp[f"J{calc.START_ROW}"] = start
    exp[f"J{calc.ADDON_PRICE_ROW}"] = _core(
        lambda: pricing.up2date_addon_price(new_total, data.addon_months, data.addon_term, date=day))
    pl = cat.list_on(day)
    exp["A2"] = f"Preisliste: {pl.name} (ab {pl.valid_from.isoformat()}, Beispiel)"
    exp[f"J{calc.IPC_RESULT_ROW}"] = _core(
        lambda: rules.recommended_ip_channels(data.users, data.voicemail_or_attendant, data.fax))
    # the findings block: what rules.validate finds for the same ranges, then #N/A in the unused rows
    articles = [line[0] for line in lines]
    given = dict(data.options)
    options = [(key, given.get(key)) for key, _label in calc.VALIDATE_OPTIONS]
    findings = rules.validate(list(zip(articles, [line[1] for line in lines])),
                              list(zip(articles, [line[2] for line in lines])), options, cat)
    rows = [[f.severity, f.rule_id, fit_message(f.message("de"))] for f in findings] or [  # within 255 characters
        ["OK", "", "Keine Beanstandungen."]]
    if len(rows) == 1:
        rows.append(["", "", ""])
    assert len(rows) <= calc.FINDINGS_ROWS, "more findings than the block has rows"
    for i in range(calc.FINDINGS_ROWS):
        for j, col in enumerate("ABC"):
            exp[f"{col}{calc.FINDINGS_FIRST + i}"] = rows[i][j] if i < len(rows) else "#N/A"
    # the needs block: what configure proposes for the same needs, as XP_CONFIGURE shows it, then #N/A
    needs = dict(data.needs)
    proposal = configure([(key, needs.get(key)) for key, _label in calc.NEED_ROWS], None, None, cat, date=day)
    rows = [[p.article.number, p.article.name("de"), p.quantity, float(p.unit_price), float(p.value)]
            for p in proposal.priced] + [["", "Summe", "", "", float(proposal.total)]]
    assert len(rows) <= calc.CONFIG_ROWS, "more articles than the block has rows"
    for i in range(calc.CONFIG_ROWS):
        for j, col in enumerate("ABCDE"):
            exp[f"{col}{calc.CONFIG_FIRST + i}"] = rows[i][j] if i < len(rows) else "#N/A"
    return {("RECHNER", k): v for k, v in exp.items()}


# The live examples of the help sheet, computed by hand from the service description and example prices.
HELP_EXPECTED = {
    ("HILFE", "F4"): 890.0,                         # 10 × 89
    ("HILFE", "F5"): "XPhone Connect 8 – OFFICE",
    ("HILFE", "F6"): 5400.0,                        # 10000 × 54 %
    ("HILFE", "F7"): 0.18,
    ("HILFE", "F8"): 90.0,                          # 18 % × 6/12 × 1000
    ("HILFE", "F9"): _serial(dt.date(2026, 4, 15)),  # invoice 15.01.2026 + 3 months
    ("HILFE", "F10"): _serial(dt.date(2027, 3, 31)),
    ("HILFE", "F11"): 5500.0,                       # 10000 × 55 %
    ("HILFE", "F13"): 3,                            # 60 users / 25, rounded up
    ("HILFE", "F18"): "Beispielpreisliste 2027 (ab 2027-01-01, Beispiel)",  # the list of 01.03.2027
}


def formula_cells(path: Path) -> set:
    """(SHEET, cell) of every formula in the workbook, each cell of an array formula's block included."""
    wb = load_workbook(path)
    cells = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" and not type(c.value).__name__ == "ArrayFormula":
                    cells.add((ws.title.upper(), c.coordinate))
        for ref in ws.array_formulae.values():
            c1, r1, c2, r2 = range_boundaries(ref)
            cells.update((ws.title.upper(), f"{get_column_letter(c)}{r}")
                         for c in range(c1, c2 + 1) for r in range(r1, r2 + 1))
    return cells


def _same(actual, expected) -> bool:
    if isinstance(expected, str) and expected.startswith("#"):
        return str(actual) == expected
    if isinstance(expected, bool) or not isinstance(expected, (int, float)):
        return actual == expected and type(actual).__name__ != "XlError"
    return isinstance(actual, (int, float)) and not isinstance(actual, bool) and actual == pytest.approx(
        expected, abs=1e-9)


# The quote sheet's draft cell of a calculator whose quote was never written (the script writes it)
QUOTE_EXPECTED = {("ANGEBOT", "A4"): "NOCH KEIN ANGEBOT – Skript „Angebot erstellen“ (xlwings Lite) oder xlwings "
                                     "Run main ausführen."}


def _check(path: Path, data: Input):
    values = calc.evaluate(path, lang="de")
    expected = {**expected_cells(data), **HELP_EXPECTED, **QUOTE_EXPECTED}
    cells = formula_cells(path)
    assert cells == set(expected), "every formula cell needs an expected value (and nothing else)"
    wrong = {cell: (values.get(cell, "<not evaluated>"), expected[cell]) for cell in sorted(cells)
             if cell not in values or not _same(values[cell], expected[cell])}
    assert not wrong, wrong
    return values


@pytest.fixture(scope="module")
def shipped_values(tmp_path_factory):
    path = tmp_path_factory.mktemp("engine") / "calculator.xlsm"
    shutil.copy(TEMPLATE, path)
    return _check(path, Input())


def test_shipped_example_every_formula_matches_the_core(shipped_values):
    assert shipped_values[("RECHNER", "G21")] == 12492.0


@pytest.mark.parametrize("cell, expected", [
    # computed by hand with the example prices:
    # 2490 + 50×89 + 10×139 + 60×39.90 + 2×149 + 60×24.50 = 2490 + 4450 + 1390 + 2394 + 298 + 1470
    ("G21", 12492.0),
    ("F21", 12492.0),
    ("K6", 2498.40),    # 20 %
    ("K8", 6745.68),    # 54 %: =XP_UP2DATE(up2date_base;3)
    ("K11", 12492.0),   # the Up2Date base: no upgrade, the same as the complete system
    ("K10", 9993.60),   # 80 %
    ("K18", 0.0),       # the upgrade base: a new system owns nothing to upgrade
    ("K13", 0.0),       # migration from release 4: 100 % of nothing owned
    ("K17", 0.0),       # release 8: 35 % of nothing owned
    ("J23", _serial(dt.date(2026, 4, 15))),  # no retrieval date: invoice 15.01.2026 + 3 months
    ("L6", _serial(dt.date(2027, 4, 30))),   # last day 14.04.2027, to the month's end
    ("L8", _serial(dt.date(2029, 4, 30))),
    ("J28", 1124.28),   # 18 % × 6/12 × 12492
    ("J34", 3),         # 60 users / 25, rounded up
    (f"A{calc.FINDINGS_FIRST}", "WARNING"),
    (f"B{calc.FINDINGS_FIRST}", "IP_CHANNEL_RECOMMENDED"),
    (f"A{calc.FINDINGS_FIRST + 1}", ""),  # the padding row: no second finding
    # needs: 60 users of which 10 OFFICE PLUS, 60 voicemail in the client: SERVER, 50 OFFICE, 10 OFFICE PLUS,
    # 60 VOICEMAIL and 3 IP-CHANNEL (1 per 25 voicemail users, rounded up; at least 2):
    # 2490 + 3×149 + 50×89 + 10×139 + 60×39.90 = 2490 + 447 + 4450 + 1390 + 2394 = 11171
    (f"A{calc.CONFIG_FIRST}", "3210.0030"),
    (f"C{calc.CONFIG_FIRST + 1}", 3),
    (f"B{calc.CONFIG_FIRST + 5}", "Summe"),
    (f"E{calc.CONFIG_FIRST + 5}", 11171.0),
])
def test_shipped_example_by_hand(shipped_values, cell, expected):
    assert shipped_values[("RECHNER", cell)] == expected


@pytest.mark.parametrize("data", [EXISTING_SYSTEM, GAPS_AND_MISTAKES, NEW_LIST_DAY, DAY_BEFORE],
                         ids=["existing-system", "gaps-and-mistakes", "2027-01-01", "2026-12-31"])
def test_other_configurations_every_formula_matches_the_core(tmp_path, data):
    path = calc.set_inputs(TEMPLATE, tmp_path / "calculator.xlsx", data)
    _check(path, data)


def test_other_configurations_by_hand(tmp_path):
    values = calc.evaluate(calc.set_inputs(TEMPLATE, tmp_path / "c.xlsx", EXISTING_SYSTEM))
    cell = lambda c: values[("RECHNER", c)]  # noqa: E731
    # new: 1590 + 10×89 + 5×139 + 7×39.90 + 2×19.95 = 1590 + 890 + 695 + 279.30 + 39.90 = 3494.20
    assert cell("F21") == pytest.approx(3494.20, abs=1e-9)
    # complete system adds the owned 990 + 15×89 + 3×39.90 + 149 = 990 + 1335 + 119.70 + 149 = 2593.70
    assert cell("G21") == pytest.approx(6087.90, abs=1e-9)
    # the Up2Date base is the system after the quote: SERVER 2490 + OFFICE (10 + 15 + the 5 the SMART SERVER
    # included) 30×89 + 5×139 + 10×39.90 + 149 + 2×19.95 = 2490 + 2670 + 695 + 399 + 149 + 39.90 = 6442.90,
    # not the 6087.90 of SMART SERVER + upgrade article
    assert cell("K11") == pytest.approx(6442.90, abs=1e-9)
    assert cell("K8") == 3479.17          # 6442.90 × 54 % = 3479.166
    # the upgrade base is the owned licences only: SMART SERVER 990 + 15×89 + 3×39.90 + 149 = 2593.70
    # (the new ones are bought new at full price, not upgraded)
    assert cell("K18") == pytest.approx(2593.70, abs=1e-9)
    assert cell("K15") == 1426.54         # release 6: 55 % × 2593.70 = 1426.535, rounded half away from zero
    assert cell("J28") == 512.48          # 16 % × 11/12 × 3494.20 = 512.4826..
    assert cell("J23") == _serial(dt.date(2026, 1, 10))  # retrieved before invoice + 3 months (28.02.2026)
    assert cell("L6") == _serial(dt.date(2027, 1, 31))
    assert cell("J34") == 1               # 7 fax users, fax: at least 1
    assert cell("B9") == "XPhone Connect 8 – OFFICE PLUS"  # found by its number 3311.0030


@pytest.mark.parametrize("quote_date, cells", [
    # 2026 list, as the shipped example above
    (dt.date(2026, 12, 31), {"G21": 12492.0, "K8": 6745.68, "E6": 2490.0,
                             "A2": "Preisliste: Beispielpreisliste 2026 (ab 2026-01-01, Beispiel)"}),
    # 2027 list: 2590 + 50×92 + 10×145 + 60×39.90 + 2×159 + 60×24.50 = 2590 + 4600 + 1450 + 2394 + 318 + 1470
    (dt.date(2027, 1, 1), {"G21": 12822.0, "K8": 6923.88, "E6": 2590.0,   # 54 % × 12822 = 6923.88
                           "A2": "Preisliste: Beispielpreisliste 2027 (ab 2027-01-01, Beispiel)",
                           # the proposal for the needs: SERVER 2590, 3 IP-CHANNEL 477, 50 OFFICE 4600,
                           # 10 OFFICE PLUS 1450, 60 VOICEMAIL 2394 (11171 with the 2026 list)
                           f"E{calc.CONFIG_FIRST + 5}": 11511.0}),
])
def test_the_quote_date_cell_picks_the_price_list(tmp_path, quote_date, cells):
    values = calc.evaluate(calc.set_inputs(TEMPLATE, tmp_path / "c.xlsx", Input(quote_date=quote_date)))
    assert {c: values[("RECHNER", c)] for c in cells} == cells


def test_a_quote_date_before_every_list_names_the_date_and_the_lists(tmp_path):
    values = calc.evaluate(calc.set_inputs(TEMPLATE, tmp_path / "c.xlsx", Input(quote_date=dt.date(2025, 12, 31))))
    assert values[("RECHNER", "E6")] == ("Keine Preisliste gültig am 2025-12-31; Preislisten im Katalog: "
                                         "Beispielpreisliste 2026 (ab 2026-01-01), Beispielpreisliste 2027 "
                                         "(ab 2027-01-01).")
