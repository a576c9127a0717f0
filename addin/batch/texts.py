"""The words of the batch: quote texts, status names and summary headings, German and English."""
from __future__ import annotations

TEXTS = {
    "de": {
        "prefix": "Angebot", "summary": "Zusammenfassung",
        "notice": "BEISPIELPREISE – keine gültige Preisliste. Dieses Angebot nicht versenden.",
        "included": "inklusive in {parent}",
        "up2date": "{rate} vom Listenwert des Gesamtsystems{owned}",
        "owned": " (Bestand {value} + neue Lizenzen)",
        "addon": "{rate} p. a. (Laufzeit {years} J.) × {months}/12 Monate Restlaufzeit vom Listenwert der neuen Lizenzen",
        "upgrade": "{rate} vom Listenwert der Bestandslizenzen (Release {release})",
        "severity": {"ERROR": "Fehler", "WARNING": "Warnung", "INFO": "Hinweis"},
        "status": {"ok": "OK", "failed": "fehlgeschlagen", "ERROR": "Prüfung: Fehler",
                   "WARNING": "Prüfung: Warnung", "INFO": "OK (Hinweise)"},
        "head": ("Angebot", "Kunde", "Positionen", "Summe Lizenzen", "Up2Date", "Nettobetrag", "Status",
                 "Hinweise", "Datei"),
        "exists": "{name} gibt es schon; mit --force überschreiben.",
        "internal": "interner Fehler ({kind}: {text})",
        "quote": "Angebot",
    },
    "en": {
        "prefix": "Quote", "summary": "Summary",
        "notice": "EXAMPLE PRICES – not a valid price list. Do not send this quote.",
        "included": "included with {parent}",
        "up2date": "{rate} of the list value of the complete system{owned}",
        "owned": " (owned {value} + new licences)",
        "addon": "{rate} a year (term {years} y.) × {months}/12 months left of the list value of the new licences",
        "upgrade": "{rate} of the list value of the owned licences (release {release})",
        "severity": {"ERROR": "Error", "WARNING": "Warning", "INFO": "Note"},
        "status": {"ok": "OK", "failed": "failed", "ERROR": "check: error", "WARNING": "check: warning",
                   "INFO": "OK (notes)"},
        "head": ("Quote", "Customer", "Lines", "Licence total", "Up2Date", "Net total", "Status", "Findings",
                 "File"),
        "exists": "{name} exists already; use --force to overwrite.",
        "internal": "internal error ({kind}: {text})",
        "quote": "Quote",
    },
}
