"""Fuzz the orders reader with atheris (coverage-guided, libFuzzer).

Not part of the pytest run. Install and run (five minutes)::

    pip install -e ".[fuzz]"          # atheris
    python tests/fuzz/fuzz_orders.py -max_total_time=300 -print_final_stats=1

Each input becomes an orders workbook in one of three ways, chosen by its first byte:

0. cells: a sheet with the orders header and rows of generated values (numbers, dates, booleans, any
   text, Excel error values, formulas without a cached value, long text, Excel's ``_x0007_`` escapes,
   and values a user would type, so that many inputs hold quotes that get priced);
1. XML: the sheet XML of a valid orders workbook with a piece replaced by the input's bytes;
2. bytes: the input itself as the .xlsx file.

The workbook is read with ``read_orders`` and every quote without errors is priced, configuration checks
included. Only the project's own errors (``XPhoneError``) may come out; anything else is a crash, and
libFuzzer saves the input as ``crash-*`` in the current folder. Extra arguments go to libFuzzer
(``-runs=N``, ``-jobs=2``, a corpus folder).
"""
from __future__ import annotations

import datetime as dt
import io
import os
import sys
import tempfile
import zipfile

try:
    import atheris
except ImportError:  # pragma: no cover
    sys.exit('atheris is not installed: pip install -e ".[fuzz]"  (or pip install atheris)')

with atheris.instrument_imports(include=["addin"]):
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    from addin.catalog import load_catalog
    from addin.errors import XPhoneError
    from addin.batch.orders import read_orders
    from addin.quote import price_quote

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CATALOG = load_catalog(os.path.join(ROOT, "catalog.xlsx"))
TODAY = dt.date(2026, 3, 16)
HEAD = ["Angebot", "Kunde", "Artikel", "Menge", "Bestand", "Rabatt", "Datum", "Release", "Up2Date-Laufzeit",
        "Up2Date-Restlaufzeit", "LDAP", "Datenquellen"]
WORDS = ["A", "B", "2026-001", "OFFICE", "office", " 3310.0030 ", "3310.003", "SMART_SERVER", "SERVER",
         "UP2DATE_3Y", "UP2DATE_ADDON", "UPGRADE_R6", "MIGRATION_R4", "FAX", "10 Stk", "10,5", "-1", "1e9",
         "10 %", "ja", "nein", "R6", "=1+1", "+cmd", "@SUM(A1)", "\t=x", "_x0007_", "_x005F_x0041_", "#N/A", "",
         " ", "1.234,56", "NaN", "31.12.2026"]
ERRORS = ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NULL!", "#NUM!"]
FOLDER = tempfile.mkdtemp(prefix="fuzz-orders-")
PATH = os.path.join(FOLDER, "orders.xlsx")


CODES = [a.code for a in CATALOG.articles] + [a.number for a in CATALOG.articles]
PLAUSIBLE = [  # per column of HEAD: values a user would type, so that many inputs give quotes to price
    ["A", "B", "2026-001", None], ["ACME", "Müller GmbH", None, "=x"], CODES, list(range(0, 31)),
    [None, 0, 1, 20, 50], [None, "10 %", 0.1, 5], [None, dt.datetime(2026, 4, 1)], [None, 4, 5, 6, 7, "R6"],
    [None, 1, 2, 3, 5], [None, 0, 8, 60], [None, "ja", "nein"], [None, 0, 1, 3]]


def _cell(fdp: atheris.FuzzedDataProvider, ws, r: int, c: int) -> None:
    kind = fdp.ConsumeIntInRange(0, 12)
    cell = ws.cell(r, c)
    if kind == 0:
        return
    if kind >= 10:
        cell.value = fdp.PickValueInList(PLAUSIBLE[c - 1])
        return
    if kind == 1:
        cell.value = fdp.ConsumeIntInRange(-10**12, 10**12)
    elif kind == 2:
        value = fdp.ConsumeRegularFloat()
        cell.value = value
    elif kind == 3:
        cell.value = fdp.ConsumeBool()
    elif kind == 4:
        cell.value = dt.datetime(1900, 3, 1) + dt.timedelta(days=fdp.ConsumeIntInRange(0, 2_900_000))
    elif kind in (5, 6):
        text = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 40))
        cell._value = "".join(f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n\r" else ch for ch in text)
        cell.data_type = "s"
    elif kind == 7:
        cell._value = WORDS[fdp.ConsumeIntInRange(0, len(WORDS) - 1)] * fdp.ConsumeIntInRange(1, 3)
        cell.data_type = "s"
    elif kind == 8:
        cell.value = ERRORS[fdp.ConsumeIntInRange(0, len(ERRORS) - 1)]
        cell.data_type = "e"
    else:
        cell.value = "=" + "".join(ch for ch in fdp.ConsumeUnicodeNoSurrogates(8) if ch >= " ") + "+A1"
        if fdp.ConsumeBool():
            cell._value = "y" * fdp.ConsumeIntInRange(250, 40000)
            cell.data_type = "s"


def _cells_workbook(fdp: atheris.FuzzedDataProvider) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = fdp.PickValueInList(["Aufträge", "Orders", "Tabelle1"])
    columns = HEAD if fdp.ConsumeBool() else HEAD[:4]
    for c, name in enumerate(columns, start=1):
        ws.cell(1, c).value = name
    for r in range(2, 2 + fdp.ConsumeIntInRange(0, 8)):
        for c in range(1, len(columns) + 1):
            try:
                _cell(fdp, ws, r, c)
            except IllegalCharacterError:  # openpyxl refuses to write what the fuzzer made: not the reader's input
                ws.cell(r, c).value = None
    if fdp.ConsumeBool():
        ws.merge_cells("A2:A3")
    data = io.BytesIO()
    wb.save(data)
    return data.getvalue()


def _seed_workbook() -> tuple[dict, str]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Aufträge"
    for row in (HEAD, ["A", "ACME", "SMART_SERVER", 1, None, "10 %", dt.datetime(2026, 1, 5), "R6", 3, 8, "ja", 2],
                ["A", None, "OFFICE", 10], [None, None, "UP2DATE_3Y", 1], ["B", "Beta", 3310.003, 2]):
        ws.append(row)
    data = io.BytesIO()
    wb.save(data)
    with zipfile.ZipFile(data) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    return parts, "xl/worksheets/sheet1.xml"


SEED_PARTS, SHEET = _seed_workbook()


def _xml_workbook(fdp: atheris.FuzzedDataProvider) -> bytes:
    xml = SEED_PARTS[SHEET]
    start = fdp.ConsumeIntInRange(0, len(xml))
    end = fdp.ConsumeIntInRange(start, min(len(xml), start + 64))
    xml = xml[:start] + fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 64)) + xml[end:]
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        for name, part in SEED_PARTS.items():
            z.writestr(name, xml if name == SHEET else part)
    return data.getvalue()


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 2)
    if mode == 0:
        content = _cells_workbook(fdp)
    elif mode == 1:
        content = _xml_workbook(fdp)
    else:
        content = fdp.ConsumeBytes(fdp.remaining_bytes())
    with open(PATH, "wb") as fh:
        fh.write(content)
    try:
        for order in read_orders(PATH, catalog=CATALOG, today=TODAY):
            for item in (*order.errors, *order.notes):
                item.message("de"), item.message("en")
            if order.ok:
                try:
                    price_quote(order.lines, order.owned, order.options, catalog=CATALOG, customer=order.customer)
                except XPhoneError:
                    pass
    except XPhoneError as exc:
        exc.message("de"), exc.message("en")


def main() -> None:
    args = list(sys.argv)
    for default in ("-max_len=2048", "-len_control=0"):  # long enough inputs for several rows from the start
        if not any(a.startswith(default.split("=")[0] + "=") for a in args):
            args.append(default)
    atheris.Setup(args, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
