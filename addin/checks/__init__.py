"""Configuration checks: the prerequisites and limits of the XPhone Connect 8 service description.

A quote extends a system: the new quantities of the quote plus, optionally,
what the customer already owns. :func:`check` checks the whole system (owned +
new) against every rule and returns :class:`Finding` objects: severity
(``ERROR``, ``WARNING``, ``INFO``), a stable rule id and a message in German
and English that names the articles involved and the fix.

Most rules are data: the catalog's ``Regeln`` sheet (:mod:`.sheet`, read when
the catalog is loaded). What the sheet cannot say is in code (:mod:`.code`),
registered with the same shape; :func:`all_rules` lists both in the order
they run. :mod:`.engine` reads the input into the system being checked.

This package takes the catalog as an argument; :func:`addin.rules.validate`
is the same check with the catalog in use as default.

Example::

    >>> from addin.catalog import get_catalog
    >>> [f.rule_id for f in check([("OFFICE", 10)], None, None, get_catalog())]
    ['OFFICE_NEEDS_SERVER']
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .code import CODE_RULES, recommended_ip_channels
from .engine import Context, build_context
from .model import SEVERITIES, SEVERITY_ORDER, Finding, Rule

if TYPE_CHECKING:
    from ..catalog.model import Catalog


def all_rules(catalog: Catalog) -> list[Rule]:
    """Every rule in the order it runs: input rules, the rows of the sheet ``Regeln``, the final rules in code."""
    return ([r for r in CODE_RULES if r.phase == "input"] + list(catalog.rules)
            + [r for r in CODE_RULES if r.phase == "final"])


def check(lines: Any, owned: Any, options: Any, catalog: Catalog) -> list[Finding]:
    """Check a quote against every rule of ``catalog``; return the findings, errors first.

    The ``INFO`` findings of a rule that the ``Regeln`` sheet marks as ``Kundenhinweis``
    (``catalog.customer_notes``) come back with ``customer=True``: notes for the customer's document.

    ``lines`` and ``owned``: a mapping ``{article: quantity}`` or a list of ``(article, quantity)``;
    articles by number or short code, blank quantities count as 0. ``options``: a mapping or a list
    of ``(key, value)`` (see :data:`addin.options.OPTIONS`, German names accepted). Bad input is
    reported as findings (ERROR), never raised.
    """
    ctx = build_context(lines, owned, options, catalog)
    notes = catalog.customer_notes
    for rule in all_rules(catalog):
        found = rule.evaluate(ctx)
        if found and rule.rule_id in notes:  # the rules sheet makes this rule's INFO a note for the customer
            found = [replace(f, customer=True) if f.severity == "INFO" else f for f in found]
        ctx.findings.extend(found)
    return sorted(ctx.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, len(SEVERITIES)))


def findings_of(rule_ids: Iterable[str], lines: Any, owned: Any, options: Any, catalog: Catalog) -> list[Finding]:
    """What the rules in code named by ``rule_ids`` say about a quote, for a caller that must not repeat a rule
    (the pricing core refuses a percentage of nothing with the checks' own finding).

    >>> from addin.catalog import get_catalog
    >>> [f.rule_id for f in findings_of(["UP2DATE_WITHOUT_LICENCES"], [("UP2DATE_1Y", 1)], None, None, get_catalog())]
    ['UP2DATE_WITHOUT_LICENCES']
    """
    ctx = build_context(lines, owned, options, catalog)
    wanted = set(rule_ids)
    return [f for rule in CODE_RULES if rule.rule_id in wanted for f in rule.evaluate(ctx)]


__all__ = ["findings_of", "CODE_RULES", "recommended_ip_channels", "Context", "build_context", "SEVERITIES",
           "Finding", "Rule",
           "all_rules", "check"]
