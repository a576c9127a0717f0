"""Configuration checks (rule engine). API contract, implemented by the rules work.

    validate(lines, owned=None, options=None, catalog=None) -> list[Finding]
        lines:   mapping or iterable of (article, quantity) for the new quantities of the quote
        owned:   the same for what the customer already owns (optional)
        options: mapping of option keys (release, up2date_months_left, directory_sources, ldap,
                 fax_in_client, voicemail_in_client, voicemail_in_mobile_app, sms_notification;
                 German aliases accepted)
    Finding: severity ("ERROR" | "WARNING" | "INFO"), rule_id (stable), message(lang) -> str,
             articles (tuple of codes involved)
    recommended_ip_channels(users, voicemail_or_attendant=False, fax=False) -> int
    parse_rules(sheet_name, rows, catalog) -> list of rules (called by the catalog loader)
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    severity: str
    rule_id: str
    message_de: str
    message_en: str
    articles: tuple = field(default_factory=tuple)

    def message(self, lang: str = "de") -> str:
        return self.message_en if lang == "en" else self.message_de


def parse_rules(sheet_name, rows, catalog):
    return []


def validate(lines, owned=None, options=None, catalog=None) -> list[Finding]:
    return []
