"""The one place of every text the user sees: one module per language, keyed by stable ids.

Each language is a module of this package named by its code (``de.py``, ``en.py``) holding ``TEXTS``, a dict
from a key such as ``"quote.exists"`` to the text, with ``{name}`` fields filled in by :func:`text`. Adding a
language is adding one such module: :data:`LANGUAGES` lists every module found here. Why a module of Python
dicts rather than gettext catalogs: the texts must also run inside the xlwings Lite edition, which carries the
package's modules as source text and reads no other file; and a dict needs no compile step. Every language
has the same keys with the same fields (``tests/test_texts.py``).

>>> text("quote.exists", "en", name="Angebot-7.xlsx")
'Angebot-7.xlsx exists already; use --force to overwrite.'
>>> section("quote.severity", "de")["ERROR"]
'Fehler'
>>> Text("quote.exists", name="x.xlsx")("de")
'x.xlsx gibt es schon; mit --force überschreiben.'
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Any, Union

FALLBACK = "de"  # the language of a key a newer language does not have yet


def _found() -> tuple[str, ...]:
    try:
        names = sorted(m.name for m in pkgutil.iter_modules(__path__) if len(m.name) == 2 and m.name.isalpha())
    except Exception:  # a host that cannot list the package (xlwings Lite serves the modules from text)
        names = []
    return tuple(names) or ("de", "en")


LANGUAGES: tuple[str, ...] = _found()
_catalogs: dict[str, dict[str, Any]] = {}


def catalog(lang: str) -> dict[str, Any]:
    """The texts of ``lang`` (an unknown language: German)."""
    try:
        return _catalogs[lang]
    except KeyError:
        pass
    code = lang if lang in LANGUAGES else FALLBACK
    texts = importlib.import_module(f"{__name__}.{code}").TEXTS
    _catalogs[lang] = texts
    return texts


def text(key: str, lang: str, /, **fields: Any) -> str:
    """The text ``key`` in ``lang`` with its fields filled in."""
    value = catalog(lang).get(key)
    if value is None:
        value = catalog(FALLBACK)[key]
    return str(value.format_map(fields))


class Text:
    """A text of the catalogs with its fields, in no language yet: ``Text(key, **fields)(lang)`` gives it.

    An error takes one as its detail (``OutputError(Text("batch.folder_is_file", out=out))``) and shows it
    in the language of the message. A field that is itself a :class:`Text`, or anything with a
    ``message(lang)`` (an error, a check's finding), is shown in the same language.
    """

    __slots__ = ("key", "fields")

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.key = key
        self.fields = fields

    def __call__(self, lang: str) -> str:
        return text(self.key, lang, **{name: render(value, lang) for name, value in self.fields.items()})

    def __repr__(self) -> str:
        return f"Text({self.key!r})"


class Shown:
    """A value whose text depends on the language but is not a text of the catalogs, such as a price list's
    label with its date: ``Shown(price_list.label)`` is shown as ``price_list.label(lang)``."""

    __slots__ = ("render",)

    def __init__(self, render: Any) -> None:
        self.render = render

    def message(self, lang: str) -> str:
        return str(self.render(lang))


Wording = Union[str, Text, Shown]  # what a message may be given: plain text, a catalog text, a shown value


def named(**names: str) -> Shown:
    """A name a table of the code gives per language, such as a column header the readers accept in German and
    English (``named(de="Bestand", en="Owned")``); a language the table does not name shows the German one."""
    return Shown(lambda lang: names.get(lang) or names[FALLBACK])


def render(value: Any, lang: str) -> Any:
    """A field as shown in ``lang``: a :class:`Text` in that language, anything with ``message(lang)`` (an
    error, a check's finding, a :class:`Shown`) by that, any other value as it is."""
    if isinstance(value, Text):
        return value(lang)
    message = getattr(value, "message", None)
    return message(lang) if callable(message) else value


def words(key: str, lang: str) -> tuple[str, ...]:
    """A tuple of texts (column headings; singular and plural) in ``lang``."""
    value = catalog(lang).get(key)
    return tuple(value if value is not None else catalog(FALLBACK)[key])


def section(prefix: str, lang: str) -> dict[str, Any]:
    """Every text under ``prefix`` as nested dicts: ``section("quote", "de")["status"]["ok"]``."""
    out: dict[str, Any] = {}
    start = prefix + "."
    for key, value in catalog(lang).items():
        if key.startswith(start):
            *parents, last = key[len(start):].split(".")
            node = out
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = value
    return out
