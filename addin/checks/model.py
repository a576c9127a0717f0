"""Findings and rules: the shapes every check shares.

A :class:`Rule` is a row of the catalog's ``Regeln`` sheet or a named rule in
code; either way it has a stable id, a severity, a phase (``input`` rules run
before the sheet rows, ``final`` rules after them) and a ``check`` function
that takes the rule and the system being checked and returns
:class:`Finding` objects.

Example::

    >>> Finding("ERROR", "OFFICE_NEEDS_SERVER", "OFFICE braucht ...", "OFFICE needs ...").message("en")
    'OFFICE needs ...'
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Callable

SEVERITIES = ("ERROR", "WARNING", "INFO")
SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Finding:
    """One result of :func:`validate`: severity, stable rule id, message (de/en), article codes involved.

    ``customer`` marks a note for the customer's own document (an ``INFO`` of a rule the ``Regeln``
    sheet marks as ``Kundenhinweis``); every other finding is for the seller.
    """

    severity: str
    rule_id: str
    message_de: str
    message_en: str
    articles: tuple[str, ...] = field(default_factory=tuple)
    customer: bool = False
    customer_de: str = ""  # how the customer's document words it, when the message speaks to the seller
    customer_en: str = ""

    def message(self, lang: str = "de") -> str:
        """The message in ``lang`` (the rules sheet gives German and English; German for another language)."""
        return {"en": self.message_en}.get(lang) or self.message_de

    def for_customer(self, lang: str = "de") -> str:
        """The note as the customer's document prints it: its customer wording where it has one."""
        return {"en": self.customer_en}.get(lang) or self.customer_de or self.message(lang)



@dataclass(frozen=True)
class Rule:
    """A rule of the registry: a row of the sheet ``Regeln`` or a named rule in code (kind ``code``)."""

    rule_id: str
    kind: str
    article: str | None = None
    refs: tuple[str, ...] = ()
    n: int | None = None
    # (("without", codes), ("with", codes), ("if", option_key)), all must hold
    condition: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
    severity: str = "ERROR"
    message_de: str = ""
    message_en: str = ""
    doc: str = ""
    # check(rule, ctx): ctx is an addin.checks.engine.Context (not imported here: the engine imports this module)
    check: Callable[[Rule, Any], Iterable[Finding]] | None = field(default=None, repr=False, compare=False)
    phase: str = "data"  # input (before the sheet rows), data (the sheet), final (after)
    sheet: str = ""
    row: int = 0
    customer: bool = False  # its INFO findings are customer notes (column 'Kundenhinweis' of the sheet)

    @property
    def in_code(self) -> bool:
        return self.kind == "code"

    def evaluate(self, ctx: Any) -> list[Finding]:
        """The findings of this rule for the system in ``ctx`` (an :class:`addin.checks.engine.Context`)."""
        assert self.check is not None  # every rule that runs has one (a sheet row of kind 'code' only marks one)
        return list(self.check(self, ctx))
