"""The one gate every input workbook passes: catalog, orders sheet and quote template.

(Reading after the gate: :mod:`addin.xlsx.read`.)

Before openpyxl parses a byte, :func:`check_workbook_file` looks at the file
itself and refuses, with one message that names the file, says what it is and
what to do:

* an empty file, an old ``.xls`` (Excel 97–2003), a password-protected
  (encrypted) workbook, a CSV/text file, a web page or a PDF saved under a
  workbook name, an OpenDocument (``.ods``), ``.xlsb`` or Word file, a damaged
  or incomplete zip, a zip that holds no workbook;
* zip bombs: the sizes in the zip directory are added up and compared with the
  limits below *before* anything is unpacked;
* XML attacks: any part that declares a DTD or entities (``<!DOCTYPE``,
  ``<!ENTITY``, as in "billion laughs") is refused; Excel never writes them.
  openpyxl itself must parse through defusedxml, checked when ``addin.xlsx`` is
  imported (:func:`addin.xlsx.require_defusedxml`).

Reading then goes through :func:`iter_sheet_rows` (streaming, one row at a
time), :func:`open_workbook_values` (all sheets as lists of rows) or
:func:`load_workbook_checked` (a full openpyxl workbook, e.g. a template). All
three ignore the sheet size the file declares (a forged ``<dimension>`` must not
hide rows), stop at the row and column limits and turn every parse error into
one :class:`~addin.errors.InputFileError`.

Limits (function argument > environment variable > default):

=================================  ==========================  =======
what                               environment variable        default
=================================  ==========================  =======
unpacked size of all zip members   ``XPHONE_MAX_UNZIPPED_MB``  100 MB
compression ratio of one member    ``XPHONE_MAX_ZIP_RATIO``    100 : 1
number of zip members              ``XPHONE_MAX_ZIP_MEMBERS``  1000
rows per sheet (non-blank)         ``XPHONE_MAX_ROWS``         100000
columns per row (non-blank)        ``XPHONE_MAX_COLUMNS``      256
=================================  ==========================  =======

The ratio limit applies to members that unpack to more than 1 MB; small parts
may compress well without harm.

Example::

    >>> check_workbook_file("workbook_templates/example_orders.xlsx", Text("label.orders_sheet"))  # sound
    >>> check_workbook_file("README.md", what=Text("label.orders_sheet"))
    Traceback (most recent call last):
    addin.errors.InputFileError: Datei kann nicht gelesen werden: Auftragsliste 'README.md' ist eine Textdatei ...
"""
from __future__ import annotations

import os
import re
import struct
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from ..errors import BadValue, InputFileError
from ..i18n import Text, Wording

MB = 1024 * 1024


# --------------------------------------------------------------------------- limits

@dataclass(frozen=True)
class Limits:
    """Size limits for input workbooks; see the module docstring for the reasons and defaults."""

    max_unzipped_mb: float = 100
    max_ratio: float = 100
    max_members: int = 1000
    max_rows: int = 100_000
    max_columns: int = 256
    ratio_grace_mb: float = 1  # members smaller than this unpacked are not ratio-checked


ENV_LIMITS = {
    "max_unzipped_mb": ("XPHONE_MAX_UNZIPPED_MB", float),
    "max_ratio": ("XPHONE_MAX_ZIP_RATIO", float),
    "max_members": ("XPHONE_MAX_ZIP_MEMBERS", int),
    "max_rows": ("XPHONE_MAX_ROWS", int),
    "max_columns": ("XPHONE_MAX_COLUMNS", int),
}


def resolve_limits(limits: Limits | None = None, **overrides) -> Limits:
    """The limits in force: ``overrides`` (not None) > ``limits`` > environment > defaults.

    >>> resolve_limits(max_rows=500).max_rows
    500
    """
    if limits is None:
        values = {}
        for fld, (env, kind) in ENV_LIMITS.items():
            raw = os.environ.get(env, "").strip()
            if raw:
                values[fld] = _env_number(env, raw, kind)
        limits = Limits(**values)
    given = {k: v for k, v in overrides.items() if v is not None}
    return replace(limits, **given) if given else limits


def _env_number(env: str, raw: str, kind):
    try:
        value = kind(raw.replace(",", ".") if kind is float else raw)
    except ValueError:
        value = None
    if value is None or value <= 0:
        raise BadValue(Text("label.environment_variable", env=env), raw, Text("hint.positive_number_expected"))
    return value


# --------------------------------------------------------------------------- messages

def _refuse(path: Path, what: Wording, detail: Text, **fields) -> InputFileError:
    """One InputFileError: '<what> '<name>' <detail>' naming the file."""
    return InputFileError(Text("gate.refused", what=what, name=path.name, detail=detail), file=str(path), **fields)


SAVE_AS, ASK_AGAIN = Text("gate.save_as"), Text("gate.ask_again")  # how a message of the gate ends
WORKBOOK = Text("label.workbook")  # what an input is when the caller does not say


def _renamed(path: Path, kind_ext: str) -> Wording:
    """' (nur in .xlsx umbenannt)' when the file's name claims another format than its content."""
    ext = path.suffix.lower()
    return Text("gate.renamed", ext=ext) if ext in WORKBOOK_SUFFIXES and ext != kind_ext else ""


# --------------------------------------------------------------------------- sniffing

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
XML_SUFFIXES = (".xml", ".rels", ".vml")
PROLOG_WINDOW = 64 * 1024


def check_workbook_file(path, what: Wording = WORKBOOK, *,
                        limits: Limits | None = None) -> None:
    """Refuse anything that is not a sound .xlsx/.xlsm workbook, before openpyxl sees it.

    Raises :class:`InputFileError` naming the file, what it is and what to do.

    >>> check_workbook_file("catalog.xls", what=Text("label.catalog"))  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    addin.errors.InputFileError: Datei kann nicht gelesen werden: Katalog 'catalog.xls' nicht gefunden.
    (Datei catalog.xls)
    """
    path = Path(path)
    limits = resolve_limits(limits)
    with _open_file(path, what) as fh:
        _check_open_file(fh, path, what, limits)


def _open_file(path: Path, what: Wording) -> IO[bytes]:
    if not path.exists():
        raise _refuse(path, what, Text("gate.not_found"))
    if path.is_dir():
        raise _refuse(path, what, Text("gate.folder_not_file"))
    if not path.is_file():  # a named pipe, a device: reading it could wait for ever
        raise _refuse(path, what, Text("gate.not_regular_file_e_g"))
    try:
        return open(path, "rb")
    except OSError as exc:
        raise _refuse(path, what,
                      Text("gate.cannot_opened_it_locked_by", value=exc.strerror or exc)) from None


def _check_open_file(fh: IO[bytes], path: Path, what: Wording, limits: Limits) -> None:
    head = fh.read(8192)
    if not head:
        raise _refuse(path, what, Text("gate.empty_0_bytes_choose_right"))
    if head.startswith(OLE_MAGIC):
        raise _ole_error(fh, path, what)
    if not head.startswith(ZIP_MAGICS):
        raise _not_zip_error(head, path, what)
    fh.seek(0)
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise _refuse(path, what, Text("gate.damaged_or_incomplete", then=ASK_AGAIN)) from None
    with zf:
        infos = zf.infolist()
        _check_zip_sizes(infos, path, what, limits)
        _check_zip_kind(zf, infos, path, what)
        _check_xml_prologs(zf, infos, path, what)


def _ole_error(fh: IO[bytes], path: Path, what: Wording) -> InputFileError:
    names = {n.lower() for n in cfb_stream_names(fh)}
    if {"encryptioninfo", "encryptedpackage"} & names:
        return _refuse(path, what,
                       Text("gate.password_protected_encrypted_and_cannot"))
    if "worddocument" in names:
        return _refuse(path, what, Text("gate.word_document_doc_not_workbook"))
    renamed = _renamed(path, ".xls")
    if {"workbook", "book"} & names:
        return _refuse(path, what, Text("gate.old_excel_file", renamed=renamed, then=SAVE_AS))
    return _refuse(path, what, Text("gate.old_office_file", renamed=renamed, then=SAVE_AS))


def _not_zip_error(head: bytes, path: Path, what: Wording) -> InputFileError:
    if head.startswith(b"%PDF"):
        return _refuse(path, what, Text("gate.pdf_document_not_workbook_use"))
    text = _as_text(head)
    if text is None:
        return _refuse(path, what, Text("gate.unknown_format", then=SAVE_AS))
    low = text.lstrip().lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in low:
        return _refuse(path, what, Text("gate.xml_spreadsheet", renamed=_renamed(path, ".xml"), then=SAVE_AS))
    if low.startswith(("<!doctype html", "<html", "<table", "<meta")) or "<html" in low[:2048]:
        return _refuse(path, what, Text("gate.web_page", renamed=_renamed(path, ".html"), then=SAVE_AS))
    return _refuse(path, what, Text("gate.text_file", renamed=_renamed(path, ".csv"), then=SAVE_AS))


def _as_text(head: bytes) -> str | None:
    """The start of a file as text, or None when it looks binary."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(codec, errors="replace")
    if b"\x00" in head:
        return None
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a character cut at the end of the sample
            return head[:exc.start].decode("utf-8")
    text = head.decode("cp1252", errors="replace")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    return None if controls > len(text) // 100 else text


def cfb_stream_names(fh: IO[bytes], max_sectors: int = 4096) -> list[str]:
    """Names of the entries in an OLE2 compound file (old .xls, encrypted .xlsx, .doc).

    Reads only the header, the allocation table and the directory. A damaged
    directory gives the names read so far; never raises for bad content.
    """
    names: list[str] = []
    try:
        fh.seek(0)
        header = fh.read(512)
        if len(header) < 512 or not header.startswith(OLE_MAGIC):
            return names
        shift = struct.unpack_from("<H", header, 30)[0]
        if shift not in (9, 12):
            return names
        size = 1 << shift
        n_fat, first_dir = struct.unpack_from("<II", header, 44)
        first_difat, n_difat = struct.unpack_from("<II", header, 68)
        fat_sectors = [s for s in struct.unpack_from("<109I", header, 76) if s < 0xFFFFFFFA]
        seen: set[int] = set()
        sector = first_difat
        while sector < 0xFFFFFFFA and len(seen) < min(n_difat, max_sectors):
            if sector in seen:
                break
            seen.add(sector)
            block = _sector(fh, sector, size)
            entries = struct.unpack(f"<{size // 4}I", block)
            fat_sectors += [s for s in entries[:-1] if s < 0xFFFFFFFA]
            sector = entries[-1]
        fat_sectors = fat_sectors[:min(n_fat, max_sectors)]

        def next_sector(s: int) -> int:
            per = size // 4
            if s // per >= len(fat_sectors):
                return 0xFFFFFFFE
            block = _sector(fh, fat_sectors[s // per], size)
            return struct.unpack_from("<I", block, (s % per) * 4)[0]

        sector = first_dir
        visited: set[int] = set()
        while sector < 0xFFFFFFFA and sector not in visited and len(visited) < max_sectors:
            visited.add(sector)
            block = _sector(fh, sector, size)
            for off in range(0, size, 128):
                entry = block[off:off + 128]
                length = struct.unpack_from("<H", entry, 64)[0]
                kind = entry[66]
                if kind in (1, 2, 5) and 2 <= length <= 64:
                    names.append(entry[:length - 2].decode("utf-16-le", errors="replace"))
            sector = next_sector(sector)
    except (OSError, struct.error, ValueError, IndexError):
        pass
    if not names:  # unreadable directory: look for the tell-tale names in the first megabyte
        try:
            fh.seek(0)
            blob = fh.read(MB)
        except OSError:
            blob = b""
        for name in ("EncryptionInfo", "EncryptedPackage", "Workbook", "WordDocument"):
            if name.encode("utf-16-le") in blob:
                names.append(name)
    return names


def _sector(fh: IO[bytes], number: int, size: int) -> bytes:
    fh.seek((number + 1) * size)
    block = fh.read(size)
    if len(block) != size:
        raise ValueError("short sector")
    return block


# --------------------------------------------------------------------------- zip checks

def _check_zip_sizes(infos, path: Path, what: Wording, limits: Limits) -> None:
    """Zip-bomb check from the zip directory alone: nothing is unpacked here."""
    if len(infos) > limits.max_members:
        raise _refuse(path, what,
                      Text("gate.holds_parts_more_than_limit", parts=len(infos), max_members=limits.max_members))
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_mb * MB:
        raise _refuse(path, what,
                      Text("gate.would_unpack_more_than_limit", mb=_mb(total), mb2=_mb(limits.max_unzipped_mb * MB)))
    for info in infos:
        if info.file_size > limits.ratio_grace_mb * MB:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise _refuse(path, what,
                              Text("gate.holds_part_compressed_1_limit", filename=info.filename, ratio=ratio,
                                   max_ratio=limits.max_ratio))
        if info.flag_bits & 0x1:
            raise _refuse(path, what,
                          Text("gate.encrypted_zip_archive_not_workbook"))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(path, what, Text("gate.packed_method", method=info.compress_type, then=SAVE_AS))


def _mb(size: float) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size / MB:.2f} MB"


def _check_zip_kind(zf: zipfile.ZipFile, infos, path: Path, what: Wording) -> None:
    names = {i.filename for i in infos}
    lower = {n.lower() for n in names}
    if "[Content_Types].xml" in names and ("xl/workbook.xml" in names or any(
            n.startswith("xl/") and n.endswith("workbook.xml") for n in lower)):
        return
    if "xl/workbook.bin" in lower:
        raise _refuse(path, what, Text("gate.xlsb", then=SAVE_AS))
    if "mimetype" in names:
        kind = _read_member(zf, zf.getinfo("mimetype"), 200).decode("ascii", errors="replace")
        if "opendocument.spreadsheet" in kind:
            raise _refuse(path, what,
                          Text("gate.opendocument_spreadsheet_ods_libreoffice_open"))
    if any(n.startswith("word/") for n in lower):
        raise _refuse(path, what, Text("gate.word_document_docx_not_workbook"))
    if any(n.startswith("ppt/") for n in lower):
        raise _refuse(path, what, Text("gate.powerpoint_presentation_pptx_not_workbook"))
    raise _refuse(path, what,
                  Text("gate.zip_archive_but_not_excel"))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """At most ``cap`` unpacked bytes of a zip member, however large it claims or turns out to be."""
    out = bytearray()
    with zf.open(info) as member:
        while len(out) < cap:
            chunk = member.read(min(65536, cap - len(out)))
            if not chunk:
                break
            out += chunk
    return bytes(out)


_ELEMENT_START = re.compile(r"<[A-Za-z_]")


def _check_xml_prologs(zf: zipfile.ZipFile, infos, path: Path, what: Wording) -> None:
    """Refuse DTDs and entity declarations in any XML part (billion laughs, external entities).

    A DTD can only stand before the first element, so the start of each part is
    enough; a prolog longer than 64 KB is itself refused.
    """
    for info in infos:
        if not info.filename.lower().endswith(XML_SUFFIXES) or info.file_size == 0:
            continue
        try:
            head = _read_member(zf, info, PROLOG_WINDOW)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
            raise _damaged(path, what, info.filename, exc) from None
        text = _xml_text(head)
        start = _ELEMENT_START.search(text)
        prolog = text[:start.start()] if start else text
        if "<!doctype" in prolog.lower() or "<!entity" in prolog.lower():
            raise _xml_attack(path, what, Text("gate.part", filename=info.filename))
        if start is None and len(head) >= PROLOG_WINDOW:
            raise _damaged(path, what, info.filename, None)


def _xml_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1:2] == b"\x00" or head[:1] == b"\x00":
        codec = "utf-16-be" if head.startswith(b"\xfe\xff") or head[:1] == b"\x00" else "utf-16-le"
        return head.decode(codec, errors="replace")
    return head.decode("utf-8", errors="replace")


def _xml_attack(path: Path, what: Wording, where: Text, **fields) -> InputFileError:
    """The refusal of a part that declares a DTD or entities; ``where`` says which (``gate.in_part``)."""
    return _refuse(path, what, Text("gate.xml_attack", where=where), **fields)


def _damaged(path: Path, what: Wording, part: str | None, exc: BaseException | None,
             **fields) -> InputFileError:
    where = Text("gate.damaged_part", part=part) if part else ""
    reason: Wording = ""
    if exc is not None:
        position = getattr(exc, "position", None)
        if position:
            reason = Text("gate.malformed_xml", line=position[0], character=position[1])
        else:
            reason = f": {type(exc).__name__}"
    return _refuse(path, what, Text("gate.damaged", where=where, reason=reason, then=ASK_AGAIN), **fields)
