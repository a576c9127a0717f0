"""VAT by the customer's country: the rules of the catalog's sheet Länder, the orders sheet's columns Land,
USt-IdNr. and USt-Satz, and what the batch makes of them.

Amounts by hand from the shipped example list 2026 (SERVER 2.490,00 €, OFFICE 89,00 €). The VAT IDs are
invented ones of the right form (prefix, length, check digit).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from addin.batch import run_batch
from addin.batch.orders import read_orders
from addin.batch.template import default_template
from addin.catalog import build_catalog, get_catalog
from addin.errors import BadValue, CatalogError
from tests.conftest import small_sheets, write_workbook

DATE = dt.datetime(2026, 3, 16)


@pytest.mark.parametrize("country, vat_id, rate, expected", [
    ("", "", None, ("domestic", None, "")),
    ("Deutschland", "DE 123 456 788", None, ("domestic", None, "DE123456788")),
    ("de", "", None, ("domestic", None, "")),
    ("Österreich", "ATU12345675", None, ("reverse_charge", Decimal("0"), "ATU12345675")),
    ("AUT", "atu 1234 5675", None, ("reverse_charge", Decimal("0"), "ATU12345675")),
    ("Oesterreich", "", None, ("missing_id", None, "")),
    ("Griechenland", "EL123456783", None, ("reverse_charge", Decimal("0"), "EL123456783")),
    ("Schweiz", "CHE-123.456.789 MWST", None, ("third_country", Decimal("0"), "CHE-123.456.789 MWST")),
    ("United Kingdom", "", None, ("third_country", Decimal("0"), "")),
    ("Österreich", "", Decimal("0.2"), ("given", Decimal("0.2"), "")),
    ("Narnia", "", Decimal("0.19"), ("given", Decimal("0.19"), "")),  # a rate given: nothing else is decided
])
def test_the_treatment_follows_country_vat_id_and_a_given_rate(country, vat_id, rate, expected):
    t = get_catalog().tax.treatment(country, vat_id, rate)
    assert (t.kind, t.rate, t.vat_id) == expected


@pytest.mark.parametrize("country, vat_id, message", [
    ("Narnia", "", "Land: 'Narnia' ist ungültig. Das Land steht nicht im Blatt Länder des Katalogs"),
    ("Österreich", "DE123456788", "USt-IdNr.: 'DE123456788' ist ungültig. Eine USt-IdNr. aus Österreich beginnt "
                                  "mit AT; Land und USt-IdNr. prüfen."),
    ("Österreich", "ATU12345676", "USt-IdNr.: 'ATU12345676' ist ungültig. Die Prüfziffer stimmt nicht; Tippfehler?"),
    ("Griechenland", "GR123456783", "Eine USt-IdNr. aus Griechenland beginnt mit EL"),
    ("Deutschland", "DE12345678", "Die Länge passt nicht zu einer USt-IdNr. aus Deutschland."),
    ("", "ATU12345675", "Eine USt-IdNr. aus Deutschland beginnt mit DE"),  # no country: the seller's own
])
def test_an_unknown_country_or_a_malformed_eu_vat_id_is_refused(country, vat_id, message):
    with pytest.raises(BadValue) as caught:
        get_catalog().tax.treatment(country, vat_id)
    assert message in caught.value.message("de")


def test_the_sentences_and_countries_are_data_of_the_catalog():
    tax = get_catalog().tax
    assert tax.sentences == {
        "reverse_charge": {"de": "Steuerschuldnerschaft des Leistungsempfängers",
                           "en": "Reverse charge: VAT to be accounted for by the recipient"},
        "third_country": {"de": "Nicht im Inland steuerbare Leistung", "en": "Not taxable in Germany"}}
    eu = sorted(c.code for c in tax.countries if c.area == "eu")
    assert len(eu) == 26 and tax.home.code == "DE"  # 27 member states, one of them the seller's
    assert tax.find("GR").vat_prefix == "EL"


# --------------------------------------------------------------------------- the orders sheet

ORDERS_HEAD = ["Angebot", "Kunde", "Datum", "Artikel", "Menge", "Land", "USt-IdNr.", "USt-Satz"]


def orders(tmp_path, *quotes):
    """One SERVER per quote: (id, country, VAT ID, rate)."""
    rows = [ORDERS_HEAD] + [[qid, f"Kunde {qid}", DATE, "SERVER", 1, country, vat_id, rate]
                            for qid, country, vat_id, rate in quotes]
    return write_workbook(tmp_path / "orders.xlsx", {"Aufträge": rows})


def test_the_orders_sheet_gives_each_quote_its_treatment_and_names_the_cell_of_a_bad_value(tmp_path):
    path = orders(tmp_path, ("Q1", "Österreich", "ATU12345675", None), ("Q2", "AT", "ATU 1234 567", None),
                  ("Q3", "Atlantis", None, None), ("Q4", "Schweiz", None, "7 %"), ("Q5", None, None, 120),
                  ("Q6", None, None, None))
    found = {o.quote_id: o for o in read_orders(path)}
    assert (found["Q1"].tax.kind, found["Q4"].tax.kind, found["Q4"].tax.rate, found["Q6"].tax.kind) == (
        "reverse_charge", "given", Decimal("0.07"), "domestic")
    messages = {q: [e.message("de") for e in found[q].errors] for q in ("Q2", "Q3", "Q5")}
    assert messages == {
        "Q2": ["USt-IdNr.: 'ATU 1234 567' ist ungültig. Die Länge passt nicht zu einer USt-IdNr. aus Österreich. "
               "(Blatt Aufträge, Zeile 3, Spalte G)"],
        "Q3": ["Land: 'Atlantis' ist ungültig. Das Land steht nicht im Blatt Länder des Katalogs: den ISO-Code "
               "(z. B. AT) oder den Namen eintragen, wie das Blatt ihn führt, oder das Land dort ergänzen. "
               "(Blatt Aufträge, Zeile 4, Spalte F)"],
        "Q5": ["USt-Satz: 120 ist ungültig. Erlaubt: 0 bis 100 %. (Blatt Aufträge, Zeile 6, Spalte H)"],
    }


def test_vat_only_sets_the_domestic_rate_and_the_summary_shows_each_treatment(tmp_path):
    path = orders(tmp_path, ("D", "Deutschland", None, None), ("A", "Österreich", "ATU12345675", None),
                  ("C", "CH", None, None), ("R", "Deutschland", None, 19))
    result = run_batch(path, tmp_path / "q", vat="7")
    assert (result.written, result.failed, result.drafts) == (4, 0, 0)
    ws = openpyxl.load_workbook(tmp_path / "q" / "Zusammenfassung.xlsx").worksheets[0]
    head = [c.value for c in ws[1]]
    rows = {r[0]: (r[head.index("USt")], r[head.index("USt-Betrag")], r[head.index("Bruttobetrag")])
            for r in ws.iter_rows(min_row=2, values_only=True)}
    # 2.490,00 × 7 % = 174,30; × 19 % = 473,10
    assert rows == {"D": ("Inland 7 %", 174.3, 2664.3), "A": ("Reverse Charge (Österreich)", 0, 2490),
                    "C": ("nicht im Inland steuerbar (Schweiz)", 0, 2490), "R": ("19 % laut Auftragsliste", 473.1,
                                                                                   2963.1)}
    totals = openpyxl.load_workbook(tmp_path / "q" / "Zusammenfassung.xlsx")["Summen"]
    values = [r for r in totals.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(values) if r[0] == "Umsatzsteuer")
    assert values[start + 5][:5] == ("Alle", 4, 9960, 647.4, 10607.4)  # 4 × 2.490,00; 174,30 + 473,10


def test_an_eu_customer_without_a_vat_id_is_written_as_a_draft_and_strict_writes_none(tmp_path):
    path = orders(tmp_path, ("A", "Österreich", None, None))
    result = run_batch(path, tmp_path / "q")
    assert (result.written, result.drafts) == (1, 1)
    assert (tmp_path / "q" / "Angebot-A-ENTWURF.xlsx").exists()
    strict = run_batch(path, tmp_path / "s", strict=True)
    assert (strict.written, strict.failed) == (0, 1)


def test_a_catalog_without_the_sheet_laender_refuses_a_foreign_country_and_prices_a_blank_one(tmp_path):
    catalog = build_catalog(small_sheets(), "<small>")
    assert catalog.tax is None
    path = orders(tmp_path, ("A", "Österreich", None, None), ("B", None, None, None), ("C", "AT", None, 0))
    found = {o.quote_id: o for o in read_orders(path, catalog)}
    assert [e.message("en") for e in found["A"].errors] == [
        "country: 'Österreich' is not valid. The catalog has no sheet Länder (Countries), so the VAT of a quote to "
        "another country cannot be decided: add the sheet to the catalog or give the rate in the column VAT rate. "
        "(sheet Aufträge, row 2, column F)"]
    assert (found["B"].errors, found["B"].tax.kind, found["C"].errors, found["C"].tax.rate) == (
        [], "domestic", [], Decimal("0"))


# --------------------------------------------------------------------------- the catalog's sheet

LAENDER = [("Land", "Name DE", "Name EN", "Steuergebiet", "USt-IdNr.-Präfix"),
           ("DE", "Deutschland", "Germany", "Inland", None),
           ("AT", "Österreich", "Austria", "EU", None),
           ("GR", "Griechenland", "Greece", "EU", "EL"),
           ("CH", "Schweiz", "Switzerland", "Drittland", None)]
SENTENCES = [("Hinweis EU", "Steuerschuldnerschaft des Leistungsempfängers"), ("Hinweis EU EN", "Reverse charge"),
             ("Hinweis Drittland", "Nicht steuerbar"), ("Hinweis Drittland EN", "Not taxable")]


def with_countries(countries=LAENDER, sentences=SENTENCES):
    sheets = small_sheets()
    sheets["Preisliste"] = sheets["Preisliste"] + list(sentences)
    sheets["Länder"] = list(countries)
    return sheets


def test_a_small_catalog_with_the_sheet_decides_like_the_shipped_one():
    tax = build_catalog(with_countries()).tax
    assert [(c.code, c.area, c.vat_prefix) for c in tax.countries] == [
        ("DE", "home", "DE"), ("AT", "eu", "AT"), ("GR", "eu", "EL"), ("CH", "third", "")]
    assert tax.treatment("Switzerland").sentence("en") == "Not taxable"


@pytest.mark.parametrize("countries, sentences, message", [
    (LAENDER + [("at", "Austria", None, "EU", None)], SENTENCES,
     "Land AT steht zweimal im Blatt (zuerst in Zeile 3). (Blatt Länder, Zeile 6, Spalte A)"),
    (LAENDER[:2] + [("AT", "Österreich", "Austria", "Ausland", None)], SENTENCES,
     "Steuergebiet: 'Ausland' ist ungültig. Erlaubt: Inland, EU, Drittland. (Blatt Länder, Zeile 3, Spalte D)"),
    ([LAENDER[0]] + LAENDER[2:], SENTENCES,
     "Genau ein Land braucht das Steuergebiet Inland (das Land des Verkäufers); gefunden: 0. (Blatt Länder)"),
    (LAENDER, SENTENCES[1:], "Eintrag 'Hinweis EU' fehlt"),
])
def test_a_broken_sheet_laender_is_refused_with_its_cell(countries, sentences, message):
    with pytest.raises(CatalogError) as caught:
        build_catalog(with_countries(countries, sentences))
    assert message in caught.value.message("de")


# --------------------------------------------------------------------------- the template

def test_a_template_without_the_vat_note_writes_domestic_quotes_and_refuses_a_reverse_charge(tmp_path):
    wb = openpyxl.load_workbook(default_template("de"))
    ws = wb.worksheets[0]
    assert ws["A36"].value == "{{?vat_note}}{{vat_note}}"
    ws["A36"] = None
    wb.save(tmp_path / "vorlage.xlsx")
    path = orders(tmp_path, ("D", None, None, None), ("A", "Österreich", "ATU12345675", None))
    result = run_batch(path, tmp_path / "q", template=tmp_path / "vorlage.xlsx")
    assert (result.written, result.failed) == (1, 1)
    assert "Die Vorlage hat kein Feld {{vat_note}}" in result.messages[0]


def test_a_malformed_seller_vat_id_makes_every_quote_a_draft_that_says_why(tmp_path):
    wb = openpyxl.load_workbook(default_template("de"))
    seller = wb["Absender"]
    row = next(r for r in seller.iter_rows() if r[0].value == "USt-IdNr.")
    row[1].value = "DE123456789"
    wb.save(tmp_path / "vorlage.xlsx")
    result = run_batch(orders(tmp_path, ("D", None, None, None)), tmp_path / "q", template=tmp_path / "vorlage.xlsx")
    assert (result.written, result.drafts) == (1, 1)
    checks = openpyxl.load_workbook(tmp_path / "q" / "Angebot-D-ENTWURF.xlsx").worksheets[1]
    said = [r[2] for r in checks.iter_rows(values_only=True) if r[1] == "SELLER_DATA"]
    assert said == ["Die USt-IdNr. der Vorlage (Blatt Absender) ist fehlerhaft: USt-IdNr.: 'DE123456789' ist "
                    "ungültig. Die Prüfziffer stimmt nicht; Tippfehler?"]
