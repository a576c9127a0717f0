"""VAT by the customer's country: the rate a quote charges and what it must say about it.

The rules are data of the catalog: the sheet ``Länder`` (``Countries``) lists each country with its ISO
code, its names, its tax area (``Inland``: the seller's own country, ``EU``, ``Drittland``) and the prefix of
its VAT IDs (Greece: ``EL``); the sheet ``Katalog`` holds the two sentences a quote prints. A quote's
treatment follows from its country, the customer's VAT ID and an explicit rate:

* the home country, or no country: the domestic rate (the catalog's ``MwSt-Satz``, or ``--vat``);
* another EU member state with the customer's VAT ID: no German VAT, the reverse-charge sentence and both
  VAT IDs. The ID's form is checked (its prefix is the country's, the country's format and check digit);
* another EU member state without one: the tax cannot be decided safely (German VAT, or above the EU
  threshold for electronically supplied services the customer country's). The quote keeps the domestic rate
  and is a draft until the ID is entered;
* a third country: no German VAT and the sentence that the supply is not taxable in Germany;
* a rate given for the quote: that rate, and nothing else is decided.

A VAT ID from outside the EU is printed as given and not checked. The check of an EU VAT ID uses
python-stdnum, imported only when an ID is checked (xlwings Lite never checks one).

Example::

    >>> rules = TaxRules((Country("DE", "Deutschland", "Germany", "home", "DE"),
    ...                   Country("AT", "Österreich", "Austria", "eu", "AT"),
    ...                   Country("CH", "Schweiz", "Switzerland", "third", "")),
    ...                  {"reverse_charge": {"de": "Steuerschuldnerschaft des Leistungsempfängers"},
    ...                   "third_country": {"de": "Nicht im Inland steuerbare Leistung"}})
    >>> t = rules.treatment("Österreich", "ATU 1234 5675")
    >>> t.kind, t.rate, t.vat_id, t.sentence("de")
    ('reverse_charge', Decimal('0'), 'ATU12345675', 'Steuerschuldnerschaft des Leistungsempfängers')
    >>> rules.treatment("CH", "CHE-123.456.789").vat_id
    'CHE-123.456.789'
    >>> rules.treatment("", "").kind
    'domestic'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import BadValue
from .i18n import FALLBACK, Shown, Text, named, text
from .money import in_percent
from .values import fold, is_blank

AREAS = ("home", "eu", "third")  # the tax areas a country belongs to
KINDS = ("domestic", "reverse_charge", "missing_id", "third_country", "given")  # a quote's VAT treatment
SENTENCES = ("reverse_charge", "third_country")  # the treatments that print a sentence of the catalog
ZERO_RATE = Decimal("0")


@dataclass(frozen=True)
class Country:
    """A country of the sheet ``Länder``: ISO code, German and English name, tax area, VAT ID prefix."""

    code: str
    name_de: str
    name_en: str
    area: str  # one of AREAS
    vat_prefix: str = ""  # the prefix of its VAT IDs (EU member states)
    other_names: tuple[str, ...] = ()

    @property
    def shown(self) -> Shown:
        """The country's name in the reader's language."""
        return named(de=self.name_de, en=self.name_en or self.name_de)

    @property
    def keys(self) -> tuple[str, ...]:
        """Everything a user may write for the country, as compared (:func:`addin.values.fold`)."""
        return tuple(fold(n) for n in (self.code, self.name_de, self.name_en, *self.other_names) if n)


@dataclass(frozen=True)
class Treatment:
    """A quote's VAT treatment: its kind (:data:`KINDS`), the rate (None: the domestic rate), the country and
    the customer's VAT ID as printed, and the sentence the quote prints (per language, from the catalog)."""

    kind: str
    rate: Decimal | None = None
    country: Country | None = None
    vat_id: str = ""
    sentences: dict[str, str] = field(default_factory=dict, compare=False)

    def sentence(self, lang: str) -> str:
        """The sentence the quote prints in ``lang`` (the German one where the catalog has no other)."""
        return self.sentences.get(lang) or self.sentences.get(FALLBACK, "")

    @property
    def zero_rated(self) -> bool:
        """No German VAT: reverse charge or a third country."""
        return self.kind in SENTENCES

    def described(self, rate: Decimal) -> Text:
        """The treatment as the summary names it, with the ``rate`` the quote charges (``Inland 19 %``,
        ``Reverse Charge (Österreich)``)."""
        return Text(f"vat.kind.{self.kind}", rate=in_percent(rate),
                    country=self.country.shown if self.country is not None else "")

    def note(self, lang: str, seller_vat_id: str = "") -> str:
        """What the quote prints under its totals: the sentence of the treatment, and the VAT IDs (both for a
        reverse charge, else the customer's where given); empty when there is nothing to say.

        >>> rc = Treatment("reverse_charge", ZERO_RATE, vat_id="ATU12345675",
        ...                sentences={"de": "Steuerschuldnerschaft des Leistungsempfängers"})
        >>> print(rc.note("de", "DE123456788"))
        Steuerschuldnerschaft des Leistungsempfängers.
        USt-IdNr. des Leistenden: DE123456788 · USt-IdNr. des Leistungsempfängers: ATU12345675
        """
        ids = []
        if self.kind == "reverse_charge" and seller_vat_id:
            ids.append(text("vat.seller_id", lang, id=seller_vat_id))
        if self.vat_id:
            ids.append(text("vat.customer_id", lang, id=self.vat_id))
        sentence = self.sentence(lang) if self.zero_rated else ""
        if sentence and not sentence.endswith((".", "!")):
            sentence += "."
        return "\n".join(part for part in (sentence, " · ".join(ids)) if part)


DOMESTIC = Treatment("domestic")


@dataclass(frozen=True)
class TaxRules:
    """The countries and sentences of the catalog, and the decision of each quote's treatment."""

    countries: tuple[Country, ...]
    sentences: dict[str, dict[str, str]]  # treatment kind -> language -> sentence
    _index: dict[str, Country] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for country in self.countries:
            for key in country.keys:
                self._index.setdefault(key, country)

    @property
    def home(self) -> Country | None:
        return next((c for c in self.countries if c.area == "home"), None)

    def find(self, value: Any) -> Country | None:
        """The country a user wrote as ISO code or name (``AT``, ``Österreich``, ``austria``), or None."""
        return self._index.get(fold(value))

    def treatment(self, country: Any = None, vat_id: Any = None, rate: Decimal | None = None) -> Treatment:
        """The treatment of a quote to ``country`` (blank: the home country) for a customer with ``vat_id``;
        ``rate`` (a fraction) given for the quote overrides the decision. An unknown country or a malformed EU
        VAT ID raises :class:`~addin.errors.BadValue` whose field ``input`` names the input at fault,
        ``country`` or ``vat_id`` (the caller adds sheet, row and column)."""
        given_id = "" if is_blank(vat_id) else str(vat_id).strip()
        found = self.home if is_blank(country) else self.find(country)
        if rate is not None:
            return Treatment("given", rate, found, given_id)
        if found is None:
            raise BadValue(Text("label.country"), str(country).strip(), Text("hint.country_unknown"), input="country")
        if found.area == "third":
            return Treatment("third_country", ZERO_RATE, found, given_id, self.sentences.get("third_country", {}))
        try:
            checked = checked_vat_id(given_id, found) if given_id else ""
        except BadValue as exc:
            exc.fields["input"] = "vat_id"
            raise
        if found.area == "home":
            return Treatment("domestic", None, found, checked)
        if not checked:
            return Treatment("missing_id", None, found)
        return Treatment("reverse_charge", ZERO_RATE, found, checked, self.sentences.get("reverse_charge", {}))


def decide(rules: TaxRules | None, country: Any = None, vat_id: Any = None, rate: Decimal | None = None) -> Treatment:
    """A quote's treatment under the catalog's ``rules`` (:meth:`TaxRules.treatment`). A catalog without the sheet
    Länder (``rules`` None) prices at the domestic rate or at ``rate``, and refuses a country it cannot decide.
    Used by every reader of a quote (orders sheet, installed base, calculator)."""
    if rules is not None:
        return rules.treatment(country, vat_id, rate)
    given_id = "" if is_blank(vat_id) else str(vat_id).strip()
    if rate is not None:
        return Treatment("given", rate, vat_id=given_id)
    if not is_blank(country):
        raise BadValue(Text("label.country"), str(country).strip(), Text("hint.country_no_sheet"), input="country")
    return Treatment("domestic", vat_id=given_id)


def checked_vat_id(value: str, country: Country | None = None) -> str:
    """An EU VAT ID of ``country`` (None: of any member state) in its compact form (``'ATU 1234 5675'`` ->
    ``'ATU12345675'``), or :class:`~addin.errors.BadValue` saying what is wrong: the prefix, the length, the
    format or the check digit.

    >>> checked_vat_id("DE 123 456 789", Country("DE", "Deutschland", "Germany", "home", "DE"))
    Traceback (most recent call last):
    addin.errors.BadValue: USt-IdNr.: 'DE 123 456 789' ist ungültig. Die Prüfziffer stimmt nicht; Tippfehler?
    """
    from stdnum import exceptions  # only here: Lite and the worksheet functions never check a VAT ID
    from stdnum.eu import vat

    what = Text("label.vat_id")
    compact = vat.compact(value)
    if country is not None and compact[:2] != country.vat_prefix:
        raise BadValue(what, value, Text("hint.vat_id_prefix", prefix=country.vat_prefix, country=country.shown))
    shown: Any = country.shown if country is not None else compact[:2]
    try:
        return str(vat.validate(compact))
    except exceptions.InvalidChecksum:
        raise BadValue(what, value, Text("hint.vat_id_checksum")) from None
    except exceptions.InvalidLength:
        raise BadValue(what, value, Text("hint.vat_id_length", country=shown)) from None
    except exceptions.ValidationError:
        raise BadValue(what, value, Text("hint.vat_id_format", country=shown)) from None
