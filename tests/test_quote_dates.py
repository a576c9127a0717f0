"""Dates that make sense: a quote whose validity has ended is written with a WARNING for the seller (with
--strict not at all), and a quote priced with --price-date after its date is valid counted from that day."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner

from addin.batch.run import run_batch
from addin.cli import cli
from tests.conftest import write_workbook

HEAD = ["Angebot", "Kunde", "Datum", "Gültig bis", "Artikel", "Menge"]


@pytest.fixture
def orders(tmp_path):
    """A quote of 16.03.2026 (valid 30 days: until 15.04.2026) and one valid until 31.12.2026."""
    rows = [HEAD, ["A", "Kunde A", dt.datetime(2026, 3, 16), None, "SERVER", 1],
            ["B", "Kunde B", dt.datetime(2026, 3, 16), dt.datetime(2026, 12, 31), "SERVER", 1]]
    return write_workbook(tmp_path / "auftraege.xlsx", {"Aufträge": rows})


def seller_sheet(path) -> list[tuple]:
    return [tuple(r) for r in openpyxl.load_workbook(path)["Prüfung"].iter_rows(values_only=True)]


@pytest.mark.parametrize("today, expired", [
    (dt.date(2026, 4, 15), []),               # its last day: still valid
    (dt.date(2026, 4, 16), ["A"]),            # the day after
    (dt.date(2027, 1, 1), ["A", "B"]),        # both over
])
def test_an_expired_quote_is_written_with_a_warning_for_the_seller(tmp_path, orders, today, expired):
    result = run_batch(orders, tmp_path / "q", today=today)
    assert (result.written, result.failed) == (2, 0)
    for quote in ("A", "B"):
        rows = seller_sheet(tmp_path / "q" / f"Angebot-{quote}.xlsx")
        warned = [r for r in rows if r[1] == "QUOTE_EXPIRED"]
        assert bool(warned) == (quote in expired)
        if warned:
            assert warned[0][0] == "Warnung" and warned[0][2].startswith("Angebot abgelaufen: gültig bis ")


def test_the_warning_names_both_days_on_the_command_line_in_both_languages(tmp_path, orders):
    german = CliRunner().invoke(cli, ["quotes", str(orders), "--out", str(tmp_path / "de")],
                                env={"XPHONE_PRICE_DATE": "2026-05-01"})
    assert german.exit_code == 0, german.output
    assert ("Angebot abgelaufen: gültig bis 15.04.2026, heute ist der 01.05.2026. Ein neues Datum oder Gültig bis "
            "eintragen, bevor es versendet wird.") in german.stderr
    english = CliRunner().invoke(cli, ["quotes", str(orders), "--out", str(tmp_path / "en"), "--lang", "en"],
                                 env={"XPHONE_PRICE_DATE": "2026-05-01"})
    assert english.exit_code == 0
    assert "Quote A: Warning: Quote expired: valid until 15 April 2026, today is 1 May 2026." in english.stderr
    assert german.stderr.count("abgelaufen") == 1  # quote B is valid until 31.12.2026


def test_with_strict_an_expired_quote_is_not_written(tmp_path, orders):
    result = run_batch(orders, tmp_path / "q", today=dt.date(2026, 5, 1), strict=True)
    assert (result.written, result.failed) == (1, 1)
    assert not (tmp_path / "q" / "Angebot-A.xlsx").exists() and (tmp_path / "q" / "Angebot-B.xlsx").exists()
    assert any("Mit --strict wird kein abgelaufenes Angebot geschrieben." in m for m in result.messages)


def test_priced_with_a_later_price_date_the_validity_counts_from_that_day(tmp_path, orders):
    # A: 16.03.2026 + 30 days; priced with the list of 01.12.2026 it is valid until 31.12.2026, not expired on
    # 06.12.2026. B gives its own last day (31.12.2026) in the sheet: it keeps it.
    result = run_batch(orders, tmp_path / "q", today=dt.date(2026, 12, 6), price_date="2026-12-01")
    assert (result.written, result.failed) == (2, 0)
    for quote in ("A", "B"):
        wb = openpyxl.load_workbook(tmp_path / "q" / f"Angebot-{quote}.xlsx")
        values = [c.value for row in wb.active.iter_rows() for c in row]
        assert dt.datetime(2026, 12, 31) in values and dt.datetime(2026, 4, 15) not in values  # valid until
        assert not any(r[1] == "QUOTE_EXPIRED" for r in seller_sheet(tmp_path / "q" / f"Angebot-{quote}.xlsx"))
