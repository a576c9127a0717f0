"""The one table of per-quote options: what the customer's system is and how it is used.

Each option has a key (as the configuration checks and the calculator use
it), a kind (how its value is read), its bounds, a long label and a short
name in German and English, other names it may be given by (``Restlaufzeit``
for ``up2date_months_left``) and the extra column headers an orders sheet may
use. The orders sheet, ``XP_VALIDATE``, the calculator's options block and the
command line all read options through :func:`option_key` and :meth:`Option.read`.

Example::

    >>> option_key("SMS-Benachrichtigung"), option_key("Restlaufzeit")
    ('sms_notification', 'up2date_months_left')
    >>> OPTIONS["ldap"].read("nein")
    False
    >>> [o.key for o in CHECKED][:3]
    ['release', 'up2date_months_left', 'up2date_term_years']
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import BadValue, show
from .i18n import Shown, Text, Wording, named
from .values import fold, is_blank, to_bool, to_choice, to_whole

MONTHS_LEFT = Text("label.months_left")
MAX_MONTHS_LEFT = 60          # a running Up2Date has at most 5 years left
MAX_DIRECTORY_SOURCES = 10_000
RELEASE_PATTERN = r"\s*(?:release|rel\.?|r|v|version)?\s*(\d+)(?:[.,]0+)?\s*"


@dataclass(frozen=True)
class Option:
    """One per-quote option; ``checked`` options are handed to the configuration checks."""

    key: str
    kind: str  # release | years | months | count | bool
    name_de: str  # short name: orders-sheet header and its messages
    name_en: str
    aliases: tuple[str, ...] = ()  # other names (compared folded), e.g. German names in XP_VALIDATE
    headers: tuple[str, ...] = ()  # other orders-sheet headers
    maximum: int | None = None
    checked: bool = True  # every option is handed to the checks (the running term bounds the months left)

    @property
    def label(self) -> Text:
        """The long label (calculator, findings): the catalog text ``option.<key>``."""
        return Text(f"option.{self.key}")

    @property
    def name(self) -> Shown:
        """The short name, as the orders sheet's header has it in the reader's language."""
        return named(de=self.name_de, en=self.name_en)

    def read(self, value: Any, catalog: Any = None, *, short: bool = False) -> Any:
        """The option's value from a cell, option range or command line; blank -> None.

        ``catalog`` gives the releases and terms that exist (kinds ``release`` and ``years``).
        ``short`` names the option by its short name in a message (as the orders sheet does).
        """
        if is_blank(value):
            return None
        what = self.name if short else self.label
        if self.kind == "bool":
            return to_bool(value, what)
        if self.kind == "release":
            return read_release(value, catalog)
        if self.kind == "years":
            return read_years(value, catalog)
        return to_whole(value, what, minimum=0, maximum=self.maximum)


def read_release(value: Any, catalog: Any) -> int:
    """A source release the catalog's Upgrade sheet knows: ``6``, ``"R6"``, ``"Release 6"``, ``"V6"``."""
    return to_choice(value, catalog.upgrades, Text("label.release"), RELEASE_PATTERN)


def read_years(value: Any, catalog: Any) -> int:
    """An Up2Date term in whole years that the catalog offers (1–5 in the shipped one)."""
    return to_choice(value, catalog.up2date, Text("label.term_in_years"))


def months_within_term(months: int, years: int, value: Any = None, *, what: Wording = MONTHS_LEFT) -> int:
    """Months left on a running Up2Date, at most the months of its term (1 year: 12, 3 years: 36).

    ``value`` is the months as the user gave them (shown in the message).

    >>> months_within_term(8, 3)
    8
    >>> months_within_term(48, 1)  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    addin.errors.BadValue: Restlaufzeit in Monaten: 48 ist ungültig. Ein laufendes Up2Date mit 1 Jahr Laufzeit hat
    höchstens 12 Monate Restlaufzeit, nicht 48.
    """
    most = 12 * years
    if months > most:
        term = Text("hint.term_one_year" if years == 1 else "hint.term_years", years=years)
        raise BadValue(what, months if value is None else value,
                       Text("hint.months_beyond_term", term=term, most=most, months=show(months)))
    return months


OPTIONS = {o.key: o for o in (
    Option("release", "release", "Release", "Release",
           aliases=("version", "system_release", "bisheriges_release", "von_release", "release_des_systems",
                    "release_bestandssystem"),
           headers=("Bestands-Release", "Current release")),
    Option("up2date_months_left", "months", "Up2Date-Restlaufzeit", "Up2Date months left",
           aliases=("up2date_restlaufzeit", "restlaufzeit", "restlaufzeit_monate", "up2date_restlaufzeit_monate",
                    "restlaufzeit_up2date", "months_left"),
           headers=("Restlaufzeit",), maximum=MAX_MONTHS_LEFT),
    Option("up2date_term_years", "years", "Up2Date-Laufzeit", "Up2Date term",
           aliases=("up2date_laufzeit", "laufzeit", "term_years", "laufzeit_jahre", "up2date_term")),
    Option("directory_sources", "count", "Datenquellen", "Directory sources",
           aliases=("datenquellen", "anzahl_datenquellen", "directory_datenquellen", "data_sources"),
           headers=("Directory-Datenquellen", "Data sources"), maximum=MAX_DIRECTORY_SOURCES),
    Option("ldap", "bool", "LDAP", "LDAP",
           aliases=("ldap_datenquelle", "ldap_quelle", "ldap_source")),
    Option("fax_in_client", "bool", "Fax im Client", "Fax in client", aliases=("fax_im_client",
                                                                               "fax_im_connect_client")),
    Option("voicemail_in_client", "bool", "Voicemail im Client", "Voicemail in client",
           aliases=("voicemail_im_client", "voicemail_im_connect_client")),
    Option("voicemail_in_mobile_app", "bool", "Voicemail in der App", "Voicemail in mobile app",
           aliases=("voicemail_in_der_mobile_app", "voicemail_mobile_app", "voicemail_in_app", "voicemail_app"),
           headers=("Voicemail in App",)),
    Option("sms_notification", "bool", "SMS-Benachrichtigung", "SMS notification", aliases=("sms_benachrichtigung",
                                                                                            "sms")),
    Option("other_uc_systems", "bool", "Andere UC-Systeme", "Other UC systems",
           aliases=("andere_uc_systeme", "andere_uc_systeme_clients_endgeraete", "fremde_uc_systeme",
                    "uc_systeme", "other_uc", "other_uc_system"),
           headers=("Fremde UC-Systeme",)),
)}

# The options the configuration checks read (XP_VALIDATE's options range, the calculator's options block).
CHECKED = tuple(o for o in OPTIONS.values() if o.checked)
BOOL_KEYS = tuple(k for k, o in OPTIONS.items() if o.kind == "bool")

_BY_NAME = {fold(name): o.key for o in CHECKED for name in (o.key, *o.aliases)}


def option_key(name: Any) -> str | None:
    """The key of a checked option by its key or another name (``'Restlaufzeit'`` -> ``'up2date_months_left'``)."""
    if is_blank(name) or not isinstance(name, str):
        return None
    return _BY_NAME.get(fold(name))
