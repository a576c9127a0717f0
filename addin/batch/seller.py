"""The seller: the company data a quote prints as the legal footer of a business letter.

A quote sent by a company to a named customer is a business letter. A GmbH names its legal form, registered
seat, register court and number and every managing director (§ 35a GmbHG), an AG every member of the management
board, its chair marked as such, and the chair of the supervisory board (§ 80 AktG); the other forms have their
own lists (:data:`LEGAL_FORMS`). Customers also expect the bank details and the seller's VAT ID.

The template holds these facts on a sheet of their own, ``Absender`` (``Seller``): one row per field, its name
in column A and its value in column B (:data:`FIELDS` lists the names). The quote prints them in small type
under the page number on every page; what the legal form needs and the sheet lacks is named in an ERROR for the
seller, so such a quote is a draft.

>>> seller = Seller.from_rows([("Firma", "Muster GmbH"), ("Rechtsform", "GmbH"), ("Sitz", "Musterstadt"),
...     ("Registergericht", "Amtsgericht Musterstadt"), ("Registernummer", "HRB 1"),
...     ("Geschäftsführer", "Max Mustermann"), ("IBAN", "DE02 1203 0000 0000 2020 51"),
...     ("USt-IdNr.", "DE123456789")])
>>> seller.missing
()
>>> print(seller.footer("de"))
Muster GmbH · Sitz: Musterstadt · Registergericht: Amtsgericht Musterstadt, HRB 1
Geschäftsführer: Max Mustermann · IBAN: DE02 1203 0000 0000 2020 51 · USt-IdNr.: DE123456789
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import BadValue
from ..i18n import Shown, Text, text
from ..tax import checked_vat_id
from ..values import fold, is_blank

SHEET_NAMES = ("Absender", "Seller")  # the template's sheet of seller data, German or English

# field -> the names a row may give it (German, English, others); compared folded
FIELDS: dict[str, tuple[str, ...]] = {
    "company": ("Firma", "Company", "Name"),
    "legal_form": ("Rechtsform", "Legal form"),
    "seat": ("Sitz", "Registered office", "Sitz der Gesellschaft"),
    "register_court": ("Registergericht", "Register court"),
    "register_number": ("Registernummer", "Register number", "HRB", "HRA"),
    "managing_directors": ("Geschäftsführer", "Managing directors", "Geschäftsführung"),
    "board": ("Vorstand", "Management board"),
    "board_chair": ("Vorstandsvorsitz", "Chair of the management board", "Vorstandsvorsitzender"),
    "supervisory_chair": ("Aufsichtsratsvorsitz", "Chair of the supervisory board", "Aufsichtsratsvorsitzender"),
    "owner": ("Inhaber", "Owner"),
    "bank": ("Bank", "Kreditinstitut"),
    "iban": ("IBAN",),
    "bic": ("BIC",),
    "vat_id": ("USt-IdNr.", "VAT ID", "USt-ID", "Umsatzsteuer-Identifikationsnummer"),
}
PEOPLE = ("managing_directors", "board", "board_chair", "supervisory_chair", "owner")  # names of persons

# legal form -> the fields a business letter of that form must show, besides ALWAYS (compared folded)
_REGISTERED = ("seat", "register_court", "register_number")
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "GmbH": (*_REGISTERED, "managing_directors"),                     # § 35a GmbHG
    "UG (haftungsbeschränkt)": (*_REGISTERED, "managing_directors"),  # § 35a GmbHG
    "GmbH & Co. KG": (*_REGISTERED, "managing_directors"),            # § 177a HGB with § 35a GmbHG
    "AG": (*_REGISTERED, "board", "supervisory_chair"),               # § 80 AktG
    "SE": (*_REGISTERED, "board", "supervisory_chair"),               # § 80 AktG (an SE with a supervisory board)
    "KG": _REGISTERED,                                                # § 177a HGB
    "OHG": _REGISTERED,                                               # § 125a HGB
    "e.K.": ("owner", *_REGISTERED),                                  # § 37a HGB
    "Einzelunternehmen": ("owner",),
}
_FORMS = {fold(form): needed for form, needed in LEGAL_FORMS.items()}
ALWAYS = ("company", "legal_form", "iban", "vat_id")  # what every quote shows: who, and how to pay and tax


@dataclass(frozen=True)
class Seller:
    """The seller's data as the template's sheet gives it, and what its legal form needs but it lacks."""

    values: dict[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()  # fields the legal form needs that are blank or not written out
    legal_form_known: bool = True

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[Any, ...]]) -> Seller:
        """The seller from (name, value) rows; unknown names and blank rows are left alone."""
        by_name = {fold(name): key for key, names in FIELDS.items() for name in names}
        values: dict[str, str] = {}
        for row in rows:
            if len(row) < 2 or is_blank(row[0]) or is_blank(row[1]):
                continue
            key = by_name.get(fold(str(row[0]).strip().rstrip(":")))
            if key is not None and key not in values:
                values[key] = " ".join(str(row[1]).split())
        form = fold(values.get("legal_form", ""))
        needed = (*ALWAYS, *_FORMS.get(form, ()))
        missing = tuple(k for k in needed if k not in values or (k in PEOPLE and not _written_out(values[k])))
        return cls(values, missing, form in _FORMS or "legal_form" not in values)

    @property
    def company(self) -> str:
        return self.values.get("company", "")

    def problem(self) -> Text | None:
        """What keeps this seller's quotes drafts, or None."""
        if not self.legal_form_known:
            return Text("seller.unknown_legal_form", form=self.values["legal_form"],
                        allowed=", ".join(LEGAL_FORMS))
        if self.missing:
            names = Shown(lambda lang: ", ".join(text(f"seller.field.{k}", lang) for k in self.missing))
            return Text("seller.missing", fields=names)
        try:
            checked_vat_id(self.values["vat_id"])
        except BadValue as exc:
            return Text("seller.bad_vat_id", why=exc)
        return None

    def footer(self, lang: str, room: int | None = None) -> str:
        """The legal footer: two lines of ``label: value`` parts (only what is given). With ``room`` (characters),
        the bank's name and BIC are left out when the whole does not fit (the IBAN is what a payment needs)."""
        full = self._footer(lang, with_bank=True)
        return full if room is None or len(full) <= room else self._footer(lang, with_bank=False)

    def _footer(self, lang: str, with_bank: bool) -> str:
        v = self.values
        first = [v.get("company", "")]
        if "seat" in v:
            first.append(f"{text('seller.seat', lang)}: {v['seat']}")
        if "register_court" in v or "register_number" in v:
            court = ", ".join(v[k] for k in ("register_court", "register_number") if k in v)
            first.append(f"{text('seller.register_court', lang)}: {court}")
        second = []
        if "owner" in v:
            second.append(f"{text('seller.owner', lang)}: {v['owner']}")
        if "managing_directors" in v:
            second.append(f"{text('seller.managing_directors', lang)}: {v['managing_directors']}")
        if "board" in v:
            second.append(f"{text('seller.board', lang)}: {_with_chair(v['board'], v.get('board_chair'), lang)}")
        if "supervisory_chair" in v:
            second.append(f"{text('seller.supervisory_chair', lang)}: {v['supervisory_chair']}")
        bank = v.get("bank", "") if with_bank else ""
        if "iban" in v:
            bic = f" · BIC: {v['bic']}" if with_bank and "bic" in v else ""
            second.append(f"{bank + ' · ' if bank else ''}IBAN: {v['iban']}{bic}")
        if "vat_id" in v:
            second.append(f"{text('seller.vat_id', lang)}: {v['vat_id']}")
        return "\n".join(" · ".join(p for p in part if p) for part in (first, second) if any(part))


def _names(value: str) -> list[str]:
    return [n.strip() for n in re.split(r"[,;]|\s+(?:und|and)\s+", value) if n.strip()]


def _written_out(value: str) -> bool:
    """Every person named with a first name written out and a family name ("Max Mustermann", not "M. Mustermann")."""
    names = _names(value)
    return bool(names) and all(len(n.split()) >= 2 and not re.fullmatch(r"\w\.?", n.split()[0]) for n in names)


def _with_chair(board: str, chair: str | None, lang: str) -> str:
    """The board's members, its chair marked as such (§ 80 AktG)."""
    names = _names(board)
    if chair and chair not in names:
        names.insert(0, chair)
    return ", ".join(f"{n} ({text('seller.chair', lang)})" if n == chair else n for n in names)


def read_seller(workbook) -> Seller:
    """The seller of a template workbook (an empty one when it has no seller sheet)."""
    sheet = next((workbook[name] for name in workbook.sheetnames if fold(name) in {fold(n) for n in SHEET_NAMES}),
                 None)
    return Seller.from_rows(sheet.iter_rows(values_only=True)) if sheet is not None else Seller.from_rows(())
