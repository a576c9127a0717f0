"""Reading the orders sheet: one row per quote line, rows of one quote share its id.

Columns are found by their header, German or English, in any order:

* required: ``Angebot``/``Quote``, ``Kunde``/``Customer``, ``Artikel``/``Article``
  (number or short code), ``Menge``/``Quantity`` (whole number ≥ 0);
* optional, per line: ``Bestand``/``Owned`` (quantity the customer already
  owns), ``Rabatt``/``Discount`` (``10``, ``10 %`` or ``0,1`` = 10 %);
* optional, per quote: ``Datum``/``Date``, ``Gültig bis``/``Valid until``,
  ``Release``, ``Up2Date-Restlaufzeit``/``Up2Date months left``,
  ``Up2Date-Laufzeit``/``Up2Date term`` (years of the running term) and the
  other options of the configuration checks (``Datenquellen``, ``LDAP``,
  ``Fax im Client``, ``Voicemail im Client``, ``Voicemail in der App``,
  ``SMS-Benachrichtigung``);
* optional, per quote, for the customer document (:data:`DETAILS`, taken as
  text, verbatim): ``Ansprechpartner``/``Contact``, ``Straße``/``Street``,
  ``PLZ``/``Postcode`` (a postcode stays text: ``01234`` keeps its zero),
  ``Ort``/``City``, ``Land``/``Country``, ``E-Mail`` and the seller's
  ``Bearbeiter``/``Sales contact`` (name, phone and mail, several lines).

The header row is the first of the first 10 rows that holds the four
required headers, so a title row above it is fine. A blank id continues the
quote of the row above (as with merged cells). Blank rows and columns
without a known header are ignored. Every bad value is reported with sheet,
row, column and value, and only its own quote fails.

Number text (a cell formatted as text, a CRM export) is read with the
convention of the language in force (German: ``1.000`` is one thousand;
``--lang en``: English); text the other convention reads differently gets a
:class:`Note` saying how it was read.

Hostile values: an Excel error value (``#N/A``) or a formula that was never
calculated is refused in a number or article column; in the id and customer
columns the formula's text is taken and a :class:`Note` says so. Control
characters in an id or name become ``\ufffd`` with a note; names and ids over
255 characters are refused, never cut. Notes are in ``order.notes``.

The sheet is read twice with openpyxl in read-only mode and never held
whole: the first pass notes the last row of each quote, the second hands
out each quote as soon as its last row has been read. (pandas was measured
slower here, 2.1 s against 1.6 s for 40,000 rows, and builds the whole
table in memory.)

Example::

    >>> from addin.catalog import get_catalog
    >>> orders = read_orders("workbook_templates/example_orders.xlsx", get_catalog())
    >>> first = next(iter(orders))
    >>> first.quote_id, [(l.article.code, l.quantity) for l in first.lines]
    ('2026-001', [('SMART_SERVER', 1), ('OFFICE', 10), ('UP2DATE_3Y', 1)])
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from ..catalog import Article, Catalog, get_catalog
from ..errors import (
    BadValue,
    MissingValue,
    OrdersError,
    OutputError,
    UnknownArticle,
    XPhoneError,
    show,
)
from ..i18n import Shown, Text, Wording, named, text
from ..money import ZERO, format_percent
from ..options import OPTIONS, months_within_term
from ..quote import MAX_QUANTITY, MAX_TEXT, VALID_DAYS, Note, OrderLine, QuoteOrder
from ..tables import header_key, header_lookup
from ..tax import decide
from ..values import HUNDRED, column_letter, in_number, is_blank, noting_readings, to_date, to_decimal, to_whole
from ..xlsx.read import (
    ErrorValue,
    FormulaText,
    PercentNumber,
    UnreadableNumber,
    iter_sheet_rows,
    read_once,
    sheet_names,
)
from ..xlsx.save import atomic_save

HEADER_ROWS = 10  # the header row is looked for in the first rows (a title row may sit above it)
SHEET_NAMES = ("aufträge", "auftraege", "bestellungen", "orders", "angebote", "quotes")

# Per line and per quote, besides the options: field -> accepted headers (compared by addin.tables.header_key)
BASE_COLUMNS = {
    "quote": ("Angebot", "Angebotsnummer", "Angebots-Nr.", "Quote", "Quote id", "Quote no."),
    "customer": ("Kunde", "Customer"),
    "article": ("Artikel", "Artikelnummer", "Art-Nr.", "Article", "Article number"),
    "quantity": ("Menge", "Anzahl", "Quantity", "Qty"),
    "owned": ("Bestand", "Owned"),
    "discount": ("Rabatt", "Discount"),
    "date": ("Datum", "Angebotsdatum", "Date", "Quote date"),
    "valid_until": ("Gültig bis", "Angebot gültig bis", "Valid until", "Valid to"),
    "vat_rate": ("USt-Satz", "VAT rate", "MwSt-Satz", "Steuersatz", "Umsatzsteuersatz", "Tax rate"),
}
# Per quote, for the customer document only: field -> (German, English header, other headers). Text, verbatim.
DETAILS = {
    "contact": ("Ansprechpartner", "Contact", "Kontakt", "Contact person"),
    "street": ("Straße", "Street", "Strasse", "Adresse", "Address"),
    "postcode": ("PLZ", "Postcode", "Postleitzahl", "Postal code", "ZIP", "ZIP code"),
    "city": ("Ort", "City", "Stadt", "Town"),
    "country": ("Land", "Country"),
    "vat_id": ("USt-IdNr.", "VAT ID", "USt-ID", "UID", "UID-Nr.", "UID-Nummer", "Umsatzsteuer-Identifikationsnummer",
               "VAT number", "VAT no.", "VAT reg. no."),
    "email": ("E-Mail", "Email", "Mail"),
    "seller": ("Bearbeiter", "Sales contact", "Vertrieb", "Ansprechpartner Vertrieb"),
}
# the per-quote options (addin.options): short German and English name, then other headers
COLUMNS = {**BASE_COLUMNS, **DETAILS, **{o.key: (o.name_de, o.name_en, *o.headers) for o in OPTIONS.values()}}
REQUIRED = ("quote", "customer", "article", "quantity")
QUOTE_FIELDS = ("customer", "date", "valid_until", "vat_rate", *DETAILS, *OPTIONS)


def field_name(fld: str) -> Shown:
    """A field of the orders sheet named as its column header is in the reader's language."""
    return named(de=FIELD_NAMES[fld][0], en=FIELD_NAMES[fld][1])


FIELD_NAMES = {  # field -> (German, English) header for messages and for the sheets written
    "quote": ("Angebot", "Quote"), "customer": ("Kunde", "Customer"), "article": ("Artikel", "Article"),
    "quantity": ("Menge", "Quantity"), "owned": ("Bestand", "Owned"), "discount": ("Rabatt", "Discount"),
    "date": ("Datum", "Date"), "valid_until": ("Gültig bis", "Valid until"), "vat_rate": ("USt-Satz", "VAT rate"),
    **{k: names[:2] for k, names in DETAILS.items()}, **{o.key: (o.name_de, o.name_en) for o in OPTIONS.values()},
}
TEXT_FIELDS = ("quote", "customer", *DETAILS)
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how Excel stores characters XML cannot hold
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what worksheet cells cannot hold
REPLACEMENT = "\ufffd"
_LOOKUP = header_lookup(COLUMNS)


def _short(value):
    """A value as shown in a message: long text cut to 60 characters."""
    if isinstance(value, str) and len(value) > 60:
        return value[:57] + "..."
    return value


def _unescape(match) -> str:
    return chr(int(match.group(1), 16))


def clean_text(value) -> tuple[str, list[Text]]:
    """Text of an id or name cell as Excel shows it, made safe: ``(text, notes)``; never raises.

    Numbers as typed (1001.0 -> '1001'), spaces around cut, Excel's ``_x0007_``
    escapes decoded, control characters replaced by ``\ufffd``. Each change
    that is not plain trimming gives a note.

    >>> text, notes = clean_text("ACME_x0007_ GmbH")
    >>> print(text, "|", notes[0]("en"))
    ACME\ufffd GmbH | control character \\x07 replaced by \ufffd.
    """
    notes = []
    raw = value if isinstance(value, str) else show(value, quoted=False)
    start = _ESCAPE.sub(_unescape, raw).lstrip(" ")[:1]
    if isinstance(value, FormulaText):
        notes.append(Text("orders.formula_without_value", text=repr(_short(str(value)))))
    elif start in ("\t", "\r"):
        notes.append(Text("orders.removed_at_start", what=Text("orders.tab" if start == "\t" else "orders.return")))
    elif start in ("=", "+", "-", "@"):
        notes.append(Text("orders.starts_like_formula", start=repr(start)))
    text = _ESCAPE.sub(_unescape, str(raw)).strip()
    found = sorted(set(_CONTROL.findall(text)))
    if found:
        codes = ", ".join(f"\\x{ord(c):02x}" for c in found)
        notes.append(Text("orders.control_replaced" if len(found) == 1 else "orders.controls_replaced",
                          codes=codes, replacement=REPLACEMENT))
        text = _CONTROL.sub(REPLACEMENT, text)
    hidden = sorted({c for c in text if unicodedata.category(c) == "Cf"})
    if hidden:  # right-to-left overrides, zero-width spaces: invisible, they could disguise an id or a file name
        codes = ", ".join(f"U+{ord(c):04X}" for c in hidden)
        notes.append(Text("orders.format_characters_removed", codes=codes))
        text = "".join(c for c in text if unicodedata.category(c) != "Cf").strip()
    return text, notes


def parse_text(value, what: Wording) -> tuple[str, list[Text]]:
    """An id or name: ``(text, notes)`` (see :func:`clean_text`); at most 255 characters, never cut.

    Refuses a blank, an Excel error value (``#N/A`` from a failed lookup) and
    longer text, naming the length.
    """
    if is_blank(value):
        raise MissingValue(what)
    if isinstance(value, UnreadableNumber):
        check_cell(value, what)
    if isinstance(value, ErrorValue):
        raise BadValue(what, str(value), Text("hint.excel_error_value_cell_e"))
    text, notes = clean_text(value)
    if not text:  # nothing left but invisible characters
        raise MissingValue(what)
    if len(text) > MAX_TEXT:
        size = in_number(Decimal(len(text)))
        raise BadValue(what, _short(text), Text("orders.text_too_long", most=MAX_TEXT, size=size))
    if not text:
        raise MissingValue(what)
    return text, notes


def check_cell(value, what: Wording) -> None:
    """Refuse an Excel error value or a formula without a calculated value where a number or article is needed."""
    if isinstance(value, ErrorValue):
        raise BadValue(what, str(value), Text("hint.excel_error_value_cell_fix"))
    if isinstance(value, UnreadableNumber):
        raise BadValue(what, str(value), Text("hint.number_cell_damaged_file_not"))
    if isinstance(value, FormulaText):
        raise BadValue(what, str(value), Text("hint.formula_without_calculated_value_file"))


def parse_discount(value) -> Decimal:
    """A line discount as a fraction, from 0 up to (not including) 100 %.

    A number in a cell formatted as a percentage is what Excel shows: 0,1 is 10 %, 1 is 100 %. Other numbers
    below 1 are fractions (0,1 = 10 %), from 1 on percent (10 = 10 %); text may carry ``%`` (``"10 %"``).
    A discount of 100 % or more gives the licence away and is refused, as is one below 0.

    >>> parse_discount(10), parse_discount(PercentNumber(0.1)), parse_discount("12,5 %")
    (Decimal('0.1'), Decimal('0.1'), Decimal('0.125'))
    """
    if is_blank(value):
        return ZERO
    if isinstance(value, PercentNumber):
        rate = to_decimal(float(value), Text("label.discount"))
        shown = format_percent(rate)
    elif isinstance(value, str) and value.strip().endswith("%"):
        rate = to_decimal(value, Text("label.discount"))
        shown = value
    else:
        number = to_decimal(value, Text("label.discount"))
        rate = number if 0 <= number < 1 else number / HUNDRED
        shown = value
    if rate < 0 or rate >= 1:
        raise BadValue(Text("label.discount"), shown, Text("hint.allowed_0_up_below_100"))
    return rate


def parse_vat(value, what: Wording | None = None) -> Decimal | None:
    """A VAT rate as a fraction: ``19``, ``"19 %"``, ``0.19`` and a cell formatted as 19 % -> 0.19; blank -> None
    (the rate the quote's country gives). Used for ``--vat`` and the column ``USt-Satz``."""
    if value is None or str(value).strip() == "":
        return None
    what = what if what is not None else Text("label.vat_rate")
    rate = to_decimal(value, what)
    if not (isinstance(value, str) and value.strip().endswith("%")) and rate >= 1:
        rate = rate / 100
    if rate < 0 or rate > 1:
        raise BadValue(what, value, Text("hint.allowed_0_100"))
    return rate


class OrdersReader:
    """The quotes of an orders workbook, handed out one at a time (see :func:`read_orders`).

    The class attributes say which sheet, columns and words it reads; the installed base
    (:mod:`addin.batch.installed_base`) is read by a subclass with its own.
    """

    SHEETS: tuple[str, ...] = SHEET_NAMES  # the sheet looked for first (else the first sheet)
    LOOKUP = _LOOKUP  # header key -> field
    REQUIRED: tuple[str, ...] = REQUIRED  # fields whose headers make the header row
    QUOTE_FIELDS: tuple[str, ...] = QUOTE_FIELDS  # per quote (one value for all its rows)
    DATE_FIELDS: tuple[str, ...] = ("date", "valid_until")
    NAMES = FIELD_NAMES  # field -> (German, English) header for messages
    KEYS = {"id": "label.quote", "no_header": "orders.no_header_row_first_rows",
            "empty": "orders.sheet_empty_expected_header_row", "no_rows": "orders.sheet_has_header_row_but",
            "differs": "orders.value_differs", "owned_differs": "orders.quote_owned_for_differs_from",
            "no_customer": "label.customer_for_quote", "sheet": "label.orders_sheet"}
    ORDER = QuoteOrder  # what one quote (one system) is read into

    def field_name(self, fld: str) -> Shown:
        """A field named as its column header is in the reader's language."""
        return named(de=self.NAMES[fld][0], en=self.NAMES[fld][1])

    def __init__(self, path, catalog: Catalog, today: dt.date | None = None, valid_days: int = VALID_DAYS):
        self.path = Path(path)
        self.catalog = catalog
        self.today = today or dt.date.today()
        self.valid_days = valid_days
        self.sheet = ""
        self._data: bytes | None = None  # the orders file, read once (see _rows)
        self.header_row = 0
        self.header_values: list = []  # the header row as read
        self.positions: dict[str, int] = {}
        self._last_row: dict[str, int] = {}
        self._candidate: tuple = (None, {})  # (row, fields) of the row most like a header, while none is found
        self._scan()

    # -- workbook access
    def _rows(self):
        """(row number, values) of the orders sheet, streamed through the input-file gate. The file is read
        once: both passes see the same bytes, even if the sheet is saved again during the run."""
        if self._data is None:
            self._data = read_once(self.path, Text(self.KEYS["sheet"]))
        if not self.sheet:
            names = sheet_names(self.path, Text(self.KEYS["sheet"]), data=self._data)
            self.sheet = next((n for n in names if n.strip().lower() in self.SHEETS), names[0])
        yield from iter_sheet_rows(self.path, self.sheet, Text(self.KEYS["sheet"]), mark_cells=True,
                                   data=self._data)

    def _error(self, exc: XPhoneError, row: int, fld: str) -> XPhoneError:
        exc.fields.update(sheet=self.sheet, row=row, column=self._letter(fld))
        return exc

    def _note(self, order: QuoteOrder, notes, row: int, fld: str) -> None:
        """Each note (a :class:`~addin.i18n.Text`, or a number reading) as a :class:`Note` on the field's cell."""
        for note in notes:
            order.notes.append(Note(Text("orders.note_on", field=self.field_name(fld), note=note), self.sheet, row,
                                    self._letter(fld)))

    def _letter(self, fld: str) -> str:
        return column_letter(self.positions[fld]) if fld in self.positions else ""

    @classmethod
    def _header_fields(cls, values: tuple) -> tuple[dict, list]:
        """``({field: 0-based column}, [(column, header) given twice])`` of a row read as a header row."""
        positions: dict[str, int] = {}
        twice = []
        for index, value in enumerate(values):
            if is_blank(value):
                continue
            fld = cls.LOOKUP.get(header_key(value))
            if fld is None:
                continue  # a column of notes or anything else: ignored
            if fld in positions:
                twice.append((index, value))
            else:
                positions[fld] = index
        return positions, twice

    def _header(self, number: int, values: tuple) -> bool:
        """Take ``values`` as the header row if it holds every required header; remember the best row so far."""
        positions, twice = self._header_fields(values)
        if any(f not in positions for f in self.REQUIRED):
            if self._candidate[0] is None or len(positions) > len(self._candidate[1]):
                self._candidate = (number, positions)
            return False
        if twice:
            index, value = twice[0]
            raise OrdersError(Text("orders.column_appears_twice", value=value), sheet=self.sheet,
                              row=number, column=column_letter(index), file=self.path.name)
        self.positions = positions
        self.header_row = number
        self.header_values = list(values)
        return True

    def _no_header(self) -> OrdersError:
        """The error when none of the first rows is a header row: the columns missing in the best candidate."""
        number, positions = self._candidate
        if not positions:
            return OrdersError(
                Text(self.KEYS["no_header"], rows=HEADER_ROWS), sheet=self.sheet, file=self.path.name)
        missing = [f for f in self.REQUIRED if f not in positions]
        names = Shown(lambda lang: ", ".join(f"'{self.field_name(f).message(lang)}'" for f in missing))
        return OrdersError(Text("orders.column_missing", names=names), sheet=self.sheet, row=number,
                           file=self.path.name)

    def _cells(self, values: tuple) -> dict:
        return {f: (values[i] if i < len(values) else None) for f, i in self.positions.items()}

    def _quote_rows(self):
        """The data rows below the header as (row number, cells, quote id), blank rows skipped.

        A blank id continues the quote of the row above; before any quote the id is None.
        Finds the header on the way when it is not known yet (first pass).
        """
        current = None
        for number, values in self._rows():
            if not self.positions:
                if number > HEADER_ROWS:
                    raise self._no_header()
                if any(not is_blank(v) for v in values):
                    self._header(number, values)
                continue
            if number <= self.header_row:
                continue
            cells = self._cells(values)
            if all(is_blank(v) for v in cells.values()):
                continue
            raw = cells["quote"]
            if not is_blank(raw):
                current = clean_text(raw)[0]
            yield number, cells, current

    def _scan(self) -> None:
        """First pass: header, and the last row of every quote (in order of appearance)."""
        rows = 0
        for number, _cells, key in self._quote_rows():
            rows += 1
            if key is not None:  # a row without a quote id before any quote is reported in the second pass
                self._last_row[key] = number
        if not self.positions and self._candidate[0] is not None:
            raise self._no_header()
        if not self.positions:
            raise OrdersError(Text(self.KEYS["empty"]), sheet=self.sheet, file=self.path.name)
        if not rows:
            raise OrdersError(Text(self.KEYS["no_rows"]), sheet=self.sheet,
                              row=self.header_row, file=self.path.name)

    def rows(self):
        """(row number, quote id) of every data row of the sheet (a blank id continues the quote above)."""
        for number, _cells, key in self._quote_rows():
            yield number, key

    def __len__(self) -> int:
        return len(self._last_row)

    @property
    def quote_ids(self) -> list[str]:
        return list(self._last_row)

    # -- second pass
    def __iter__(self):
        pending: dict[str, QuoteOrder] = {}
        orphan_reported = False
        for number, cells, key in self._quote_rows():
            if key is None:
                if not orphan_reported:
                    orphan_reported = True
                    yield self.ORDER("", sheet=self.sheet, first_row=number, errors=[self._error(
                        MissingValue(Text(self.KEYS["id"])), number, "quote")])
                continue
            order = pending.get(key)
            if order is None:
                order = pending[key] = self.ORDER(key, sheet=self.sheet, first_row=number)
                try:
                    self._note(order, parse_text(cells["quote"], Text(self.KEYS["id"]))[1], number, "quote")
                except XPhoneError as exc:
                    order.errors.append(self._error(exc, number, "quote"))
            self._read_row(order, number, cells)
            if self._last_row.get(key) == number:
                del pending[key]
                yield self._finish(order)
        for order in pending.values():  # the file changed between the passes
            yield self._finish(order)

    def _read_row(self, order: QuoteOrder, number: int, cells: dict) -> None:
        def attempt(fld, func):
            try:
                if fld not in TEXT_FIELDS:
                    check_cell(cells.get(fld), self.field_name(fld))
                raw = cells.get(fld)
                if not isinstance(raw, str):  # only text can be read two ways
                    return func(raw)
                with noting_readings() as readings:
                    value = func(raw)
            except XPhoneError as exc:
                order.errors.append(self._error(exc, number, fld))
                return _FAILED
            self._note(order, list(readings), number, fld)
            return value

        # per quote
        for fld in self.QUOTE_FIELDS:
            if fld not in self.positions or is_blank(cells.get(fld)):
                continue
            value = attempt(fld, lambda v, f=fld: self._quote_value(f, v))
            if value is _FAILED:
                continue
            notes = ()
            if fld in TEXT_FIELDS:
                value, notes = value
            seen = order.seen.get(fld)
            if seen is None:
                self._note(order, notes, number, fld)
                order.seen[fld] = (value, number)
                if fld == "customer":
                    order.customer = value
                elif fld in (*self.DATE_FIELDS, "vat_rate"):
                    setattr(order, fld, value)
                elif fld in DETAILS:
                    order.details[fld] = value
                else:
                    order.options[fld] = value
            elif seen[0] != value:
                shown, earlier = show(value), show(seen[0])  # as the user typed them: 2026-05-01, 'Kunde A'
                order.errors.append(self._error(OrdersError(Text(
                    self.KEYS["differs"], quote=order.quote_id, field=self.field_name(fld), value=shown,
                    earlier=earlier, row=seen[1])), number, fld))

        self._read_line(order, number, cells, attempt)

    def _read_line(self, order: QuoteOrder, number: int, cells: dict, attempt) -> None:
        """The row's line: article, quantity, owned quantity, discount (``attempt`` reads a field, noting errors)."""
        article = attempt("article", self._article)
        owned = 0
        if "owned" in self.positions and not is_blank(cells.get("owned")):
            owned = attempt("owned", lambda v: to_whole(v, Text("label.owned"), minimum=0,
                                                        maximum=MAX_QUANTITY))
        raw_qty = cells.get("quantity")
        if is_blank(raw_qty) and owned != 0:
            quantity = 0  # an owned-only row (or one whose owned quantity is wrong: reported once, there)
        else:
            quantity = attempt("quantity", lambda v: to_whole(v, Text("label.quantity_2"), minimum=0,
                                                              maximum=MAX_QUANTITY))
        discount = attempt("discount", parse_discount) if "discount" in self.positions else ZERO
        if _FAILED in (article, owned, quantity, discount):
            return
        if article.is_percentage:
            checks = ((quantity > 1, "quantity", raw_qty), (discount != 0, "discount", cells.get("discount")),
                      (owned != 0, "owned", cells.get("owned")))
            bad = False
            for cond, fld, value in checks:
                if cond:
                    bad = True
                    order.errors.append(self._error(BadValue(Text(f"label.{fld}"), value,
                                                             Text(f"orders.percentage_article_{fld}")), number, fld))
            if bad:
                return
        if owned:
            before = order.owned.get(article)
            if before is not None and before != owned:
                order.errors.append(self._error(OrdersError(
                    Text(self.KEYS["owned_differs"], quote_id=order.quote_id, owned=owned,
                         code=article.code, before=before)),
                    number, "owned"))
            order.owned[article] = owned
        order.lines.append(OrderLine(article, quantity, discount, self.sheet, number))

    def _article(self, value) -> Article:
        if is_blank(value):
            raise MissingValue(Text("label.article"))
        found = self.catalog.find(value)
        if found is None:
            raise UnknownArticle(article=_short(show(value, quoted=False)), suggestions=self.catalog.suggest(value))
        return found

    def _quote_value(self, fld: str, value):
        if fld in TEXT_FIELDS:
            text, notes = parse_text(value, self.field_name(fld))
            if fld == "postcode" and not isinstance(value, str) and len(text) < 5:
                notes.append(Text("orders.postcode_as_number", text=text))
            return text, notes
        if fld in self.DATE_FIELDS:
            return to_date(value, self.field_name(fld))
        if fld == "vat_rate":
            return parse_vat(value, self.field_name(fld))
        return OPTIONS[fld].read(value, self.catalog, short=True)

    def _finish(self, order: QuoteOrder) -> QuoteOrder:
        months, years = order.options.get("up2date_months_left"), order.options.get("up2date_term_years")
        if months is not None and years is not None:
            try:
                months_within_term(months, years, what=self.field_name("up2date_months_left"))
            except XPhoneError as exc:
                order.errors.append(self._error(exc, order.seen["up2date_months_left"][1], "up2date_months_left"))
        customer_column = self._letter("customer")
        if not order.customer and not any(isinstance(e, XPhoneError) and e.fields.get("column") == customer_column
                                          for e in order.errors):
            order.errors.append(self._error(MissingValue(Text(self.KEYS["no_customer"], quote_id=order.quote_id)),
                                            order.first_row, "customer"))
        self._decide_tax(order)
        if order.date is None:
            order.date = self.today
        if order.valid_until is None:
            order.valid_until = order.date + dt.timedelta(days=self.valid_days)
        elif order.valid_until < order.date:
            value, row = order.seen["valid_until"]
            order.errors.append(self._error(BadValue(
                Text("label.valid_until_2"), value, Text("hint.it_before_quote_date",
                                                         date=order.date)), row, "valid_until"))
        return order


    def _decide_tax(self, order: QuoteOrder) -> None:
        """The quote's VAT treatment (:mod:`addin.tax`); an unknown country or a malformed VAT ID fails the quote
        with the cell that holds it."""
        try:
            order.tax = decide(self.catalog.loaded.tax, order.details.get("country"), order.details.get("vat_id"),
                               order.vat_rate)
        except BadValue as exc:
            fld = exc.fields.get("input", "vat_id")
            order.errors.append(self._error(exc, order.seen[fld][1] if fld in order.seen else order.first_row, fld))


class OrderList:
    """Orders read already (saved calculators, the systems due for renewal), handed to the quote batch as an
    orders sheet's reader is: the quote ids, their number, the orders. Subclasses fill ``self.orders``."""

    orders: list

    @property
    def quote_ids(self) -> list[str]:
        return [o.quote_id for o in self.orders]

    def __len__(self) -> int:
        return len(self.orders)

    def __iter__(self):
        return iter(self.orders)


class _Failed:
    def __repr__(self):  # pragma: no cover
        return "<failed>"


_FAILED = _Failed()


def read_orders(path, catalog: Catalog | None = None, today: dt.date | None = None,
                valid_days: int = VALID_DAYS) -> OrdersReader:
    """Open an orders workbook; iterate the result for one :class:`QuoteOrder` per quote (``catalog``: the
    catalog in use when not given).

    ``len(reader)`` is the number of quotes. A missing required column raises
    :class:`OrdersError` here; a bad value only marks its own quote
    (``order.errors``). ``today`` is the date of a quote without ``Datum``;
    ``valid_days`` gives ``valid_until`` of a quote without ``Gültig bis``.
    """
    return OrdersReader(path, catalog=catalog if catalog is not None else get_catalog(), today=today,
                        valid_days=valid_days)



def write_orders(path, quote_id: str, customer: str, lines, owned=None, options=None, *, catalog: Catalog,
                 lang: str = "de", force: bool = False, date: dt.date | None = None) -> Path:
    """Write one quote as an orders sheet that :func:`read_orders` (and ``xphone-pricing quotes``) reads back.

    ``lines`` and ``owned``: ``(article, quantity)`` pairs or a mapping; ``options``: per-quote values by
    option key (``release``, ``up2date_months_left``, ``up2date_term_years``, ``directory_sources``,
    ``ldap``, ...). Owned articles not bought again get a row with quantity 0; ``date`` goes to the
    column ``Datum`` (the price list of that day prices the quote). An existing file is kept unless ``force``.
    Example: ``write_orders("auftrag.xlsx", "K-1", "Kunde", [("SERVER", 1), ("OFFICE", 21)], catalog=cat)``.
    """
    target = Path(path)
    if target.exists() and not force:
        raise OutputError(Text("orders.exists_give_force_overwrite_it", target=target))
    values = {k: v for k, v in dict(options or {}).items() if k in OPTIONS and v is not None}
    fields = ["quote", "customer", *(["date"] if date is not None else []), "article", "quantity", "owned",
              *[k for k in OPTIONS if k in values]]
    wb = Workbook()
    ws = wb.active
    ws.title = text("orders.sheet_name", lang)
    ws.append([field_name(f).message(lang) for f in fields])
    have = {catalog.article(a).code: q for a, q in (owned.items() if isinstance(owned, dict) else owned or ())}
    rows = [(catalog.article(a), q) for a, q in (lines.items() if isinstance(lines, dict) else lines)]
    rows += [(catalog.article(code), 0) for code in have if code not in {a.code for a, _ in rows}]
    yes, no = text("orders.yes", lang), text("orders.no", lang)
    for i, (art, qty) in enumerate(rows):
        cells = {"quote": quote_id, "article": art.number, "quantity": qty, "owned": have.get(art.code)}
        if i == 0:
            cells["customer"] = customer
            cells["date"] = date
            for key, value in values.items():
                cells[key] = (yes if value else no) if OPTIONS[key].kind == "bool" else value
        ws.append([cells.get(f) for f in fields])
    atomic_save(wb, target)
    return target
