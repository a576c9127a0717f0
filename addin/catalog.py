"""Catalog loading and checking.

The catalog is the workbook finance maintains (``catalog.xlsx``): the price
list metadata, the articles with their list prices, the Up2Date and upgrade
percentage tables and the configuration rules. :func:`load_catalog` reads and
checks it; every problem is reported with sheet, row and column.
:func:`get_catalog` keeps one loaded catalog per file and process and reloads
it when the file changes on disk.

Example::

    >>> cat = get_catalog()
    >>> cat.article("office").number
    '3310.0030'
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import os
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterable

from .errors import BadCatalogRow, CatalogError, UnknownArticle, XPhoneError
from .money import format_percent, is_blank, to_amount, to_decimal, to_percent

ENV_CATALOG = "XPHONE_CATALOG"
PACKAGE_DIR = Path(__file__).resolve().parent
SHIPPED_CATALOG = PACKAGE_DIR.parent / "catalog.xlsx"

CATEGORIES = ("server", "user", "channel", "extension", "up2date", "upgrade")
PERCENT_CATEGORIES = ("up2date", "upgrade")

# Sheet names: the first is what the shipped catalog uses; the others are accepted too.
SHEETS = {
    "meta": ("Preisliste", "Meta", "Price list"),
    "articles": ("Artikel", "Articles"),
    "up2date": ("Up2Date",),
    "upgrades": ("Upgrade", "Upgrades"),
    "rules": ("Regeln", "Rules"),
}

# Column headers per sheet: field -> accepted headers (compared case-insensitively).
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
EXAMPLE_STATUSES = ("beispiel", "example", "beispielpreise", "example prices")


@dataclass(frozen=True)
class Article:
    """One article of the price list."""

    number: str
    code: str
    name_de: str
    name_en: str
    category: str
    price: Decimal | None
    includes: tuple[tuple[str, int], ...] = ()
    row: int = 0

    @property
    def is_percentage(self) -> bool:
        """Up2Date and upgrade articles are priced as a percentage, not per unit."""
        return self.category in PERCENT_CATEGORIES

    @property
    def is_licence(self) -> bool:
        """Licences count towards the licence list value of a system."""
        return not self.is_percentage

    def name(self, lang: str = "de") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_de


@dataclass(frozen=True)
class Up2DateTerm:
    years: int
    number: str
    rate_per_year: Decimal
    total_rate: Decimal


@dataclass(frozen=True)
class UpgradeRate:
    release: int
    number: str
    rate: Decimal


@dataclass(frozen=True)
class SheetRow:
    """A data row of a sheet, by field name, with its row number (for messages)."""

    sheet: str
    row: int
    values: dict
    columns: dict  # field -> column letter


@dataclass(frozen=True)
class Meta:
    name: str
    valid_from: dt.date | None
    currency: str
    status: str
    vat_rate: Decimal

    @property
    def is_example(self) -> bool:
        return self.status.strip().lower() in EXAMPLE_STATUSES


@dataclass(frozen=True)
class Catalog:
    """A loaded and checked catalog."""

    path: str
    meta: Meta
    articles: tuple[Article, ...]
    up2date: dict  # years -> Up2DateTerm
    upgrades: dict  # release -> UpgradeRate
    rules: tuple = ()
    _index: dict = field(default_factory=dict, repr=False, compare=False)
    _found: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # find() memo

    @property
    def is_example(self) -> bool:
        return self.meta.is_example

    def by_code(self, code: str) -> Article:
        return self._index[("code", code)]

    def article(self, key) -> Article:
        """Find an article by number (text or the number Excel made of it) or short code.

        ``3310.003`` (Excel's reading of a typed 3310.0030), ``" 3310.0030 "``,
        ``"office"``, ``"OFFICE PLUS"`` and ``"IP-CHANNEL"`` are all found.
        """
        found = self.find(key)
        if found is None:
            raise UnknownArticle(article=_show(key))
        return found

    def find(self, key) -> Article | None:
        """The article ``key`` names, or None; what a cell passed is remembered, so a warm lookup is one dict get."""
        try:
            return self._found[key.__class__, key]
        except KeyError:
            pass
        except TypeError:  # unhashable
            return self._lookup(key)
        hit = self._lookup(key)
        if hit is not None:
            if len(self._found) >= 4096:
                self._found.clear()
            self._found[key.__class__, key] = hit
        return hit

    def _lookup(self, key) -> Article | None:
        if isinstance(key, bool) or key is None:
            return None
        if isinstance(key, (int, float, Decimal)):
            try:
                return self._index.get(("value", to_decimal(key)))
            except XPhoneError:
                return None
        if not isinstance(key, str):
            return None
        text = key.strip()
        hit = self._index.get(("number", text)) or self._index.get(("code", _code_key(text)))
        if hit is None and re.fullmatch(r"\d+[.,]\d+", text):
            hit = self._index.get(("value", Decimal(text.replace(",", "."))))
        return hit

    def licence_articles(self) -> list[Article]:
        return [a for a in self.articles if a.is_licence]

    def up2date_term(self, years: int) -> Up2DateTerm:
        return self.up2date[years]

    def upgrade_rate(self, release: int) -> UpgradeRate:
        return self.upgrades[release]


def _show(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _code_key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().upper())


def _number_value(number: str) -> Decimal | None:
    """The numeric value Excel would make of a typed article number, if any."""
    if re.fullmatch(r"\d+(\.\d+)?", number):
        return Decimal(number)
    return None


# --------------------------------------------------------------------------- reading

# The catalog a calling workbook names in its xlwings.conf sheet, set by the worksheet functions' adapter
# for the duration of one call (see addin.udfs); None = no workbook setting.
_workbook_catalog: contextvars.ContextVar = contextvars.ContextVar("xphone_workbook_catalog", default=None)


@contextlib.contextmanager
def workbook_catalog(path):
    """Inside the block, a call without an explicit path uses ``path`` (blank = no override).

    Example: ``with workbook_catalog(r"C:\\Preise\\catalog.xlsx"): XP_PRICE("OFFICE")``.
    """
    token = _workbook_catalog.set(str(path).strip() if path is not None and str(path).strip() else None)
    try:
        yield
    finally:
        _workbook_catalog.reset(token)


def resolve_path(path=None) -> Path:
    """The catalog to use: the given path, else the calling workbook's setting (xlwings.conf sheet),
    else ``$XPHONE_CATALOG``, else the shipped one."""
    if path is not None and str(path).strip():
        return Path(str(path).strip()).expanduser()
    setting = _workbook_catalog.get()
    if setting:
        return Path(setting).expanduser()
    env = os.environ.get(ENV_CATALOG, "").strip()
    if env:
        return Path(env).expanduser()
    return SHIPPED_CATALOG


def read_sheets(path: Path) -> dict[str, list[tuple]]:
    """All sheets of a workbook as lists of value tuples (cached values, not formulas)."""
    from .workbook_io import open_workbook_values

    return open_workbook_values(path, what="Katalog", what_en="catalog")


def load_catalog(path=None) -> Catalog:
    """Read and check a catalog workbook; raise :class:`CatalogError` naming sheet, row, column."""
    p = resolve_path(path)
    if not p.exists():
        raise CatalogError(f"Datei {p} nicht gefunden. Pfad über {ENV_CATALOG} oder xlwings.conf angeben.",
                           detail_en=f"file {p} not found. Set the path with {ENV_CATALOG} or xlwings.conf.")
    sheets = read_sheets(p)
    return build_catalog(sheets, str(p))


def _find_sheet(sheets: dict, kind: str, required: bool = True):
    names = SHEETS[kind]
    lower = {name.strip().lower(): name for name in sheets}
    for candidate in names:
        if candidate.lower() in lower:
            actual = lower[candidate.lower()]
            return actual, sheets[actual]
    if required:
        raise CatalogError(f"Blatt '{names[0]}' fehlt.", detail_en=f"sheet '{names[0]}' is missing.")
    return None, None


def _col_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def table_rows(sheet: str, rows: list[tuple], columns: dict, optional: Iterable[str] = ()) -> list[SheetRow]:
    """Map a sheet (first non-empty row = headers) to :class:`SheetRow` objects.

    Missing required headers raise :class:`CatalogError`; blank rows are skipped.
    """
    optional = set(optional)
    header_idx = next((i for i, r in enumerate(rows) if any(not is_blank(v) for v in r)), None)
    if header_idx is None:
        raise CatalogError(f"Blatt '{sheet}' ist leer.", detail_en=f"sheet '{sheet}' is empty.", sheet=sheet)
    headers = [str(v).strip().lower() if not is_blank(v) else "" for v in rows[header_idx]]
    positions = {}
    for fld, names in columns.items():
        for name in names:
            if name.lower() in headers:
                positions[fld] = headers.index(name.lower())
                break
        else:
            if fld not in optional:
                raise CatalogError(f"Spalte '{names[0]}' fehlt.", detail_en=f"column '{names[0]}' is missing.",
                                   sheet=sheet, row=header_idx + 1)
    letters = {fld: _col_letter(i) for fld, i in positions.items()}
    out = []
    for i in range(header_idx + 1, len(rows)):
        r = rows[i]
        values = {fld: (r[pos] if pos < len(r) else None) for fld, pos in positions.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        out.append(SheetRow(sheet, i + 1, values, letters))
    return out


def _cell(row: SheetRow, fld: str, convert, **kw):
    """Convert one cell, re-raising errors with sheet/row/column attached."""
    try:
        return convert(row.values.get(fld), **kw)
    except XPhoneError as exc:
        raise BadCatalogRow(exc.message("de"), detail_en=exc.message("en"), sheet=row.sheet,
                            row=row.row, column=row.columns.get(fld, fld)) from None


def _text(value, *, required: bool = True, what: str = "Text", what_en: str = "text") -> str:
    from .errors import MissingValue

    if is_blank(value):
        if required:
            raise MissingValue(what, what_en=what_en)
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _whole(value, *, what: str, what_en: str) -> int:
    from .money import to_whole

    return to_whole(value, what, what_en=what_en, minimum=1)


def _parse_includes(text: str) -> list[tuple[str, int]]:
    """``"5 OFFICE"`` or ``"5 × OFFICE, 1 TAPI"`` -> [("OFFICE", 5), ("TAPI", 1)]."""
    from .errors import BadValue

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


def build_catalog(sheets: dict[str, list[tuple]], path: str = "<memory>") -> Catalog:
    """Check the sheets of a catalog workbook and build a :class:`Catalog`."""
    meta = _build_meta(sheets)
    articles, index = _build_articles(sheets)
    up2date = _build_up2date(sheets, index)
    upgrades = _build_upgrades(sheets, index)
    catalog = Catalog(path=path, meta=meta, articles=tuple(articles), up2date=up2date,
                      upgrades=upgrades, _index=index)
    rules_name, rules_rows = _find_sheet(sheets, "rules", required=False)
    if rules_name is not None:
        from .rules import parse_rules

        rules = parse_rules(rules_name, rules_rows, catalog)
        object.__setattr__(catalog, "rules", tuple(rules))
    return catalog


def _build_meta(sheets) -> Meta:
    name, rows = _find_sheet(sheets, "meta")
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
    text = lambda f: _cell(found[f], "value", _text, what=META_KEYS[f][0], what_en=META_KEYS[f][-1])  # noqa: E731
    return Meta(name=text("name"), valid_from=valid_from, currency=text("currency"),
                status=text("status"), vat_rate=vat)


def _build_articles(sheets):
    name, rows = _find_sheet(sheets, "articles")
    articles: list[Article] = []
    index: dict = {}
    for row in table_rows(name, rows, COLUMNS["articles"], OPTIONAL_COLUMNS["articles"]):
        number = _cell(row, "number", _text, what="Artikelnummer", what_en="article number")
        code = _code_key(_cell(row, "code", _text, what="Kurzcode", what_en="short code"))
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
        value = _number_value(number)
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
    # inclusions must name known licence articles
    for article in articles:
        for code, _qty in article.includes:
            if ("code", _code_key(code)) not in index and ("number", code) not in index:
                raise BadCatalogRow(f"'Enthält' nennt unbekannten Artikel {code!r}.",
                                    detail_en=f"'Includes' names unknown article {code!r}.",
                                    sheet=name, row=article.row, column=_header_letter(rows, COLUMNS["articles"]["includes"]))
    return articles, index


def _header_letter(rows, names) -> str:
    for r in rows:
        headers = [str(v).strip().lower() if v is not None else "" for v in r]
        for n in names:
            if n.lower() in headers:
                return _col_letter(headers.index(n.lower()))
        if any(headers):
            break
    return ""


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
    name, rows = _find_sheet(sheets, "up2date")
    terms = {}
    for row in table_rows(name, rows, COLUMNS["up2date"]):
        years = _cell(row, "years", _whole, what="Jahre", what_en="years")
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
    name, rows = _find_sheet(sheets, "upgrades")
    rates = {}
    for row in table_rows(name, rows, COLUMNS["upgrades"]):
        release = _cell(row, "release", _whole, what="Von Release", what_en="from release")
        number = _referenced(row, index, "upgrade")
        rate = _cell(row, "rate", to_percent, what="Satz", what_en="rate")
        if release in rates:
            raise BadCatalogRow(f"Release {release} doppelt.", detail_en=f"release {release} listed twice.",
                                sheet=name, row=row.row, column=row.columns["release"])
        rates[release] = UpgradeRate(release, number, rate)
    return dict(sorted(rates.items()))


# --------------------------------------------------------------------------- cache

_cache: dict[str, tuple[tuple, Catalog]] = {}
_lock = threading.Lock()


_paths: dict = {}  # (path, workbook setting, $XPHONE_CATALOG as stored) -> resolved path text

# os.environ.get costs about as much as the stat itself (it encodes the name and decodes the value);
# the stored raw value is enough to notice a change. Falls back to os.environ.get where that store is missing.
_ENVIRON = os.environ
_ENV_DATA = getattr(_ENVIRON, "_data", None)
_ENV_KEY = _ENVIRON.encodekey(ENV_CATALOG) if isinstance(_ENV_DATA, dict) and hasattr(_ENVIRON, "encodekey") else None


def _env_raw():
    if _ENV_KEY is not None and os.environ is _ENVIRON:
        return _ENV_DATA.get(_ENV_KEY)
    return os.environ.get(ENV_CATALOG)


def _path_text(path) -> str:
    """:func:`resolve_path` as text, remembered per inputs: a warm call only looks its inputs up."""
    env = _env_raw()
    try:
        return _paths[path, _workbook_catalog.get(), env]
    except KeyError:
        text = str(resolve_path(path))
        if len(_paths) >= 64:
            _paths.clear()
        _paths[path, _workbook_catalog.get(), env] = text
        return text
    except TypeError:  # a path argument that cannot be a dict key
        return str(resolve_path(path))


def get_catalog(path=None) -> Catalog:
    """The catalog for ``path`` (see :func:`resolve_path`), loaded once and reloaded when the file changes.

    Noticing a change costs one ``stat`` of the file, no read.
    """
    key = _path_text(path)
    try:
        st = os.stat(key)
    except OSError:
        _cache.pop(key, None)
        return load_catalog(key)  # raises the clear "not found" message
    sig = (st.st_mtime_ns, st.st_size, st.st_ino)
    hit = _cache.get(key)
    if hit is not None and hit[0] == sig:
        return hit[1]
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == sig:
            return hit[1]
        catalog = load_catalog(key)
        _cache[key] = (sig, catalog)
        return catalog


def clear_cache() -> None:
    _cache.clear()
    _paths.clear()
