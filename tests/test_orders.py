"""The orders sheet: headers in German or English in any order, per-line and per-quote values, bad values."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from addin.errors import BadValue, MissingValue, OrdersError, UnknownArticle
from addin.orders import parse_discount, read_orders
from tests.conftest import write_workbook

TODAY = dt.date(2026, 3, 16)
HEAD_DE = ["Angebot", "Kunde", "Artikel", "Menge"]


def orders(tmp_path, rows, head=HEAD_DE, sheet="Aufträge"):
    path = write_workbook(tmp_path / "orders.xlsx", {sheet: [head, *rows]})
    return list(read_orders(path, today=TODAY))


def lines(order):
    return [(line.article.code, line.quantity) for line in order.lines]


def test_english_headers_in_any_order_with_notes_and_trailing_columns(tmp_path):
    head = ["Notes", "Quantity", "Article", "Customer", "Quote", "Discount", None, None]
    rows = [["first", 1, "SERVER", "ACME Ltd", "Q1", None, None, None],
            [None, 10, "office", None, "Q1", "10 %", None, None],
            [None, 2, 3310.003, "Beta GmbH", "Q2", None, None, None]]  # 3310.0030 as Excel reads a typed number
    got = orders(tmp_path, rows, head=head, sheet="Orders")
    assert [(o.quote_id, o.customer, lines(o)) for o in got] == [
        ("Q1", "ACME Ltd", [("SERVER", 1), ("OFFICE", 10)]),
        ("Q2", "Beta GmbH", [("OFFICE", 2)]),
    ]
    assert got[0].lines[1].discount == Decimal("0.1")
    assert got[0].date == TODAY and all(o.ok for o in got)


def test_per_quote_options_owned_and_date(tmp_path):
    head = ["Angebot", "Kunde", "Datum", "Artikel", "Menge", "Bestand", "Release", "Up2Date-Restlaufzeit",
            "Up2Date-Laufzeit", "LDAP", "Fax im Client"]
    rows = [["A", "Kunde A", dt.datetime(2026, 4, 1), "SERVER", 0, 1, "R6", 8, 3, "nein", "ja"],
            ["A", None, None, "OFFICE", 5, 20, None, None, None, None, None],
            ["A", None, None, "UP2DATE_ADDON", 1, None, None, 8, None, None, None]]
    (order,) = orders(tmp_path, rows, head=head)
    assert order.ok, [e.message() for e in order.errors]
    assert order.date == dt.date(2026, 4, 1)
    assert {a.code: q for a, q in order.owned.items()} == {"SERVER": 1, "OFFICE": 20}
    assert order.options == {"release": 6, "up2date_months_left": 8, "up2date_term_years": 3, "ldap": False,
                             "fax_in_client": True}
    assert lines(order) == [("SERVER", 0), ("OFFICE", 5), ("UP2DATE_ADDON", 1)]


def test_blank_rows_blank_id_and_interleaved_quotes(tmp_path):
    rows = [["A", "Kunde A", "SERVER", 1],
            [None, None, None, None],
            [None, None, "OFFICE", 3],  # blank id: same quote as the row above (merged cells look like this)
            ["B", "Kunde B", "SMART_SERVER", 1],
            ["A", None, "FAX", 2]]
    got = orders(tmp_path, rows)
    assert [(o.quote_id, lines(o)) for o in got] == [
        ("B", [("SMART_SERVER", 1)]),  # handed out when its last row is read
        ("A", [("SERVER", 1), ("OFFICE", 3), ("FAX", 2)]),
    ]


def test_number_of_quotes_is_known_before_reading(tmp_path):
    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [HEAD_DE, ["1001", "K", "SERVER", 1],
                                                             [1002, "K", "SERVER", 1], [1002.0, None, "FAX", 1]]})
    reader = read_orders(path)
    assert len(reader) == 2 and reader.quote_ids == ["1001", "1002"]


@pytest.mark.parametrize("column, value, kind, letter, shown", [
    ("Menge", "10 Stk", BadValue, "D", "'10 Stk'"),
    ("Menge", -3, BadValue, "D", "-3"),
    ("Menge", 2.5, BadValue, "D", "2.5"),
    ("Menge", 1e9, BadValue, "D", "1000000000"),
    ("Artikel", "9999", UnknownArticle, "C", "9999"),
    ("Artikel", "OFFICE PLUSS", UnknownArticle, "C", "OFFICE PLUSS"),
    ("Rabatt", "viel", BadValue, "E", "'viel'"),
    ("Rabatt", 150, BadValue, "E", "150"),
    ("Datum", "gestern", BadValue, "F", "'gestern'"),
    ("Release", "R3", BadValue, "G", "'R3'"),
    ("Up2Date-Restlaufzeit", 61, BadValue, "H", "61"),
    ("LDAP", "vielleicht", BadValue, "I", "'vielleicht'"),
])
def test_bad_value_names_sheet_row_column_and_value_and_only_its_quote_fails(tmp_path, column, value, kind,
                                                                               letter, shown):
    head = ["Angebot", "Kunde", "Artikel", "Menge", "Rabatt", "Datum", "Release", "Up2Date-Restlaufzeit", "LDAP"]
    good = ["OK", "Kunde", "OFFICE", 1, None, None, None, None, None]
    bad = ["BAD", "Kunde", "OFFICE", 1, None, None, None, None, None]
    bad[head.index(column)] = value
    got = {o.quote_id: o for o in orders(tmp_path, [good, bad], head=head)}
    assert got["OK"].ok
    (error,) = got["BAD"].errors
    assert isinstance(error, kind)
    message = error.message("de")
    assert f"(Blatt Aufträge, Zeile 3, Spalte {letter})" in message
    assert shown in message
    assert "sheet Aufträge, row 3, column " + letter in error.message("en")


def test_every_bad_value_of_a_quote_is_reported(tmp_path):
    (order,) = orders(tmp_path, [["A", "K", "SERVER", "zwei"], ["A", None, "NIX", 1]])
    assert [(e.fields["row"], e.fields["column"]) for e in order.errors] == [(2, "D"), (3, "C")]


def test_quote_level_value_given_differently(tmp_path):
    (order,) = orders(tmp_path, [["A", "Müller GmbH", "SERVER", 1], ["A", "Mueller GmbH", "OFFICE", 1]])
    (error,) = order.errors
    assert isinstance(error, OrdersError)
    assert error.message("de") == ("Auftragsliste fehlerhaft: Angebot A: Kunde 'Mueller GmbH' weicht von "
                                   "'Müller GmbH' (Zeile 2) ab; ein Angebot hat nur einen Wert. "
                                   "(Blatt Aufträge, Zeile 3, Spalte B)")


def test_same_quote_value_repeated_is_fine(tmp_path):
    (order,) = orders(tmp_path, [["A", "K", "SERVER", 1], ["A", "K", "OFFICE", 1]])
    assert order.ok


def test_missing_required_column(tmp_path):
    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [[None], ["Angebot", "Artikel", "Menge"], ["A", "SERVER", 1]]})
    with pytest.raises(OrdersError) as info:
        read_orders(path)
    assert info.value.message("de") == ("Auftragsliste fehlerhaft: Spalte 'Kunde' fehlt in der Kopfzeile. "
                                        "(Datei o.xlsx, Blatt Aufträge, Zeile 2)")
    assert "column 'Customer' missing in the header row" in info.value.message("en")


def test_duplicate_column(tmp_path):
    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [["Angebot", "Kunde", "Artikel", "Menge", "Quantity"]]})
    with pytest.raises(OrdersError) as info:
        read_orders(path)
    assert "Spalte E" in info.value.message("de")


def test_empty_sheet(tmp_path):
    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": []})
    with pytest.raises(OrdersError):
        read_orders(path)


def test_missing_customer(tmp_path):
    (order,) = orders(tmp_path, [["A", None, "SERVER", 1]])
    (error,) = order.errors
    assert isinstance(error, MissingValue) and error.fields["column"] == "B"


def test_row_without_id_at_the_top(tmp_path):
    got = orders(tmp_path, [[None, "K", "SERVER", 1], ["A", "K", "SERVER", 1]])
    assert [(o.quote_id, o.ok) for o in got] == [("", False), ("A", True)]


@pytest.mark.parametrize("row, field", [
    (["A", "K", "UP2DATE_3Y", 2], "D"),  # a percentage article is ordered once
    (["A", "K", "UPGRADE_R6", 1, 10], "E"),  # no discount on a percentage article
])
def test_percentage_article_lines(tmp_path, row, field):
    (order,) = orders(tmp_path, [row], head=HEAD_DE + ["Rabatt"])
    (error,) = order.errors
    assert error.fields["column"] == field


def test_owned_only_row_needs_no_quantity(tmp_path):
    (order,) = orders(tmp_path, [["A", "K", "SERVER", None, 1]], head=HEAD_DE + ["Bestand"])
    assert order.ok and lines(order) == [("SERVER", 0)]


def test_long_customer_name_is_refused_not_cut(tmp_path):
    (order,) = orders(tmp_path, [["A", "x" * 40000, "SERVER", 1]])
    (error,) = order.errors
    assert "Höchstens 255 Zeichen" in error.message("de") and len(error.message("de")) < 200


@pytest.mark.parametrize("value, expected", [
    (None, "0"), (10, "0.1"), ("10 %", "0.1"), ("10%", "0.1"), (0.1, "0.1"), ("12,5", "0.125"), (1, "0.01"),
    (100, "1"), ("100 %", "1"),
])
def test_discount(value, expected):
    assert parse_discount(value) == Decimal(expected)


def test_months_left_beyond_the_running_term_are_refused_with_row_and_column(tmp_path):
    head = ["Angebot", "Kunde", "Artikel", "Menge", "Bestand", "Up2Date-Laufzeit", "Up2Date-Restlaufzeit"]
    rows = [["A", "Kunde A", "SERVER", 0, 1, 1, None], ["A", None, "OFFICE", 5, None, None, 48],
            ["B", "Kunde B", "SERVER", 0, 1, 3, 36], ["B", None, "OFFICE", 5, None, None, None]]
    a, b = orders(tmp_path, rows, head=head)
    (error,) = a.errors
    assert error.message("de") == ("Up2Date-Restlaufzeit: 48 ist ungültig. Ein laufendes Up2Date mit 1 Jahr Laufzeit "
                                   "hat höchstens 12 Monate Restlaufzeit, nicht 48. (Blatt Aufträge, Zeile 3, Spalte G)")
    assert error.message("en") == ("Up2Date months left: 48 is not valid. A running Up2Date with a 1-year term has at "
                                   "most 12 months left, not 48. (sheet Aufträge, row 3, column G)")
    assert b.ok and b.options == {"up2date_term_years": 3, "up2date_months_left": 36}


def test_article_by_printed_name_and_suggestion_for_an_unknown_one(tmp_path):
    rows = [["A", "Kunde A", "XPhone Connect 8 – SERVER", 1], ["A", None, "xphone connect 8 - office", 5],
            ["B", "Kunde B", "OFFCE", 5]]
    a, b = orders(tmp_path, rows)
    assert lines(a) == [("SERVER", 1), ("OFFICE", 5)]
    (error,) = b.errors
    assert isinstance(error, UnknownArticle)
    assert error.message("de") == "Unbekannter Artikel: OFFCE. Meinten Sie OFFICE? (Blatt Aufträge, Zeile 4, Spalte C)"
    assert error.message("en") == "Unknown article: OFFCE. Did you mean OFFICE? (sheet Aufträge, row 4, column C)"
