"""The seller's legal footer: what each legal form must show (§ 35a GmbHG, § 80 AktG, § 37a HGB ...), read from the
template's sheet Absender / Seller, printed under the page number; a template lacking it writes drafts."""
from __future__ import annotations

import openpyxl
import pytest

from addin.batch.run import run_batch
from addin.batch.seller import Seller
from addin.batch.template import QuoteTemplate, default_template
from tests.conftest import write_workbook

BASE = [("Firma", "Muster GmbH"), ("Rechtsform", "GmbH"), ("Sitz", "Musterstadt"),
        ("Registergericht", "Amtsgericht Musterstadt"), ("Registernummer", "HRB 1"), ("IBAN", "DE00 1"),
        ("USt-IdNr.", "DE123456788")]


def seller(*changes, drop=()):
    rows = dict(BASE)
    rows.update(changes)
    return Seller.from_rows([(k, v) for k, v in rows.items() if k not in drop])


@pytest.mark.parametrize("rows, missing", [
    ([("Geschäftsführer", "Max Mustermann, Erika Musterfrau")], ()),
    ([], ("managing_directors",)),                                     # a GmbH names its managing directors
    ([("Geschäftsführer", "M. Mustermann")], ("managing_directors",)),  # first name written out
    ([("Geschäftsführer", "Mustermann")], ("managing_directors",)),     # and the family name
    ([("Rechtsform", "AG"), ("Vorstand", "Max Mustermann")], ("supervisory_chair",)),  # § 80 AktG
    ([("Rechtsform", "AG"), ("Vorstand", "Max Mustermann"), ("Aufsichtsratsvorsitz", "Eva Muster")], ()),
    ([("Rechtsform", "e.K."), ("Inhaber", "Max Mustermann")], ()),
    ([("Rechtsform", "e.K.")], ("owner",)),
    ([("Rechtsform", "KG")], ()),
])
def test_the_legal_form_decides_what_is_required(rows, missing):
    assert seller(*rows).missing == missing


def test_every_quote_shows_who_sells_and_how_to_pay_and_tax():
    assert seller(("Geschäftsführer", "Max Mustermann"), drop=("IBAN", "USt-IdNr.")).missing == ("iban", "vat_id")


def test_an_unknown_legal_form_is_named():
    problem = seller(("Rechtsform", "Ltd")).problem()
    assert problem("de").startswith("Rechtsform Ltd der Vorlage (Blatt Absender) unbekannt; bekannt: GmbH, ")


def test_the_board_of_an_ag_marks_its_chair():
    s = seller(("Rechtsform", "AG"), ("Vorstand", "Max Mustermann, Erika Musterfrau"),
               ("Vorstandsvorsitz", "Erika Musterfrau"), ("Aufsichtsratsvorsitz", "Eva Muster"))
    assert s.footer("de").splitlines()[1].startswith(
        "Vorstand: Max Mustermann, Erika Musterfrau (Vorsitzender) · Aufsichtsratsvorsitz: Eva Muster · IBAN")
    assert "Management board: Max Mustermann, Erika Musterfrau (chair) · Chair of the supervisory board: " \
           "Eva Muster" in s.footer("en")


def test_bank_and_bic_give_way_when_the_footer_would_be_too_long():
    s = seller(("Geschäftsführer", "Max Mustermann"), ("Bank", "Musterbank"), ("BIC", "MUSTDEXX"))
    assert "Musterbank · IBAN: DE00 1 · BIC: MUSTDEXX" in s.footer("de")
    assert "Musterbank" not in s.footer("de", room=150) and "IBAN: DE00 1" in s.footer("de", room=150)


def template_with(tmp_path, rows):
    """The shipped German template with its seller sheet replaced by ``rows``."""
    wb = openpyxl.load_workbook(default_template("de"))
    del wb["Absender"]
    if rows is not None:
        ws = wb.create_sheet("Absender")
        for row in rows:
            ws.append(row)
    path = tmp_path / "vorlage.xlsx"
    wb.save(path)
    return path


@pytest.fixture
def orders(tmp_path):
    return write_workbook(tmp_path / "o.xlsx", {"Aufträge": [["Angebot", "Kunde", "Artikel", "Menge"],
                                                             ["S1", "Kunde & Co", "SERVER", 1]]})


def test_the_shipped_template_prints_the_footer_and_names_the_seller(tmp_path, orders):
    result = run_batch(orders, tmp_path / "q")
    assert (result.written, result.drafts) == (1, 0)
    wb = openpyxl.load_workbook(tmp_path / "q" / "Angebot-S1.xlsx")
    assert wb.sheetnames == ["Angebot", "Prüfung"]  # the seller sheet is the template's, not the customer's
    footer = wb.active.oddFooter.center.text
    assert footer.startswith("Seite &P von &N\nMuster-Systemhaus GmbH · Sitz: Musterstadt · ")  # &6: small type
    assert (wb.properties.creator, wb.properties.title, wb.properties.subject) == (
        "Muster-Systemhaus GmbH", "Angebot S1", "Angebot für Kunde & Co von Muster-Systemhaus GmbH")


@pytest.mark.parametrize("rows, said", [
    (None, "es fehlt: Firma, Rechtsform, IBAN, USt-IdNr."),  # a template of one's own without the sheet
    ([*BASE], "es fehlt: Geschäftsführer (Vor- und Familienname)."),
])
def test_a_template_without_the_required_seller_data_writes_drafts_naming_what_is_missing(tmp_path, orders, rows,
                                                                                         said):
    result = run_batch(orders, tmp_path / "q", template=template_with(tmp_path, rows))
    assert (result.written, result.drafts) == (1, 1)
    checks = openpyxl.load_workbook(tmp_path / "q" / "Angebot-S1-ENTWURF.xlsx")["Prüfung"]
    found = [r for r in checks.iter_rows(values_only=True) if r[1] == "SELLER_DATA"]
    assert found and found[0][0] == "Fehler" and said in found[0][2]


def test_an_ampersand_in_the_company_is_written_as_the_footer_code_wants_it(tmp_path):
    rows = [("Firma", "Müller & Söhne GmbH"), *BASE[1:], ("Geschäftsführer", "Max Mustermann")]
    template = QuoteTemplate(template_with(tmp_path, rows))
    assert "&6Müller && Söhne GmbH · Sitz" in template.footer("de") and template.footer_problem("de") is None
