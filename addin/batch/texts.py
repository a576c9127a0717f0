"""The words of the batch: quote texts, status names and summary headings, German and English.

>>> format_date(dt.date(2026, 4, 15), "de"), format_date(dt.date(2026, 4, 15), "en")
('15.04.2026', '15 April 2026')
"""
from __future__ import annotations

import datetime as dt
from typing import Any

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def counted(n: int, one: str, many: str) -> str:
    """``1 Entwurf``, ``2 Entwürfe``: a count with the word in singular or plural.

    >>> counted(1, "Entwurf", "Entwürfe"), counted(0, "draft", "drafts")
    ('1 Entwurf', '0 drafts')
    """
    return f"{n} {one if n == 1 else many}"


def format_date(day: dt.date, lang: str = "de") -> str:
    """A date as the quote shows it inside a text: ``15.04.2026`` (German) or ``15 April 2026`` (English).

    The same as the date cells of the shipped templates (``DD.MM.YYYY``, ``[$-809]D MMMM YYYY``).
    """
    if lang == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


TEXTS: dict[str, dict[str, Any]] = {
    "de": {
        "prefix": "Angebot", "summary": "Zusammenfassung",
        "notice": "BEISPIELPREISE – keine gültige Preisliste. Dieses Angebot nicht versenden.",
        "draft": "ENTWURF – nicht versenden", "draft_suffix": "ENTWURF",
        "checks_sheet": "Prüfung",
        "checks_title": "Prüfung – nur für den Verkauf; wird nicht mit dem Angebot gedruckt",
        "checks_state": {"draft": "Entwurf: die Prüfung meldet Fehler; erst nach der Korrektur versenden.",
                         "ok": "Die Prüfung meldet keinen Fehler."},
        "checks_head": ("Schwere", "Regel", "Meldung"),
        "checks_none": "Keine Hinweise für den Verkauf.",
        "orders_note": "Auftragsliste",
        "removed": "{name} eines früheren Laufs entfernt (veraltet).",
        "draft_list": "ENTWURF – die Preisliste {name} ist noch ein Entwurf. Dieses Angebot nicht versenden.",
        "included": "inklusive in {parent}",
        "up2date": "{rate} vom Listenwert des Gesamtsystems nach dem Angebot{parts}",
        "base_owned": "Bestand {value}",
        "base_new": "neue Lizenzen {value}",
        "base_upgraded": "{qty} × {source} als {target} {value} (je {target} {target_price} − {source} "
                         "{source_price}{included}; der Upgrade-Artikel selbst zählt nicht)",
        "base_included": " + {qty} × {name} {value}, bisher in {source} enthalten",
        "owned_upgraded": "zählt als {target}: {target} {target_price} − {source} {source_price}{included}",
        "addon": ("{rate} p. a. (Laufzeit {years} J.) × {months}/12 Monate Restlaufzeit vom Listenwert der neuen "
                  "Lizenzen"),
        "upgrade": "{rate} vom Listenwert der Bestandslizenzen als Zielsystem (Release {release})",
        "severity": {"ERROR": "Fehler", "WARNING": "Warnung", "INFO": "Hinweis"},
        "status": {"ok": "OK", "failed": "fehlgeschlagen", "ERROR": "Entwurf (Prüf-Fehler)",
                   "WARNING": "Prüfung: Warnung", "INFO": "OK (Hinweise)", "unknown": "unbekannt"},
        "head": ("Angebot", "Kunde", "Positionen", "Summe Lizenzen", "Up2Date", "Nettobetrag", "Bruttobetrag",
                 "Status", "Hinweise für den Verkauf", "Datei", "Preisliste", "Gültig ab", "Dieser Lauf"),
        "draft_status": "Entwurf (Preisliste im Entwurf)",
        "exists": "{name} gibt es schon; mit --force überschreiben.",
        "exists_run": ("{name} gibt es schon: mit --resume fortsetzen (nur neue und geänderte Angebote) oder mit "
                       "--force alles neu schreiben."),
        "left": "{name} eines früheren Laufs bleibt unverändert im Ordner (ohne --resume oder --force).",
        "dropped": "{name} entfernt (nicht mehr in der Auftragsliste).",
        "run": {"written": "geschrieben", "unchanged": "unverändert", "failed": "fehlgeschlagen",
                "kept_changed": "vorhanden, nicht überschrieben (Eingabe geändert)",
                "kept_unknown": "vorhanden, nicht überschrieben (nicht im Protokoll)",
                "not_reached": "nicht bearbeitet (Lauf abgebrochen)",
                "not_in_orders": "nicht in dieser Auftragsliste"},
        "run_note": {"kept_changed": ("{name} vorhanden, nicht überschrieben: die Auftragsliste, der Katalog oder "
                                      "die Vorlage hat sich geändert; mit --resume neu schreiben."),
                     "kept_unknown": ("{name} vorhanden, nicht überschrieben: nicht im Protokoll des Ordners; mit "
                                      "--resume neu schreiben.")},
        "disk_full": "Lauf angehalten: der Datenträger ist voll; jedes weitere Angebot schlüge ebenso fehl.",
        "internal": "interner Fehler ({kind}: {text})",
        "quote": "Angebot",
    },
    "en": {
        "prefix": "Quote", "summary": "Summary",
        "notice": "EXAMPLE PRICES – not a valid price list. Do not send this quote.",
        "draft": "DRAFT – do not send", "draft_suffix": "DRAFT",
        "checks_sheet": "Checks",
        "checks_title": "Checks – for the seller only; not printed with the quote",
        "checks_state": {"draft": "Draft: the checks report errors; send it only once they are fixed.",
                         "ok": "The checks report no error."},
        "checks_head": ("Severity", "Rule", "Message"),
        "checks_none": "Nothing to report to the seller.",
        "orders_note": "orders sheet",
        "removed": "{name} of an earlier run removed (outdated).",
        "draft_list": "DRAFT – the price list {name} is still a draft. Do not send this quote.",
        "included": "included with {parent}",
        "up2date": "{rate} of the list value of the complete system after the quote{parts}",
        "base_owned": "owned {value}",
        "base_new": "new licences {value}",
        "base_upgraded": "{qty} × {source} as {target} {value} (each {target} {target_price} − {source} "
                         "{source_price}{included}; the upgrade article itself does not count)",
        "base_included": " + {qty} × {name} {value} so far included in {source}",
        "owned_upgraded": "counts as {target}: {target} {target_price} − {source} {source_price}{included}",
        "addon": "{rate} a year ({years}-year term) × {months}/12 months left of the list value of the new licences",
        "upgrade": "{rate} of the list value of the owned licences as the target system (release {release})",
        "severity": {"ERROR": "Error", "WARNING": "Warning", "INFO": "Note"},
        "status": {"ok": "OK", "failed": "failed", "ERROR": "draft (ERROR findings)", "WARNING": "check: warning",
                   "INFO": "OK (notes)", "unknown": "unknown"},
        "head": ("Quote", "Customer", "Lines", "Licence total", "Up2Date", "Net total", "Gross total", "Status",
                 "Findings for the seller", "File", "Price list", "Valid from", "This run"),
        "draft_status": "draft (price list in draft)",
        "exists": "{name} exists already; use --force to overwrite.",
        "exists_run": ("{name} exists already: continue with --resume (only new and changed quotes) or write "
                       "everything again with --force."),
        "left": "{name} of an earlier run stays in the folder unchanged (without --resume or --force).",
        "dropped": "{name} removed (no longer in the orders sheet).",
        "run": {"written": "written", "unchanged": "unchanged", "failed": "failed",
                "kept_changed": "there, not overwritten (input changed)",
                "kept_unknown": "there, not overwritten (not in the record)",
                "not_reached": "not reached (run interrupted)",
                "not_in_orders": "not in this orders sheet"},
        "run_note": {"kept_changed": ("{name} there, not overwritten: the orders sheet, the catalog or the template "
                                      "changed; use --resume to write it again."),
                     "kept_unknown": ("{name} there, not overwritten: not in the folder's record; use --resume to "
                                      "write it again.")},
        "disk_full": "Run stopped: the disk is full; every further quote would fail the same way.",
        "internal": "internal error ({kind}: {text})",
        "quote": "Quote",
    },
}
