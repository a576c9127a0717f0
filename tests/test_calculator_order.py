"""A saved calculator read as one order: ``xphone-pricing quotes Rechner.xlsm`` writes the quote the orders sheet
would write for the same deal, part by part; a bad value is refused with the calculator's sheet and cell.

Figures by hand from the example list 2026 (SERVER 2.490,00 €, SMART SERVER 990,00 €, OFFICE 89,00 €, FAX
39,90 €, TAPI 19,95 €) and the service description's rates.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from addin.batch import run_batch
from addin.batch.calculator_order import read_calculator
from addin.calculator import build_calculator
from addin.calculator.layout import DESKTOP, LITE, ORDER_CELLS, SHEET_CALC, Input
from addin.cli import cli
from tests.conftest import ROOT, write_workbook
from tests.golden import parts

DAY = dt.date(2026, 3, 16)
ORDER_HEAD = ["Angebot", "Kunde", "Datum", "Artikel", "Menge", "Bestand", "Release", "Up2Date-Laufzeit",
              "Up2Date-Restlaufzeit", "Ansprechpartner", "Ort", "Land", "USt-IdNr."]

# (id, lines (article, new, owned), up2date years, options, customer details, orders-sheet percentage lines)
CONFIGS = [
    ("K-1", (("SERVER", 1, None), ("OFFICE", 20, None)), 3, (), ("Herr A", "Dresden", None, None),
     ("UP2DATE_3Y",)),
    ("K-2", (("SERVER", 0, 1), ("OFFICE", 10, 50), ("TAPI", 0, 50)), 3, (("release", 6),),
     ("Frau B", "Nordhausen", None, None), ("UP2DATE_3Y", "UPGRADE_R6")),
    ("K-3", (("SERVER", 0, 1), ("OFFICE", 5, 20)), 0, (("up2date_term_years", 3), ("up2date_months_left", 8)),
     (None, "Innsbruck", "Österreich", "ATU12345675"), ("UP2DATE_ADDON",)),
    ("K-4", (("SMART_SERVER", 1, None), ("OFFICE", 20, None), ("FAX", 2, None)), 0, (),
     ("Frau Dr. K", "Leipzig", None, None), ()),
    ("K-5", (("SERVER", 1, None), ("OFFICE", 15, None)), 2, (), (None, "Zürich", "Schweiz", "CHE-123.456.789"),
     ("UP2DATE_2Y",)),
]


def calculator(folder: Path, config, edition=DESKTOP) -> Path:
    qid, lines, years, options, (contact, city, country, vat_id), _pct = config
    order = (("quote_id", qid), ("customer", f"Kunde {qid}"), ("contact", contact), ("city", city),
             ("country", country), ("vat_id", vat_id), ("up2date_years", years))
    data = Input(lines=lines, options=options, order=order, quote_date=DAY, addon_months=None, addon_term=None)
    return build_calculator(folder / f"{qid}{edition.suffix}", data=data, edition=edition)


def orders_sheet(path: Path) -> Path:
    rows = [ORDER_HEAD]
    for qid, lines, _years, options, (contact, city, country, vat_id), pct in CONFIGS:
        opts = dict(options)
        for i, (code, new, owned) in enumerate(lines):
            first = i == 0
            rows.append([qid, f"Kunde {qid}" if first else None, dt.datetime(2026, 3, 16) if first else None, code,
                         new, owned, opts.get("release") if first else None,
                         opts.get("up2date_term_years") if first else None,
                         opts.get("up2date_months_left") if first else None, contact if first else None,
                         city if first else None, country if first else None, vat_id if first else None])
        rows += [[qid, None, None, code, 1, *([None] * 8)] for code in pct]
    return write_workbook(path, {"Aufträge": rows})


def test_the_shipped_calculator_is_an_order_of_its_example():
    order = read_calculator(ROOT / "workbook_templates" / "calculator.xlsm", today=DAY)
    assert (order.quote_id, order.customer, order.errors) == ("R-2026-001", "Beispiel GmbH", [])
    assert [(x.article.code, x.quantity) for x in order.lines] == [
        ("SERVER", 1), ("OFFICE", 50), ("OFFICE_PLUS", 10), ("VOICEMAIL", 60), ("IP_CHANNEL", 2), ("CONTACTS", 60),
        ("UP2DATE_3Y", 1)]
    assert order.details == {"contact": "Frau Maria Muster", "street": "Musterweg 1", "postcode": "01067",
                             "city": "Dresden"}
    assert order.options["directory_sources"] == 2 and order.date == DAY


def test_calculators_give_the_quotes_the_orders_sheet_gives_for_the_same_deals_part_by_part(tmp_path):
    calcs = [calculator(tmp_path, c, DESKTOP if i % 2 else LITE) for i, c in enumerate(CONFIGS)]
    from_calcs = run_batch(calcs, tmp_path / "calc", today=DAY)
    from_orders = run_batch(orders_sheet(tmp_path / "orders.xlsx"), tmp_path / "orders", today=DAY)
    assert (from_calcs.written, from_calcs.failed, from_calcs.drafts) == (5, 0, 1) == (
        from_orders.written, from_orders.failed, from_orders.drafts)
    names = sorted(p.name for p in (tmp_path / "orders").glob("Angebot-*.xlsx"))
    assert names == sorted(p.name for p in (tmp_path / "calc").glob("Angebot-*.xlsx")) and len(names) == 5
    for name in names:
        made, expected = parts(tmp_path / "calc" / name), parts(tmp_path / "orders" / name)
        assert list(made) == list(expected), name
        assert [p for p in expected if made[p] != expected[p]] == [], name


def test_the_figures_of_the_calculators_quotes_by_hand(tmp_path):
    run_batch([calculator(tmp_path, c) for c in CONFIGS], tmp_path / "q", today=DAY)

    def net(name):
        wb = openpyxl.load_workbook(tmp_path / "q" / name, data_only=True)  # the figures stored with the formulas
        ((sheet, ref),) = list(wb.defined_names["grand_total"].destinations)
        return wb[sheet][ref.replace("$", "")].value

    # K-1: 2.490,00 + 20 × 89,00 = 4.270,00; + 54 % = 2.305,80 -> 6.575,80
    # K-3: 5 × 89,00 = 445,00; add-on 18 % × 8/12 × 445,00 = 53,40 -> 498,40 (reverse charge)
    # K-5: 2.490,00 + 15 × 89,00 = 3.825,00; + 38 % = 1.453,50 -> 5.278,50
    assert [net(n) for n in ("Angebot-K-1.xlsx", "Angebot-K-3.xlsx", "Angebot-K-5.xlsx")] == [6575.8, 498.4, 5278.5]
    assert (tmp_path / "q" / "Angebot-K-4-ENTWURF.xlsx").exists()  # SMART SERVER with 25 users and FAX


@pytest.mark.parametrize("cell, value, message", [
    ("C7", "zehn", "Menge: 'zehn' ist ungültig. Zahl erwartet. (Blatt Rechner, Zeile 7, Spalte C)"),
    ("A8", "GIBTS-NICHT", "Unbekannter Artikel: GIBTS-NICHT"),
    (ORDER_CELLS["customer"], None, "Kunde fehlt. (Blatt Rechner, Zeile 7, Spalte O)"),
    (ORDER_CELLS["up2date_years"], 7, "Laufzeit in Jahren: 7 ist ungültig. Erlaubt: 1 bis 5. (Blatt Rechner, Zeile 15"),
    (ORDER_CELLS["vat_id"], "ATU12345676", "USt-IdNr.: 'ATU12345676' ist ungültig. Die Prüfziffer stimmt nicht"),
])
def test_a_value_the_orders_sheet_would_refuse_is_refused_with_the_calculators_cell(tmp_path, cell, value, message):
    path = calculator(tmp_path, CONFIGS[0])
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[SHEET_CALC["de"]]
    ws[cell] = value
    if cell == ORDER_CELLS["vat_id"]:
        ws[ORDER_CELLS["country"]] = "Österreich"
    wb.save(path)
    order = read_calculator(path, today=DAY)
    assert any(message in e.message("de") for e in order.errors), [e.message("de") for e in order.errors]


def test_the_command_takes_several_calculators(tmp_path):
    calcs = [str(calculator(tmp_path, c)) for c in CONFIGS[:2]]
    result = CliRunner().invoke(cli, ["quotes", *calcs, "--out", str(tmp_path / "q")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2 von 2 Angeboten erstellt")
    refused = CliRunner().invoke(cli, ["quotes", calcs[0], str(ROOT / "workbook_templates" / "example_orders.xlsx"),
                                       "--out", str(tmp_path / "r")])
    assert refused.exit_code == 1 and "Mehrere Arbeitsmappen gehen nur als Rechner" in refused.stderr
