"""Properties of the orders reader on generated sheets (hypothesis).

* Any values in any column give quotes, per-value errors and notes, or one of the project's own errors;
  never another exception. Every error and note names sheet, row and column; what is accepted is within
  the documented bounds and safe to write into a cell.
* A valid generated sheet reads back as the quotes it was made from, and prices the same.

Workbooks are written by the test into one temporary folder and read back from disk, as the command does.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin.batch.orders import MAX_QUANTITY, MAX_TEXT, read_orders
from addin.catalog import load_catalog
from addin.errors import XPhoneError
from addin.quote import OrderLine, price_quote

from .conftest import SHIPPED

CATALOG = load_catalog(SHIPPED)
TODAY = dt.date(2026, 3, 16)
HEAD = ["Angebot", "Kunde", "Artikel", "Menge", "Bestand", "Rabatt", "Datum", "Release", "Up2Date-Laufzeit",
        "Up2Date-Restlaufzeit", "LDAP", "Datenquellen"]
ILLEGAL = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n")  # Excel stores a CR as _x000D_ too
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

props = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


class Err(str):
    """An Excel error value in the generated sheet."""


class Formula(str):
    """A formula without a cached value (as openpyxl and other tools write them)."""


def write(path, rows):
    """Write rows cell by cell, each value exactly as generated (text stays text, never a formula)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Aufträge"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(r, c)
            if isinstance(value, Err):
                cell.value = str(value)
                cell.data_type = "e"
            elif isinstance(value, Formula):
                cell.value = str(value)
            elif isinstance(value, str):
                cell._value = value  # past openpyxl's checks: '=1+1' and '#N/A' as text, 40,000 characters
                cell.data_type = "s"
            else:
                cell.value = value
    wb.save(path)
    return path


SPECIAL = ["10 Stk", "10,5", "-1", "1e9", "100001", "3310.003", "3310.0030", " OFFICE ", "office", "#N/A", "=1+1",
           "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "\t=x", "ACME_x0007_GmbH", "_x0000_", "ja", "nein", "R6", "6",
           "10 %", "0,1", "", " ", "x" * 300, "y" * 40000, "UP2DATE_3Y", "UPGRADE_R6", "UP2DATE_ADDON",
           "SMART_SERVER", "SERVER", "2026-01-01", "31.12.2026", "NaN", "inf", "1.234,56"]
cell_values = st.one_of(
    st.none(),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=ILLEGAL), max_size=30),
    st.sampled_from(SPECIAL),
    st.sampled_from(["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?"]).map(Err),
    st.sampled_from(["=A1", '="ACME "&"GmbH"', "=1/0", "=SUM(D2:D3)"]).map(Formula),
)
ids = st.one_of(st.sampled_from(["A", "B", "2026-001", None, 1001, 1001.0]), cell_values)
rows_strategy = st.lists(st.tuples(ids, *[cell_values] * (len(HEAD) - 1)).map(list), min_size=1, max_size=6)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("orders-properties")


@props
@given(rows=rows_strategy)
def test_any_values_give_quotes_errors_and_notes_never_a_crash(folder, rows):
    path = write(folder / "any.xlsx", [HEAD, *rows])
    try:
        reader = read_orders(path, catalog=CATALOG, today=TODAY)
        orders = list(reader)
    except XPhoneError as exc:
        assert exc.message("de") and exc.message("en")
        return
    assert len(orders) >= len(reader)
    for order in orders:
        for item in [*order.errors, *order.notes]:
            fields = item.fields if isinstance(item, XPhoneError) else vars(item)
            assert fields["sheet"] == "Aufträge" and 2 <= fields["row"] <= len(rows) + 1
            assert re.fullmatch(r"[A-L]", fields["column"])
            assert item.message("de") and item.message("en")
        assert len(order.quote_id) <= 40000 and not CONTROL.search(order.quote_id)
        if not order.ok:
            continue
        assert 0 < len(order.customer) <= MAX_TEXT and not CONTROL.search(order.customer)
        assert order.customer == order.customer.strip()
        for line in order.lines:
            assert 0 <= line.quantity <= MAX_QUANTITY and Decimal(0) <= line.discount < 1
        try:
            quote = price_quote(order.lines, order.owned, order.options, catalog=CATALOG, customer=order.customer)
        except XPhoneError:
            continue
        assert quote.net >= 0 and quote.gross >= quote.net


LICENCES = [a for a in CATALOG.articles if a.is_licence]
name_chars = st.characters(blacklist_categories=("Cs", "Cc", "Cf"))  # format characters are removed with a note
customers = st.text(alphabet=name_chars, min_size=1, max_size=60).map(str.strip).filter(
    lambda t: t and "_x" not in t and not t.startswith(("=", "+", "-", "@")))
line = st.tuples(st.sampled_from(LICENCES), st.integers(min_value=0, max_value=MAX_QUANTITY),
                 st.integers(min_value=0, max_value=99), st.sampled_from(["code", "number", "lower"]))
quotes_strategy = st.lists(st.tuples(customers, st.lists(line, min_size=1, max_size=4), st.booleans()),
                           min_size=1, max_size=5)


@props
@given(quotes=quotes_strategy)
def test_valid_sheet_reads_back_as_the_quotes_it_was_made_from(folder, quotes):
    rows = [HEAD[:6]]
    for n, (customer, lines, blank_ids) in enumerate(quotes):
        for k, (article, qty, pct, form) in enumerate(lines):
            key = {"code": article.code, "number": article.number, "lower": article.code.lower()}[form]
            quote_id = None if (k and blank_ids) else f"Q{n}"
            rows.append([quote_id, customer if k == 0 else None, key, qty, None, f"{pct} %"])
    orders = list(read_orders(write(folder / "valid.xlsx", rows), catalog=CATALOG, today=TODAY))
    assert [(o.quote_id, o.customer, o.ok, o.notes) for o in orders] == [
        (f"Q{n}", customer, True, []) for n, (customer, _l, _b) in enumerate(quotes)]
    for order, (_c, lines, _b) in zip(orders, quotes):
        expected = [OrderLine(a, q, Decimal(p) / 100) for a, q, p, _f in lines]
        assert [(x.article, x.quantity, x.discount) for x in order.lines] == [
            (x.article, x.quantity, x.discount) for x in expected]
        assert price_quote(order.lines, catalog=CATALOG, checks=False).net == \
            price_quote(expected, catalog=CATALOG, checks=False).net


def hidden(text: str) -> bool:
    """Invisible format characters (right-to-left override, zero width): removed from ids and names with a note."""
    return any(unicodedata.category(c) == "Cf" for c in text)


def excel_escaped(text: str) -> str:
    """Text as Excel stores it in the file: characters XML cannot hold as ``_x0007_``, and a typed
    ``_x0041_`` with its underscore escaped."""
    text = re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", text)
    return "".join(f"_x{ord(c):04X}_" if c in ILLEGAL else c for c in text)


@props
@given(customer=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300),
       quote_id=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20)
       | st.just("Q_x0007_1"))
def test_any_id_and_customer_text_is_refused_or_becomes_safe_cell_text(folder, customer, quote_id):
    from addin.xlsx.cells import write_text as _text

    path = write(folder / "text.xlsx", [HEAD[:4], [excel_escaped(quote_id), excel_escaped(customer), "OFFICE", 1]])
    orders = list(read_orders(path, catalog=CATALOG, today=TODAY))
    assert len(orders) == 1
    (order,) = orders
    assert not CONTROL.search(order.quote_id)
    if order.ok:
        assert not CONTROL.search(order.customer) and 0 < len(order.customer) <= MAX_TEXT
        changed = (CONTROL.search(customer.strip()) or hidden(customer)
                   or customer.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r"))
        assert bool(order.notes) == bool(changed or CONTROL.search(quote_id.strip()) or hidden(quote_id)
                                         or quote_id.lstrip(" ")[:1] in ("=", "+", "-", "@", "\t", "\r"))
        cell = openpyxl.Workbook().active["A1"]
        _text(cell, order.customer)
        assert (cell.value, cell.data_type) == (re.sub(r"_(x[0-9A-Fa-f]{4}_)", r"_x005F_\1", order.customer), "s")
    else:
        assert all(e.fields["row"] == 2 and e.fields["column"] in ("A", "B") for e in order.errors)
