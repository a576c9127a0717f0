"""Build the shipped workbooks: quote templates (German, English), the example orders sheet, the calculators
(desktop German and English, xlwings Lite German).

Run after changing a layout or the catalog:  python workbook_templates/make_templates.py

A template is an ordinary workbook a reseller may restyle in Excel. The marker
contract (which placeholders exist, which rows repeat) is documented at the top
of ``addin/batch/template.py``; this script only lays the shipped templates out:

* the letterhead (logo, reseller), ``{{draft}}`` in red at the top;
* DIN 5008 form B on A4 (German template; the English one has the same layout):
  the address field starts 45 mm from the top edge and 20 mm from the left,
  a return-address line, then ``{{address}}`` (customer, contact, street,
  postcode and city, country; only the lines given), so the address sits in
  the window of a DL envelope; the information block (quote number, date,
  ``{{valid_until}}``, price list, e-mail, seller) sits at 125 mm from the left.
  The columns add up to 177 mm and the margins to 30 mm, so Excel and
  LibreOffice print at 100 % without any fitting;
* the line table (its header row repeats on every printed page), the owned
  licences a percentage line is based on, the percentage lines, the totals,
  the customer notes, payment terms and closing text (placeholders inside
  the text, such as ``{{valid_until}}``, are filled per quote), the fine
  print; ``Seite 1 von 2`` in the footer.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from addin.xlsx.internals import set_default_font

HERE = Path(__file__).resolve().parent
EUR_DE = '#,##0.00 "€"'
EUR_EN = '"€"#,##0.00'
BLUE = "1F4E79"
RED = "C00000"
GREY = "595959"
FONT = "Arial"
THIN = Side(style="thin", color="A6A6A6")
MEDIUM = Side(style="medium", color=BLUE)
MM = 72 / 25.4  # points per millimetre

TEXT = {
    "de": {
        "title": "ANGEBOT", "sheet": "Angebot",
        "company": "Muster-Systemhaus GmbH", "address": "Musterstraße 1 · 12345 Musterstadt",
        "contact": "Tel. 01234 5678-0\nvertrieb@muster-systemhaus.example",
        "return": "Muster-Systemhaus GmbH · Musterstraße 1 · 12345 Musterstadt",
        "info": (("Angebotsnummer", "quote_id"), ("Datum", "date"), ("Gültig bis", "valid_until"),
                 ("Preisliste", "price_list"), ("Preise gültig ab", "valid_from"), ("{{?email}}E-Mail", "email"),
                 ("{{?seller}}Bearbeiter", "seller")),
        "intro": "Vielen Dank für Ihre Anfrage. Gern bieten wir Ihnen an:",
        "head": ("Pos.", "Art.-Nr.", "Bezeichnung", "Menge", "Listenpreis", "Rabatt", "Gesamt"),
        "subtotal": "Summe Lizenzen",
        "owned_head": ("", "Art.-Nr.", "Ihre Lizenzen (Bestand)", "Menge", "Listenpreis", "", "Listenwert"),
        "owned_total": "Listenwert Bestand (Basis der Prozentpositionen unten)",
        "pct_head": ("Pos.", "Art.-Nr.", "Software-Aktualisierung / Upgrade", "", "Basis", "Satz", "Betrag"),
        "up2date": "{{?up2date}}davon Up2Date", "net": "Nettobetrag", "vat": "zzgl. Umsatzsteuer", "gross": "Gesamtbetrag",
        "findings": "Hinweise",
        "terms": ("Zahlungsbedingungen: zahlbar innerhalb von 14 Tagen nach Rechnungsdatum ohne Abzug. "
                  "Dieses Angebot ist gültig bis {{valid_until}}."),
        "closing": "Wir freuen uns auf Ihren Auftrag.\nMit freundlichen Grüßen\nMuster-Systemhaus GmbH",
        "footer": ("Alle Preise in EUR. Basis der Prozentartikel ist der Listenpreis gemäß aktuell gültiger "
                   "Preisliste; Rabatte ändern diese Basis nicht. Es gelten die AGB der C4B Com For Business AG "
                   "für XPhone Software und Up2Date-Services."),
        "page": "Seite &P von &N",
        "date_fmt": "DD.MM.YYYY", "eur": EUR_DE,
    },
    "en": {
        "title": "QUOTATION", "sheet": "Quote",
        "company": "Muster-Systemhaus GmbH", "address": "Musterstraße 1 · 12345 Musterstadt · Germany",
        "contact": "Phone +49 1234 5678-0\nvertrieb@muster-systemhaus.example",
        "return": "Muster-Systemhaus GmbH · Musterstraße 1 · 12345 Musterstadt · Germany",
        "info": (("Quote number", "quote_id"), ("Date", "date"), ("Valid until", "valid_until"),
                 ("Price list", "price_list"), ("Prices valid from", "valid_from"), ("{{?email}}E-mail", "email"),
                 ("{{?seller}}Sales contact", "seller")),
        "intro": "Thank you for your enquiry. We are pleased to offer:",
        "head": ("Pos.", "Article no.", "Description", "Qty", "List price", "Discount", "Total"),
        "subtotal": "Licence subtotal",
        "owned_head": ("", "Article no.", "Your owned licences", "Qty", "List price", "", "List value"),
        "owned_total": "List value of the owned licences (base of the percentage lines below)",
        "pct_head": ("Pos.", "Article no.", "Software maintenance / upgrade", "", "Base", "Rate", "Amount"),
        "up2date": "{{?up2date}}of which Up2Date", "net": "Net total", "vat": "plus VAT", "gross": "Total",
        "findings": "Notes",
        "terms": "Payment terms: 14 days net from the invoice date. This quote is valid until {{valid_until}}.",
        "closing": "We look forward to your order.\nKind regards\nMuster-Systemhaus GmbH",
        "footer": ("All prices in EUR. Percentage articles are based on list prices of the current price list; "
                   "discounts do not change that base. The terms and conditions of C4B Com For Business AG for "
                   "XPhone software and Up2Date services apply."),
        "page": "Page &P of &N",
        # English month names whatever the language of Excel or LibreOffice (locale tag en-GB)
        "date_fmt": "[$-809]D MMMM YYYY", "eur": EUR_EN,
    },
}

# Column widths in digits of the default font (Arial 10, 7 px a digit): 177 mm in all, columns A-D 105 mm,
# so the information block in E starts 125 mm from the left edge with a left margin of 20 mm.
WIDTHS = (4, 13, 29, 7, 13, 8, 17)
MARGINS = {"left": 20, "right": 10, "top": 10, "bottom": 15, "header": 5, "footer": 6}  # mm


def logo_png() -> bytes:
    """A small made-up reseller logo (PNG, about 1 KB)."""
    from PIL import Image as PILImage, ImageDraw

    img = PILImage.new("RGB", (150, 44), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((0, 0, 43, 43), radius=8, fill=(31, 78, 121))
    draw.line((10, 10, 33, 33), fill=(255, 255, 255), width=6)
    draw.line((33, 10, 10, 33), fill=(255, 255, 255), width=6)
    draw.rectangle((52, 12, 146, 18), fill=(31, 78, 121))
    draw.rectangle((52, 26, 120, 32), fill=(120, 160, 200))
    out = io.BytesIO()
    img.convert("P", palette=PILImage.ADAPTIVE, colors=8).save(out, format="PNG", optimize=True)
    return out.getvalue()


def font(**kw) -> Font:
    return Font(name=FONT, **{"size": 10, **kw})


# The seller's data for the legal footer (sheet Absender / Seller, see addin.batch.seller): plainly invented
SELLER_DATA = (("Firma", "Company", "Muster-Systemhaus GmbH"), ("Rechtsform", "Legal form", "GmbH"),
          ("Sitz", "Registered office", "Musterstadt"),
          ("Registergericht", "Register court", "Amtsgericht Musterstadt"),
          ("Registernummer", "Register number", "HRB 12345"),
          ("Geschäftsführer", "Managing directors", "Max Mustermann, Erika Musterfrau"),
          ("Aufsichtsratsvorsitz", "Chair of the supervisory board", None),
          ("Bank", "Bank", "Musterbank Musterstadt"), ("IBAN", "IBAN", "DE00 1234 5678 9012 3456 78"),
          ("BIC", "BIC", "MUSTDEXXXXX"), ("USt-IdNr.", "VAT ID", "DE123456788"))
SELLER_NOTE = {
    "de": "Angaben für die Fußzeile jedes Angebots (Pflichtangaben eines Geschäftsbriefs nach der Rechtsform).",
    "en": "What the footer of every quote shows (the mandatory details of a business letter for the legal form).",
}


def add_seller_sheet(wb: Workbook, lang: str) -> None:
    """The sheet of the seller's data: field names in column A, values in column B."""
    ws = wb.create_sheet("Absender" if lang == "de" else "Seller")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 60
    for r, (german, english, value) in enumerate(SELLER_DATA, start=1):
        ws.cell(r, 1, german if lang == "de" else english).font = font(bold=True)
        ws.cell(r, 2, value)
    ws.cell(len(SELLER_DATA) + 2, 1, SELLER_NOTE[lang]).font = font(size=8, color=GREY)


def build_template(lang: str) -> Workbook:
    t = TEXT[lang]
    wb = Workbook()
    set_default_font(wb, Font(name=FONT, size=10, family=2))
    ws = wb.active
    ws.title = t["sheet"]
    for col, width in zip("ABCDEFG", WIDTHS):
        ws.column_dimensions[col].width = width
    ws.sheet_view.showGridLines = False

    def height(r, mm=None, pt=None):
        ws.row_dimensions[r].height = round(pt if pt is not None else mm * MM, 2)

    # letterhead: 10 mm margin + rows 1-5 = 45 mm, where the address field begins (DIN 5008 form B)
    logo = Image(io.BytesIO(logo_png()))
    logo.width, logo.height = 150, 44
    ws.add_image(logo, "A1")
    ws["E1"] = t["company"]
    ws["E1"].font = font(bold=True, size=12, color=BLUE)
    ws["E2"] = t["address"]
    ws["E3"] = t["contact"]
    for c in ("E2", "E3"):
        ws[c].font = font(size=8, color=GREY)
    ws["E3"].alignment = Alignment(wrap_text=True, vertical="top")  # phone and e-mail, a line each: nothing clipped
    ws.merge_cells("E3:G3")
    for r, mm in ((1, 7), (2, 4), (3, 8), (4, 7), (5, 9)):  # 35 mm in all: the address window stays at 45 mm
        height(r, mm)
    ws["A4"] = "{{draft}}"
    ws["A4"].font = font(bold=True, size=16, color=RED)
    ws["A4"].alignment = Alignment(vertical="center")
    ws.merge_cells("A4:G4")

    # address field, 45-90 mm: 12.7 mm of space, the return address (5 mm), 27.3 mm for the address (6 rows)
    height(6, 12.7)
    height(7, 5)
    ws["A7"] = t["return"]
    ws["A7"].font = font(size=7, color=GREY, underline="single")
    ws["A7"].alignment = Alignment(vertical="bottom")
    ws.merge_cells("A7:C7")
    for r in range(8, 14):
        height(r, 27.3 / 6)
    ws["A8"] = "{{address}}"
    ws["A8"].font = font(size=10)
    ws["A8"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A8:C13")

    # information block, 125 mm from the left edge (column E), from 57.7 mm down; the seller gets 3 lines
    for i, (label, marker) in enumerate(t["info"]):
        r = 7 + i
        cell = ws.cell(r, 5, label)
        cell.font = font(size=8, bold=True, color=GREY)
        cell.alignment = Alignment(vertical="top")
        value = ws.cell(r, 6, "{{%s}}" % marker)
        value.font = font(size=8)
        seller = marker == "seller"
        value.alignment = Alignment(horizontal="left", vertical="top", wrap_text=seller, shrink_to_fit=not seller)
        if marker in ("date", "valid_from", "valid_until"):
            value.number_format = t["date_fmt"]
        bottom = r + 2 if marker == "seller" else r
        ws.merge_cells(start_row=r, start_column=6, end_row=bottom, end_column=7)
    for r in (14, 15):
        height(r, 27.3 / 6)

    height(16, 3)
    ws["A17"] = t["title"]
    ws["A17"].font = font(bold=True, size=16, color=BLUE)
    height(17, 8)
    ws["A18"] = "{{notice}}"
    ws["A18"].font = font(bold=True, color=RED)
    ws.merge_cells("A18:G18")
    ws["A19"] = t["intro"]
    height(20, 2)

    head_fill = PatternFill("solid", fgColor=BLUE)
    border = Border(top=THIN, bottom=THIN)

    def header_row(r, labels, prefix=""):
        for c, label in enumerate(labels, start=1):
            cell = ws.cell(r, c, (prefix + label) if c == 1 else label)
            cell.font = font(bold=True, color="FFFFFF")
            cell.fill = head_fill
            cell.alignment = Alignment(horizontal="right" if c >= 4 else "left", vertical="center")

    def table_row(r, markers, formats):
        for c, (marker, fmt) in enumerate(zip(markers, formats), start=1):
            cell = ws.cell(r, c, marker)
            cell.number_format = fmt
            cell.border = border
            cell.alignment = Alignment(horizontal="left" if c in (2, 3) else ("center" if c == 1 else "right"),
                                       vertical="top", wrap_text=(c == 3))

    # the line table; its header row is printed on every page
    header_row(21, t["head"])
    table_row(22, ("{{pos}}", "{{number}}", "{{name}}", "{{qty}}", "{{unit}}", "{{discount}}", "{{line_total}}"),
              ("0", "@", "@", "0", t["eur"], "0.0%", t["eur"]))
    ws.cell(23, 3, t["subtotal"]).font = font(bold=True)
    total = ws.cell(23, 7, "{{total}}")
    total.font = font(bold=True)
    total.number_format = t["eur"]
    total.border = Border(top=MEDIUM)
    ws.print_title_rows = "21:21"

    # owned licences: only when a percentage line's base includes them
    header_row(25, t["owned_head"], prefix="{{?owned}}")
    table_row(26, (None, "{{number}}", "{{name}}", "{{qty}}", "{{unit}}", None, "{{owned_value}}"),
              ("General", "@", "@", "0", t["eur"], "General", t["eur"]))
    ws.cell(27, 3, "{{?owned}}" + t["owned_total"]).font = font(italic=True)
    ws.cell(27, 3).alignment = Alignment(vertical="top")
    ws.merge_cells("C27:F27")
    owned_total = ws.cell(27, 7, "{{owned_total}}")
    owned_total.number_format = t["eur"]
    owned_total.font = font(italic=True)
    ws.cell(28, 1, "{{?owned}}")  # the space below the section, only with it

    header_row(29, t["pct_head"], prefix="{{?pct}}")
    table_row(30, ("{{pos}}", "{{number}}", "{{name}}", None, "{{base}}", "{{rate}}", "{{amount}}"),
              ("0", "@", "@", "General", t["eur"], "0.0#%", t["eur"]))
    ws.merge_cells("C30:D30")  # the name and what its base is take two columns

    rows = ((32, t["up2date"], "{{up2date}}", False), (33, t["net"], "{{net}}", True),
            (34, t["vat"], "{{vat}}", False), (35, t["gross"], "{{gross}}", True))
    for r, label, marker, bold in rows:
        ws.cell(r, 3, label).font = font(bold=bold, italic=(marker == "{{up2date}}"))
        ws.cell(r, 3).alignment = Alignment(horizontal="right")
        cell = ws.cell(r, 7, marker)
        cell.number_format = t["eur"]
        cell.font = font(bold=bold)
    ws.cell(34, 6, "{{vat_rate}}").number_format = "0%"
    ws.cell(33, 7).border = Border(top=MEDIUM)
    ws.cell(35, 7).border = Border(top=THIN, bottom=Side(style="double", color=BLUE))

    # why a quote charges no German VAT, and the VAT IDs (addin.tax): only when there is something to say
    note = ws.cell(36, 1, "{{?vat_note}}{{vat_note}}")
    note.font = font(size=9)
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A36:G36")

    # notes for the customer (the seller's findings go to the second sheet, 'Prüfung')
    ws.cell(38, 1, "{{?findings}}" + t["findings"]).font = font(bold=True, color=BLUE)
    ws.cell(39, 1, "{{severity}}").font = font(bold=True)
    ws.cell(39, 1).alignment = Alignment(vertical="top")
    ws.merge_cells("A39:B39")
    cell = ws.cell(39, 3, "{{finding}}")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("C39:G39")

    # payment terms and closing text: worded here once; {{valid_until}} is filled per quote
    for r, key, lines in ((41, "terms", 2), (43, "closing", 3)):
        cell = ws.cell(r, 1, t[key])
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
        height(r, pt=13 * lines)
    ws.cell(45, 1, t["footer"]).font = font(size=7, color=GREY)
    ws.cell(45, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A45:G45")
    height(45, pt=27)

    for r in (24, 28, 31, 37, 40, 42, 44):  # the spaces between the parts
        height(r, pt=7)

    # 100 %, no fitting: the columns fit the page as they are, and LibreOffice's "fit to one page wide" would
    # also shrink a quote a little to save a nearly empty last page, moving the address out of the window
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.scale = 100
    for side, mm in MARGINS.items():
        setattr(ws.page_margins, side, round(mm / 25.4, 4))
    ws.print_area = "A1:G45"
    ws.oddFooter.center.text = t["page"]
    ws.oddFooter.center.size = 8
    add_seller_sheet(wb, lang)
    return wb


EXAMPLE_HEADERS = ("Angebot", "Kunde", "Datum", "Artikel", "Menge", "Bestand", "Rabatt", "Release",
                   "Up2Date-Laufzeit", "Up2Date-Restlaufzeit", "Bemerkung")
EXAMPLE_DATE = dt.datetime(2026, 3, 16)
EXAMPLE_ROWS = (
    # new SMART SERVER system with 3 years of Up2Date
    ("2026-001", "Bäckerei Schmidt GmbH", EXAMPLE_DATE, "SMART_SERVER", 1, None, None, None, None, None,
     "Neusystem, 5 OFFICE inklusive"),
    ("2026-001", None, None, "OFFICE", 10, None, None, None, None, None, None),
    ("2026-001", None, None, "UP2DATE_3Y", 1, None, None, None, None, None, None),
    # new SERVER with fax, voicemail and IP channels, 10 % on OFFICE PLUS
    ("2026-002", "Müller Logistik AG", EXAMPLE_DATE, "3210.0030", 1, None, None, None, None, None, "Neusystem"),
    ("2026-002", None, None, "OFFICE_PLUS", 40, None, 10, None, None, None, None),
    ("2026-002", None, None, "FAX", 10, None, None, None, None, None, None),
    ("2026-002", None, None, "VOICEMAIL", 40, None, None, None, None, None, None),
    ("2026-002", None, None, "IP_CHANNEL", 4, None, None, None, None, None, None),
    ("2026-002", None, None, "UP2DATE_1Y", 1, None, None, None, None, None, None),
    # existing release 6 system: one-time upgrade, 10 more OFFICE, 3 years of Up2Date
    ("2026-003", "Stadtwerke Nordhausen", EXAMPLE_DATE, "SERVER", 0, 1, None, 6, None, None,
     "Bestandssystem Release 6"),
    ("2026-003", None, None, "OFFICE", 10, 50, None, None, None, None, None),
    ("2026-003", None, None, "TAPI", 0, 50, None, None, None, None, None),
    ("2026-003", None, None, "UPGRADE_R6", 1, None, None, None, None, None, None),
    ("2026-003", None, None, "UP2DATE_3Y", 1, None, None, None, None, None, None),
    # 5 more users under a running 3-year Up2Date with 8 months left
    ("2026-004", "Kanzlei Weber & Partner", EXAMPLE_DATE, "SERVER", 0, 1, None, 8, 3, 8,
     "Up2Date läuft noch 8 Monate"),
    ("2026-004", None, None, "OFFICE", 5, 20, None, None, None, None, None),
    ("2026-004", None, None, "UP2DATE_ADDON", 1, None, None, None, None, None, None),
    # fails the checks: FAX is not possible with SMART SERVER, more than 20 OFFICE users
    ("2026-005", "Praxis Dr. Klein", EXAMPLE_DATE, "SMART_SERVER", 1, None, None, None, None, None,
     "Prüfung schlägt fehl"),
    ("2026-005", None, None, "OFFICE", 20, None, None, None, None, None, None),
    ("2026-005", None, None, "FAX", 2, None, None, None, None, None, None),
    # a customer outside the EU: no German VAT, "Nicht im Inland steuerbare Leistung"
    ("2026-006", "Hotel Alpenblick AG", EXAMPLE_DATE, "SERVER", 1, None, None, None, None, None,
     "Neusystem, Kunde in der Schweiz"),
    ("2026-006", None, None, "OFFICE", 15, None, None, None, None, None, None),
    ("2026-006", None, None, "UP2DATE_2Y", 1, None, None, None, None, None, None),
)


# Per quote, on its first row: the recipient's address and contact and the seller (optional columns; every
# value given appears verbatim on the quote). The postcode is text, so 01067 keeps its zero.
ADDRESS_HEADERS = ("Ansprechpartner", "Straße", "PLZ", "Ort", "Land", "USt-IdNr.", "E-Mail", "Bearbeiter")
SELLER = "Anna Berger\nTel. 01234 5678-21\na.berger@muster-systemhaus.example"
EXAMPLE_ADDRESSES = {
    "2026-001": ("Herr Karl Schmidt", "Hauptstraße 5", "01067", "Dresden", None, None,
                 "k.schmidt@baeckerei-schmidt.example", SELLER),
    "2026-002": ("Frau Dr. Eva Müller", "Hafenweg 12", "20457", "Hamburg", None, None,
                 "eva.mueller@mueller-logistik.example", SELLER),
    "2026-003": ("Herr Jonas Becker, IT-Leitung", "Am Wasserwerk 3", "99734", "Nordhausen", None, None,
                 "j.becker@stadtwerke-nordhausen.example", SELLER),
    # an invented VAT ID of the right form (prefix, length, check digit): reverse charge
    "2026-004": (None, "Marktplatz 1", "6020", "Innsbruck", "Österreich", "ATU12345675", None, SELLER),
    "2026-005": ("Frau Dr. Lena Klein", "Lindenallee 8", "04109", "Leipzig", None, None, None, None),
    "2026-006": ("Herr Urs Meier", "Bahnhofstrasse 10", "8001", "Zürich", "Schweiz", "CHE-123.456.789 MWST",
                 "u.meier@hotel-alpenblick.example", SELLER),
}


def build_example_orders() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Aufträge"
    ws.append(EXAMPLE_HEADERS[:-1] + ADDRESS_HEADERS + EXAMPLE_HEADERS[-1:])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in EXAMPLE_ROWS:
        address = EXAMPLE_ADDRESSES[row[0]] if row[1] else (None,) * len(ADDRESS_HEADERS)
        ws.append(list(row[:-1]) + list(address) + [row[-1]])
    postcode = 11 + ADDRESS_HEADERS.index("PLZ")
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 3).number_format = "DD.MM.YYYY"
        ws.cell(r, postcode).number_format = "@"  # a postcode is text
        ws.cell(r, 11 + ADDRESS_HEADERS.index("Bearbeiter")).alignment = Alignment(wrap_text=True, vertical="top")
    widths = (11, 26, 12, 16, 8, 9, 8, 9, 16, 20, 28, 20, 7, 12, 11, 20, 34, 34, 30)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    return wb


# The installed base: one row per licence line of a customer system (addin.batch.installed_base). With
# `renewals --from 2026-07-01 --to 2028-06-30 --date 2026-12-01` S-1001, S-1002 and S-1005 are renewed, S-1003
# has lapsed (OneTime Upgrade and a new term), S-1004 is too early and S-1006 breaks a limit (a draft).
BASE_HEADERS = ("System", "Kunde", "Artikel", "Bestand", "Release", "Up2Date-Laufzeit", "Up2Date-Ende",
                "Ansprechpartner", "Straße", "PLZ", "Ort", "Land", "USt-IdNr.")
BASE_SYSTEMS = (
    ("S-1001", "Stadtwerke Nordhausen", (("SERVER", 1), ("OFFICE", 50)), 8, 3, dt.datetime(2027, 1, 31),
     ("Herr Jonas Becker, IT-Leitung", "Am Wasserwerk 3", "99734", "Nordhausen", None, None)),
    ("S-1002", "Bäckerei Schmidt GmbH", (("SMART_SERVER", 1), ("OFFICE", 10)), 8, 1, dt.datetime(2027, 6, 30),
     ("Herr Karl Schmidt", "Hauptstraße 5", "01067", "Dresden", None, None)),
    ("S-1003", "Kanzlei Weber & Partner", (("SERVER", 1), ("OFFICE", 20)), 8, 3, dt.datetime(2026, 9, 30),
     (None, "Marktplatz 1", "6020", "Innsbruck", "Österreich", "ATU12345675")),
    ("S-1004", "Müller Logistik AG", (("SERVER", 1), ("OFFICE_PLUS", 40)), 8, 5, dt.datetime(2028, 3, 31),
     ("Frau Dr. Eva Müller", "Hafenweg 12", "20457", "Hamburg", None, None)),
    ("S-1005", "Hotel Alpenblick AG", (("SERVER", 1), ("OFFICE", 15)), 8, 2, dt.datetime(2027, 5, 31),
     ("Herr Urs Meier", "Bahnhofstrasse 10", "8001", "Zürich", "Schweiz", "CHE-123.456.789 MWST")),
    ("S-1006", "Praxis Dr. Klein", (("SMART_SERVER", 1), ("OFFICE", 20), ("FAX", 2)), 8, 1, dt.datetime(2027, 3, 31),
     ("Frau Dr. Lena Klein", "Lindenallee 8", "04109", "Leipzig", None, None)),
)


def build_example_installed_base() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Bestand"
    ws.append(BASE_HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for system, customer, licences, release, years, end, address in BASE_SYSTEMS:
        for i, (article, owned) in enumerate(licences):
            first = i == 0
            ws.append([system, customer if first else None, article, owned, release if first else None,
                       years if first else None, end if first else None, *(address if first else (None,) * 6)])
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 7).number_format = "DD.MM.YYYY"
        ws.cell(r, 10).number_format = "@"  # a postcode is text
    for col, width in enumerate((10, 26, 16, 9, 9, 16, 14, 28, 20, 7, 12, 12, 22), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    return wb


def main(folder: Path = HERE) -> None:
    """Write every shipped workbook into ``folder``: quote templates, example orders, calculators.

    The calculators are built from the shipped ``catalog.xlsx`` (``tests/test_golden.py`` checks that the
    files in ``workbook_templates/`` are what this makes).
    """
    from addin.calculator import build_calculator
    from addin.catalog import load_catalog
    from addin.lite.build import build_lite
    from addin.excel_run import write_run_module
    from addin.resources import shipped_catalog

    folder = Path(folder)
    for lang in ("de", "en"):
        build_template(lang).save(folder / f"quote_{lang}.xlsx")
    build_example_orders().save(folder / "example_orders.xlsx")
    write_run_module(folder / "example_orders.xlsx", force=True)  # xlwings' Run main in Excel writes the example's quotes
    build_example_installed_base().save(folder / "example_installed_base.xlsx")
    catalog = load_catalog(shipped_catalog())
    build_calculator(folder / "calculator.xlsm", lang="de", catalog=catalog)
    build_calculator(folder / "calculator_en.xlsm", lang="en", catalog=catalog)
    for name in ("calculator.xlsm", "calculator_en.xlsm"):  # xlwings' Run main writes the quote sheet
        write_run_module(folder / name, force=True)
    build_lite(folder / "calculator_lite.xlsx", lang="de", catalog_path=shipped_catalog(), force=True)


if __name__ == "__main__":
    main()
