"""``xphone-pricing reprice``: every quote of an orders sheet under two price lists, in one workbook.

Each quote is priced twice, with the list valid on ``--from`` and with the
list valid on ``--to`` (the quotes' own dates do not matter here). The tables
are built with pandas from the priced lines (:mod:`addin.frames`):

* sheet ``Angebote`` (``Quotes``): quote, customer, net total under each list,
  difference and change in %, a note for a quote that cannot be priced under
  a list; a total row below the table;
* sheet ``Artikel`` (``Articles``): per article the quantity and the value
  under each list summed over the quotes priced under both, difference and %.

Amounts are written as numbers with a currency format, changes as numbers
with a percent format; each sheet has a frozen header row and an autofilter.

Example::

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "Preisvergleich.xlsx"
    >>> r = reprice("workbook_templates/example_orders.xlsx", dt.date(2026, 6, 1), dt.date(2027, 6, 1), out)
    >>> r.quotes.loc[0, ["quote", "old", "new", "difference"]].tolist()
    ['2026-001', Decimal('2895.20'), Decimal('2941.40'), Decimal('46.20')]
"""
from __future__ import annotations

import datetime as dt  # noqa: F401  (the examples use it)
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .batch.orders import read_orders
from .batch.texts import counted
from .catalog import Catalog, get_catalog
from .catalog.validity import PriceList, default_date
from .errors import OutputError, XPhoneError
from .frames import LINE_COLUMNS, price_orders, quote_rows
from .i18n import Text, section
from .i18n.locale import locale
from .list_changes import next_list
from .money import ZERO, excel_round
from .quote import price_quote
from .xlsx.cells import write_text
from .xlsx.save import atomic_save, refuse_to_overwrite_an_input

PERCENT = "0.00%"


@dataclass
class Repricing:
    """The two lists compared, the tables written and where."""

    old: PriceList
    new: PriceList
    quotes: pd.DataFrame  # quote, customer, old, new, difference, percent, note, draft
    articles: pd.DataFrame  # number, code, name, quantity, old, new, difference, percent
    path: Path

    @property
    def in_total(self) -> pd.Series:
        """The quotes the totals sum: priced under both lists and no draft (as the summary of a batch counts)."""
        return self.quotes["difference"].notna() & ~self.quotes["draft"]

    @property
    def drafts(self) -> list:
        """The ids of the quotes left out of the totals as drafts (ERROR findings of the checks)."""
        return list(self.quotes.loc[self.quotes["draft"], "quote"])

    def left_out(self, lang: str) -> str:
        """``Nicht in der Summe: 1 Entwurf (Prüf-Fehler): 2026-005.``, or empty without drafts."""
        w = section("reprice", lang)
        ids = self.drafts
        return w["left_out"].format(drafts=counted(len(ids), *w["drafts"]), ids=", ".join(ids)) if ids else ""


def _percent(old, new):
    """The change as a fraction rounded to 0.01 % (0.0336 = 3.36 %), None without an old amount."""
    if old is None or new is None or pd.isna(old) or pd.isna(new) or old == 0:
        return None
    return excel_round((new - old) / old, 4)


def _priced(orders, day, cat: Catalog, lang: str):
    """(lines frame, {quote: (customer, error)}) of every quote priced with the list of ``day``."""
    rows, info = [], {}
    for order, quote, error in price_orders(orders, day, cat, lang=lang):
        info[order.quote_id] = (order.customer, error)
        if quote is not None:
            rows.extend(quote_rows(quote, lang))
    return pd.DataFrame(rows, columns=list(LINE_COLUMNS)), info


def _drafts(orders, cat: Catalog) -> set:
    """The quotes a batch would write as drafts for their ERROR findings (the checks do not depend on the list)."""
    out = set()
    for order in orders:
        if order.errors:
            continue
        try:
            quote = price_quote(order.lines, order.owned, order.options, catalog=cat, date=order.date)
        except XPhoneError:
            continue  # not priced: its note says why
        if quote.worst_severity == "ERROR":
            out.add(order.quote_id)
    return out


def _decimal_sum(series) -> Decimal:
    return sum(series, ZERO)


def compare(orders, from_date=None, to_date=None, catalog: Catalog | None = None, lang: str = "de"):
    """The two comparison tables: ``(old list, new list, quotes frame, articles frame)``.

    ``from_date`` defaults to today, ``to_date`` to the first day of the list after that one.
    """
    cat = (catalog if catalog is not None else get_catalog()).loaded
    old_list = cat.on(from_date).price_list
    assert old_list is not None  # on() gives a catalog priced with one list
    to_date = to_date if to_date is not None else next_list(cat, old_list).valid_from
    new_list = cat.on(to_date).price_list
    assert new_list is not None
    from_date = from_date if from_date is not None else default_date()
    if not isinstance(orders, (str, Path)):
        orders = list(orders)
    else:
        orders = list(read_orders(orders, catalog=cat, today=default_date()))
    drafts = _drafts(orders, cat)
    old_lines, old_info = _priced(orders, from_date, cat, lang)
    new_lines, new_info = _priced(orders, to_date, cat, lang)
    w = section("reprice", lang)

    nets_old = old_lines.groupby("quote", sort=False)["total"].agg(_decimal_sum)
    nets_new = new_lines.groupby("quote", sort=False)["total"].agg(_decimal_sum)
    quotes = pd.DataFrame({"quote": list(old_info)})
    quotes["customer"] = [old_info[q][0] for q in quotes["quote"]]
    quotes["old"] = [nets_old.get(q) for q in quotes["quote"]]
    quotes["new"] = [nets_new.get(q) for q in quotes["quote"]]
    quotes["difference"] = [None if o is None or n is None else n - o for o, n in zip(quotes["old"], quotes["new"])]
    quotes["percent"] = [_percent(o, n) for o, n in zip(quotes["old"], quotes["new"])]
    notes = []
    for q in quotes["quote"]:
        parts = [w["failed"].format(name=pl.name, error=info[q][1])
                 for pl, info in ((old_list, old_info), (new_list, new_info)) if info[q][1]]
        if q in drafts:
            parts.append(w["draft"])
        notes.append(" | ".join(dict.fromkeys(parts)))
    quotes["note"] = notes
    quotes["draft"] = [q in drafts for q in quotes["quote"]]

    both = set(quotes.loc[quotes["difference"].notna() & ~quotes["draft"], "quote"])
    keys = ["number", "code", "name"]

    def per_article(lines):
        sold = lines[lines["quote"].isin(both) & (lines["kind"] != "included")]
        return sold.groupby(keys, sort=False).agg(quantity=("quantity", "sum"), value=("total", _decimal_sum))

    a_old, a_new = per_article(old_lines), per_article(new_lines)
    articles = a_old.merge(a_new, how="outer", left_index=True, right_index=True, suffixes=("_old", "_new"),
                           sort=False).reset_index()
    order = {a.number: i for i, a in enumerate(cat.articles)}
    articles = articles.assign(_order=articles["number"].map(order)).sort_values("_order").drop(columns="_order")
    articles["quantity"] = [int(n if pd.notna(n) else o) for o, n in zip(articles["quantity_old"],
                                                                         articles["quantity_new"])]
    articles = articles.rename(columns={"value_old": "old", "value_new": "new"})
    articles["old"] = [v if isinstance(v, Decimal) else None for v in articles["old"]]
    articles["new"] = [v if isinstance(v, Decimal) else None for v in articles["new"]]
    articles["difference"] = [None if o is None or n is None else n - o
                              for o, n in zip(articles["old"], articles["new"])]
    articles["percent"] = [_percent(o, n) for o, n in zip(articles["old"], articles["new"])]
    articles = articles[keys + ["quantity", "old", "new", "difference", "percent"]].reset_index(drop=True)
    return old_list, new_list, quotes, articles


def reprice(orders, from_date=None, to_date=None, out=None, *, force: bool = False, lang: str = "de",
            catalog: Catalog | None = None) -> Repricing:
    """Price every quote of ``orders`` under two lists and write the comparison workbook ``out``."""
    w = section("reprice", lang)
    out = Path(out if out is not None else w["default_out"])
    refuse_to_overwrite_an_input(out, [(orders, Text("label.orders_sheet")),
                                       (get_catalog().path, Text("label.catalog"))])
    if out.exists() and not force:
        raise OutputError(Text("reprice.exists", name=out))
    old_list, new_list, quotes, articles = compare(orders, from_date, to_date, catalog, lang)
    wb = Workbook()
    ws = wb.active
    ws.title = w["quotes"]
    money, pct = locale(lang).cell_money, PERCENT
    heads = [w["quote"], w["customer"], f"{w['net']} {old_list.name}", f"{w['net']} {new_list.name}",
             w["difference"], w["percent"], w["note"]]
    formats = [None, None, money, money, money, pct, None]
    body = quotes[["quote", "customer", "old", "new", "difference", "percent", "note"]].itertuples(index=False)
    last = _table(ws, heads, formats, body, (14, 32, 24, 24, 14, 12, 60))
    both = quotes[quotes["difference"].notna() & ~quotes["draft"]]
    totals = [w["total"], None, _decimal_sum(both["old"]), _decimal_sum(both["new"]),
              _decimal_sum(both["difference"])]
    totals.append(_percent(totals[2], totals[3]))
    _row(ws, last + 2, totals, formats, bold=True)
    result = Repricing(old_list, new_list, quotes, articles, out)
    if result.drafts:
        _row(ws, last + 3, [result.left_out(lang)], [None])

    ws2 = wb.create_sheet(w["articles"])
    heads2 = [w["number"], w["code"], w["name"], w["quantity"], f"{w['value']} {old_list.name}",
              f"{w['value']} {new_list.name}", w["difference"], w["percent"]]
    formats2 = [None, None, None, "0", money, money, money, pct]
    _table(ws2, heads2, formats2, articles.itertuples(index=False), (16, 22, 48, 9, 24, 24, 14, 12))
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_save(wb, out)
    return result


def _row(ws, r: int, values, formats, bold: bool = False) -> None:
    for c, (value, fmt) in enumerate(zip(values, formats), start=1):
        cell = ws.cell(r, c)
        if isinstance(value, str):
            write_text(cell, value)
        elif value is not None and not (isinstance(value, float) and pd.isna(value)):
            cell.value = value
            if fmt:
                cell.number_format = fmt
        if bold:
            cell.font = Font(bold=True)


def _table(ws, heads, formats, rows, widths) -> int:
    """Header, rows, frozen header and autofilter; returns the last row written."""
    _row(ws, 1, heads, [None] * len(heads), bold=True)
    r = 1
    for r, values in enumerate(rows, start=2):
        _row(ws, r, list(values), formats)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(heads))}{max(r, 2)}"
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    return r
