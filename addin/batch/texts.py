"""The words of the batch: quote texts, status names and summary headings, German and English."""
from __future__ import annotations

TEXTS = {
    "de": {
        "prefix": "Angebot", "summary": "Zusammenfassung",
        "notice": "BEISPIELPREISE – keine gültige Preisliste. Dieses Angebot nicht versenden.",
        "included": "inklusive in {parent}",
        "up2date": "{rate} vom Listenwert des Gesamtsystems nach dem Angebot{parts}",
        "base_owned": "Bestand {value}",
        "base_new": "neue Lizenzen {value}",
        "base_upgraded": "{qty} × {source} als {target} {value} (je {target} {target_price} − {source} "
                         "{source_price}{included}; der Upgrade-Artikel selbst zählt nicht)",
        "base_included": " + {qty} × {name} {value}, bisher in {source} enthalten",
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
        "up2date": "{rate} of the list value of the complete system after the quote{parts}",
        "base_owned": "owned {value}",
        "base_new": "new licences {value}",
        "base_upgraded": "{qty} × {source} as {target} {value} (each {target} {target_price} − {source} "
                         "{source_price}{included}; the upgrade article itself does not count)",
        "base_included": " + {qty} × {name} {value} so far included in {source}",
        "addon": "{rate} a year ({years}-year term) × {months}/12 months left of the list value of the new licences",
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
