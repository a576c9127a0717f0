"""Up2Date renewals from the installed base: the decision of each system, the quotes the run writes, the summary.

Expected figures by hand from the example list 2026 (SERVER 2.490,00 €, SMART SERVER 990,00 €, OFFICE 89,00 €,
OFFICE PLUS 139,00 €) and the service description's rates (Up2Date 1/2/3/5 years: 20/38/54/80 % of the
complete system's list value; OneTime Upgrade from release 8: 35 % of the owned licences' list value).
"""
from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from addin.batch import run_batch
from addin.batch.installed_base import read_installed_base
from addin.batch.renewals import run_renewals
from addin.catalog import get_catalog
from addin.cli import cli
from addin.errors import BadValue, MissingValue
from addin.renewals import last_renewal_day, new_term, renewal
from tests.conftest import ROOT, write_workbook
from tests.test_one_deal_one_figure import quote_figures
from tests.test_quote_documents import soffice_or_skip

D = dt.date
EXAMPLE = ROOT / "workbook_templates" / "example_installed_base.xlsx"
WINDOW = dict(date_from="2026-07-01", date_to="2028-06-30", day="2026-12-01")


# --------------------------------------------------------------------------- the decision

@pytest.mark.parametrize("end, years, day, expected", [
    # the running 3-year term ends 31.01.2027, quoted on 01.12.2026: the new term follows it
    (D(2027, 1, 31), 3, D(2026, 12, 1), ("renew", D(2027, 2, 1), D(2030, 1, 31), None)),
    # the last end that may be renewed on 01.12.2026 is 31.12.2027 (the end of the month 12 months on)
    (D(2027, 12, 31), 1, D(2026, 12, 1), ("renew", D(2028, 1, 1), D(2028, 12, 31), None)),
    # 13 months left: too early, from the first day of the month 12 months before its end month
    (D(2028, 1, 31), 3, D(2026, 12, 1), ("too_early", None, None, D(2027, 1, 1))),
    # a term ending 28.02 before a leap year: the new year ends on 29.02
    (D(2027, 2, 28), 1, D(2027, 1, 15), ("renew", D(2027, 3, 1), D(2028, 2, 29), None)),
    # a term ending on the leap day: the next ends on 28.02
    (D(2028, 2, 29), 1, D(2028, 2, 1), ("renew", D(2028, 3, 1), D(2029, 2, 28), None)),
    # the end is not a month end (the base gets a note): the new term still ends at a month end
    (D(2027, 3, 15), 1, D(2027, 1, 1), ("renew", D(2027, 3, 16), D(2028, 3, 31), None)),
])
def test_a_running_term_is_renewed_from_the_day_after_its_end_to_a_month_end(end, years, day, expected):
    r = renewal(end, years, day, 8, get_catalog())
    assert (r.kind, r.start, r.new_end, r.quotable_from) == expected


def test_a_leap_year_quote_date_looks_twelve_months_ahead_to_a_month_end():
    assert last_renewal_day(D(2028, 2, 29)) == D(2029, 2, 28)
    assert new_term(D(2028, 2, 29), 3) == (D(2028, 3, 1), D(2031, 2, 28))


@pytest.mark.parametrize("release, articles", [
    (8, ("9131.0006", "9130.0000.036")),   # XPhone OneTime Upgrade from Release 8, then the new term
    (4, ("9131.0004", "9130.0000.036")),   # release 4: the migration
])
def test_a_lapsed_term_gets_the_upgrade_of_its_release_with_a_new_term(release, articles):
    r = renewal(D(2026, 9, 30), 3, D(2026, 12, 1), release, get_catalog())
    assert (r.kind, r.articles, r.start) == ("lapsed", articles, None)


def test_terms_name_the_main_offer_and_the_alternatives():
    cat = get_catalog()
    assert renewal(D(2027, 1, 31), 3, D(2026, 12, 1), 8, cat, terms=(1, 3, 5)).alternatives == (1, 5)
    other = renewal(D(2027, 1, 31), 2, D(2026, 12, 1), 8, cat, terms=(1, 3, 5))
    assert (other.years, other.alternatives) == (2, (1, 3, 5))  # the running term stays the main offer
    assert renewal(D(2027, 1, 31), 3, D(2026, 12, 1), 8, cat, term=5).years == 5
    with pytest.raises(MissingValue):
        renewal(D(2026, 1, 31), 3, D(2026, 12, 1), None, cat)  # lapsed: the upgrade needs the release
    with pytest.raises(BadValue):
        renewal(D(2027, 1, 31), 3, D(2026, 12, 1), 8, cat, term=7)


# --------------------------------------------------------------------------- the installed base

def test_the_installed_base_names_every_bad_value_with_its_cell_and_notes_an_end_off_a_month_end(tmp_path):
    path = write_workbook(tmp_path / "bestand.xlsx", {"Bestand": [
        ["System", "Kunde", "Artikel", "Bestand", "Release", "Up2Date-Laufzeit", "Up2Date-Ende"],
        ["S-1", "Kunde A", "SERVER", 1, 8, 3, dt.datetime(2027, 1, 15)],
        ["S-2", "Kunde B", "SERVER", "eins", 8, 3, dt.datetime(2027, 1, 31)],
        ["S-3", "Kunde C", "SERVER", 1, 8, 7, "bald"],
        ["S-4", "Kunde D", "SERVER", 1, 8, None, None],
    ]})
    systems = {s.quote_id: s for s in read_installed_base(path, get_catalog())}
    assert [n.message("de") for n in systems["S-1"].notes] == [
        "Up2Date-Ende 15.01.2027 ist kein Monatsende; jede Laufzeit endet laut Leistungsbeschreibung an einem "
        "Monatsende (hier wohl 31.01.2027). Gerechnet wird mit 15.01.2027. (Blatt Bestand, Zeile 2, Spalte G)"]
    errors = {q: [e.message("de") for e in systems[q].errors] for q in ("S-2", "S-3", "S-4")}
    assert errors["S-2"] == ["Bestand: 'eins' ist ungültig. Zahl erwartet. (Blatt Bestand, Zeile 3, Spalte D)"]
    assert [(m.split(" ist ")[0], m[-9:]) for m in errors["S-3"]] == [("Up2Date-Ende: 'bald'", "Spalte G)"),
                                                                      ("Laufzeit in Jahren: 7", "Spalte F)")]
    assert errors["S-4"] == ["Up2Date-Ende für System S-4 fehlt. (Blatt Bestand, Zeile 5, Spalte G)",
                             "Up2Date-Laufzeit für System S-4 fehlt. (Blatt Bestand, Zeile 5, Spalte F)"]


# --------------------------------------------------------------------------- the run

@pytest.fixture(scope="module")
def example(tmp_path_factory):
    out = tmp_path_factory.mktemp("renewals") / "out"
    result, plan = run_renewals(EXAMPLE, out, terms=(1, 3, 5), **WINDOW)
    return out, result, plan


def summary_rows(out: Path, lang: str = "de") -> dict:
    ws = openpyxl.load_workbook(out / ("Verlängerungen.xlsx" if lang == "de" else "Renewals.xlsx")).worksheets[0]
    return {r[0]: r[1:] for r in ws.iter_rows(min_row=2, values_only=True)}


def test_the_run_quotes_what_is_due_and_says_why_for_the_rest(example):
    out, result, _plan = example
    assert (result.total, result.written, result.failed, result.drafts) == (5, 5, 0, 1)
    rows = summary_rows(out)
    status = {s: (r[3], r[4], r[5]) for s, r in rows.items()}
    assert status == {
        # 54 % of SERVER 2.490,00 + 50 OFFICE 4.450,00 = 6.940,00
        "S-1001": ("angeboten", "01.02.2027 – 31.01.2030", 3747.6),
        # 20 % of SMART SERVER 990,00 + 10 OFFICE 890,00 = 1.880,00
        "S-1002": ("angeboten", "01.07.2027 – 30.06.2028", 376),
        # lapsed 30.09.2026: 35 % and 54 % of SERVER 2.490,00 + 20 OFFICE 1.780,00 = 4.270,00
        "S-1003": ("abgelaufen: mit OneTime Upgrade angeboten", None, 3800.3),
        "S-1004": ("zu früh: mehr als 12 Monate Restlaufzeit; anzubieten ab 01.03.2027", None, None),
        # 38 % of SERVER 2.490,00 + 15 OFFICE 1.335,00 = 3.825,00
        "S-1005": ("angeboten", "01.06.2027 – 31.05.2029", 1453.5),
        "S-1006": ("Entwurf (Prüf-Fehler)", "01.04.2027 – 31.03.2028", pytest.approx(569.96)),
    }


def test_alternatives_are_notes_and_the_total_is_the_main_offer(example):
    out = example[0]
    wb = openpyxl.load_workbook(out / "Angebot-S-1001.xlsx")
    ws = wb.worksheets[0]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert ("Alternativposition, nicht im Gesamtbetrag enthalten: XPhone Up2Date – 1 Year – New System or Renewal "
            "(9130.0000.012), 20 % von 6.940,00 € = 1.388,00 €.") in texts
    assert ("Alternativposition, nicht im Gesamtbetrag enthalten: XPhone Up2Date – 5 Years – New System or Renewal "
            "(9130.0000.060), 80 % von 6.940,00 € = 5.552,00 €.") in texts
    assert ("Verlängerung der Software-Aktualisierung: die laufende Laufzeit endet am 31.01.2027; die neue Laufzeit "
            "von 3 Jahren läuft vom 01.02.2027 bis zum 31.01.2030.") in texts
    # no licence is sold: the empty line table (its header, a subtotal of 0,00 €) is hidden
    hidden = {c.value for row in ws.iter_rows() for c in row if ws.row_dimensions[c.row].hidden and c.value}
    assert {"Pos.", "Summe Lizenzen"} <= hidden and "Ihre Lizenzen (Bestand)" not in hidden
    assert "Bestand 6.940,00 €" in next(t for t in texts if t.startswith("XPhone Up2Date – 3 Years"))
    assert not any("neue Lizenzen" in t for t in texts)
    figures = quote_figures(out / "Angebot-S-1001.xlsx")
    assert (figures["net"], figures["vat"], figures["gross"]) == (3747.6, 712.04, 4459.64)  # 19 % of 3.747,60


def test_the_pipeline_sums_the_renewal_value_per_month_of_term_end_with_a_chart(example):
    out = example[0]
    wb = openpyxl.load_workbook(out / "Verlängerungen.xlsx")
    assert wb.sheetnames[:2] == ["Systeme", "Pipeline"]
    rows = list(wb["Pipeline"].iter_rows(values_only=True))
    assert rows[0] == ("Monat", "Systeme", "Verlängerungswert") and len(rows) == 1 + 24  # 07.2026 to 06.2028
    months = {r[0]: (r[1], r[2]) for r in rows[1:] if r[1]}
    assert months == {"2026-09": (1, 3800.3), "2027-01": (1, 3747.6), "2027-05": (1, 1453.5), "2027-06": (1, 376)}
    assert len(wb["Pipeline"]._charts) == 1  # a native chart over the table: live in Excel


def test_a_renewal_quote_has_the_figures_of_the_same_deal_on_an_orders_sheet(example, tmp_path):
    orders = write_workbook(tmp_path / "auftrag.xlsx", {"Aufträge": [
        ["Angebot", "Kunde", "Datum", "Artikel", "Menge", "Bestand", "Release", "Up2Date-Laufzeit",
         "Up2Date-Restlaufzeit", "Land", "USt-IdNr."],
        ["S-1003", "Kanzlei Weber & Partner", dt.datetime(2026, 12, 1), "SERVER", 0, 1, 8, None, None, "Österreich",
         "ATU12345675"],
        ["S-1003", None, None, "OFFICE", 0, 20, None, None, None, None, None],
        ["S-1003", None, None, "UPGRADE_R8", 1, None, None, None, None, None, None],
        ["S-1003", None, None, "UP2DATE_3Y", 1, None, None, None, None, None, None],
        ["S-1001", "Stadtwerke Nordhausen", dt.datetime(2026, 12, 1), "SERVER", 0, 1, 8, 3, 1, None, None],
        ["S-1001", None, None, "OFFICE", 0, 50, None, None, None, None, None],
        ["S-1001", None, None, "UP2DATE_3Y", 1, None, None, None, None, None, None],
    ]})
    run_batch(orders, tmp_path / "q", today=D(2026, 12, 1))
    for system in ("S-1001", "S-1003"):
        assert quote_figures(tmp_path / "q" / f"Angebot-{system}.xlsx") == quote_figures(
            example[0] / f"Angebot-{system}.xlsx"), system
    assert quote_figures(example[0] / "Angebot-S-1003.xlsx")["gross"] == 3800.3  # reverse charge: no VAT


def test_a_rerun_with_resume_leaves_every_quote_as_it_is(tmp_path):
    run_renewals(EXAMPLE, tmp_path / "out", **WINDOW)
    again, _plan = run_renewals(EXAMPLE, tmp_path / "out", resume=True, **WINDOW)
    assert (again.written, again.unchanged) == (0, 5)
    refused = CliRunner().invoke(cli, ["renewals", str(EXAMPLE), "--from", "2026-07-01", "--to", "2028-06-30",
                                       "--date", "2026-12-01", "--out", str(tmp_path / "out")])
    assert refused.exit_code == 1 and "mit --resume fortsetzen" in refused.stderr


def test_the_command_says_what_it_did_in_english(tmp_path):
    result = CliRunner().invoke(cli, ["--lang", "en", "renewals", str(EXAMPLE), "--from", "2026-07-01", "--to",
                                      "2028-06-30", "--date", "2026-12-01", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("6 systems in the installed base: 5 of 5 renewal quotes written, 0 failed, "
                                    "1 draft (ERROR findings, do not send), 1 too early; summary: ")
    assert summary_rows(tmp_path / "out", "en")["S-1004"][3] == (
        "too early: more than 12 months left; can be quoted from 1 March 2027")


@pytest.mark.libreoffice
def test_every_renewal_quote_prints_its_dates_amounts_and_alternatives(tmp_path):
    soffice_or_skip()
    result, _plan = run_renewals(EXAMPLE, tmp_path / "out", terms=(1, 3), pdf=True, **WINDOW)
    assert len(result.pdfs) == 5

    def text(name):
        raw = subprocess.run(["pdftotext", str(tmp_path / "out" / name), "-"], capture_output=True, text=True,
                             check=True).stdout
        return " ".join(raw.split())

    s1001 = text("Angebot-S-1001.pdf")
    for said in ("die neue Laufzeit von 3 Jahren läuft vom 01.02.2027 bis zum 31.01.2030",
                 "Alternativposition, nicht im Gesamtbetrag enthalten: XPhone Up2Date – 1 Year",
                 "20 % von 6.940,00 € = 1.388,00 €", "3.747,60 €", "4.459,64 €"):
        assert said in s1001, said
    assert "Summe Lizenzen" not in s1001
    s1003 = text("Angebot-S-1003.pdf")
    for said in ("XPhone OneTime Upgrade from Release 8", "1.494,50 €", "2.305,80 €", "3.800,30 €",
                 "seit dem 01.10.2026 ohne Software-Aktualisierung", "Steuerschuldnerschaft des Leistungsempfängers"):
        assert said in s1003, said
    assert "Alternativposition" in text("Angebot-S-1005.pdf") and "Nicht im Inland steuerbare Leistung" in text(
        "Angebot-S-1005.pdf")
    # every quote prints its net total as the summary has it (S-1002: 376,00; S-1006, a draft: 569,96 =
    # 20 % of SMART SERVER 990,00 + 20 OFFICE 1.780,00 + 2 FAX 79,80)
    for name, net in (("Angebot-S-1001.pdf", "3.747,60 €"), ("Angebot-S-1002.pdf", "376,00 €"),
                      ("Angebot-S-1003.pdf", "3.800,30 €"), ("Angebot-S-1005.pdf", "1.453,50 €"),
                      ("Angebot-S-1006-ENTWURF.pdf", "569,96 €")):
        assert f"Nettobetrag {net}" in text(name) or net in text(name), name


def test_money_in_the_summary_is_exact(example):
    rows = summary_rows(example[0])
    assert sum(Decimal(str(r[5])) for r in rows.values() if r[3] == "angeboten") == Decimal("5577.10")


def test_a_failing_system_is_named_in_the_summary_and_jobs_write_the_same_quotes(tmp_path):
    path = write_workbook(tmp_path / "bestand.xlsx", {"Bestand": [
        ["System", "Kunde", "Artikel", "Bestand", "Release", "Up2Date-Laufzeit", "Up2Date-Ende"],
        ["S-1", "Kunde A", "SERVER", 1, 8, 1, dt.datetime(2027, 3, 31)],
        ["S-2", "Kunde B", "SERVERX", 1, 8, 1, dt.datetime(2027, 3, 31)],
        ["S-3", "Kunde C", "SERVER", 1, None, 1, dt.datetime(2026, 9, 30)],  # lapsed without a release
        ["S-4", "Kunde D", "SERVER", 1, 8, 1, dt.datetime(2027, 4, 30)],
    ]})
    result, _plan = run_renewals(path, tmp_path / "out", jobs=2, **WINDOW)
    assert (result.written, result.failed) == (2, 2)
    rows = summary_rows(tmp_path / "out")
    assert [rows[s][3] for s in ("S-1", "S-2", "S-3", "S-4")] == ["angeboten", "fehlgeschlagen", "fehlgeschlagen",
                                                                  "angeboten"]
    assert rows["S-2"][7].startswith("Unbekannter Artikel: SERVERX")
    assert rows["S-3"][7].startswith("Release des Systems") and rows["S-3"][7].endswith("(Blatt Bestand, Zeile 4, "
                                                                                       "Spalte E)")
    assert (rows["S-1"][5], rows["S-4"][5]) == (498, 498)  # 20 % of SERVER 2.490,00
