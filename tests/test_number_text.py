"""Number text read the way the user writes it: German by default, English when the language is English.

German: ``.`` groups thousands, ``,`` is the decimal mark (``1.000`` = 1000, ``10.000,50``, ``2,675`` = 2.675).
English: ``,`` groups thousands, ``.`` is the decimal mark. Ill-formed text is refused naming the value and the
convention; text the other convention reads differently is noted. Every expected value below is written by
hand; the table is the specification.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from addin import udfs
from addin.batch.orders import read_orders
from addin.cli import cli
from addin.errors import BadValue, in_language
from addin.i18n import Text
from addin.rules import build_context, validate
from addin.values import format_number, noting_readings, read_number_text, to_decimal, to_whole
from tests.conftest import write_workbook

ERR = None  # refused under this convention

# (text, German reading, English reading)
TEXTS = [
    ("1.000", "1000", "1"),
    ("1,000", "1", "1000"),
    ("10.000,50", "10000.50", ERR),
    ("10,000.50", ERR, "10000.50"),
    ("2,675", "2.675", "2675"),
    ("2.675", "2675", "2.675"),
    ("12.125", "12125", "12.125"),
    ("1.234.567", "1234567", ERR),
    ("1,234,567", ERR, "1234567"),
    ("1.234.567,89", "1234567.89", ERR),
    ("1,234,567.89", ERR, "1234567.89"),
    ("1000", "1000", "1000"),
    ("0", "0", "0"),
    ("007", "7", "7"),
    ("10,5", "10.5", ERR),
    ("10.5", ERR, "10.5"),
    ("0,5", "0.5", ERR),
    ("0.5", ERR, "0.5"),
    (",5", "0.5", ERR),
    (".5", ERR, "0.5"),
    ("1,00", "1.00", ERR),
    ("10.00", ERR, "10.00"),
    ("1.0000", ERR, "1.0000"),
    ("1.000,000", "1000.000", ERR),
    ("1,000.5", ERR, "1000.5"),
    ("-1.000", "-1000", "-1"),
    ("+2,5", "2.5", ERR),
    ("-0,01", "-0.01", ERR),
    ("\u22121.234,5", "-1234.5", ERR),     # the minus sign of a PDF
    ("20%", "0.2", "0.2"),
    ("20 %", "0.2", "0.2"),
    ("17,5 %", "0.175", ERR),
    ("17.5%", ERR, "0.175"),
    ("1.000 %", "10", "0.01"),
    ("12,50 €", "12.50", ERR),
    ("1.234,50 €", "1234.50", ERR),
    ("€1,234.50", ERR, "1234.50"),
    ("1.234,50 EUR", "1234.50", ERR),
    ("1e3", "1000", "1000"),
    ("2,5e2", "250", ERR),
    ("2.5E2", ERR, "250"),
    (" 42 ", "42", "42"),
    ("\u00a01.000\u00a0", "1000", "1"),
    ("1.00.0", ERR, ERR),
    ("1,000.000,5", ERR, ERR),
    ("12 34", ERR, ERR),
    ("1 000", ERR, ERR),
    ("1..000", ERR, ERR),
    ("1.", ERR, ERR),
    ("1,", ERR, ERR),
    ("1.000.00", ERR, ERR),
]


@pytest.mark.parametrize("text, german, english", TEXTS)
def test_number_text_in_both_conventions(text, german, english):
    for lang, expected in (("de", german), ("en", english)):
        if expected is ERR:
            with pytest.raises(BadValue) as err:
                read_number_text(text, lang)
            convention = {"de": ("in deutscher Schreibweise", "in the German convention"),
                          "en": ("in englischer Schreibweise", "in the English convention")}[lang]
            assert repr(text) in err.value.message("de") and convention[0] in err.value.message("de")
            assert repr(text) in err.value.message("en") and convention[1] in err.value.message("en")
        else:
            assert read_number_text(text, lang) == Decimal(expected)


@pytest.mark.parametrize("text, german, english", TEXTS)
def test_text_the_other_convention_reads_differently_is_noted(text, german, english):
    ambiguous = german is not ERR and english is not ERR and Decimal(german) != Decimal(english)
    for lang, mine, other in (("de", german, english), ("en", english, german)):
        if mine is ERR:
            continue
        with in_language(lang), noting_readings() as readings:
            assert to_decimal(text) == Decimal(mine)
        assert len(readings) == (1 if ambiguous else 0)
        if ambiguous:
            assert (readings[0].value, readings[0].other) == (Decimal(mine), Decimal(other))


def test_the_reading_says_how_the_text_was_read():
    with noting_readings() as readings:
        to_decimal("1.000")
    assert readings[0].message("de") == ("'1.000' als 1000 gelesen (deutsche Schreibweise); in englischer "
                                         "Schreibweise wäre es 1.")
    assert readings[0].message("en") == ("'1.000' read as 1000 (German convention); in the English convention "
                                         "it would be 1.")


@pytest.mark.parametrize("text, lang, message", [
    ("1.00.0", "de", "Wert: '1.00.0' ist ungültig. Keine Zahl in deutscher Schreibweise (Punkt trennt Tausender, "
                     "Komma die Dezimalstellen: 1.234,56)."),
    ("1234.56", "de", "Wert: '1234.56' ist ungültig. Keine Zahl in deutscher Schreibweise (Punkt trennt Tausender, "
                      "Komma die Dezimalstellen: 1.234,56). In englischer Schreibweise wäre es 1234,56; so gemeint, "
                      "1.234,56 eingeben."),
    ("10.000,50", "en", "value: '10.000,50' is not valid. Not a number in the English convention (comma groups "
                        "thousands, point marks decimals: 1,234.56). In the German convention it would be 10000.50; "
                        "if so, type 10,000.50."),
])
def test_refusal_names_value_and_convention(text, lang, message):
    with pytest.raises(BadValue) as err:
        read_number_text(text, lang)
    assert err.value.message(lang) == message


def test_text_that_is_no_number_at_all_keeps_its_short_message():
    with pytest.raises(BadValue) as err:
        to_decimal("10 Stk", Text("label.quantity"))
    assert err.value.message("de") == "Menge: '10 Stk' ist ungültig. Zahl erwartet."


def test_a_value_out_of_range_says_how_its_text_was_read():
    with pytest.raises(BadValue) as err:
        to_whole("2.675", Text("label.term_in_years"), minimum=1, maximum=5)
    assert err.value.message("de") == (
        "Laufzeit in Jahren: '2.675' ist ungültig. Erlaubt: 1 bis 5. '2.675' als 2675 gelesen (deutsche "
        "Schreibweise); in englischer Schreibweise wäre es 2,675.")


@pytest.mark.parametrize("value, expected", [(2.675, "2.675"), (1000.0, "1000"), (3, "3"), (Decimal("1.000"), "1")])
def test_numbers_that_arrive_as_numbers_are_unchanged(value, expected):
    for lang in ("de", "en"):
        with in_language(lang), noting_readings() as readings:
            assert to_decimal(value) == Decimal(expected)
        assert readings == []


# --------------------------------------------------------------------------- properties

decimals = st.one_of(*(st.decimals(min_value=-bound, max_value=bound, places=places, allow_nan=False,
                                   allow_infinity=False)
                        for bound, places in ((Decimal("1e12"), 4), (Decimal("1e9"), 0), (Decimal("1e4"), 2),
                                              (Decimal("10"), 6))))


@settings(deadline=None, max_examples=300)
@given(decimals, st.sampled_from(["de", "en"]))
def test_a_decimal_written_in_a_convention_reads_back_as_the_same_decimal(x, lang):
    text = format_number(x, lang)
    back = read_number_text(text, lang)
    assert back == x and format_number(back, lang) == text


@settings(deadline=None, max_examples=300)
@given(decimals, st.sampled_from(["de", "en"]))
def test_read_with_the_other_convention_it_is_refused_noted_or_the_same(x, lang):
    """Never a silent wrong figure: the other convention refuses the text, notes its reading, or agrees."""
    text = format_number(x, lang)
    other = "en" if lang == "de" else "de"
    with in_language(other), noting_readings() as readings:
        try:
            value = to_decimal(text)
        except BadValue:
            return
    assert value == x or [(r.value, r.other) for r in readings] == [(value, x)]


# --------------------------------------------------------------------------- every entry point

def test_worksheet_functions_read_number_text_in_the_language(monkeypatch):
    assert udfs.XP_PRICE("OFFICE", "1.000") == 89000.0       # 1000 × 89
    assert udfs.XP_UP2DATE("10.000", 3.0) == 5400.0           # 54 % × 10000
    assert udfs.XP_UP2DATE("10.000,50", 1.0) == 2000.1        # 20 % × 10000,50
    monkeypatch.setenv("XPHONE_LANG", "en")
    assert udfs.XP_PRICE("OFFICE", "1.000") == 89.0           # 1 × 89
    assert udfs.XP_UP2DATE("10,000", 3.0) == 5400.0
    with pytest.raises(BadValue) as err:
        udfs.XP_UP2DATE("10.000,50", 1.0)
    assert "in the English convention" in str(err.value)


def test_xp_validate_reads_and_notes_number_text_in_its_language():
    rows = udfs.XP_VALIDATE(["SERVER", "OFFICE"], [1.0, "1.000"])
    assert rows[0] == ["INFO", "NUMBER_TEXT_AMBIGUOUS", "Position 2: Menge '1.000' als 1000 gelesen (deutsche "
                                                        "Schreibweise); in englischer Schreibweise wäre es 1."]
    rows = udfs.XP_VALIDATE(["SERVER", "OFFICE"], [1.0, "1.000"], None, [["Sprache", "en"]])
    assert rows[0] == ["INFO", "NUMBER_TEXT_AMBIGUOUS", "line 2: quantity '1.000' read as 1 (English convention); "
                                                        "in the German convention it would be 1000."]


@pytest.mark.parametrize("lang, sources", [("de", 2000), ("en", 2)])
def test_option_values_as_text_follow_the_language(lang, sources):
    with in_language(lang):
        ctx = build_context([("SERVER", 1)], None, [("Datenquellen", "2.000")])
    assert ctx.options["directory_sources"] == sources
    assert [f.rule_id for f in ctx.problems["NUMBER_TEXT_AMBIGUOUS"]] == ["NUMBER_TEXT_AMBIGUOUS"]


def test_validate_reports_ill_formed_quantity_text_naming_the_convention():
    (f,) = [f for f in validate([("SERVER", 1), ("OFFICE", "1.00.0")]) if f.rule_id == "QUANTITY_INVALID"]
    assert "'1.00.0'" in f.message("de")


@pytest.mark.parametrize("args, env, out, note", [
    (["up2date", "10.000", "3"], None, "Up2Date 3 Jahre: 54 % × 10.000 = 5.400,00 €\n",
     "Hinweis: '10.000' als 10000 gelesen (deutsche Schreibweise); in englischer Schreibweise wäre es 10.\n"),
    (["up2date", "10,000", "3", "--lang", "en"], None, "Up2Date 3 years: 54% × 10,000 = €5,400.00\n",
     "Note: '10,000' read as 10000 (English convention); in the German convention it would be 10.\n"),
    (["up2date", "10,000", "3"], {"XPHONE_LANG": "en"}, "Up2Date 3 years: 54% × 10,000 = €5,400.00\n",
     "Note: '10,000' read as 10000 (English convention); in the German convention it would be 10.\n"),
    (["price", "OFFICE", "1.000"], None,
     "3310.0030  XPhone Connect 8 – OFFICE  × 1.000  =  89.000,00 €  · Beispielpreisliste 2026 (ab 2026-01-01)"
     "   (BEISPIELPREIS)\n",
     "Hinweis: '1.000' als 1000 gelesen (deutsche Schreibweise); in englischer Schreibweise wäre es 1.\n"),
    (["up2date", "10000", "3"], None, "Up2Date 3 Jahre: 54 % × 10000 = 5.400,00 €\n", ""),
])
def test_command_line_reads_number_arguments_in_its_language(args, env, out, note):
    result = CliRunner().invoke(cli, args, env=env)
    assert (result.exit_code, result.stdout, result.stderr) == (0, out, note)


def test_command_line_refuses_ill_formed_numbers_naming_the_convention():
    result = CliRunner().invoke(cli, ["up2date", "1.00.0", "3"])
    assert result.exit_code == 1
    assert result.stderr == ("Fehler: Lizenzsumme: '1.00.0' ist ungültig. Keine Zahl in deutscher Schreibweise "
                             "(Punkt trennt Tausender, Komma die Dezimalstellen: 1.234,56).\n")


def _orders(tmp_path, rows):
    head = ["Angebot", "Kunde", "Artikel", "Menge", "Rabatt", "Datenquellen"]
    return write_workbook(tmp_path / "orders.xlsx", {"Aufträge": [head, *rows]})


@pytest.mark.parametrize("lang, quantity, sources, discount", [("de", 1000, 2, "0.125"), ("en", 1, 2, "0.125")])
def test_orders_sheet_text_cells_follow_the_language_with_a_note(tmp_path, lang, quantity, sources, discount):
    path = _orders(tmp_path, [["A", "Kunde", "SERVER", 1, None, "2"],
                              ["A", None, "OFFICE", "1.000", "12,5 %" if lang == "de" else "12.5 %", None]])
    with in_language(lang):
        (order,) = list(read_orders(path, today=dt.date(2026, 3, 16)))
    assert order.ok
    assert [(line.article.code, line.quantity, line.discount) for line in order.lines] == [
        ("SERVER", 1, Decimal("0")), ("OFFICE", quantity, Decimal(discount))]
    assert order.options["directory_sources"] == sources
    (note,) = order.notes
    assert (note.row, note.column) == (3, "D")
    expected = {"de": "Menge: '1.000' als 1000 gelesen (deutsche Schreibweise); in englischer Schreibweise wäre "
                      "es 1. (Blatt Aufträge, Zeile 3, Spalte D)",
                "en": "Quantity: '1.000' read as 1 (English convention); in the German convention it would be "
                      "1000. (sheet Aufträge, row 3, column D)"}[lang]
    assert note.message(lang) == expected


def test_orders_sheet_refuses_ill_formed_number_text_with_row_and_column(tmp_path):
    path = _orders(tmp_path, [["A", "Kunde", "OFFICE", "1.00.0", None, None]])
    (order,) = list(read_orders(path, today=dt.date(2026, 3, 16)))
    (error,) = order.errors
    assert error.message("de") == ("Menge: '1.00.0' ist ungültig. Keine Zahl in deutscher Schreibweise (Punkt "
                                   "trennt Tausender, Komma die Dezimalstellen: 1.234,56). (Blatt Aufträge, Zeile 2, "
                                   "Spalte D)")


def test_batch_in_english_reads_the_orders_the_english_way(tmp_path):
    from addin.batch.run import run_batch

    path = _orders(tmp_path, [["A", "Kunde", "SERVER", 1, None, None], ["A", None, "OFFICE", "1,000", None, None]])
    result = run_batch(path, tmp_path / "q", lang="en")
    assert result.written == 1
    assert result.notes == ["Quote A: Quantity: '1,000' read as 1000 (English convention); in the German "
                            "convention it would be 1. (sheet Aufträge, row 3, column D)"]
