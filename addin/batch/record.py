"""The record of a quotes folder: per quote, what a run wrote there and from which input.

The record is the file ``.xphone-pricing.json`` in the output folder. Each entry
holds a quote's file name, the fingerprint of what made it (the quote's rows of
the orders sheet, the catalog, the template, the tool's version and the run's
settings), its status and the figures the summary shows. The summary workbook is
made from it, so it lists the files that are in the folder with their real
status, and a rerun knows which quotes are unchanged (same fingerprint, file
there) and which it has to write again (``--resume``).

Why a JSON file and not an SQLite database: quotes folders often lie on a network
share, where SQLite's own locking is known to be unreliable, while a JSON file
replaced whole by a rename is safe on any file system; it can also be read by a
person when something needs explaining. The file is written atomically
(:func:`addin.xlsx.save.atomic_write`), at most about once a second during a
run and at its end: a run killed in between loses at most the last second of
entries, and ``--resume`` writes those quotes again, to the same content.

Example::

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> record = Record.load(folder)
    >>> record.put("2026-001", {"file": "Angebot-2026-001.xlsx", "fingerprint": "ab12"})
    >>> record.save()
    >>> Record.load(folder).get("2026-001")["file"]
    'Angebot-2026-001.xlsx'
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import OutputError
from ..i18n import Text
from ..xlsx.save import atomic_write

RECORD_NAME = ".xphone-pricing.json"
FORMAT = 1
CHECKPOINT_SECONDS = 1.0  # the longest a running batch goes without writing its record


def _plain(value: Any) -> Any:
    """A value of an order as JSON can hold it, the same for the same input in every run and process."""
    if hasattr(value, "number") and hasattr(value, "code"):  # an article: the catalog's digest covers the rest
        return f"article {value.number}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "seen"}
    if isinstance(value, dict):
        return sorted(([_plain(k), _plain(v)] for k, v in value.items()), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (Decimal, dt.date)):
        return f"{type(value).__name__} {value}"
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    text = repr(value)
    return type(value).__name__ if " at 0x" in text else text  # no memory address: the same in every process


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def file_digest(path) -> str:
    """The fingerprint of an input file's bytes (the catalog, the template); a path that is no file by its name."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (OSError, TypeError, ValueError):
        return f"name {path}"


def run_context(catalog: str, template: str, **settings: Any) -> str:
    """The part of every quote's fingerprint that the run gives: catalog, template, tool version and settings."""
    return _digest(json.dumps([__version__, file_digest(catalog), file_digest(template),
                               sorted((k, _plain(v)) for k, v in settings.items())]))


def fingerprint(order: Any, context: str) -> str:
    """What made a quote: its rows of the orders sheet (as read, with their row numbers) and the run's context."""
    return _digest(json.dumps([context, _plain(order)], ensure_ascii=False))


class Record:
    """The record of one output folder, loaded at the start of a run and saved during and at the end of it.

    Each entry is kept as its JSON text in UTF-8: a small part of the memory of the parsed form (a run of 10,000
    quotes stays flat), and a save only writes the texts one after the other.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.entries: dict[str, bytes] = {}  # quote id -> the entry as JSON text in UTF-8
        self._saved_at = time.monotonic()
        self._interval = CHECKPOINT_SECONDS
        self._dirty = False

    @property
    def path(self) -> Path:
        return self.folder / RECORD_NAME

    @classmethod
    def load(cls, folder) -> Record:
        """The record in ``folder`` (empty where there is none); an unreadable record is refused with its path."""
        record = cls(Path(folder))
        if not record.path.exists():
            return record
        try:
            data = json.loads(record.path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("quotes"), dict):
                raise ValueError("unknown format")
            record.entries = {str(k): _text(v) for k, v in data["quotes"].items() if isinstance(v, dict)}
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise OutputError(Text("batch.record_unreadable", path=record.path, reason=reason)) from None
        return record

    def ids(self) -> list[str]:
        return list(self.entries)

    def get(self, quote_id: str) -> dict | None:
        text = self.entries.get(quote_id)
        return json.loads(text) if text is not None else None

    def put(self, quote_id: str, entry: dict) -> None:
        self.entries[quote_id] = _text(entry)
        self._dirty = True

    def drop(self, quote_id: str) -> None:
        if self.entries.pop(quote_id, None) is not None:
            self._dirty = True

    def checkpoint(self) -> None:
        """Save when something changed and the last save is a while ago (the run goes on). A large record is
        saved less often, so that saving it never takes more than a few per cent of the run."""
        if self._dirty and time.monotonic() - self._saved_at >= self._interval:
            began = time.monotonic()
            self.save()
            self._interval = max(CHECKPOINT_SECONDS, 30 * (time.monotonic() - began))

    def save(self) -> None:
        """Write the record whole (a temporary file renamed over the old one), one quote per line."""
        head = json.dumps({"format": FORMAT, "tool": f"xphone-pricing {__version__}"}, ensure_ascii=False)

        def write(tmp: Path) -> None:  # entry by entry: no second copy of a large record in memory
            with open(tmp, "wb") as fh:
                fh.write(f"{head[:-1]}, \"quotes\": {{".encode())
                for i, (qid, text) in enumerate(self.entries.items()):
                    fh.write(f"{',' if i else ''}\n{json.dumps(qid, ensure_ascii=False)}: ".encode())
                    fh.write(text)
                fh.write(b"\n}}\n")

        atomic_write(self.path, write)
        self._saved_at = time.monotonic()
        self._dirty = False


def _text(entry: dict) -> bytes:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
