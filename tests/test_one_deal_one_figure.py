"""One deal, one figure: every surface gives the same amounts for the same deal, to the cent.

320 deals are drawn (seeded) from what finance prices: new systems, owned systems with owned upgrade
articles, migrations and one-time upgrades from every release with or without a new Up2Date term, upgrades
bought in the quote (Upg. SMART SERVER>SERVER, Upg. OFFICE>OFFICE PLUS), renewals and running Up2Date terms
with the add-on, every term, both example price lists, line discounts. The Python API (``price_quote`` and the
pricing functions over :func:`addin.quote.system_value`) is the reference; each surface must show the same
figure for every figure it shows:

==========================================  ====================================================================
surface                                      figures
==========================================  ====================================================================
worksheet functions (``addin.udfs``)         list value of the new licences, Up2Date for each term, upgrade,
                                             add-on (the calculator's chain: XP_PRICE, XP_UP2DATE_BASE,
                                             XP_UP2DATE, XP_UPGRADE_BASE, XP_UPGRADE, XP_UP2DATE_ADDON)
xlwings Lite functions in Pyodide            the same calls, run by the Lite workbook's main.py
command line                                 ``quotes``: every quote workbook as written (the values stored
                                             with its formulas: new-licence total, each percentage line, net,
                                             VAT, gross) and the summary's net and gross; ``up2date`` and
                                             ``upgrade`` on the deal's bases
calculator (formula engine)                  list value of the new licences, Up2Date for each term, upgrade of
                                             the deal's release, add-on
quote workbook recalculated by LibreOffice   new-licence total, each percentage line, Up2Date, net, VAT, gross
renewals from an installed base              the renewal quote of each renewal deal's owned system (its running
(``xphone-pricing renewals``)                term renewed): each percentage line, Up2Date, net, VAT, gross
the calculator's quote sheet                 for every deal a calculator holds (no discounts): licence subtotal,
(``Angebot``, desktop Run main and Lite)     each percentage line, Up2Date, net, VAT, gross
==========================================  ====================================================================

The examples of the issue are checked against literals computed by hand from the service description and
the example prices.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from addin import calculator as calc
from addin import pricing, udfs
from addin.batch.pdf import convert, find_soffice
from addin.batch.template import QuoteTemplate, default_template
from addin.catalog import get_catalog
from addin.cli import cli
from addin.lite.build import build_lite
from addin.lite.webextension import embedded_properties
from addin.money import round_cents
from addin.quote import OrderLine, price_quote, up2date_base, upgrade_base
from addin.quote_sheet import marker
from tests.conftest import ROOT, write_workbook
from tests.test_lite_pyodide import run_in_pyodide

D = Decimal
N_DEALS = 320
DAYS = (dt.date(2026, 3, 16), dt.date(2027, 3, 16))  # under the example lists 2026 and 2027
USERS = ("OFFICE", "OFFICE_PLUS", "FAX", "VOICEMAIL", "TEAMDESK", "CONTACTS", "DASHBOARD", "TAPI", "IP_CHANNEL",
         "ADDITIONAL_DATABASES", "AUTO_ATTENDANT")
RELEASE_ARTICLE = {4: "MIGRATION_R4", 5: "UPGRADE_R5", 6: "UPGRADE_R6", 7: "UPGRADE_R7", 8: "UPGRADE_R8"}
HEAD = ["Angebot", "Kunde", "Datum", "Artikel", "Menge", "Bestand", "Rabatt", "Release", "Up2Date-Laufzeit",
        "Up2Date-Restlaufzeit"]


@dataclass(frozen=True)
class Deal:
    """One deal: (article, new, owned, discount %) per licence, the percentage lines and the options."""

    id: str
    day: dt.date
    lines: tuple
    percent: tuple = ()
    release: int | None = None
    term_years: int | None = None   # the running Up2Date's term
    months_left: int | None = None  # the running Up2Date's months left


def _licences(rnd: random.Random, owned: bool, server_owned: str | None) -> list:
    """Licence rows of one deal: a server (new or owned) and a few user and channel articles."""
    rows = {}
    if server_owned:
        rows[server_owned] = [0, 1]
    elif not owned:
        rows[rnd.choice(["SERVER", "SERVER", "SMART_SERVER"])] = [1, 0]
    for code in rnd.sample(USERS, rnd.randint(1, 6)):
        new = rnd.randint(0, 60) if owned else rnd.randint(1, 60)
        have = rnd.choice([0, 0, 5, 12, 37]) if owned else 0
        if new or have:
            rows[code] = [new, have]
    if owned and not any(n for n, _h in rows.values()):
        rows["OFFICE"] = [rnd.randint(1, 9), rows.get("OFFICE", [0, 0])[1]]
    return [[code, n, h, rnd.choice([None, None, 5, 12.5, 33])] for code, (n, h) in rows.items()]


def make_deals(count: int = N_DEALS, seed: int = 18) -> list[Deal]:
    rnd = random.Random(seed)
    deals = []
    for i in range(count):
        kind = ("new", "upgrade", "upgraded", "running", "renewal")[i % 5]
        day = DAYS[rnd.random() < 0.4]
        term = f"UP2DATE_{rnd.randint(1, 5)}Y"
        if kind == "new":
            lines = _licences(rnd, owned=False, server_owned=None)
            deals.append(Deal(f"D{i:03d}", day, tuple(map(tuple, lines)), (term,) if rnd.random() < 0.7 else ()))
        elif kind == "upgrade":  # an existing system of an older release: its one-time upgrade, maybe a new term
            server = rnd.choice(["SERVER", "SMART_SERVER"])
            lines = _licences(rnd, owned=True, server_owned=server)
            if server == "SERVER" and rnd.random() < 0.5:
                lines.append(["UPG_OFFICE_PLUS", 0, rnd.randint(1, 5), None])  # owned upgrades count as OFFICE PLUS
                lines.append(["OFFICE", 0, 10, None]) if not any(r[0] == "OFFICE" for r in lines) else None
            if server == "SMART_SERVER" and rnd.random() < 0.5:
                lines.append(["UPG_SMART_SERVER", 0, 1, None])  # an owned upgrade: the system has a SERVER
            release = rnd.randint(4, 8)
            percent = (RELEASE_ARTICLE[release],) + ((term,) if rnd.random() < 0.6 else ())
            deals.append(Deal(f"D{i:03d}", day, tuple(map(tuple, lines)), percent, release=release))
        elif kind == "upgraded":  # upgrade articles bought in the quote, a new term for the whole system
            server = rnd.choice(["SERVER", "SMART_SERVER"])
            lines = _licences(rnd, owned=True, server_owned=server)
            office = next((r for r in lines if r[0] == "OFFICE"), None)
            if office is None:
                lines.append(["OFFICE", rnd.randint(0, 4), 8, None])
            if server == "SMART_SERVER":
                lines.append(["UPG_SMART_SERVER", 1, 0, rnd.choice([None, 10])])
            lines.append(["UPG_OFFICE_PLUS", rnd.randint(1, 3), 0, None])
            release = 8
            deals.append(Deal(f"D{i:03d}", day, tuple(map(tuple, lines)), (RELEASE_ARTICLE[8], term), release=8))
        elif kind == "running":  # new licences during a running Up2Date, covered by the add-on
            lines = _licences(rnd, owned=True, server_owned="SERVER")
            years = rnd.randint(1, 5)
            deals.append(Deal(f"D{i:03d}", day, tuple(map(tuple, lines)), ("UP2DATE_ADDON",), term_years=years,
                              months_left=rnd.randint(1, 12 * years)))
        else:  # renewal with at most 12 months left, new licences in the same quote
            lines = _licences(rnd, owned=True, server_owned="SERVER")
            deals.append(Deal(f"D{i:03d}", day, tuple(map(tuple, lines)), (term,), term_years=rnd.randint(1, 5),
                              months_left=rnd.randint(1, 12)))
    return deals


DEALS = make_deals()


# --------------------------------------------------------------------------- the reference: the Python API

def _discount(value) -> Decimal:
    return D(0) if value is None else D(str(value)) / 100


def _options(deal: Deal) -> dict:
    return {k: v for k, v in (("release", deal.release), ("up2date_term_years", deal.term_years),
                              ("up2date_months_left", deal.months_left)) if v is not None}


def reference(deal: Deal) -> dict:
    """Every figure of the deal, from the Python API."""
    cat = get_catalog()
    art = cat.article
    lines = [OrderLine(art(c), n, _discount(d)) for c, n, _h, d in deal.lines if n]
    lines += [OrderLine(art(c), 1) for c in deal.percent]
    owned = {art(c): h for c, _n, h, _d in deal.lines if h}
    q = price_quote(lines, owned, _options(deal), catalog=cat, date=deal.day, checks=False)
    new = [(art(c), n) for c, n, _h, _d in deal.lines if n]
    base = up2date_base(new, owned, cat, deal.day)
    figures = {"licences": q.licence_total, "list_new": q.new_value, "net": q.net, "vat": q.vat, "gross": q.gross,
               "up2date": q.up2date_total}
    for years in range(1, 6):
        figures[f"up2date_{years}"] = pricing.up2date_price(base, years, date=deal.day)
    figures["up2date_base"] = round_cents(base)
    figures["upgrade_base"] = round_cents(upgrade_base(owned, cat, deal.day))
    if deal.release is not None:
        figures["upgrade"] = pricing.upgrade_price(figures["upgrade_base"], deal.release, date=deal.day)
    if deal.months_left:
        figures["addon"] = pricing.up2date_addon_price(q.new_value, deal.months_left, deal.term_years, date=deal.day)
    for p in q.percent_lines:
        figures[f"pct:{p.article.code}"] = p.amount
        # the quote's percentage line is the figure the functions give for the same deal
        expected = (figures[f"up2date_{p.years}"] if p.kind == "up2date" else figures["upgrade"]
                    if p.kind == "upgrade" else figures["addon"])
        assert p.amount == expected, (deal.id, p.kind, p.amount, expected)
    return figures


@pytest.fixture(scope="module")
def expected():
    return {deal.id: reference(deal) for deal in DEALS}


def test_the_deals_cover_what_finance_prices(expected):
    assert len(DEALS) >= 300
    percent = {c for d in DEALS for c in d.percent}
    assert percent >= {*RELEASE_ARTICLE.values(), "UP2DATE_ADDON", *(f"UP2DATE_{y}Y" for y in range(1, 6))}
    owned_upgrades = {c for d in DEALS for c, _n, h, _d in d.lines if h and c.startswith("UPG_")}
    new_upgrades = {c for d in DEALS for c, n, _h, _d in d.lines if n and c.startswith("UPG_")}
    assert owned_upgrades == new_upgrades == {"UPG_OFFICE_PLUS", "UPG_SMART_SERVER"}
    assert {d.day for d in DEALS} == set(DAYS)
    assert sum(1 for d in DEALS if any(x for *_r, x in d.lines)) > 100  # discounts
    assert max(len(d.lines) for d in DEALS) <= calc.LINES  # every deal fits the calculator's table


# --------------------------------------------------------------------------- literals computed by hand

def test_the_issue_examples_by_hand():
    cat = get_catalog()
    a = cat.article
    day = dt.date(2026, 3, 16)
    # quote 2026-003: owned SERVER 2490 + 50 OFFICE 4450 + 50 TAPI 997.50 = 7937.50; R6 55 % = 4365.625 -> 4365.63
    # (the new 10 OFFICE are bought new, not upgraded)
    owned = {a("SERVER"): 1, a("OFFICE"): 50, a("TAPI"): 50}
    assert upgrade_base(owned, cat, day) == D("7937.50")
    q = price_quote([OrderLine(a("OFFICE"), 10), OrderLine(a("UPGRADE_R6"), 1)], owned, {"release": 6},
                    catalog=cat, date=day, checks=False)
    assert q.percent_lines[0].amount == D("4365.63")
    # owned SERVER + 10 OFFICE + 3 Upg. OFFICE>OFFICE PLUS as a system: 2490 + 7 × 89 + 3 × 139 = 3530; R8 35 %
    owned = {a("SERVER"): 1, a("OFFICE"): 10, a("UPG_OFFICE_PLUS"): 3}
    assert upgrade_base(owned, cat, day) == D("3530")
    assert pricing.upgrade_price(D("3530"), 8, date=day) == D("1235.50")
    # owned SMART SERVER + its upgrade + 2 OFFICE: a SERVER 2490 with 5 + 2 OFFICE users, 7 × 89 = 623: 3113,
    # the same for the upgrade base and for the Up2Date base of the same system
    owned = {a("SMART_SERVER"): 1, a("UPG_SMART_SERVER"): 1, a("OFFICE"): 2}
    assert upgrade_base(owned, cat, day) == up2date_base([], owned, cat, day) == D("3113")


def test_the_calculator_prices_the_upgrade_of_quote_2026_003_as_the_batch_does(tmp_path):
    # owned SERVER 1, OFFICE 50, TAPI 50; new OFFICE 10; release 6: 55 % × 7937.50 = 4365.63, not 55 % of the
    # complete system with the new licences (8827.50 -> 4855.13)
    data = calc.Input(lines=(("SERVER", None, 1), ("OFFICE", 10, 50), ("TAPI", None, 50)),
                      quote_date=dt.date(2026, 3, 16))
    values = calc.evaluate(calc.set_inputs(calc.template_path("de"), tmp_path / "c.xlsm", data))
    cell = lambda c: values[("RECHNER", c)]  # noqa: E731
    assert (cell(f"K{calc.UPGRADE_BASE_ROW}"), cell(f"K{calc.RELEASE_FIRST + 2}")) == (7937.5, 4365.63)
    assert cell(f"K{calc.RELEASE_FIRST}") == 7937.5  # migration from release 4: 100 %


# --------------------------------------------------------------------------- the worksheet functions and Lite

def _serial(day: dt.date) -> float:
    return float((day - dt.date(1899, 12, 30)).days)


def function_calls(deal: Deal, figures: dict) -> list:
    """(id, function, args) as the calculator chains them; the amounts take the reference's bases."""
    date = _serial(deal.day)
    articles = [[c] for c, *_r in deal.lines]
    new = [[float(n) if n else None] for _c, n, _h, _d in deal.lines]
    have = [[float(h) if h else None] for _c, _n, h, _d in deal.lines]
    calls = [(f"{deal.id}:price:{c}", "XP_PRICE", [c, float(n), date]) for c, n, _h, _d in deal.lines if n]
    calls.append((f"{deal.id}:up2date_base", "XP_UP2DATE_BASE", [articles, new, have, date]))
    calls.append((f"{deal.id}:upgrade_base", "XP_UPGRADE_BASE", [articles, have, date]))
    for years in range(1, 6):
        calls.append((f"{deal.id}:up2date_{years}", "XP_UP2DATE", [float(figures["up2date_base"]), float(years), date]))
    if deal.release is not None:
        calls.append((f"{deal.id}:upgrade", "XP_UPGRADE", [float(figures["upgrade_base"]), float(deal.release), date]))
    if deal.months_left:
        calls.append((f"{deal.id}:addon", "XP_UP2DATE_ADDON", [float(figures["list_new"]), float(deal.months_left),
                                                               float(deal.term_years), date]))
    return calls


def _compare_function_results(deal: Deal, figures: dict, results: dict) -> list:
    """Mismatches between the function results (by call id: a number or an error) and the reference."""
    wrong = []
    new_total = sum((D(str(results[f"{deal.id}:price:{c}"])) for c, n, _h, _d in deal.lines if n), D(0))
    checks = [("list_new", new_total), ("up2date_base", results[f"{deal.id}:up2date_base"]),
              ("upgrade_base", results[f"{deal.id}:upgrade_base"])]
    checks += [(f"up2date_{y}", results[f"{deal.id}:up2date_{y}"]) for y in range(1, 6)]
    checks += [(k, results[f"{deal.id}:{k}"]) for k in ("upgrade", "addon") if k in figures]
    for key, got in checks:
        if not isinstance(got, (int, float, Decimal)) or round_cents(D(str(got))) != figures[key]:
            wrong.append((deal.id, key, got, figures[key]))
    return wrong


def test_the_worksheet_functions_give_the_apis_figures(expected):
    wrong = []
    for deal in DEALS:
        results = {}
        for call_id, func, args in function_calls(deal, expected[deal.id]):
            results[call_id] = getattr(udfs, func)(*args)
        wrong += _compare_function_results(deal, expected[deal.id], results)
    assert wrong == []


def test_the_lite_functions_in_pyodide_give_the_apis_figures(expected, tmp_path):
    workbook = build_lite(tmp_path / "Rechner-Lite.xlsx")
    main_py = embedded_properties(workbook)["main.py"]
    calls = [call for deal in DEALS for call in function_calls(deal, expected[deal.id])]
    run = run_in_pyodide(main_py, {"env": {}, "cases": [{"id": i, "func": f, "args": a} for i, f, a in calls]},
                         tmp_path)
    results = {i: r.get("value", r) for i, r in run["results"].items()}
    wrong = [w for deal in DEALS for w in _compare_function_results(deal, expected[deal.id], results)]
    assert wrong == []


# --------------------------------------------------------------------------- the calculator, recalculated

def test_the_calculator_recalculated_by_the_formula_engine_gives_the_apis_figures(expected, tmp_path):
    filled = calc.Input(lines=tuple(("OFFICE", 1, 1) for _ in range(calc.LINES)), quote_date=DAYS[0],
                        addon_months=1, addon_term=1)  # every input cell holds a value the engine can replace
    path = calc.set_inputs(calc.template_path("de"), tmp_path / "calculator.xlsm", filled)
    logging.disable(logging.CRITICAL)  # the engine logs every cell it cannot compute; the values say it
    try:
        engine = calc.Recalculation(path, "de")
        sheet = calc.SHEET_CALC["de"].upper()
        cells = {"list_new": f"F{calc.SUM_ROW}", "up2date_base": f"K{calc.UP2DATE_BASE_ROW}",
                 "upgrade_base": f"K{calc.UPGRADE_BASE_ROW}", "addon": f"J{calc.ADDON_PRICE_ROW}",
                 **{f"up2date_{y}": f"K{calc.UP2DATE_FIRST + y - 1}" for y in range(1, 6)}}
        wrong = []
        for deal in DEALS:
            figures = expected[deal.id]
            inputs = {(sheet, f"B{calc.QUOTE_DATE_ROW}"): _serial(deal.day),
                      (sheet, f"J{calc.ADDON_MONTHS_ROW}"): deal.months_left or "",
                      (sheet, f"J{calc.ADDON_TERM_ROW}"): deal.term_years or ""}
            for i in range(calc.LINES):
                row = calc.FIRST_LINE + i
                # a blank cell as the empty text, as Excel hands a cleared cell to N() and to the functions (the
                # engine keeps a cell's earlier value when it is given no value)
                code, new, have, _d = deal.lines[i] if i < len(deal.lines) else ("", None, None, None)
                inputs.update({(sheet, f"A{row}"): code, (sheet, f"C{row}"): new or "",
                               (sheet, f"D{row}"): have or ""})
            wanted = dict(cells)
            if deal.release is not None:
                wanted["upgrade"] = f"K{calc.RELEASE_FIRST + deal.release - 4}"
            got = engine(inputs, [(sheet, c) for c in wanted.values()])
            for key, cell in wanted.items():
                if key not in figures:
                    continue
                value = got[(sheet, cell)]
                if not isinstance(value, float) or round_cents(D(str(value))) != figures[key]:
                    wrong.append((deal.id, key, value, figures[key]))
    finally:
        logging.disable(logging.NOTSET)
    assert wrong == []


# --------------------------------------------------------------------------- the command line and its quotes

def orders_sheet(path: Path, deals) -> Path:
    rows = [HEAD]
    for deal in deals:
        first = True
        for code, new, have, disc in deal.lines:
            rows.append([deal.id, f"Kunde {deal.id}" if first else None, deal.day if first else None, code,
                         new, have or None, disc, deal.release if first else None,
                         deal.term_years if first else None, deal.months_left if first else None])
            first = False
        rows += [[deal.id, None, None, code, 1, None, None, None, None, None] for code in deal.percent]
    return write_workbook(path, {"Aufträge": rows})


def quote_figures(path: Path) -> dict:
    """The figures a quote workbook shows: its named totals and each percentage line's amount."""
    wb = openpyxl.load_workbook(path, data_only=True)
    names = {"licences": "total", "net": "grand_total", "vat": "vat", "gross": "gross", "up2date": "up2date"}
    figures = {}
    for key, name in names.items():
        if name == "up2date" and name not in wb.defined_names:  # a quote without Up2Date has no such row
            figures[key] = 0
            continue
        ((sheet, ref),) = list(wb.defined_names[name].destinations)
        value = wb[sheet][ref.replace("$", "")].value
        figures[key] = value
    template = QuoteTemplate(default_template("de"))
    numbers = {a.number: a.code for a in get_catalog().articles if a.is_percentage}
    ws = wb[template.sheet]
    number_col, amount_col = template.pct_cols["number"], template.pct_cols["amount"]
    for row in ws.iter_rows(min_row=template.line_row):
        number = row[number_col - 1].value
        if number in numbers and row[amount_col - 1].value is not None:
            figures[f"pct:{numbers[number]}"] = row[amount_col - 1].value
    return figures


def _compare_quote(deal_id: str, figures: dict, shown: dict, where: str) -> list:
    wrong = []
    keys = {"licences", "net", "vat", "gross", "up2date"} | {k for k in figures if k.startswith("pct:")}
    for key in sorted(keys):
        got = shown.get(key)
        want = figures[key]
        if not isinstance(got, (int, float)) or round_cents(D(str(got))) != want:
            wrong.append((where, deal_id, key, got, want))
    extra = {k for k in shown if k.startswith("pct:")} - keys
    wrong += [(where, deal_id, k, shown[k], None) for k in extra]
    return wrong


@pytest.fixture(scope="module")
def cli_quotes(tmp_path_factory):
    """``xphone-pricing quotes`` over an orders sheet with every deal."""
    folder = tmp_path_factory.mktemp("cli")
    orders = orders_sheet(folder / "Auftraege.xlsx", DEALS)
    result = CliRunner().invoke(cli, ["quotes", str(orders), "--out", str(folder / "out")])
    assert result.exit_code in (0, 1), result.output  # 1: drafts among them (their figures count all the same)
    files = {}
    for path in (folder / "out").glob("Angebot-*.xlsx"):
        files[path.stem.removeprefix("Angebot-").removesuffix("-ENTWURF")] = path
    assert sorted(files) == sorted(d.id for d in DEALS), result.output[-2000:]
    return folder / "out", files


def test_the_quotes_the_command_line_writes_carry_the_apis_figures(expected, cli_quotes):
    out, files = cli_quotes
    wrong = []
    for deal in DEALS:
        wrong += _compare_quote(deal.id, expected[deal.id], quote_figures(files[deal.id]), "written")
    assert wrong == []
    summary = openpyxl.load_workbook(out / "Zusammenfassung.xlsx", data_only=True).active
    head = [c.value for c in summary[1]]
    net, gross = head.index("Nettobetrag"), head.index("Bruttobetrag")
    listed = {row[0]: (row[net], row[gross]) for row in summary.iter_rows(min_row=2, values_only=True)
              if row[0] in expected}
    assert len(listed) == len(DEALS)
    assert [(i, v) for i, v in listed.items()
            if (round_cents(D(str(v[0]))), round_cents(D(str(v[1])))) != (expected[i]["net"], expected[i]["gross"])
            ] == []


# the renewal deals' owned systems, their running term renewed with the same term (no new licences)
RENEWALS = [Deal(d.id, d.day, tuple((c, 0, h, None) for c, _n, h, _d in d.lines if h), (f"UP2DATE_{d.term_years}Y",),
                 term_years=d.term_years, months_left=d.months_left) for d in DEALS[4::5]]


def test_the_renewal_quotes_carry_the_apis_figures(tmp_path):
    from addin.batch.renewals import run_renewals
    from addin.values import add_months, end_of_month

    wrong = []
    for day in DAYS:
        deals = [d for d in RENEWALS if d.day == day]
        rows = [["System", "Kunde", "Artikel", "Bestand", "Up2Date-Laufzeit", "Up2Date-Ende"]]
        for deal in deals:  # the term ends in the month its months left lead to: renewed on the deal's day
            end = end_of_month(add_months(day, deal.months_left))
            rows += [[deal.id, f"Kunde {deal.id}", code, have, deal.term_years if i == 0 else None,
                      end if i == 0 else None] for i, (code, _n, have, _d) in enumerate(deal.lines)]
        base = write_workbook(tmp_path / f"bestand-{day}.xlsx", {"Bestand": rows})
        out = tmp_path / f"out-{day}"
        result, _plan = run_renewals(base, out, date_from=day, date_to=add_months(day, 13), day=day)
        assert result.written == len(deals) > 20
        for deal in deals:
            written = next(out.glob(f"Angebot-{deal.id}*.xlsx"))
            wrong += _compare_quote(deal.id, reference(deal), quote_figures(written), "renewals")
    assert wrong == []


def sheet_figures(plan, model) -> dict:
    """The figures the calculator's quote sheet shows, found by the template row each sheet row comes from."""
    rows = {str(number): {marker(text) for _c, text in cells} for number, _k, cells, _m in model.rows}
    names = {"total": "licences", "net": "net", "vat": "vat", "gross": "gross", "up2date": "up2date"}
    numbers = {a.number: a.code for a in get_catalog().articles if a.is_percentage}
    figures = {"up2date": 0}
    for row in plan.rows:
        code, amount = row[-1], row[6]  # G: the amounts' column of the shipped template
        for name in rows.get(code, set()) & set(names):
            figures[names[name]] = amount
        if code in ("30", "30a") and row[1] in numbers:  # a percentage line's first row
            figures[f"pct:{numbers[row[1]]}"] = amount
    return figures


def test_the_calculators_quote_sheet_shows_the_apis_figures(tmp_path):
    """The quote sheet of the calculator (addin.quote_sheet.fill_book, what Excel and xlwings Lite run) for every
    deal a calculator holds: the deals without their line discounts (the calculator has none), all but the
    renewals with new licences (there the calculator's running term adds the add-on)."""
    from addin.calculator.quote_sheet import WorkbookBook
    from addin.quote_sheet import STORE, SheetModel, fill_book

    path = calc.build_calculator(tmp_path / "Rechner.xlsm")
    wb = openpyxl.load_workbook(path)
    book = WorkbookBook(wb, path.name)
    model = SheetModel.from_json(wb[STORE]["A1"].value)
    deals = [Deal(d.id, d.day, tuple((c, n, h, None) for c, n, h, _x in d.lines), d.percent, d.release, d.term_years,
                  d.months_left) for d in DEALS if d.percent == ("UP2DATE_ADDON",) or not d.months_left]
    assert len(deals) > 250 and {d.percent[0][:7] for d in deals if d.percent} >= {"UP2DATE", "UPGRADE", "MIGRATI"}
    wrong = []
    for deal in deals:
        terms = [int(c[8]) for c in deal.percent if re.fullmatch(r"UP2DATE_\dY", c)]
        options = tuple((k, v) for k, v in _options(deal).items())
        data = calc.Input(lines=tuple((c, n or None, h or None) for c, n, h, _d in deal.lines), options=options,
                          quote_date=deal.day, order=(("quote_id", deal.id), ("customer", f"Kunde {deal.id}"),
                                                      ("up2date_years", terms[0] if terms else 0)))
        calc.write_inputs(wb[calc.SHEET_CALC["de"]], data)
        plan = fill_book(book)
        wrong += _compare_quote(deal.id, reference(deal), sheet_figures(plan, model), "quote sheet")
    assert wrong == []


_AMOUNT = re.compile(r"= ([\d.]+,\d\d) €$")


def _german(amount: Decimal) -> str:
    """An amount as a German user types it on the command line: ``4.864,30``."""
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _printed(output: str) -> Decimal:
    return D(_AMOUNT.search(output.strip()).group(1).replace(".", "").replace(",", "."))


def test_the_up2date_and_upgrade_commands_give_the_apis_figures(expected):
    runner = CliRunner()
    wrong = []
    for deal in DEALS[::4]:  # every kind of deal, both lists
        figures = expected[deal.id]
        day = deal.day.isoformat()
        for years in range(1, 6):
            result = runner.invoke(cli, ["up2date", _german(figures["up2date_base"]), str(years), "--date", day])
            if result.exit_code or _printed(result.output) != figures[f"up2date_{years}"]:
                wrong.append((deal.id, years, result.output))
        if deal.release is not None:
            result = runner.invoke(cli, ["upgrade", _german(figures["upgrade_base"]), f"R{deal.release}",
                                         "--date", day])
            if result.exit_code or _printed(result.output) != figures["upgrade"]:
                wrong.append((deal.id, "upgrade", result.output))
    assert wrong == []


@pytest.mark.libreoffice
def test_the_quotes_recalculated_by_libreoffice_give_the_apis_figures(expected, cli_quotes, tmp_path):
    if find_soffice() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is missing in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    _out, files = cli_quotes
    ids = sorted(files)
    recalculated = convert([files[i] for i in ids], "xlsx", tmp_path / "recalculated", jobs=2)
    wrong = []
    for deal_id, path in zip(ids, recalculated):
        wrong += _compare_quote(deal_id, expected[deal_id], quote_figures(path), "LibreOffice")
    assert wrong == []


# --------------------------------------------------------------------------- a quote edited in Excel

EDIT_DAY = dt.date(2026, 3, 16)
EDITED = Deal("E1", EDIT_DAY, (("OFFICE", 10, 50, 12.5), ("FAX", 4, 0, None), ("SERVER", 0, 1, None),
                               ("UPG_OFFICE_PLUS", 0, 5, None), ("TAPI", 0, 20, None), ("IP_CHANNEL", 1, 0, 5)),
              ("UPGRADE_R6", "UP2DATE_3Y"), release=6)
RUNNING = Deal("E2", EDIT_DAY, (("SERVER", 0, 1, None), ("OFFICE", 7, 30, None)), ("UP2DATE_ADDON",),
               term_years=3, months_left=8)


def _edited_catalog(tmp_path, sheet: str, match, values: dict):
    """A copy of the shipped catalog with cells of one row changed ({column index: value}), loaded: the core's
    view of an edited price or rate."""
    from addin.catalog.load import load_catalog

    path = tmp_path / f"catalog-{sheet}-{len(list(tmp_path.glob('catalog-*')))}.xlsx"
    wb = openpyxl.load_workbook(ROOT / "catalog.xlsx")
    row = next(r for r in wb[sheet].iter_rows(min_row=2) if match(r))
    for column, value in values.items():
        row[column].value = value
    wb.save(path)
    return load_catalog(path)


def _core(deal: Deal, catalog=None, vat=None, **change) -> dict:
    cat = catalog or get_catalog()
    lines = change.get("lines", deal.lines)
    art = cat.article
    order = [OrderLine(art(c), n, _discount(d)) for c, n, _h, d in lines if n]
    order += [OrderLine(art(c), 1) for c in deal.percent]
    owned = {art(c): h for c, _n, h, _d in lines if h}
    q = price_quote(order, owned, _options(deal), catalog=cat, date=deal.day, checks=False, vat_rate=vat)
    figures = {"licences": q.licence_total, "up2date": q.up2date_total, "net": q.net, "vat": q.vat,
               "gross": q.gross}
    figures.update({f"pct:{p.article.code}": p.amount for p in q.percent_lines})
    return figures


@pytest.mark.libreoffice
def test_an_edited_quote_recalculates_to_the_cores_figures_for_the_edited_deal(tmp_path):
    """Each kind of input cell of a generated quote edited as a user would in Excel (a quantity, an owned
    quantity, a list price, a discount, a percentage rate, the VAT rate), recalculated by LibreOffice: every
    amount is what the core computes for the edited deal."""
    if find_soffice() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is missing in CI")
        pytest.skip("LibreOffice (soffice) is not installed")
    orders = orders_sheet(tmp_path / "o.xlsx", [EDITED, RUNNING])
    result = CliRunner().invoke(cli, ["quotes", str(orders), "--out", str(tmp_path / "q")])
    assert result.exit_code in (0, 1), result.output
    template = QuoteTemplate(default_template("de"))
    lc = template.line_cols
    oc, pc = template.owned_cols, template.pct_cols
    top = template.line_row

    def quote(deal):
        return next((tmp_path / "q").glob(f"Angebot-{deal.id}*.xlsx"))

    cat = get_catalog()
    number = {a.code: a.number for a in cat.articles}
    with_lines = lambda **kw: tuple((c, kw.get(c, (n, h, d))[0], kw.get(c, (n, h, d))[1], kw.get(c, (n, h, d))[2])  # noqa: E731
                                    for c, n, h, d in EDITED.lines)
    edits = {
        # (deal, [(kind, article or None, column, new value)], the core's figures for the edited deal)
        "quantity": (EDITED, [("line", "OFFICE", "qty", 14)], _core(EDITED, lines=with_lines(OFFICE=(14, 50, 12.5)))),
        "owned": (EDITED, [("owned", "TAPI", "qty", 30)], _core(EDITED, lines=with_lines(TAPI=(0, 30, None)))),
        "price": (EDITED, [("line", "FAX", "unit", 42.9)],
                  _core(EDITED, catalog=_edited_catalog(
                      tmp_path, "Artikel", lambda r: r[1].value == "FAX", {6: 42.9}))),
        "discount": (EDITED, [("line", "OFFICE", "discount", 0.2)],
                     _core(EDITED, lines=with_lines(OFFICE=(10, 50, 20)))),
        "up2date rate": (EDITED, [("pct", "UP2DATE_3Y", "rate", 0.51)], _core(EDITED, catalog=_edited_catalog(
            tmp_path, "Up2Date", lambda r: r[0].value == 3, {2: 0.17, 3: 0.51}))),
        "upgrade rate": (EDITED, [("pct", "UPGRADE_R6", "rate", 0.5)], _core(EDITED, catalog=_edited_catalog(
            tmp_path, "Upgrade", lambda r: r[0].value == 6, {2: 0.5}))),
        "vat": (EDITED, [("vat", None, None, 0.07)], _core(EDITED, vat=D("0.07"))),
        "add-on quantity": (RUNNING, [("line", "OFFICE", "qty", 9)],
                            _core(RUNNING, lines=(("SERVER", 0, 1, None), ("OFFICE", 9, 30, None)))),
    }
    for name, (deal, _changes, want) in edits.items():
        assert want != _core(deal), name  # every edit changes a figure
    files = []
    for name, (deal, changes, _want) in edits.items():
        wb = openpyxl.load_workbook(quote(deal))
        ws = wb[template.sheet]
        for kind, code, column, value in changes:
            if kind == "line":
                r = next(r for r in range(top, ws.max_row + 1) if ws.cell(r, lc["number"]).value == number[code])
                ws.cell(r, lc[column]).value = value
            elif kind == "owned":
                rows = [r for r in range(top, ws.max_row + 1) if ws.cell(r, oc["number"]).value == number[code]]
                ws.cell(rows[-1], oc[column]).value = value  # the owned list comes after the line table
            elif kind == "pct":
                r = next(r for r in range(top, ws.max_row + 1) if ws.cell(r, pc["number"]).value == number[code])
                ws.cell(r, pc[column]).value = value
            else:
                ((sheet, ref),) = list(wb.defined_names["vat"].destinations)
                r = int(re.sub(r"\D", "", ref))
                vat_col = template.columns["vat_rate"]
                ws.cell(r, vat_col).value = value
        path = tmp_path / "edited" / f"{name.replace(' ', '_')}.xlsx"
        path.parent.mkdir(exist_ok=True)
        wb.save(path)
        files.append(path)
    recalculated = convert(files, "xlsx", tmp_path / "recalculated")
    wrong = []
    for (name, (_deal, _changes, want)), path in zip(edits.items(), recalculated):
        got = quote_figures(path)
        wrong += _compare_quote(name, want, got, "edited")
    assert wrong == []
    # by hand for the quantity edit: 14 OFFICE at 89 less 12.5 % = 1090.25, 4 FAX 159.60, 1 IP-CHANNEL 149 less
    # 5 % = 141.55: licences 1391.40
    assert edits["quantity"][2]["licences"] == D("1391.40")


def test_rates_print_with_the_decimals_they_have_in_one_format(tmp_path):
    """A VAT rate of 7,5 % prints as 7,5 %, not 8 %; every rate of the quote in the same format."""
    orders = orders_sheet(tmp_path / "o.xlsx", [EDITED])
    result = CliRunner().invoke(cli, ["quotes", str(orders), "--out", str(tmp_path / "q"), "--vat", "7,5"])
    assert result.exit_code in (0, 1), result.output
    path = next((tmp_path / "q").glob("Angebot-E1*.xlsx"))
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    formats = {(c.value, c.number_format) for row in ws.iter_rows() for c in row
               if isinstance(c.value, (int, float, Decimal)) and "%" in c.number_format}
    # 7.5 % VAT, 55 % upgrade, 54 % Up2Date, 12.5 % and 5 % discounts
    assert formats == {(0.075, "0.0 %"), (0.55, "0 %"), (0.54, "0 %"), (0.125, "0.0 %"), (0.05, "0 %")}
    # by hand: licences 10 × 89 − 12,5 % = 778,75 + 4 × 39,90 = 159,60 + 149 − 5 % = 141,55: 1.079,90;
    # owned 2490 + 50 × 89 + 5 × (139 − 89) + 20 × 19,95 = 7.589 × 55 % = 4.173,95;
    # Up2Date 3 years: (7.589 + 890 + 159,60 + 149) × 54 % = 4.745,30; net 9.999,15; VAT 7,5 % = 749,94
    assert {k: quote_figures(path)[k] for k in ("net", "vat", "gross")} == {"net": 9999.15, "vat": 749.94,
                                                                            "gross": 10749.09}


@pytest.mark.libreoffice
def test_a_vat_rate_of_7_5_percent_prints_as_7_5_percent(tmp_path):
    import shutil
    import subprocess

    if find_soffice() is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice or pdftotext missing in CI")
        pytest.skip("LibreOffice or pdftotext is not installed")
    orders = orders_sheet(tmp_path / "o.xlsx", [EDITED])
    result = CliRunner().invoke(cli, ["quotes", str(orders), "--out", str(tmp_path / "q"), "--vat", "7,5", "--pdf"])
    assert result.exit_code in (0, 1), result.output
    pdf = next((tmp_path / "q").glob("Angebot-E1*.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "7,5 %" in text and "12,5 %" in text and "55 %" in text and "54 %" in text
    assert not re.search(r"(?<![\d,])8 %", text)  # not rounded to 8 %
