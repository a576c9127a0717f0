"""The customer document: every generated quote opened and its cells checked, then rendered by LibreOffice.

Quotes of one orders sheet built here, in German and in English: with a full address and without one, with
owned licences (the base of an upgrade and an Up2Date term), a draft (an ERROR finding), a quote of 60
lines, and the VAT of each customer's country: an Austrian customer with a VAT ID (reverse charge) and without
one (a draft), a Swiss customer (not taxable in Germany) and a row with its own VAT rate. Expected figures by
hand from the example prices (SERVER 2490, OFFICE 89, TAPI 19.95, CONTACTS 29)
and the rates of the service description (one-time upgrade from release 6: 55 %, Up2Date 3 years: 54 %).

Each language's batch renders its quotes to PDF with one LibreOffice process (its profile shows numbers and
dates in that language); ``pdftotext`` (poppler-utils) reads the PDFs.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from addin.batch import run_batch
from addin.batch.pdf import find_soffice
from tests.conftest import listing, write_workbook

QUOTE_DATE = dt.datetime(2026, 3, 16)
HEAD = {
    "de": ["Angebot", "Kunde", "Datum", "Artikel", "Menge", "Bestand", "Release", "Ansprechpartner", "Straße", "PLZ",
           "Ort", "Land", "E-Mail", "Bearbeiter", "Gültig bis", "USt-IdNr.", "USt-Satz"],
    "en": ["Quote", "Customer", "Date", "Article", "Quantity", "Owned", "Release", "Contact", "Street", "Postcode",
           "City", "Country", "E-Mail", "Sales contact", "Valid until", "VAT ID", "VAT rate"],
}
SELLER = "Anna Berger\nTel. 01234 5678-21\na.berger@muster.example"
ADDRESS = ("Herr Karl Schmidt", "Hauptstraße 5", "01067", "Dresden", "Deutschland", "k.schmidt@example.com", SELLER)
NO_ADDRESS = (None,) * 7
# the country as a German user writes it, and as an English one may (ISO code, English name)
AUSTRIA = {"de": (None, "Marktplatz 1", "6020", "Innsbruck", "Österreich", None, SELLER),
           "en": (None, "Marktplatz 1", "6020", "Innsbruck", "AT", None, SELLER)}
SWITZERLAND = {"de": ("Herr Urs Meier", "Bahnhofstrasse 10", "8001", "Zürich", "Schweiz", None, SELLER),
               "en": ("Mr Urs Meier", "Bahnhofstrasse 10", "8001", "Zürich", "Switzerland", None, SELLER)}
LINES_60 = ["SERVER"] + ["OFFICE", "TAPI", "CONTACTS"] * 19 + ["OFFICE", "TAPI"]


def orders_rows(lang: str) -> list[list]:
    """A: full address, given validity; B: no address; C: owned licences; D: a draft; E: 60 lines; F: Austria with
    a VAT ID; G: Austria without one; H: Switzerland; I: Germany with its own rate of 7 %."""
    def row(qid, customer, article, qty, owned=None, release=None, address=NO_ADDRESS, valid=None, first=True,
            vat_id=None, vat_rate=None):
        return [qid, customer if first else None, QUOTE_DATE if first else None, article, qty, owned, release,
                *(address if first else NO_ADDRESS), valid if first else None, vat_id if first else None,
                vat_rate if first else None]

    return [HEAD[lang],
            row("A", "Bäckerei Schmidt GmbH", "SERVER", 1, address=ADDRESS, valid=dt.datetime(2026, 5, 31)),
            row("A", None, "OFFICE", 10, first=False),
            row("B", "Müller AG", "SERVER", 1),
            row("B", None, "OFFICE", 5, first=False),
            row("C", "Stadtwerke Nordhausen", "SERVER", 0, owned=1, release=6, address=ADDRESS),
            row("C", None, "OFFICE", 10, owned=50, first=False),
            row("C", None, "TAPI", 0, owned=50, first=False),
            row("C", None, "UPGRADE_R6", 1, first=False),
            row("C", None, "UP2DATE_3Y", 1, first=False),
            row("D", "Praxis Dr. Klein", "SMART_SERVER", 1, address=ADDRESS),
            row("D", None, "OFFICE", 20, first=False),
            *[row("E", "Groß AG", code, 1, first=(i == 0)) for i, code in enumerate(LINES_60)],
            row("F", "Kanzlei Weber & Partner", "SERVER", 1, address=AUSTRIA[lang], vat_id="ATU 1234 5675"),
            row("F", None, "OFFICE", 10, first=False),
            row("G", "Kanzlei Huber", "SERVER", 1, address=AUSTRIA[lang]),
            row("G", None, "OFFICE", 10, first=False),
            row("H", "Hotel Alpenblick AG", "SERVER", 1, address=SWITZERLAND[lang], vat_id="CHE-123.456.789 MWST"),
            row("H", None, "OFFICE", 10, first=False),
            row("I", "Verlag Sonnenschein", "SERVER", 1, address=ADDRESS, vat_rate=7),
            row("I", None, "OFFICE", 10, first=False)]


def soffice_or_skip():
    if find_soffice() is None or shutil.which("pdftotext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice or pdftotext missing in CI: apt-get install libreoffice-calc-nogui poppler-utils")
        pytest.skip("LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")


@pytest.fixture(scope="module")
def batches(tmp_path_factory):
    """Both languages' batches, written with --pdf: {lang: (folder, BatchResult)}."""
    soffice_or_skip()
    made = {}
    for lang in ("de", "en"):
        folder = tmp_path_factory.mktemp(f"quotes-{lang}")
        orders = write_workbook(folder / "orders.xlsx", {"Orders": orders_rows(lang)})
        made[lang] = (folder / "out", run_batch(orders, folder / "out", lang=lang, pdf=True))
    return made


def sheet(batches, lang, name):
    return openpyxl.load_workbook(batches[lang][0] / name)


def pdf_text(batches, lang, name, page=None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(batches[lang][0] / name), "-"], check=True,
                          capture_output=True, text=True).stdout


FILES = {
    "de": ["Angebot-A.pdf", "Angebot-A.xlsx", "Angebot-B.pdf", "Angebot-B.xlsx", "Angebot-C.pdf", "Angebot-C.xlsx",
           "Angebot-D-ENTWURF.pdf", "Angebot-D-ENTWURF.xlsx", "Angebot-E.pdf", "Angebot-E.xlsx",
           "Angebot-F.pdf", "Angebot-F.xlsx", "Angebot-G-ENTWURF.pdf", "Angebot-G-ENTWURF.xlsx", "Angebot-H.pdf",
           "Angebot-H.xlsx", "Angebot-I.pdf", "Angebot-I.xlsx", "Zusammenfassung.xlsx"],
    "en": ["Quote-A.pdf", "Quote-A.xlsx", "Quote-B.pdf", "Quote-B.xlsx", "Quote-C.pdf", "Quote-C.xlsx",
           "Quote-D-DRAFT.pdf", "Quote-D-DRAFT.xlsx", "Quote-E.pdf", "Quote-E.xlsx", "Quote-F.pdf", "Quote-F.xlsx",
           "Quote-G-DRAFT.pdf", "Quote-G-DRAFT.xlsx", "Quote-H.pdf", "Quote-H.xlsx", "Quote-I.pdf", "Quote-I.xlsx",
           "Summary.xlsx"],
}


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_quote_is_written_the_draft_under_its_own_name(batches, lang):
    out, result = batches[lang]
    assert (result.written, result.failed, result.drafts, len(result.pdfs)) == (9, 0, 2, 9)
    assert listing(out) == FILES[lang]


# --------------------------------------------------------------------------- the cells

@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, prefix, address", [
    ("de", "Angebot", "Bäckerei Schmidt GmbH\nHerr Karl Schmidt\nHauptstraße 5\n01067 Dresden\nDeutschland"),
    ("en", "Quote", "Bäckerei Schmidt GmbH\nHerr Karl Schmidt\nHauptstraße 5\n01067 Dresden\nDeutschland"),
])
def test_address_block_contact_seller_and_validity(batches, lang, prefix, address):
    wb = sheet(batches, lang, f"{prefix}-A.xlsx")
    ws = wb.worksheets[0]
    assert (ws["A8"].value, ws["A8"].data_type) == (address, "s")  # every value verbatim, 01067 keeps its zero
    info = {ws.cell(r, 5).value: ws.cell(r, 6).value for r in range(7, 14)}
    labels = {"de": ("Gültig bis", "E-Mail", "Bearbeiter"), "en": ("Valid until", "E-mail", "Sales contact")}[lang]
    assert info[labels[0]] == dt.datetime(2026, 5, 31)  # 'Gültig bis' of the orders sheet
    assert (info[labels[1]], info[labels[2]]) == ("k.schmidt@example.com", SELLER)
    ((title, ref),) = list(wb.defined_names["valid_until"].destinations)
    assert ws[ref.replace("$", "")].value == dt.datetime(2026, 5, 31) and title == ws.title
    assert ws["A4"].value is None  # not a draft


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, prefix", [("de", "Angebot"), ("en", "Quote")])
def test_without_an_address_only_the_customer_and_the_default_validity(batches, lang, prefix):
    ws = sheet(batches, lang, f"{prefix}-B.xlsx").worksheets[0]
    assert ws["A8"].value == "Müller AG"
    info = {ws.cell(r, 5).value: ws.cell(r, 6).value for r in range(7, 14)}
    assert dt.datetime(2026, 4, 15) in info.values()  # 16.03.2026 + 30 days
    assert (ws["E12"].value, ws["E13"].value, ws["F12"].value) == (None, None, None)  # no e-mail, no seller: no label


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, prefix", [("de", "Angebot"), ("en", "Quote")])
def test_owned_licences_are_listed_as_the_base_of_the_percentage_lines(batches, lang, prefix):
    ws = sheet(batches, lang, f"{prefix}-C.xlsx").worksheets[0]
    # row 22 the new OFFICE, 23 its subtotal, 25 the owned section's header, 26-28 the owned licences, 29 their sum
    owned = [[ws.cell(r, c).value for c in (2, 4, 5, 7)] for r in (26, 27, 28)]
    assert owned == [["3210.0030", 1, 2490, "=ROUND(D26*E26,2)"], ["3310.0030", 50, 89, "=ROUND(D27*E27,2)"],
                     ["3410.0030", 50, 19.95, "=ROUND(D28*E28,2)"]]
    assert ws["G29"].value == "=SUM(G26:G28)"  # 2490 + 4450 + 997.50 = 7937.50, the base of the upgrade below
    assert (ws["B32"].value, ws["E32"].value) == ("9131.0002", "=ROUND(G29,2)")
    assert ws["E33"].value == "=ROUND(G29+SUMPRODUCT(D22:D22,E22:E22),2)"


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, prefix", [("de", "Angebot"), ("en", "Quote")])
def test_a_quote_without_owned_licences_has_no_owned_section(batches, lang, prefix):
    ws = sheet(batches, lang, f"{prefix}-B.xlsx").worksheets[0]
    values = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert not any(v.startswith(("Ihre Lizenzen", "Your owned", "Listenwert Bestand", "List value of")) for v in values)


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, prefix", [("de", "Angebot"), ("en", "Quote")])
def test_customer_sheet_shows_no_internal_keys_rule_ids_or_requests_to_confirm(batches, lang, prefix):
    for letter in "ABCDE":
        name = f"{prefix}-{letter}{'-ENTWURF' if lang == 'de' and letter == 'D' else ''}" \
               f"{'-DRAFT' if lang == 'en' and letter == 'D' else ''}.xlsx"
        wb = sheet(batches, lang, name)
        text = " ".join(str(c.value) for row in wb.worksheets[0].iter_rows() for c in row if c.value is not None)
        for internal in ("Option", "option ", "bestätigen", "confirm", "directory_sources", "ldap", "_SERVER",
                         "DIRECTORY_", "UP2DATE_", "ARTICLE_TWICE"):
            assert internal not in text, (name, internal)
        assert wb.sheetnames[1] == ("Prüfung" if lang == "de" else "Checks")
        assert wb.worksheets[1].print_area == "'%s'!$E$1" % wb.sheetnames[1]  # not printed with the quote


@pytest.mark.libreoffice
def test_the_partial_upgrade_note_is_for_the_customer_the_confirmations_for_the_seller(batches):
    wb = sheet(batches, "de", "Angebot-C.xlsx")
    ws, checks = wb.worksheets
    notes = [(ws.cell(r, 1).value, ws.cell(r, 3).value) for r in range(36, 45) if ws.cell(r, 1).value == "Hinweis"]
    assert notes == [("Hinweis", "XPhone OneTime Upgrade from Release 6 (9131.0002) gilt für das komplette System: "
                                 "alle 101 vorhandenen Lizenzen werden hochgerüstet. Eine Teil-Hochrüstung wäre "
                                 "technisch möglich, die nicht hochgerüsteten Lizenzen gingen dabei verloren.")]
    seller = {checks.cell(r, 2).value for r in range(6, checks.max_row + 1)}
    assert "UPGRADE_COMPLETE_SYSTEM" not in seller
    wb = sheet(batches, "de", "Angebot-D-ENTWURF.xlsx")
    ws, checks = wb.worksheets
    seller = {checks.cell(r, 2).value: checks.cell(r, 3).value for r in range(6, checks.max_row + 1)}
    assert "bestätigen" in seller["DIRECTORY_SMART_SERVER_LDAP"] and "SMART_SERVER_MAX_OFFICE" in seller
    customer = [ws.cell(r, 3).value for r in range(20, ws.max_row + 1) if ws.cell(r, 1).value == "Hinweis"]
    assert customer == ["SMART SERVER enthält bereits 5 OFFICE-User je Lizenz; mit ihnen hat das System 25 "
                        "OFFICE-User (5 enthalten)."]


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, name, marker, state", [
    ("de", "Angebot-D-ENTWURF.xlsx", "ENTWURF – nicht versenden", "Entwurf: die Prüfung meldet Fehler"),
    ("en", "Quote-D-DRAFT.xlsx", "DRAFT – do not send", "Draft: the checks report errors"),
])
def test_a_draft_says_so_in_red_at_the_top(batches, lang, name, marker, state):
    ws, checks = sheet(batches, lang, name).worksheets
    assert (ws["A4"].value, ws["A4"].font.color.rgb, ws["A4"].font.b) == (marker, "00C00000", True)
    assert checks["A3"].value.startswith(state)


@pytest.mark.libreoffice
def test_sixty_lines_grow_the_table_and_keep_the_header_row_for_every_page(batches):
    ws = sheet(batches, "de", "Angebot-E.xlsx").worksheets[0]
    assert [ws.cell(r, 1).value for r in (22, 81)] == [1, 60]
    assert (ws["C22"].value, ws["C81"].value) == ("XPhone Connect 8 – SERVER", "XPhone Connect 8 – TAPI")
    assert ws["G82"].value == "=SUM(G22:G81)"
    assert ws.print_title_rows == "$21:$21" and ws.oddFooter.center.text.startswith("Seite &P von &N\n")


@pytest.mark.libreoffice
def test_the_payment_terms_name_the_validity_date(batches):
    de = sheet(batches, "de", "Angebot-A.xlsx").worksheets[0]
    en = sheet(batches, "en", "Quote-A.xlsx").worksheets[0]
    assert any(c.value == "Zahlungsbedingungen: zahlbar innerhalb von 14 Tagen nach Rechnungsdatum ohne Abzug. "
                          "Dieses Angebot ist gültig bis 31.05.2026." for row in de.iter_rows() for c in row)
    assert any(c.value == "Payment terms: 14 days net from the invoice date. This quote is valid until 31 May 2026."
               for row in en.iter_rows() for c in row)


# --------------------------------------------------------------------------- the PDFs

@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, name, expected", [
    ("de", "Angebot-A.pdf", ["Bäckerei Schmidt GmbH", "Herr Karl Schmidt", "Hauptstraße 5", "01067 Dresden",
                             "Deutschland", "Gültig bis", "31.05.2026", "k.schmidt@example.com", "Anna Berger",
                             "Seite 1 von 1"]),
    ("en", "Quote-A.pdf", ["Bäckerei Schmidt GmbH", "01067 Dresden", "Valid until", "31 May 2026", "16 March 2026",
                           "Page 1 of 1"]),
    ("de", "Angebot-C.pdf", ["Ihre Lizenzen (Bestand)", "2.490,00 €", "4.450,00 €", "997,50 €", "7.937,50 €",
                             "4.365,63 €", "4.766,85 €"]),
    ("en", "Quote-C.pdf", ["Your owned licences", "€2,490.00", "€4,450.00", "€997.50", "€7,937.50", "€4,365.63",
                           "€4,766.85"]),
    ("de", "Angebot-D-ENTWURF.pdf", ["ENTWURF – nicht versenden"]),
    ("en", "Quote-D-DRAFT.pdf", ["DRAFT – do not send"]),
])
def test_pdf_shows_address_validity_draft_and_numbers_in_the_quote_language(batches, lang, name, expected):
    text = pdf_text(batches, lang, name)
    for item in expected:
        assert item in text, (name, item)
    german_amount = re.compile(r"\d,\d\d €|\d\.\d{3},\d\d")  # 7.937,50 € / 7.937,50
    if lang == "en":  # no German number format in an English PDF, and the other way round
        assert not german_amount.search(text) and re.search(r"€\d", text)
    else:
        assert german_amount.search(text) and not re.search(r"€\d", text)
    assert ("ENTWURF" in text or "DRAFT" in text) == ("-ENTWURF" in name or "-DRAFT" in name)
    assert "Prüfung –" not in text and "Checks –" not in text  # the seller's sheet is not printed


# SERVER 2.490,00 + 10 × OFFICE 89,00 = 3.380,00 net for F to I (and A); 19 % of it 642,20, 7 % 236,60
VAT_CASES = [
    ("de", "Angebot-A.pdf", "Umsatzsteuer 19 % 642,20 € Gesamtbetrag 4.022,20 €", []),
    ("de", "Angebot-F.pdf", "Umsatzsteuer 0 % 0,00 € Gesamtbetrag 3.380,00 €",
     ["Steuerschuldnerschaft des Leistungsempfängers.",
      "USt-IdNr. des Leistenden: DE123456788 · USt-IdNr. des Leistungsempfängers: ATU12345675"]),
    ("de", "Angebot-G-ENTWURF.pdf", "Umsatzsteuer 19 % 642,20 € Gesamtbetrag 4.022,20 €",
     ["ENTWURF – nicht versenden"]),
    ("de", "Angebot-H.pdf", "Umsatzsteuer 0 % 0,00 € Gesamtbetrag 3.380,00 €",
     ["Nicht im Inland steuerbare Leistung.", "USt-IdNr. des Leistungsempfängers: CHE-123.456.789 MWST"]),
    ("de", "Angebot-I.pdf", "Umsatzsteuer 7 % 236,60 € Gesamtbetrag 3.616,60 €", []),
    ("en", "Quote-A.pdf", "plus VAT 19% €642.20 Total €4,022.20", []),
    ("en", "Quote-F.pdf", "plus VAT 0% €0.00 Total €3,380.00",
     ["Reverse charge: VAT to be accounted for by the recipient.",
      "Supplier's VAT ID: DE123456788 · Customer's VAT ID: ATU12345675"]),
    ("en", "Quote-G-DRAFT.pdf", "plus VAT 19% €642.20 Total €4,022.20", ["DRAFT – do not send"]),
    ("en", "Quote-H.pdf", "plus VAT 0% €0.00 Total €3,380.00",
     ["Not taxable in Germany.", "Customer's VAT ID: CHE-123.456.789 MWST"]),
    ("en", "Quote-I.pdf", "plus VAT 7% €236.60 Total €3,616.60", []),
]
VAT_SENTENCES = ("Steuerschuldnerschaft", "Nicht im Inland", "USt-IdNr. des", "Reverse charge", "Not taxable",
                 "VAT ID:")


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, name, totals, lines", VAT_CASES)
def test_the_vat_follows_the_customers_country_vat_id_and_rate(batches, lang, name, totals, lines):
    raw = subprocess.run(["pdftotext", "-raw", str(batches[lang][0] / name), "-"], check=True, capture_output=True,
                         text=True).stdout  # in reading order: the layout mode may close up "0 %"
    assert totals in _flat(raw)
    text = pdf_text(batches, lang, name)
    body = [line.strip() for line in text.splitlines() if line.strip()][:-2]  # without the legal footer
    for line in lines:
        assert line in body, (name, line)
    said = [line for line in body if line.startswith(VAT_SENTENCES)]
    assert said == [line for line in lines if line.startswith(VAT_SENTENCES)]  # nothing else about VAT


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, name, message", [
    ("de", "Angebot-G-ENTWURF.xlsx", "Kunde in Österreich ohne USt-IdNr."),
    ("en", "Quote-G-DRAFT.xlsx", "Customer in Austria without a VAT ID"),
])
def test_an_eu_customer_without_a_vat_id_is_a_draft_whose_checks_ask_for_it(batches, lang, name, message):
    checks = sheet(batches, lang, name).worksheets[1]
    found = [row for row in checks.iter_rows(values_only=True) if row[1] == "VAT_ID_MISSING"]
    assert len(found) == 1 and found[0][0] in ("Fehler", "Error") and found[0][2].startswith(message)


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, rows", [
    ("de", {"A": ("Inland 19 %", 642.2, 4022.2), "F": ("Reverse Charge (Österreich)", 0, 3380),
            "G": ("USt-IdNr. fehlt (Österreich)", 642.2, 4022.2),
            "H": ("nicht im Inland steuerbar (Schweiz)", 0, 3380), "I": ("7 % laut Auftragsliste", 236.6, 3616.6)}),
    ("en", {"A": ("domestic 19%", 642.2, 4022.2), "F": ("reverse charge (Austria)", 0, 3380),
            "G": ("VAT ID missing (Austria)", 642.2, 4022.2),
            "H": ("not taxable in Germany (Switzerland)", 0, 3380), "I": ("7% as given in the orders sheet", 236.6,
                                                                         3616.6)}),
])
def test_the_summary_names_each_quotes_vat_treatment_and_amount(batches, lang, rows):
    name = "Zusammenfassung.xlsx" if lang == "de" else "Summary.xlsx"
    ws = sheet(batches, lang, name).worksheets[0]
    head = [c.value for c in ws[1]]
    at = {h: head.index(h) for h in head}
    vat, amount, gross = (("USt", "USt-Betrag", "Bruttobetrag") if lang == "de" else
                          ("VAT", "VAT amount", "Gross total"))
    found = {r[0]: (r[at[vat]], float(r[at[amount]]), float(r[at[gross]]))
             for r in ws.iter_rows(min_row=2, values_only=True) if r[0] in rows}
    assert found == rows


@pytest.mark.libreoffice
def test_pdf_of_sixty_lines_numbers_its_pages_and_repeats_the_table_header(batches):
    first = pdf_text(batches, "de", "Angebot-E.pdf", page=1)
    pages = int(first.split("Seite 1 von ")[1].split()[0])
    assert pages >= 2
    for page in range(2, pages + 1):
        text = pdf_text(batches, "de", "Angebot-E.pdf", page=page)
        assert f"Seite {page} von {pages}" in text
        assert "Bezeichnung" in text and "Listenpreis" in text  # the line table's header row again
    last = pdf_text(batches, "de", "Angebot-E.pdf", page=pages)
    assert "Gesamtbetrag" in last or "Gesamtbetrag" in pdf_text(batches, "de", "Angebot-E.pdf", page=pages - 1)


@pytest.mark.libreoffice
def test_address_sits_in_the_window_of_a_din_5008_envelope(batches):
    """Form B: the address field begins 45 mm from the top edge and 20 mm from the left; the address
    zone (below 5 lines of return address and notes) from 62.7 mm to 90 mm."""
    pdf = batches["de"][0] / "Angebot-A.pdf"
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    mm = 25.4 / 72

    def word(text):
        line = next(x for x in bbox.splitlines() if f">{text}</word>" in x)
        return {k: float(v) * mm for k, v in re.findall(r'(\w+)="([\d.]+)"', line)}

    first, last = word("Bäckerei"), word("Deutschland")
    assert 20 <= first["xMin"] <= 27  # inside the window, from the left edge
    assert 62 <= first["yMin"] and last["yMax"] <= 90  # inside the address zone, from the top edge
    assert 120 <= word("Angebotsnummer")["xMin"] <= 130  # the information block at 125 mm


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, lines", [
    ("de", ["Muster-Systemhaus GmbH · Sitz: Musterstadt · Registergericht: Amtsgericht Musterstadt, HRB 12345",
            "Geschäftsführer: Max Mustermann, Erika Musterfrau · IBAN: DE00 1234 5678 9012 3456 78 · "
            "USt-IdNr.: DE123456788"]),
    ("en", ["Muster-Systemhaus GmbH · Registered office: Musterstadt · Register court: Amtsgericht Musterstadt, "
            "HRB 12345",
            "Managing directors: Max Mustermann, Erika Musterfrau · IBAN: DE00 1234 5678 9012 3456 78 · "
            "VAT ID: DE123456788"]),
])
def test_the_legal_footer_is_on_every_page_under_the_page_number(batches, lang, lines):
    name = "Angebot-E.pdf" if lang == "de" else "Quote-E.pdf"  # 60 lines: several pages
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(batches[lang][0] / name)],
                                                              capture_output=True, text=True).stdout).group(1))
    assert pages >= 2
    for page in range(1, pages + 1):
        text = [line.strip() for line in pdf_text(batches, lang, name, page).splitlines() if line.strip()]
        numbered = f"Seite {page} von {pages}" if lang == "de" else f"Page {page} of {pages}"
        assert text[-3:] == [numbered, *lines], (page, text[-3:])


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang, title, subject", [
    ("de", "Angebot A", "Angebot für Bäckerei Schmidt GmbH von Muster-Systemhaus GmbH"),
    ("en", "Quote A", "Quote for Bäckerei Schmidt GmbH from Muster-Systemhaus GmbH"),
])
def test_the_pdf_names_the_seller_and_the_quote_not_the_tool(batches, lang, title, subject):
    name = "Angebot-A.pdf" if lang == "de" else "Quote-A.pdf"
    info = subprocess.run(["pdfinfo", str(batches[lang][0] / name)], capture_output=True, text=True).stdout
    fields = dict(re.findall(r"^(\w+):\s+(.*)$", info, re.M))
    assert (fields["Title"], fields["Subject"], fields["Author"]) == (title, subject, "Muster-Systemhaus GmbH")
    assert "xphone" not in info.lower()


@pytest.mark.libreoffice
def test_pdfs_into_a_folder_given_relative_to_where_the_command_runs(tmp_path, monkeypatch):
    soffice_or_skip()
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [["Angebot", "Kunde", "Artikel", "Menge"],
                                                               ["R1", "Kunde", "SERVER", 1]]})
    monkeypatch.chdir(tmp_path)
    result = run_batch(orders, "angebote", pdf=True)
    assert (result.written, result.failed, len(result.pdfs)) == (1, 0, 1)
    assert (tmp_path / "angebote" / "Angebot-R1.pdf").exists()


def _flat(text: str) -> str:
    """Text as a reader reads it across line breaks: a word broken at its hyphen joined again, spaces as one."""
    return re.sub(r"\s+", " ", re.sub(r"-\s*\n\s*", "-", text)).strip()


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_text_of_the_quote_is_clipped(batches, lang):
    """Every text the quote sheet holds is found whole in its PDF: what does not fit its cell wraps."""
    for pdf in sorted(batches[lang][0].glob("*.pdf")):
        printed = _flat(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                       text=True).stdout)
        ws = openpyxl.load_workbook(pdf.with_suffix(".xlsx")).worksheets[0]
        texts = [c.value for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value.strip() and not c.value.startswith("=")]
        assert texts and [t for t in texts if _flat(t) not in printed] == [], pdf.name


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_page_ends_with_a_heading_or_holds_just_the_repeated_table_header(batches, lang):
    heading, header = ("Hinweise", "Pos.") if lang == "de" else ("Notes", "Pos.")
    for pdf in sorted(batches[lang][0].glob("*.pdf")):
        count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                text=True).stdout).group(1))
        for page in range(1, count + 1):
            lines = [line.strip() for line in pdf_text(batches, lang, pdf.name, page).splitlines() if line.strip()]
            body = lines[:-3]  # the page number and the two lines of the legal footer
            assert body and body[-1] != heading, (pdf.name, page)
            if page > 1 and body[0].startswith(header):  # a repeated header is followed by a line of the table
                assert re.match(r"\d+ ", body[1]), (pdf.name, page, body[:2])


@pytest.mark.libreoffice
def test_short_quotes_fit_on_one_page_and_a_longer_one_keeps_its_notes_heading_with_its_note(tmp_path):
    soffice_or_skip()
    example = Path(__file__).resolve().parent.parent / "workbook_templates" / "example_orders.xlsx"
    run_batch(example, tmp_path / "q", pdf=True)

    def pages(name):
        return int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(tmp_path / "q" / name)],
                                                                capture_output=True, text=True).stdout).group(1))

    short = ["Angebot-2026-001.pdf", "Angebot-2026-002.pdf", "Angebot-2026-004.pdf", "Angebot-2026-005-ENTWURF.pdf",
             "Angebot-2026-006.pdf"]
    assert [pages(name) for name in short] == [1, 1, 1, 1, 1]
    # 2026-003: owned licences, an upgrade and an Up2Date line with their bases, a note: two pages
    text = [[line.strip() for line in subprocess.run(
        ["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(tmp_path / "q" / "Angebot-2026-003.pdf"), "-"],
        capture_output=True, text=True, check=True).stdout.splitlines() if line.strip()] for p in (1, 2)]
    first, second = text
    heading = first.index("Hinweise")
    assert first[heading + 1].startswith("Hinweis ") and pages("Angebot-2026-003.pdf") == 2
    assert second[0].startswith("Zahlungsbedingungen") and not any(line.startswith("Pos.") for line in second)
