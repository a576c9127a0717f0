"""Shared fixtures: a small catalog built in memory and catalog workbooks written to a tmp path."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from addin import catalog as catalog_mod
from addin.catalog import build_catalog

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "catalog.xlsx"


def small_sheets() -> dict[str, list[tuple]]:
    """Sheets of a small catalog with round prices, easy to compute by hand."""
    return {
        "Preisliste": [
            ("Eigenschaft", "Wert"),
            ("Name", "Testliste"),
            ("Gültig ab", dt.datetime(2026, 1, 1)),
            ("Währung", "EUR"),
            ("Status", "Beispiel"),
            ("MwSt-Satz", 0.19),
        ],
        "Artikel": [
            ("Artikelnummer", "Kurzcode", "Name DE", "Name EN", "Kategorie", "Enthält", "Listenpreis EUR"),
            ("3212.0010", "SMART_SERVER", "SMART SERVER", "SMART SERVER", "server", "5 OFFICE", 500),
            ("3210.0030", "SERVER", "SERVER", "SERVER", "server", None, 1000),
            ("3310.0030", "OFFICE", "OFFICE", "OFFICE", "user", None, 100),
            ("3320.0030", "FAX", "FAX", "FAX", "user", None, 10.5),
            ("9130.0000.012", "UP2DATE_1Y", "Up2Date 1 Jahr", "Up2Date 1 year", "up2date", None, None),
            ("9130.0000.036", "UP2DATE_3Y", "Up2Date 3 Jahre", "Up2Date 3 years", "up2date", None, None),
            ("9130.0000", "UP2DATE_ADDON", "Up2Date Zusatzlizenzen", "Up2Date additional licences", "up2date",
             None, None),
            ("9131.0002", "UPGRADE_R6", "Upgrade von Release 6", "Upgrade from release 6", "upgrade", None, None),
        ],
        "Up2Date": [
            ("Jahre", "Artikelnummer", "Satz pro Jahr", "Satz gesamt"),
            (1, "9130.0000.012", 0.2, 0.2),
            (3, "9130.0000.036", 0.18, 0.54),
        ],
        "Upgrade": [
            ("Von Release", "Artikelnummer", "Satz"),
            (6, "9131.0002", 0.55),
        ],
        "Regeln": [  # a catalog needs its rules sheet; this one rule only speaks for two terms in one quote
            ("Regel-ID", "Art", "Artikel", "Bezug", "N", "Bedingung", "Schwere", "Meldung DE", "Meldung EN"),
            ("UP2DATE_ONE_TERM", "höchstens N von", None, "UP2DATE_1Y, UP2DATE_3Y", 1, None, "FEHLER",
             "Höchstens eine Up2Date-Laufzeit je Angebot; im Angebot: {present}.",
             "At most one Up2Date term per quote; the quote has {present}."),
        ],
    }


def listing(folder) -> list[str]:
    """The names in a folder, sorted, without the record a quotes run keeps there (tested on its own)."""
    from addin.batch.record import RECORD_NAME

    return sorted(p.name for p in Path(folder).iterdir() if p.name != RECORD_NAME)


def write_workbook(path: Path, sheets: dict[str, list[tuple]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


@pytest.fixture
def sheets():
    """Fresh, mutable sheets of the small catalog."""
    return {name: [list(r) for r in rows] for name, rows in small_sheets().items()}


@pytest.fixture
def small_catalog():
    return build_catalog(small_sheets(), "<small>")


@pytest.fixture
def catalog_file(tmp_path):
    """The small catalog written as a workbook in a tmp folder."""
    return write_workbook(tmp_path / "catalog.xlsx", small_sheets())


@pytest.fixture
def shipped_copy(tmp_path):
    """A copy of the shipped catalog that a test may edit."""
    target = tmp_path / "catalog.xlsx"
    shutil.copy(SHIPPED, target)
    return target


# The day prices are asked for when a test gives no date: the example orders' date, under the example list 2026.
# Today's date never decides a test; tests of price lists pass their dates explicitly.
PRICE_DATE = "2026-03-16"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch):
    """Every test starts with the shipped catalog, German messages, an empty cache and a fixed price date."""
    for name in ("XPHONE_CATALOG", "XPHONE_LANG", "XPHONE_PRICE_DATE"):  # whatever a test sets is undone after it
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setenv("XPHONE_PRICE_DATE", PRICE_DATE)
    catalog_mod.clear_cache()
    yield
    catalog_mod.clear_cache()


# Modules whose tests run LibreOffice, Pyodide under Node or a brute-force search: marked slow, so that
# ``python -m pytest -q -m "not slow"`` answers in well under a minute; CI and the README's command run them all.
SLOW_MODULES = {"test_lite_pyodide", "test_quote_sheet", "test_configure_exhaustive", "test_one_deal_one_figure",
                "test_cell_messages",
                "test_smoke", "test_orders_properties", "test_money_properties", "test_folder_lock"}
SLOW_TESTS = {"test_each_module_imports_alone_in_a_fresh_interpreter_in_dependency_order"}  # a process per module


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = getattr(item, "module", None)
        if (item.get_closest_marker("libreoffice") or getattr(item, "originalname", item.name) in SLOW_TESTS
                or (module is not None and module.__name__.rsplit(".", 1)[-1] in SLOW_MODULES)):
            item.add_marker(pytest.mark.slow)
