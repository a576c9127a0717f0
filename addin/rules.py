"""The configuration checks with the catalog in use as default (see :mod:`addin.checks`).

Example (shipped catalog)::

    >>> for f in validate([("SERVER", 1), ("VOICEMAIL", 5), ("IP_CHANNEL", 1)],
    ...                   options={"voicemail_in_client": False, "voicemail_in_mobile_app": False,
    ...                            "sms_notification": False}):
    ...     print(f.severity, f.rule_id, f.message("de"))  # doctest: +NORMALIZE_WHITESPACE
    ERROR VOICEMAIL_MIN_IP_CHANNEL VOICEMAIL braucht mindestens 2 IP-CHANNEL (3440.0030); vorhanden: 1.
    1 × IP-CHANNEL ergänzen.
    >>> [f.rule_id for f in validate([("OFFICE", 10)])]
    ['OFFICE_NEEDS_SERVER']
    >>> recommended_ip_channels(60, voicemail_or_attendant=True)
    3
"""
from __future__ import annotations

from . import checks
from .catalog import get_catalog
from .checks import CODE_RULES, SEVERITIES, Context, Finding, Rule, recommended_ip_channels  # noqa: F401
from .checks.sheet import KINDS, PLACEHOLDERS, parse_rules  # noqa: F401
from .options import CHECKED, option_key  # noqa: F401
from .values import to_bool as parse_bool  # noqa: F401

OPTIONS = {o.key: o for o in CHECKED}  # the options the checks read


def validate(lines, owned=None, options=None, catalog=None) -> list[Finding]:
    """Check a quote against every rule; return the findings, errors first (see :func:`addin.checks.check`)."""
    return checks.check(lines, owned, options, catalog if catalog is not None else get_catalog())


def all_rules(catalog=None) -> list[Rule]:
    """Every rule in the order it runs (see :func:`addin.checks.all_rules`)."""
    return checks.all_rules(catalog if catalog is not None else get_catalog())


def build_context(lines, owned=None, options=None, catalog=None) -> Context:
    """The system being checked (see :func:`addin.checks.build_context`)."""
    return checks.build_context(lines, owned, options, catalog if catalog is not None else get_catalog())
