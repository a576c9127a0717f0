"""Checking the sheets of a catalog workbook and building a :class:`~addin.catalog.model.Catalog`.

Every problem is reported with sheet, row and column. The rules sheet
``Regeln`` is read by :func:`addin.checks.sheet.parse_rules`.

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
from decimal import Decimal

from ..checks.sheet import parse_rules
from ..errors import BadCatalogRow, BadValue, CatalogError, MissingValue, XPhoneError, in_language
from ..money import format_percent, to_amount, to_percent
from ..tables import SheetRow, header_letter, table_rows
from ..values import is_blank, to_whole
from .model import CATEGORIES, PERCENT_CATEGORIES, Article, Catalog, Meta, Up2DateTerm, UpgradeRate, code_key, \
    name_key, number_value, short_name

# Sheet names: the first is what the shipped catalog uses; the others are accepted too.
SHEETS = {
    "meta": ("Preisliste", "Meta", "Price list"),
    "articles": ("Artikel", "Articles"),
    "up2date": ("Up2Date",),
    "upgrades": ("Upgrade", "Upgrades"),
    "rules": ("Regeln", "Rules"),
}

# Column headers per sheet: field -> accepted headers (compared by addin.tables.header_key).
COLUMNS = {
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
}
OPTIONAL_COLUMNS = {"articles": {"includes", "name_en"}}

META_KEYS = {
    "name": ("Name", "Preisliste", "Price list"),
    "valid_from": ("Gültig ab", "Valid from"),
    "currency": ("Währung", "Currency"),
    "status": ("Status",),
    "vat_rate": ("MwSt-Satz", "VAT rate"),
}


def build_catalog(sheets: dict[str, list[tuple]], path: str = "<memory>") -> Catalog:
    """Check the sheets of a catalog workbook (name -> rows of values) and build a :class:`Catalog`.

    Number text in the catalog (a price typed as text) is read the German way, whatever the language in
    force, so that a catalog means the same to every user.
    """
    with in_language("de"):
        return _build(sheets, path)


def _build(sheets, path: str) -> Catalog:
    meta = _build_meta(sheets)
    articles, index = _build_articles(sheets)
    up2date = _build_up2date(sheets, index)
    upgrades = _build_upgrades(sheets, index)
    catalog = Catalog(path=path, meta=meta, articles=tuple(articles), up2date=up2date,
                      upgrades=upgrades, _index=index)
    rules_name, rules_rows = find_sheet(sheets, "rules", required=False)
    if rules_name is not None:
        rules = parse_rules(rules_name, rules_rows, catalog)
        # rows of kind 'im Programm' only name a rule in code (to mark it as a customer note); they do not run
        object.__setattr__(catalog, "rules", tuple(r for r in rules if not r.in_code))
        object.__setattr__(catalog, "customer_notes", frozenset(r.rule_id for r in rules if r.customer))
    return catalog


def find_sheet(sheets: dict, kind: str, required: bool = True):
    """(name, rows) of the sheet of ``kind`` (see :data:`SHEETS`), or (None, None) when it may be missing."""
    names = SHEETS[kind]
    lower = {name.strip().lower(): name for name in sheets}
    for candidate in names:
        if candidate.lower() in lower:
            actual = lower[candidate.lower()]
            return actual, sheets[actual]
    if required:
        raise CatalogError(f"Blatt '{names[0]}' fehlt.", detail_en=f"sheet '{names[0]}' is missing.")
    return None, None


def _cell(row: SheetRow, fld: str, convert, **kw):
    """Convert one cell, re-raising errors with sheet/row/column attached."""
    try:
        return convert(row.values.get(fld), **kw)
    except XPhoneError as exc:
        raise BadCatalogRow(exc.message("de"), detail_en=exc.message("en"), sheet=row.sheet,
                            row=row.row, column=row.columns.get(fld, fld)) from None


def _text(value, *, required: bool = True, what: str = "Text", what_en: str = "text") -> str:
    if is_blank(value):
        if required:
            raise MissingValue(what, what_en=what_en)
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _positive(value, *, what: str, what_en: str) -> int:
    return to_whole(value, what, what_en=what_en, minimum=1)


def _parse_includes(text: str) -> list[tuple[str, int]]:
    """``"5 OFFICE"`` or ``"5 × OFFICE, 1 TAPI"`` -> [("OFFICE", 5), ("TAPI", 1)]."""
    result = []
    for part in re.split(r"[;,]", text):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)\s*[x×*]?\s*(.+)", part)
        if not m:
            raise BadValue("Enthält", part, "Form: '5 OFFICE'.", what_en="Includes", hint_en="Form: '5 OFFICE'.")
        result.append((m.group(2).strip(), int(m.group(1))))
    return result


def _build_meta(sheets) -> Meta:
    name, rows = find_sheet(sheets, "meta")
    found = {}
    for row in table_rows(name, rows, COLUMNS["meta"]):
        key = _text(row.values["key"], required=False).lower()
        for fld, aliases in META_KEYS.items():
            if key in (a.lower() for a in aliases):
                found[fld] = row
    for fld in ("name", "currency", "status"):
        if fld not in found:
            raise CatalogError(f"Eintrag '{META_KEYS[fld][0]}' fehlt.",
                               detail_en=f"entry '{META_KEYS[fld][0]}' is missing.", sheet=name)
    valid_from = None
    if "valid_from" in found:
        raw = found["valid_from"].values["value"]
        if isinstance(raw, dt.datetime):
            valid_from = raw.date()
        elif isinstance(raw, dt.date):
            valid_from = raw
        elif not is_blank(raw):
            try:
                valid_from = dt.date.fromisoformat(str(raw).strip())
            except ValueError:
                r = found["valid_from"]
                raise BadCatalogRow(f"Gültig ab: {raw!r} ist kein Datum.", detail_en=f"valid from: {raw!r} is not a date.",
                                    sheet=name, row=r.row, column=r.columns["value"]) from None
    vat = Decimal("0.19")
    if "vat_rate" in found:
        vat = _cell(found["vat_rate"], "value", to_percent, what="MwSt-Satz", what_en="VAT rate")

    def text(fld):
        return _cell(found[fld], "value", _text, what=META_KEYS[fld][0], what_en=META_KEYS[fld][-1])

    return Meta(name=text("name"), valid_from=valid_from, currency=text("currency"),
                status=text("status"), vat_rate=vat)


def _build_articles(sheets):
    name, rows = find_sheet(sheets, "articles")
    articles: list[Article] = []
    index: dict = {}
    for row in table_rows(name, rows, COLUMNS["articles"], OPTIONAL_COLUMNS["articles"]):
        number = _cell(row, "number", _text, what="Artikelnummer", what_en="article number")
        code = code_key(_cell(row, "code", _text, what="Kurzcode", what_en="short code"))
        name_de = _cell(row, "name_de", _text, what="Name", what_en="name")
        name_en = _cell(row, "name_en", _text, required=False) or name_de
        category = _cell(row, "category", _text, what="Kategorie", what_en="category").lower()
        if category not in CATEGORIES:
            raise BadCatalogRow(f"Kategorie {category!r} unbekannt; erlaubt: {', '.join(CATEGORIES)}.",
                                detail_en=f"category {category!r} unknown; allowed: {', '.join(CATEGORIES)}.",
                                sheet=name, row=row.row, column=row.columns["category"])
        raw_price = row.values.get("price")
        if category in PERCENT_CATEGORIES:
            if not is_blank(raw_price):
                raise BadCatalogRow(f"{number} ist ein Prozentartikel; der Listenpreis bleibt leer.",
                                    detail_en=f"{number} is a percentage article; leave its list price empty.",
                                    sheet=name, row=row.row, column=row.columns["price"])
            price = None
        else:
            price = _cell(row, "price", to_amount, what=f"Listenpreis von {number}",
                          what_en=f"list price of {number}")
        includes = tuple(_cell(row, "includes", lambda v: _parse_includes(_text(v, required=False))))
        article = Article(number, code, name_de, name_en, category, price, includes, row.row)
        keys = [("number", number), ("code", code)]
        value = number_value(number)
        if value is not None:
            keys.append(("value", value))
        for key in keys:
            if key in index:
                other = index[key]
                raise BadCatalogRow(
                    f"Artikel {number} ({code}) doppelt; schon in Zeile {other.row} ({other.number}, {other.code}).",
                    detail_en=f"article {number} ({code}) listed twice; already in row {other.row} "
                              f"({other.number}, {other.code}).",
                    sheet=name, row=row.row, column=row.columns["number" if key[0] != "code" else "code"])
            index[key] = article
        articles.append(article)
    if not articles:
        raise CatalogError("keine Artikel.", detail_en="no articles.", sheet=name)
    # printed names (German, English, without the product prefix) find their article where only one has it
    names: dict = {}
    for article in articles:
        for text in {article.name_de, article.name_en}:
            for form in (text, short_name(text)):
                names.setdefault(name_key(form), set()).add(article.number)
    by_number = {a.number: a for a in articles}
    for key, numbers in names.items():
        if len(numbers) == 1:
            index.setdefault(("name", key), by_number[next(iter(numbers))])
    # inclusions must name known licence articles
    for article in articles:
        for code, _qty in article.includes:
            if ("code", code_key(code)) not in index and ("number", code) not in index:
                raise BadCatalogRow(f"'Enthält' nennt unbekannten Artikel {code!r}.",
                                    detail_en=f"'Includes' names unknown article {code!r}.",
                                    sheet=name, row=article.row,
                                    column=header_letter(rows, COLUMNS["articles"]["includes"]))
    return articles, index


def _referenced(row: SheetRow, index: dict, category: str) -> str:
    number = _cell(row, "number", _text, what="Artikelnummer", what_en="article number")
    article = index.get(("number", number))
    if article is None:
        raise BadCatalogRow(f"Artikel {number} steht nicht im Blatt Artikel.",
                            detail_en=f"article {number} is not on the articles sheet.",
                            sheet=row.sheet, row=row.row, column=row.columns["number"])
    if article.category != category:
        raise BadCatalogRow(f"Artikel {number} hat Kategorie {article.category}, erwartet {category}.",
                            detail_en=f"article {number} has category {article.category}, expected {category}.",
                            sheet=row.sheet, row=row.row, column=row.columns["number"])
    return number


def _build_up2date(sheets, index) -> dict:
    name, rows = find_sheet(sheets, "up2date")
    terms = {}
    for row in table_rows(name, rows, COLUMNS["up2date"]):
        years = _cell(row, "years", _positive, what="Jahre", what_en="years")
        number = _referenced(row, index, "up2date")
        rate = _cell(row, "rate", to_percent, what="Satz pro Jahr", what_en="rate per year")
        total = _cell(row, "total", to_percent, what="Satz gesamt", what_en="total rate")
        if rate * years != total:
            raise BadCatalogRow(f"Satz gesamt {format_percent(total)} passt nicht zu {years} × "
                                f"{format_percent(rate)} = {format_percent(rate * years)}.",
                                detail_en=f"total rate {format_percent(total, 'en')} does not match {years} × "
                                          f"{format_percent(rate, 'en')} = {format_percent(rate * years, 'en')}.",
                                sheet=name, row=row.row, column=row.columns["total"])
        if years in terms:
            raise BadCatalogRow(f"Laufzeit {years} Jahre doppelt.", detail_en=f"term of {years} years listed twice.",
                                sheet=name, row=row.row, column=row.columns["years"])
        terms[years] = Up2DateTerm(years, number, rate, total)
    if not terms:
        raise CatalogError("keine Up2Date-Laufzeiten.", detail_en="no Up2Date terms.", sheet=name)
    return dict(sorted(terms.items()))


def _build_upgrades(sheets, index) -> dict:
    name, rows = find_sheet(sheets, "upgrades")
    rates = {}
    for row in table_rows(name, rows, COLUMNS["upgrades"]):
        release = _cell(row, "release", _positive, what="Von Release", what_en="from release")
        number = _referenced(row, index, "upgrade")
        rate = _cell(row, "rate", to_percent, what="Satz", what_en="rate")
        if release in rates:
            raise BadCatalogRow(f"Release {release} doppelt.", detail_en=f"release {release} listed twice.",
                                sheet=name, row=row.row, column=row.columns["release"])
        rates[release] = UpgradeRate(release, number, rate)
    return dict(sorted(rates.items()))
