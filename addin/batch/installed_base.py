"""Reading the installed base: one row per licence line of a customer system, rows of one system share its id.

Sheet ``Bestand`` (``Installed base``; else the first sheet). Columns are found by their header, German or
English, in any order, as in the orders sheet (:mod:`.orders`, whose reader this one is):

* required: ``System`` (an id), ``Kunde``/``Customer``, ``Artikel``/``Article``, ``Bestand``/``Owned``
  (the quantity the customer owns, a whole number above 0);
* per system: ``Release``, ``Up2Date-Laufzeit``/``Up2Date term`` (years of the running or last term),
  ``Up2Date-Ende``/``Up2Date end`` (the last day of that term), the address, contact, country, VAT-ID
  and seller columns of the orders sheet and its options for the configuration checks (``LDAP``, ...).

Every bad value is reported with sheet, row, column and value, and only its own system fails. An end date
that is not the last day of a month gets a note: the service description ends every term at a month end.

Example::

    >>> from addin.catalog import get_catalog
    >>> systems = list(read_installed_base("workbook_templates/example_installed_base.xlsx", get_catalog()))
    >>> first = systems[0]
    >>> first.quote_id, first.up2date_end, sorted((a.code, q) for a, q in first.owned.items())
    ('S-1001', datetime.date(2027, 1, 31), [('OFFICE', 50), ('SERVER', 1)])
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..catalog import Catalog, get_catalog
from ..errors import MissingValue
from ..i18n import Text
from ..options import OPTIONS
from ..tables import header_lookup
from ..values import end_of_month, is_blank
from .orders import BASE_COLUMNS, DETAILS, FIELD_NAMES, Note, OrdersReader, QuoteOrder
from .texts import in_date

SHEET_NAMES = ("bestand", "installed base", "installierte basis", "systeme", "systems")
# per system: the release, the running term, and the confirmations the configuration checks ask for (LDAP, ...)
OPTION_FIELDS = tuple(k for k in OPTIONS if k != "up2date_months_left")
# field -> accepted headers (compared by addin.tables.header_key); "quote" holds the system's id
COLUMNS = {
    "quote": ("System", "System-ID", "Systemnummer", "System id", "System no."),
    **{k: BASE_COLUMNS[k] for k in ("customer", "article")},
    "owned": ("Bestand", "Owned", "Lizenzen", "Licences"),
    "up2date_end": ("Up2Date-Ende", "Up2Date end", "Ende Up2Date", "Up2Date bis", "Up2Date until"),
    **DETAILS,
    **{k: (OPTIONS[k].name_de, OPTIONS[k].name_en, *OPTIONS[k].headers) for k in OPTION_FIELDS},
}
NAMES = {**FIELD_NAMES, "quote": ("System", "System"), "up2date_end": ("Up2Date-Ende", "Up2Date end")}


@dataclass
class SystemOrder(QuoteOrder):
    """A system of the installed base: its owned licences, release, term and the customer's details."""

    up2date_end: dt.date | None = None


class InstalledBaseReader(OrdersReader):
    """The systems of an installed-base workbook, handed out one at a time (see :func:`read_installed_base`)."""

    SHEETS = SHEET_NAMES
    LOOKUP = header_lookup(COLUMNS)
    REQUIRED = ("quote", "customer", "article", "owned")
    QUOTE_FIELDS = ("customer", "up2date_end", *DETAILS, *OPTION_FIELDS)
    DATE_FIELDS = ("up2date_end",)
    NAMES = NAMES
    KEYS = {**OrdersReader.KEYS, "id": "label.system", "no_header": "base.no_header_row",
            "empty": "base.sheet_empty", "no_rows": "base.no_rows", "differs": "base.value_differs",
            "owned_differs": "base.owned_differs", "no_customer": "label.customer_for_system",
            "sheet": "label.installed_base"}
    ORDER = SystemOrder

    def _read_line(self, order: QuoteOrder, number: int, cells: dict, attempt) -> None:
        if is_blank(cells.get("owned")):  # every row of the installed base is a licence the customer owns
            order.errors.append(self._error(MissingValue(Text("label.owned")), number, "owned"))
            return
        super()._read_line(order, number, cells, attempt)

    def _finish(self, order: QuoteOrder) -> QuoteOrder:
        order = super()._finish(order)
        assert isinstance(order, SystemOrder)
        for fld in ("up2date_end", "up2date_term_years"):
            have = order.up2date_end if fld == "up2date_end" else order.options.get(fld)
            if have is None and not any(e.fields.get("column") == self._letter(fld) for e in order.errors):
                what = Text("label.field_for_system", field=self.field_name(fld), system=order.quote_id)
                order.errors.append(self._error(MissingValue(what), order.first_row, fld))
        end = order.up2date_end
        if end is not None and end != end_of_month(end):
            said = Text("base.end_not_month_end", end=in_date(end), last=in_date(end_of_month(end)))
            order.notes.append(Note(said, self.sheet, order.seen["up2date_end"][1], self._letter("up2date_end")))
        return order


def read_installed_base(path, catalog: Catalog | None = None) -> InstalledBaseReader:
    """Open an installed-base workbook; iterate the result for one :class:`SystemOrder` per system."""
    return InstalledBaseReader(path, catalog=catalog if catalog is not None else get_catalog())
