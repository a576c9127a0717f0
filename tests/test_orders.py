"""The orders sheet: headers in German or English in any order, per-line and per-quote values, bad values."""
from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import openpyxl
import pytest

from addin.batch.orders import parse_discount, read_orders
from addin.catalog import get_catalog
from addin.errors import BadValue, MissingValue, OrdersError, UnknownArticle
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
    ("Rabatt", 100, BadValue, "E", "100"),       # 100 % gives the licence away
    ("Rabatt", "100 %", BadValue, "E", "'100 %'"),
    ("Rabatt", -5, BadValue, "E", "-5"),
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
    path = write_workbook(tmp_path / "o.xlsx",
                          {"Aufträge": [[None], ["Angebot", "Artikel", "Menge"], ["A", "SERVER", 1]]})
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
    (99, "0.99"), ("99,5 %", "0.995"),
])
def test_discount(value, expected):
    assert parse_discount(value) == Decimal(expected)


@pytest.mark.parametrize("value, fmt, expected", [
    (1, "0%", None),            # Excel shows 100 %: refused, not read as 1 %
    (1.5, "0.0%", None),        # 150 %
    (0.15, "0%", "0.15"),       # 15 %
    (0.125, "0.0 %", "0.125"),  # 12,5 % (a format with a space before %)
    (0, "0%", "0"),
    (1, "General", "0.01"),     # a plain 1 is 1 %
    (15, "0", "0.15"),          # a plain 15 is 15 %
])
def test_a_discount_cell_formatted_as_a_percentage_means_what_excel_shows(tmp_path, value, fmt, expected):
    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [HEAD_DE + ["Rabatt"], ["A", "K", "OFFICE", 2, value]]})
    wb = openpyxl.load_workbook(path)
    wb["Aufträge"]["E2"].number_format = fmt
    wb.save(path)
    (order,) = read_orders(path, today=TODAY)
    if expected is None:
        (error,) = order.errors
        message = error.message("de")
        assert "Rabatt" in message and "Blatt Aufträge, Zeile 2, Spalte E" in message, message
        assert "Erlaubt: 0 % bis unter 100 %" in message
    else:
        assert order.ok and order.lines[0].discount == Decimal(expected)


def test_months_left_beyond_the_running_term_are_refused_with_row_and_column(tmp_path):
    head = ["Angebot", "Kunde", "Artikel", "Menge", "Bestand", "Up2Date-Laufzeit", "Up2Date-Restlaufzeit"]
    rows = [["A", "Kunde A", "SERVER", 0, 1, 1, None], ["A", None, "OFFICE", 5, None, None, 48],
            ["B", "Kunde B", "SERVER", 0, 1, 3, 36], ["B", None, "OFFICE", 5, None, None, None]]
    a, b = orders(tmp_path, rows, head=head)
    (error,) = a.errors
    assert error.message("de") == ("Up2Date-Restlaufzeit: 48 ist ungültig. Ein laufendes Up2Date mit 1 Jahr Laufzeit "
                                   "hat höchstens 12 Monate Restlaufzeit, nicht 48. "
                                   "(Blatt Aufträge, Zeile 3, Spalte G)")
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


# --------------------------------------------------------------------------- address, contact, seller, validity

@pytest.mark.parametrize("head", [
    ["Angebot", "Kunde", "Artikel", "Menge", "Datum", "Ansprechpartner", "Straße", "PLZ", "Ort", "Land", "E-Mail",
     "Bearbeiter", "Gültig bis"],
    ["Quote", "Customer", "Article", "Quantity", "Date", "Contact", "Street", "Postcode", "City", "Country", "E-Mail",
     "Sales contact", "Valid until"],
])
def test_address_contact_seller_and_validity_are_taken_verbatim(tmp_path, head):
    seller = "Anna Berger\nTel. 01234 5678-21"
    rows = [["A", "Kunde A", "SERVER", 1, dt.datetime(2026, 3, 16), "Frau Dr. Eva Müller", "Hafenweg 12", "01067",
             "Dresden", "Deutschland", "eva@example.com", seller, dt.datetime(2026, 6, 30)],
            ["A", None, "OFFICE", 5, None, None, None, None, None, None, None, None, None]]
    (order,) = orders(tmp_path, rows, head=head)
    assert order.ok and not order.notes
    assert order.details == {"contact": "Frau Dr. Eva Müller", "street": "Hafenweg 12", "postcode": "01067",
                             "city": "Dresden", "country": "Deutschland", "email": "eva@example.com", "seller": seller}
    assert order.valid_until == dt.date(2026, 6, 30)


@pytest.mark.parametrize("valid_days, expected", [(30, dt.date(2026, 4, 15)), (14, dt.date(2026, 3, 30)),
                                                  (365, dt.date(2027, 3, 16))])
def test_validity_defaults_to_the_quote_date_plus_days(tmp_path, valid_days, expected):
    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [HEAD_DE + ["Datum"], ["A", "K", "SERVER", 1,
                                                                                   dt.datetime(2026, 3, 16)]]})
    (order,) = read_orders(path, get_catalog(), today=TODAY, valid_days=valid_days)
    assert (order.date, order.valid_until) == (dt.date(2026, 3, 16), expected)


def test_validity_before_the_quote_date_is_refused_for_that_quote(tmp_path):
    (order,) = orders(tmp_path, [["A", "K", "SERVER", 1, dt.datetime(2026, 3, 1)]], head=HEAD_DE + ["Gültig bis"])
    (error,) = order.errors
    assert error.message("de") == ("Gültig bis: 2026-03-01 ist ungültig. Liegt vor dem Angebotsdatum 16.03.2026. "
                                   "(Blatt Aufträge, Zeile 2, Spalte E)")


@pytest.mark.parametrize("value, shown, note", [
    ("01067", "01067", False),   # text keeps its zero
    (1067, "1067", True),        # a number lost it already: written as it is, with a note
    (80331, "80331", False),     # five digits as a number: nothing lost
])
def test_postcode_stays_text(tmp_path, value, shown, note):
    (order,) = orders(tmp_path, [["A", "K", "SERVER", 1, value]], head=HEAD_DE + ["PLZ"])
    assert order.ok and order.details["postcode"] == shown
    assert bool(order.notes) == note
    if note:
        assert order.notes[0].message("de").startswith("PLZ: 1067 ist als Zahl gespeichert; hatte die PLZ eine "
                                                       "führende Null (01067)")


def test_formula_looking_address_text_is_noted_and_kept_as_text(tmp_path):
    (order,) = orders(tmp_path, [["A", "K", "SERVER", 1, "@Hafenweg 1"]], head=HEAD_DE + ["Straße"])
    assert order.details["street"] == "@Hafenweg 1" and "als Text geschrieben" in order.notes[0].message("de")


def test_header_row_below_a_title_row_is_found(tmp_path):
    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [["Aufträge März 2026"], [None], ["Stand: 16.03."],
                                                             HEAD_DE, ["A", "K", "SERVER", 1]]})
    reader = read_orders(path, today=TODAY)
    (order,) = list(reader)
    assert reader.header_row == 4 and order.ok and order.first_row == 5


def test_no_header_row_in_the_first_rows_says_where_it_is_looked_for(tmp_path):
    rows = [[f"Zeile {i}"] for i in range(1, 11)] + [HEAD_DE, ["A", "K", "SERVER", 1]]
    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": rows})
    with pytest.raises(OrdersError) as info:
        read_orders(path)
    assert info.value.message("de") == (
        "Auftragsliste fehlerhaft: keine Kopfzeile in den ersten 10 Zeilen; erwartet wird eine Zeile mit Angebot, "
        "Kunde, Artikel, Menge (Zeile 1 oder unter einer Titelzeile). (Datei o.xlsx, Blatt Aufträge)")
    assert "no header row in the first 10 rows" in info.value.message("en")


def test_a_title_row_above_an_incomplete_header_names_the_missing_column(tmp_path):
    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [["Aufträge"], ["Angebot", "Artikel", "Menge"]]})
    with pytest.raises(OrdersError) as info:
        read_orders(path)
    assert info.value.message("de") == ("Auftragsliste fehlerhaft: Spalte 'Kunde' fehlt in der Kopfzeile. "
                                        "(Datei o.xlsx, Blatt Aufträge, Zeile 2)")


def test_the_orders_file_is_read_once_so_a_save_during_the_run_changes_nothing(tmp_path):
    path = write_workbook(tmp_path / "orders.xlsx", {"Aufträge": [HEAD_DE, ["A", "K", "SERVER", 1],
                                                                  ["A", None, "OFFICE", 3]]})
    reader = read_orders(path, today=TODAY)
    assert len(reader) == 1
    # Excel saves again (to a new file, renamed over the old one), with a line added
    changed = write_workbook(tmp_path / "saved.xlsx", {"Aufträge": [HEAD_DE, ["A", "K", "SERVER", 1],
                                                                    ["A", None, "OFFICE", 3], ["A", None, "FAX", 2]]})
    os.replace(changed, path)
    (order,) = list(reader)
    assert order.ok and lines(order) == [("SERVER", 1), ("OFFICE", 3)]  # the sheet as the run began
