"""Checking the sheets of a catalog workbook and building a :class:`~addin.catalog.model.Catalog`.

Every problem is reported with sheet, row and column. The rules sheet
``Regeln`` is read by :func:`addin.checks.sheet.parse_rules`.

Price lists come in one of two layouts:

* several lists: the sheet ``Preislisten`` has one row per list (``Preisliste`` = its name,
  ``Gültig ab``, optional ``Gültig bis``, ``Status``: ``Beispiel``, ``gültig`` or ``Entwurf``)
  and the sheet ``Artikel`` one price column per list, headed with the list's name. A cell
  holds the price, ``–`` (the list does not offer the article: added later or withdrawn), or
  stays blank for an Up2Date or upgrade article the list offers;
* one list (older catalogs): name, ``Gültig ab`` and status on the sheet ``Preisliste`` and the
  prices in the column ``Listenpreis EUR``.

Example::

    >>> cat = build_catalog({"Preisliste": [("Eigenschaft", "Wert"), ("Name", "Test"), ("Währung", "EUR"),
    ...                                     ("Status", "Beispiel")],
    ...                      "Artikel": [("Artikelnummer", "Kurzcode", "Name DE", "Kategorie", "Listenpreis EUR"),
    ...                                  ("3210.0030", "SERVER", "SERVER", "server", 2490)],
    ...                      "Up2Date": [("Jahre", "Artikelnummer", "Satz pro Jahr", "Satz gesamt")],
    ...                      "Upgrade": [("Von Release", "Artikelnummer", "Satz")]})
    Traceback (most recent call last):
    addin.errors.CatalogError: Katalog fehlerhaft: keine Up2Date-Laufzeiten. (Blatt Up2Date)
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypeVar, overload

from ..checks.sheet import parse_rules
from ..errors import BadCatalogRow, BadValue, CatalogError, MissingValue, XPhoneError, in_language, show
from ..i18n import Text, Wording
from ..money import in_eur, in_percent, to_amount, to_percent
from ..tables import SheetRow, header_key, header_letter, table_rows
from ..tax import Country, TaxRules
from ..values import is_blank, to_date, to_whole
from .model import (
    CATEGORIES,
    PERCENT_CATEGORIES,
    Article,
    Catalog,
    Meta,
    Up2DateTerm,
    UpgradeRate,
    code_key,
    name_key,
    number_value,
    short_name,
)
from .validity import PriceList, allowed_statuses, status_kind

# Sheet names: the first is what the shipped catalog uses; the others are accepted too.
SHEETS: dict[str, tuple[str, ...]] = {
    "meta": ("Katalog", "Preisliste", "Meta", "Price list", "Catalog"),
    "lists": ("Preislisten", "Price lists"),
    "articles": ("Artikel", "Articles"),
    "up2date": ("Up2Date",),
    "upgrades": ("Upgrade", "Upgrades"),
    "rules": ("Regeln", "Rules"),
    "countries": ("Länder", "Countries"),
}

# Column headers per sheet: field -> accepted headers (compared by addin.tables.header_key).
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "meta": {
        "key": ("Eigenschaft", "Key"),
        "value": ("Wert", "Value"),
    },
    "articles": {
        "number": ("Artikelnummer", "Article number", "Art-Nr."),
        "code": ("Kurzcode", "Code", "Short code"),
        "name_de": ("Name DE", "Bezeichnung", "Name (DE)"),
        "name_en": ("Name EN", "Name (EN)"),
        "category": ("Kategorie", "Category"),
        "includes": ("Enthält", "Includes"),
        "price": ("Listenpreis EUR", "List price EUR", "Listenpreis", "List price"),
        "description_de": ("Beschreibung DE", "Beschreibung", "Description DE"),
    },
    "up2date": {
        "years": ("Jahre", "Years"),
        "number": ("Artikelnummer", "Article number"),
        "rate": ("Satz pro Jahr", "Rate per year"),
        "total": ("Satz gesamt", "Total rate"),
    },
    "upgrades": {
        "release": ("Von Release", "From release"),
        "number": ("Artikelnummer", "Article number"),
        "rate": ("Satz", "Rate"),
    },
    "countries": {
        "code": ("Land", "ISO-Code", "Country", "Code"),
        "name_de": ("Name DE", "Name"),
        "name_en": ("Name EN",),
        "other_names": ("Weitere Namen", "Other names"),
        "area": ("Steuergebiet", "Tax area"),
        "vat_prefix": ("USt-IdNr.-Präfix", "Präfix", "VAT ID prefix", "Prefix"),
    },
    "lists": {
        "name": ("Preisliste", "Name", "Price list"),
        "valid_from": ("Gültig ab", "Valid from"),
        "valid_until": ("Gültig bis", "Valid until"),
        "status": ("Status",),
    },
}
OPTIONAL_COLUMNS: dict[str, set[str]] = {"articles": {"includes", "name_en", "price", "description_de"},
                                         "lists": {"valid_until"},
                                         "countries": {"name_en", "other_names", "vat_prefix"}}
# A price cell saying the list does not offer the article (compared without case and spaces).
NOT_OFFERED = ("-", "–", "—", "entfällt", "nicht angeboten", "not offered", "withdrawn")

META_KEYS = {
    "name": ("Name", "Preisliste", "Price list"),
    "valid_from": ("Gültig ab", "Valid from"),
    "currency": ("Währung", "Currency"),
    "status": ("Status",),
    "vat_rate": ("MwSt-Satz", "VAT rate"),
}
# The sentences a quote prints for a VAT treatment (addin.tax): entry of the sheet Katalog per language
SENTENCE_KEYS = {
    ("reverse_charge", "de"): ("Hinweis EU", "Hinweis Reverse Charge", "Reverse charge note DE"),
    ("reverse_charge", "en"): ("Hinweis EU EN", "Hinweis Reverse Charge EN", "Reverse charge note EN"),
    ("third_country", "de"): ("Hinweis Drittland", "Third country note DE"),
    ("third_country", "en"): ("Hinweis Drittland EN", "Third country note EN"),
}
# The tax areas of the sheet Länder (addin.tax.AREAS), as the sheet may write them (compared by header_key)
AREA_NAMES = {"home": ("Inland", "Home", "Domestic"), "eu": ("EU", "EU-Ausland"),
              "third": ("Drittland", "Nicht-EU", "Third country", "Non-EU")}


_T = TypeVar("_T")
# A workbook's sheets as read: sheet name -> rows of cell values; the articles by (kind, key) (see Catalog._index)
_Sheets = dict[str, list[tuple[Any, ...]]]
_Index = dict[tuple[str, str | Decimal], Article]
TEXT = Text("label.text")


def build_catalog(sheets: _Sheets, path: str = "<memory>") -> Catalog:
    """Check the sheets of a catalog workbook (name -> rows of values) and build a :class:`Catalog`.

    Number text in the catalog (a price typed as text) is read the German way, whatever the language in
    force, so that a catalog means the same to every user.
    """
    with in_language("de"):
        return _build(sheets, path)


def _build(sheets: _Sheets, path: str) -> Catalog:
    lists_name, lists_rows = find_sheet(sheets, "lists", required=False)
    meta = _build_meta(sheets, several=lists_name is not None)
    heads = _read_lists(lists_name, lists_rows) if lists_name is not None else [_single_list(meta)]
    articles, index, lists = _build_articles(sheets, heads)
    up2date = _build_up2date(sheets, index)
    upgrades = _build_upgrades(sheets, index)
    single = lists[0] if len(lists) == 1 else None
    if single is not None:
        meta = Meta(single.name, single.valid_from, meta.currency, single.status, meta.vat_rate)
    catalog = Catalog(path=path, meta=meta, articles=tuple(articles), up2date=up2date,
                      upgrades=upgrades, _index=index, price_lists=tuple(lists), price_list=single)
    # the rules sheet is required like the Upgrade sheet: without it a configuration the service description
    # forbids would be written as a sendable quote
    rules_name, rules_rows = find_sheet(sheets, "rules")
    rules = parse_rules(rules_name, rules_rows, catalog)
    if not rules:
        raise CatalogError(Text("catalog.sheet_holds_no_rules_enter", rules_name=rules_name), sheet=rules_name)
    # rows of kind 'im Programm' only name a rule in code (to mark it as a customer note); they do not run
    object.__setattr__(catalog, "rules", tuple(r for r in rules if not r.in_code))
    object.__setattr__(catalog, "customer_notes", frozenset(r.rule_id for r in rules if r.customer))
    object.__setattr__(catalog, "tax", _build_tax(sheets))
    return catalog


@overload
def find_sheet(sheets: _Sheets, kind: str, required: Literal[True] = True) -> tuple[str, list[tuple[Any, ...]]]: ...


# rows: None exactly when the name is (a type cannot say so to a caller that unpacks the pair)
@overload
def find_sheet(sheets: _Sheets, kind: str, required: bool) -> tuple[str | None, Any]: ...


def find_sheet(sheets: _Sheets, kind: str, required: bool = True) -> tuple[str | None, Any]:
    """(name, rows) of the sheet of ``kind`` (see :data:`SHEETS`), or (None, None) when it may be missing."""
    names = SHEETS[kind]
    lower = {name.strip().lower(): name for name in sheets}
    for candidate in names:
        if candidate.lower() in lower:
            actual = lower[candidate.lower()]
            return actual, sheets[actual]
    if required:
        raise CatalogError(Text("catalog.sheet_missing", names=names[0]))
    return None, None


def _cell(row: SheetRow, fld: str, convert: Callable[..., _T], **kw: Any) -> _T:
    """Convert one cell, re-raising errors with sheet/row/column attached."""
    try:
        return convert(row.values.get(fld), **kw)
    except XPhoneError as exc:
        raise BadCatalogRow(exc, sheet=row.sheet, row=row.row, column=row.columns.get(fld, fld)) from None


def _text(value: Any, *, required: bool = True, what: Wording = TEXT) -> str:
    if is_blank(value):
        if required:
            raise MissingValue(what)
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _positive(value: Any, *, what: Wording) -> int:
    return to_whole(value, what, minimum=1)


def _parse_includes(text: str) -> list[tuple[str, int]]:
    """``"5 OFFICE"`` or ``"5 × OFFICE, 1 TAPI"`` -> [("OFFICE", 5), ("TAPI", 1)]."""
    result = []
    for part in re.split(r"[;,]", text):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)\s*[x×*]?\s*(.+)", part)
        if not m:
            raise BadValue(Text("label.includes"), part, Text("hint.form_5_office"))
        result.append((m.group(2).strip(), int(m.group(1))))
    return result


def _build_meta(sheets: _Sheets, several: bool = False) -> Meta:
    """The sheet of catalog settings: currency and VAT, and with one list its name, date and status."""
    name, rows = find_sheet(sheets, "meta")
    found = {}
    for row in table_rows(name, rows, COLUMNS["meta"]):
        key = _text(row.values["key"], required=False).lower()
        for fld, aliases in META_KEYS.items():
            if key in (a.lower() for a in aliases):
                found[fld] = row
    if several:
        for fld in ("name", "valid_from", "status"):
            if fld in found:
                r = found[fld]
                raise BadCatalogRow(Text("catalog.meta_with_several_lists", entry=Text(f"label.meta.{fld}"),
                                         sheet=SHEETS["lists"][0]), sheet=name, row=r.row, column=r.columns["key"])
        if "currency" not in found:
            raise CatalogError(Text("catalog.entry_missing", entry=META_KEYS["currency"][0]), sheet=name)
        vat = Decimal("0.19")
        if "vat_rate" in found:
            vat = _cell(found["vat_rate"], "value", to_percent, what=Text("label.vat_rate"))
        currency = _cell(found["currency"], "value", _text, what=Text("label.currency"))
        return Meta(name="", valid_from=None, currency=currency, status="", vat_rate=vat)
    for fld in ("name", "currency", "status"):
        if fld not in found:
            raise CatalogError(Text("catalog.entry_missing", entry=META_KEYS[fld][0]), sheet=name)
    valid_from = None
    if "valid_from" in found and not is_blank(found["valid_from"].values["value"]):
        valid_from = _cell(found["valid_from"], "value", _date, what=Text("label.valid_from"))
    vat = Decimal("0.19")
    if "vat_rate" in found:
        vat = _cell(found["vat_rate"], "value", to_percent, what=Text("label.vat_rate"))

    def entry(fld: str) -> str:
        return _cell(found[fld], "value", _text, what=Text(f"label.meta.{fld}"))

    status = entry("status")
    if status_kind(status) is None:
        r = found["status"]
        raise BadCatalogRow(Text("catalog.status_unknown_allowed", status=status, allowed_statuses=allowed_statuses()),
                            sheet=name, row=r.row, column=r.columns["value"])
    return Meta(name=entry("name"), valid_from=valid_from, currency=entry("currency"), status=status, vat_rate=vat)


def _date(value: Any, *, what: Wording) -> dt.date:
    """A date cell (a date, or text such as 2027-01-01 or 01.01.2027); a number is no date here."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise BadValue(what, value, Text("hint.date_expected_e_g_2027_2"))
    return to_date(value, what)


@dataclass
class _ListHead:
    """A price list as the sheet Preislisten names it, before its prices are read."""

    name: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    status: str
    row: int
    sheet: str = ""
    columns: dict[str, str] = field(default_factory=dict)


def _single_list(meta: Meta) -> _ListHead:
    """The one list of an older catalog: its prices are in the column Listenpreis EUR."""
    return _ListHead(meta.name, meta.valid_from, None, meta.status, 0)


def _read_lists(name: str, rows: list[tuple[Any, ...]]) -> list[_ListHead]:
    """The sheet Preislisten: one row per list; duplicate names, overlapping dates and non-dates refused."""
    heads: list[_ListHead] = []
    for row in table_rows(name, rows, COLUMNS["lists"], OPTIONAL_COLUMNS["lists"]):
        list_name = _cell(row, "name", _text, what=Text("label.price_list"))
        valid_from = _cell(row, "valid_from", _date, what=Text("label.valid_from_2", list_name=list_name))
        valid_until = None
        if not is_blank(row.values.get("valid_until")):
            valid_until = _cell(row, "valid_until", _date, what=Text("label.valid_until", list_name=list_name))
            if valid_until < valid_from:
                raise BadCatalogRow(Text("catalog.price_list_valid_until_before", list_name=list_name,
                                         show=show(valid_until), show2=show(valid_from)),
                                    sheet=name, row=row.row, column=row.columns["valid_until"])
        status = _cell(row, "status", _text, what=Text("label.status", list_name=list_name))
        if status_kind(status) is None:
            raise BadCatalogRow(Text("catalog.price_list_status_unknown_allowed", list_name=list_name, status=status,
                                     allowed_statuses=allowed_statuses()),
                                sheet=name, row=row.row, column=row.columns["status"])
        for other in heads:
            if header_key(other.name) == header_key(list_name):
                raise BadCatalogRow(Text("catalog.price_list_listed_twice_already", list_name=list_name, row=other.row),
                                    sheet=name, row=row.row, column=row.columns["name"])
        heads.append(_ListHead(list_name, valid_from, valid_until, status, row.row, name, row.columns))
    if not heads:
        raise CatalogError(Text("catalog.no_price_list"), sheet=name)
    ordered = sorted(heads, key=lambda h: (h.valid_from, h.row))
    for before, after in zip(ordered, ordered[1:]):
        if before.valid_from == after.valid_from:  # the list further down the sheet is reported
            named, other = (after, before) if after.row > before.row else (before, after)
            why = Text("catalog.lists_same_start", start=show(after.valid_from))
            column = "valid_from"
        elif (before.valid_until is not None and after.valid_from is not None
              and before.valid_until >= after.valid_from):
            named, other = before, after  # its last day is what reaches into the next list
            why = Text("catalog.lists_overlap_why", before=before.name, until=show(before.valid_until),
                       after=after.name, start=show(after.valid_from))
            column = "valid_until"
        else:
            continue
        raise BadCatalogRow(Text("catalog.lists_overlap", named=named.name, other=other.name, row=other.row, why=why),
                            sheet=name, row=named.row, column=named.columns.get(column, ""))
    return ordered


def _price_fields(name: str, rows: list[tuple[Any, ...]], heads: list[_ListHead]) -> dict[str, _ListHead]:
    """Field of the sheet Artikel holding each list's prices: ``{field: _ListHead}``."""
    if len(heads) == 1 and heads[0].row == 0:
        return {"price": heads[0]}
    if header_letter(rows, COLUMNS["articles"]["price"]):
        raise BadCatalogRow(Text("catalog.with_sheet_prices_go_one", SHEETS=SHEETS['lists'][0],
                                 COLUMNS=COLUMNS['articles']['price'][0]),
                            sheet=name, row=1, column=header_letter(rows, COLUMNS["articles"]["price"]))
    fields = {}
    for i, head in enumerate(heads):
        if not header_letter(rows, (head.name,)):
            raise BadCatalogRow(Text("catalog.price_list_sheet_has_no", name=head.name, name2=name),
                                sheet=head.sheet, row=head.row, column=head.columns.get("name", ""))
        fields[f"list{i}"] = head
    return fields


CENT = Decimal("0.01")
MAX_LIST_PRICE = Decimal("1000000")  # a unit list price above a million euros is a typing error, not a price


def _list_price(value: Any, *, what: Wording, category: str, several: bool) -> tuple[bool, Decimal | None]:
    """A price cell of one list: ``(offered, price)``; the price is None for a percentage article."""
    if isinstance(value, str) and value.strip().lower() in NOT_OFFERED:
        return False, None
    if category in PERCENT_CATEGORIES:
        if not is_blank(value):
            raise BadValue(what, value, Text("hint.percentage_article_leave_cell_empty"))
        return True, None
    if is_blank(value) and several:
        raise MissingValue(Text("catalog.price_or_not_offered", what=what))
    price = to_amount(value, what)
    if price > MAX_LIST_PRICE:
        raise BadValue(what, value, Text("hint.at_most_a_unit", most=in_eur(MAX_LIST_PRICE)))
    if price != price.quantize(CENT):
        raise BadValue(what, value, Text("hint.at_most_two_decimals", example=in_eur(price.quantize(CENT))))
    return True, price


def _build_articles(sheets: _Sheets, heads: list[_ListHead]) -> tuple[list[Article], _Index, list[PriceList]]:
    name, rows = find_sheet(sheets, "articles")
    price_fields = _price_fields(name, rows, heads)
    columns = dict(COLUMNS["articles"])
    optional = set(OPTIONAL_COLUMNS["articles"])
    for fld, head in price_fields.items():
        if fld != "price":
            columns[fld] = (head.name,)
        else:
            optional.discard("price")
    articles: list[Article] = []
    index: _Index = {}
    prices: dict[str, dict[str, Decimal | None]] = {fld: {} for fld in price_fields}
    for row in table_rows(name, rows, columns, optional):
        number = _cell(row, "number", _text, what=Text("label.article_number"))
        code = code_key(_cell(row, "code", _text, what=Text("label.short_code")))
        german = _cell(row, "name_de", _text, what=Text("label.name"))
        english = _cell(row, "name_en", _text, required=False) or german
        category = _cell(row, "category", _text, what=Text("label.category")).lower()
        if category not in CATEGORIES:
            raise BadCatalogRow(Text("catalog.category_unknown_allowed", category=category,
                                     allowed=', '.join(CATEGORIES)),
                                sheet=name, row=row.row, column=row.columns["category"])
        for fld, head in price_fields.items():
            if fld == "price" and category in PERCENT_CATEGORIES and not is_blank(row.values.get("price")):
                raise BadCatalogRow(Text("catalog.percentage_article_leave_its_list", number=number),
                                    sheet=name, row=row.row, column=row.columns["price"])
            if fld == "price":
                what = Text("label.list_price_of", number=number)
            else:
                what = Text("label.price_in_list", number=number, code=code, name=head.name)
            offered, price = _cell(row, fld, _list_price, what=what, category=category,
                                   several=fld != "price")
            if offered:
                prices[fld][number] = price
        only = next(iter(prices.values())) if len(prices) == 1 else {}
        includes = tuple(_cell(row, "includes", lambda v: _parse_includes(_text(v, required=False))))
        article = Article(number, code, german, english, category, only.get(number), includes, row.row,
                          description_de=_cell(row, "description_de", _text, required=False))
        keys: list[tuple[str, str | Decimal]] = [("number", number), ("code", code)]
        value = number_value(number)
        if value is not None:
            keys.append(("value", value))
        for key in keys:
            if key in index:
                other = index[key]
                raise BadCatalogRow(
                    Text("catalog.article_listed_twice_already_row", number=number, code=code, row=other.row,
                         number2=other.number, code2=other.code),
                    sheet=name, row=row.row, column=row.columns["number" if key[0] != "code" else "code"])
            index[key] = article
        articles.append(article)
    if not articles:
        raise CatalogError(Text("catalog.no_articles"), sheet=name)
    # printed names (German, English, without the product prefix) find their article where only one has it
    names: dict[str, set[str]] = {}
    for article in articles:
        for text in {article.name_de, article.name_en}:
            for form in (text, short_name(text)):
                names.setdefault(name_key(form), set()).add(article.number)
    by_number = {a.number: a for a in articles}
    for form_key, numbers in names.items():
        if len(numbers) == 1:
            index.setdefault(("name", form_key), by_number[next(iter(numbers))])
    # inclusions must name known licence articles, offered wherever the bundle is
    includes_column = header_letter(rows, COLUMNS["articles"]["includes"])
    for article in articles:
        for code, _qty in article.includes:
            inc = index.get(("code", code_key(code))) or index.get(("number", code))
            if inc is None:
                raise BadCatalogRow(Text("catalog.includes_names_unknown_article", code=code),
                                    sheet=name, row=article.row, column=includes_column)
            for fld, head in price_fields.items():
                if article.number in prices[fld] and inc.number not in prices[fld]:
                    raise BadCatalogRow(Text("catalog.price_list_includes_which_this", name=head.name,
                                             number=article.number, code=article.code, code2=inc.code),
                                        sheet=name, row=article.row,
                                        column=header_letter(rows, columns[fld]))
    lists = [PriceList(head.name, head.valid_from, head.valid_until, head.status, prices[fld], head.row,
                       header_letter(rows, columns[fld]))
             for fld, head in price_fields.items()]
    for pl in lists:
        if not any(a.is_licence and pl.offers(a.number) for a in articles):
            raise CatalogError(Text("catalog.price_list_offers_no_licence", name=pl.name),
                               sheet=name, column=pl.column)
    return articles, index, sorted(lists, key=lambda pl: (pl.valid_from or dt.date.min))


def _referenced(row: SheetRow, index: _Index, category: str) -> str:
    number = _cell(row, "number", _text, what=Text("label.article_number"))
    article = index.get(("number", number))
    if article is None:
        raise BadCatalogRow(Text("catalog.article_not_on_articles_sheet", number=number),
                            sheet=row.sheet, row=row.row, column=row.columns["number"])
    if article.category != category:
        raise BadCatalogRow(Text("catalog.article_has_category_expected", number=number, category=article.category,
                                 category2=category),
                            sheet=row.sheet, row=row.row, column=row.columns["number"])
    return number


def _keyed_rows(sheets: _Sheets, table: str, key: str, what: Text, twice: str) -> Iterator[tuple[str, SheetRow, int]]:
    """(sheet name, row, key) of a sheet whose rows are keyed by a whole number above 0 (the Up2Date term in
    years, the release an upgrade starts from); a key listed twice is refused with sheet, row and column (the
    catalog text ``twice`` with the key as ``value``)."""
    name, rows = find_sheet(sheets, table)
    seen: set[int] = set()
    for row in table_rows(name, rows, COLUMNS[table]):
        value = _cell(row, key, _positive, what=what)
        if value in seen:
            raise BadCatalogRow(Text(twice, value=value), sheet=name, row=row.row, column=row.columns[key])
        seen.add(value)
        yield name, row, value


def _build_up2date(sheets: _Sheets, index: _Index) -> dict[int, Up2DateTerm]:
    terms = {}
    name = None
    for name, row, years in _keyed_rows(sheets, "up2date", "years", Text("label.years"), "catalog.term_twice"):
        number = _referenced(row, index, "up2date")
        rate = _cell(row, "rate", to_percent, what=Text("label.rate_per_year"))
        total = _cell(row, "total", to_percent, what=Text("label.total_rate"))
        if rate * years != total:
            raise BadCatalogRow(Text("catalog.total_rate_mismatch", total=in_percent(total), years=years,
                                     rate=in_percent(rate), product=in_percent(rate * years)),
                                sheet=name, row=row.row, column=row.columns["total"])
        terms[years] = Up2DateTerm(years, number, rate, total)
    if not terms:
        raise CatalogError(Text("catalog.no_up2date_terms"),
                           sheet=name or find_sheet(sheets, "up2date")[0])
    return dict(sorted(terms.items()))


def _build_upgrades(sheets: _Sheets, index: _Index) -> dict[int, UpgradeRate]:
    rates = {}
    for _name, row, release in _keyed_rows(sheets, "upgrades", "release", Text("label.from_release"),
                                           "catalog.release_twice"):
        rates[release] = UpgradeRate(release, _referenced(row, index, "upgrade"),
                                     _cell(row, "rate", to_percent, what=Text("label.rate")))
    return dict(sorted(rates.items()))


def _build_tax(sheets: _Sheets) -> TaxRules | None:
    """The sheet Länder and the sentences of the sheet Katalog (:mod:`addin.tax`); None without the sheet (a
    quote to a country then fails: its VAT cannot be decided)."""
    name, rows = find_sheet(sheets, "countries", required=False)
    if name is None:
        return None
    areas = {header_key(n): area for area, names in AREA_NAMES.items() for n in names}
    allowed = ", ".join(names[0] for names in AREA_NAMES.values())
    countries: list[Country] = []
    seen: dict[str, int] = {}
    for row in table_rows(name, rows, COLUMNS["countries"], OPTIONAL_COLUMNS["countries"]):
        code = _cell(row, "code", _text, what=Text("label.country_code")).upper()
        if code in seen:
            raise BadCatalogRow(Text("catalog.country_twice", code=code, row=seen[code]), sheet=name, row=row.row,
                                column=row.columns["code"])
        seen[code] = row.row
        area_text = _cell(row, "area", _text, what=Text("label.tax_area"))
        area = areas.get(header_key(area_text))
        if area is None:
            bad = BadValue(Text("label.tax_area"), area_text, Text("hint.allowed_values", allowed=allowed))
            raise BadCatalogRow(bad, sheet=name, row=row.row, column=row.columns["area"])
        others = _cell(row, "other_names", _text, required=False)
        prefix = _cell(row, "vat_prefix", _text, required=False).upper()
        countries.append(Country(code, _cell(row, "name_de", _text, what=Text("label.name")),
                                 _cell(row, "name_en", _text, required=False), area,
                                 prefix or (code if area != "third" else ""),
                                 tuple(n.strip() for n in others.split(",") if n.strip())))
    homes = [c for c in countries if c.area == "home"]
    if len(homes) != 1:
        raise CatalogError(Text("catalog.one_home_country", home=AREA_NAMES["home"][0], count=len(homes)), sheet=name)
    meta_name, meta_rows = find_sheet(sheets, "meta")
    given = {_text(r.values["key"], required=False).lower(): r for r in table_rows(meta_name, meta_rows,
                                                                                  COLUMNS["meta"])}
    sentences: dict[str, dict[str, str]] = {}
    for (kind, lang), aliases in SENTENCE_KEYS.items():
        entry = next((given[a.lower()] for a in aliases if a.lower() in given), None)
        if entry is None:
            raise CatalogError(Text("catalog.entry_missing", entry=aliases[0]), sheet=meta_name)
        sentences.setdefault(kind, {})[lang] = _cell(entry, "value", _text, what=Text("label.text"))
    return TaxRules(tuple(countries), sentences)
