"""Build the shipped workbooks: quote templates (German, English), the example orders sheet, the calculators
(desktop German and English, xlwings Lite German).

Run after changing a layout or the catalog:  python workbook_templates/make_templates.py

A template is an ordinary workbook a reseller may restyle in Excel. The quote
generator fills cells holding a marker:

* header: ``{{quote_id}}``, ``{{date}}``, ``{{customer}}``, ``{{price_list}}``,
  ``{{valid_from}}``, ``{{notice}}`` (example-price notice, empty otherwise);
* the line row, repeated once per licence line: ``{{pos}}``, ``{{number}}``,
  ``{{name}}``, ``{{qty}}``, ``{{unit}}``, ``{{discount}}``, ``{{line_total}}``;
* the percentage row, repeated per Up2Date/upgrade line: ``{{pos}}``,
  ``{{number}}``, ``{{name}}``, ``{{base}}``, ``{{rate}}``, ``{{amount}}``;
* totals: ``{{total}}``, ``{{up2date}}``, ``{{net}}``, ``{{vat_rate}}``,
  ``{{vat}}``, ``{{gross}}``;
* the findings row, repeated per finding: ``{{severity}}``, ``{{finding}}``.

A text starting with ``{{?pct}}`` or ``{{?findings}}`` keeps its row only
when the quote has percentage lines or findings. Everything else (logo,
fonts, colours, column widths, footer text) is kept as it is and moves down
with the growing table.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

HERE = Path(__file__).resolve().parent
EUR_DE = '#,##0.00 "€"'
EUR_EN = '"€"#,##0.00'
BLUE = "1F4E79"
THIN = Side(style="thin", color="A6A6A6")
MEDIUM = Side(style="medium", color=BLUE)

TEXT = {
    "de": {
        "title": "ANGEBOT", "sheet": "Angebot",
        "company": "Muster-Systemhaus GmbH", "address": "Musterstraße 1 · 12345 Musterstadt",
        "contact": "Tel. 01234 5678-0 · vertrieb@muster-systemhaus.example",
        "labels": ("Angebotsnummer", "Datum", "Kunde", "Preisliste", "Preise gültig ab"),
        "head": ("Pos.", "Art.-Nr.", "Bezeichnung", "Menge", "Listenpreis", "Rabatt", "Gesamt"),
        "subtotal": "Summe Lizenzen",
        "pct_head": ("Pos.", "Art.-Nr.", "Software-Aktualisierung / Upgrade", "", "Basis", "Satz", "Betrag"),
        "up2date": "davon Up2Date", "net": "Nettobetrag", "vat": "zzgl. Umsatzsteuer", "gross": "Gesamtbetrag",
        "findings": "Hinweise der Konfigurationsprüfung",
        "footer": ("Alle Preise in EUR. Basis der Prozentartikel ist der Listenpreis gemäß aktuell gültiger "
                   "Preisliste; Rabatte ändern diese Basis nicht. Es gelten die AGB der C4B Com For Business AG "
                   "für XPhone Software und Up2Date-Services. Angebot freibleibend, gültig 30 Tage."),
        "date_fmt": "DD.MM.YYYY", "eur": EUR_DE,
    },
    "en": {
        "title": "QUOTATION", "sheet": "Quote",
        "company": "Example Systems Ltd", "address": "1 Example Street · Example Town",
        "contact": "Phone +49 1234 5678-0 · sales@example-systems.example",
        "labels": ("Quote number", "Date", "Customer", "Price list", "Prices valid from"),
        "head": ("Pos.", "Article no.", "Description", "Qty", "List price", "Discount", "Total"),
        "subtotal": "Licence subtotal",
        "pct_head": ("Pos.", "Article no.", "Software maintenance / upgrade", "", "Base", "Rate", "Amount"),
        "up2date": "of which Up2Date", "net": "Net total", "vat": "plus VAT", "gross": "Total",
        "findings": "Configuration check findings",
        "footer": ("All prices in EUR. Percentage articles are based on list prices of the current price list; "
                   "discounts do not change that base. The terms and conditions of C4B Com For Business AG for "
                   "XPhone software and Up2Date services apply. Valid for 30 days."),
        "date_fmt": "YYYY-MM-DD", "eur": EUR_EN,
    },
}


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


def build_template(lang: str) -> Workbook:
    t = TEXT[lang]
    wb = Workbook()
    ws = wb.active
    ws.title = t["sheet"]
    for col, width in zip("ABCDEFG", (6, 15, 46, 8, 13, 9, 14)):
        ws.column_dimensions[col].width = width
    ws.sheet_view.showGridLines = False

    logo = Image(io.BytesIO(logo_png()))
    logo.width, logo.height = 150, 44
    ws.add_image(logo, "A1")
    ws["E1"] = t["company"]
    ws["E1"].font = Font(bold=True, size=12, color=BLUE)
    ws["E2"] = t["address"]
    ws["E3"] = t["contact"]
    for c in ("E2", "E3"):
        ws[c].font = Font(size=8, color="595959")
    ws.row_dimensions[1].height = 18

    ws["A5"] = t["title"]
    ws["A5"].font = Font(bold=True, size=18, color=BLUE)
    ws["A6"] = "{{notice}}"
    ws["A6"].font = Font(bold=True, color="C00000")
    ws.merge_cells("A6:G6")

    for i, (label, marker) in enumerate(zip(t["labels"], ("quote_id", "date", "customer", "price_list",
                                                          "valid_from"))):
        r = 8 + i
        ws.cell(r, 1, label).font = Font(bold=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        cell = ws.cell(r, 3, "{{%s}}" % marker)
        cell.alignment = Alignment(horizontal="left")
        if marker in ("date", "valid_from"):
            cell.number_format = t["date_fmt"]

    head_fill = PatternFill("solid", fgColor=BLUE)
    border = Border(top=THIN, bottom=THIN)

    def header_row(r, labels, prefix=""):
        for c, label in enumerate(labels, start=1):
            cell = ws.cell(r, c, (prefix + label) if c == 1 else label)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = head_fill
            cell.alignment = Alignment(horizontal="right" if c >= 4 else "left", vertical="center")

    header_row(14, t["head"])
    line = ("{{pos}}", "{{number}}", "{{name}}", "{{qty}}", "{{unit}}", "{{discount}}", "{{line_total}}")
    formats = ("0", "@", "@", "0", t["eur"], "0.0%", t["eur"])
    for c, (marker, fmt) in enumerate(zip(line, formats), start=1):
        cell = ws.cell(15, c, marker)
        cell.number_format = fmt
        cell.border = border
        cell.alignment = Alignment(horizontal="left" if c in (2, 3) else ("center" if c == 1 else "right"),
                                   vertical="top", wrap_text=(c == 3))
    ws.cell(16, 3, t["subtotal"]).font = Font(bold=True)
    total = ws.cell(16, 7, "{{total}}")
    total.font = Font(bold=True)
    total.number_format = t["eur"]
    total.border = Border(top=MEDIUM)

    header_row(18, t["pct_head"], prefix="{{?pct}}")
    pct = ("{{pos}}", "{{number}}", "{{name}}", None, "{{base}}", "{{rate}}", "{{amount}}")
    formats = ("0", "@", "@", "General", t["eur"], "0.0#%", t["eur"])
    for c, (marker, fmt) in enumerate(zip(pct, formats), start=1):
        cell = ws.cell(19, c, marker)
        cell.number_format = fmt
        cell.border = border
        cell.alignment = Alignment(horizontal="left" if c in (2, 3) else ("center" if c == 1 else "right"),
                                   vertical="top", wrap_text=(c == 3))

    rows = ((21, t["up2date"], "{{up2date}}", False), (22, t["net"], "{{net}}", True),
            (23, t["vat"], "{{vat}}", False), (24, t["gross"], "{{gross}}", True))
    for r, label, marker, bold in rows:
        ws.cell(r, 3, label).font = Font(bold=bold, italic=(marker == "{{up2date}}"))
        ws.cell(r, 3).alignment = Alignment(horizontal="right")
        cell = ws.cell(r, 7, marker)
        cell.number_format = t["eur"]
        cell.font = Font(bold=bold)
    ws.cell(23, 6, "{{vat_rate}}").number_format = "0%"
    ws.cell(22, 7).border = Border(top=MEDIUM)
    ws.cell(24, 7).border = Border(top=THIN, bottom=Side(style="double", color=BLUE))

    ws.cell(26, 1, "{{?findings}}" + t["findings"]).font = Font(bold=True, color=BLUE)
    ws.cell(27, 1, "{{severity}}").font = Font(bold=True)
    ws.cell(27, 1).alignment = Alignment(vertical="top")
    ws.merge_cells("A27:B27")
    cell = ws.cell(27, 3, "{{finding}}")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("C27:G27")

    ws.cell(29, 1, t["footer"]).font = Font(size=8, color="595959")
    ws.cell(29, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A29:G29")
    ws.row_dimensions[29].height = 36

    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = "A1:G29"
    ws.oddFooter.center.text = "&P / &N"
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
)


def build_example_orders() -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Aufträge"
    ws.append(EXAMPLE_HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in EXAMPLE_ROWS:
        ws.append(list(row))
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 3).number_format = "DD.MM.YYYY"
    for col, width in zip("ABCDEFGHIJK", (11, 26, 12, 16, 8, 9, 8, 9, 16, 20, 30)):
        ws.column_dimensions[col].width = width
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
    from addin.resources import shipped_catalog

    folder = Path(folder)
    for lang in ("de", "en"):
        build_template(lang).save(folder / f"quote_{lang}.xlsx")
    build_example_orders().save(folder / "example_orders.xlsx")
    catalog = load_catalog(shipped_catalog())
    build_calculator(folder / "calculator.xlsm", lang="de", catalog=catalog)
    build_calculator(folder / "calculator_en.xlsm", lang="en", catalog=catalog)
    build_lite(folder / "calculator_lite.xlsx", lang="de", catalog_path=shipped_catalog(), force=True)


if __name__ == "__main__":
    main()
