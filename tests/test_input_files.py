"""Broken and hostile input workbooks: each is refused with one clear message, in bounded time, writing nothing.

Every bad file is built here from bytes or from a small workbook written with
openpyxl; no opaque binaries.
"""
from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from addin.catalog import load_catalog
from addin.cli import cli
from addin.errors import BadValue, InputFileError
from addin.i18n import Text
from addin.xlsx import gate as workbook_io
from addin.xlsx.gate import Limits, check_workbook_file, resolve_limits
from addin.xlsx.read import iter_sheet_rows, load_workbook_checked, open_workbook_values, sheet_names

from .conftest import small_sheets, write_workbook

MB = 1024 * 1024
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --------------------------------------------------------------------------- builders

def base_xlsx(tmp_path: Path, rows=None, name="Tabelle1") -> bytes:
    """Bytes of a small, sound workbook written by openpyxl."""
    rows = rows if rows is not None else [("Kunde", "Artikel", "Menge"), ("Muster GmbH", "OFFICE", 10)]
    path = write_workbook(tmp_path / "_base.xlsx", {name: rows})
    data = path.read_bytes()
    path.unlink()
    return data


def rezip(data: bytes, replace: dict | None = None, drop=(), add: dict | None = None) -> bytes:
    """A copy of a zip with some members replaced, dropped or added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in add.items():
            dst.writestr(name, content)
    return out.getvalue()


def make_zip(members: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return out.getvalue()


def make_cfb(names: list[str]) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) whose directory lists ``names``.

    The streams are empty; only the directory matters to tell .xls, encrypted
    workbooks and Word files apart.
    """
    end, free, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    entries = ["Root Entry"] + names
    n_dir = -(-len(entries) // 4)
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    difat = [0] + [free] * 108
    struct.pack_into("<109I", header, 76, *difat)
    fat = [fatsect] + [i + 2 for i in range(n_dir - 1)] + [end]
    fat += [free] * (128 - len(fat))
    fat_sector = struct.pack("<128I", *fat)
    directory = bytearray()
    for i, name in enumerate(entries):
        raw = name.encode("utf-16-le") + b"\x00\x00"
        entry = bytearray(128)
        entry[:len(raw)] = raw
        kind = 5 if i == 0 else (1 if name.startswith("\x06") else 2)
        right = i + 1 if 0 < i < len(entries) - 1 else nostream
        child = 1 if i == 0 and len(entries) > 1 else nostream
        struct.pack_into("<HBBIII", entry, 64, len(raw), kind, 1, nostream, right, child)
        struct.pack_into("<II", entry, 116, end, 0)
        directory += entry
    directory += b"\x00" * (n_dir * 512 - len(directory))
    return bytes(header) + fat_sector + bytes(directory)


def sheet_xml(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
            f'<worksheet xmlns="{SHEET_NS}"><sheetData>{body}</sheetData></worksheet>').encode()


def billion_laughs(root: str = "worksheet") -> str:
    lines = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    for i in range(1, 10):
        lines.append(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">')
    return f"<!DOCTYPE {root} [\n" + "\n".join(lines) + "\n]>\n"


def write_bomb(target: Path, base: bytes, unpacked_mb: int = 300) -> Path:
    """A workbook whose sheet unpacks to ``unpacked_mb`` MB of repeated long text cells.

    Written streaming: the sheet never exists in memory or on disk unpacked.
    """
    cell = b'<c t="inlineStr"><is><t>' + b"x" * 30000 + b"</t></is></c>"
    row = b"<row>" + cell * 30 + b"</row>"
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{SHEET_NS}"><sheetData>'.encode()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with dst.open(info.filename, "w") as out:
                    tail = b"</sheetData></worksheet>"
                    out.write(head)
                    written, end = len(head), unpacked_mb * MB - len(tail)
                    while written + len(row) <= end:
                        out.write(row)
                        written += len(row)
                    wrapper = b'<row><c t="inlineStr"><is><t></t></is></c></row>'
                    out.write(wrapper[:-22] + b"x" * (end - written - len(wrapper)) + wrapper[-22:] + tail)
            else:
                dst.writestr(info.filename, src.read(info.filename))
    return target


def forge_size(data: bytes, member: str, size: int, crc: int | None = None) -> bytes:
    """Claim ``size`` unpacked bytes (and optionally a CRC) for ``member`` in both zip headers."""
    buf = bytearray(data)
    name = member.encode()
    pos = 0
    while (pos := buf.find(b"PK\x01\x02", pos)) != -1:  # central directory entries
        n = struct.unpack_from("<H", buf, pos + 28)[0]
        if bytes(buf[pos + 46:pos + 46 + n]) == name:
            struct.pack_into("<I", buf, pos + 24, size)
            if crc is not None:
                struct.pack_into("<I", buf, pos + 16, crc)
            local = struct.unpack_from("<I", buf, pos + 42)[0]
            flags = struct.unpack_from("<H", buf, local + 6)[0]
            if not flags & 0x08:
                struct.pack_into("<I", buf, local + 22, size)
                if crc is not None:
                    struct.pack_into("<I", buf, local + 14, crc)
        pos += 4
    return bytes(buf)


def with_shared_strings(data: bytes, content: bytes) -> bytes:
    """Add a shared-strings part (openpyxl writes inline strings) and declare it in the content types."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = z.read("[Content_Types].xml")
    override = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    return rezip(data, {"[Content_Types].xml": types.replace(b"</Types>", override)},
                 add={"xl/sharedStrings.xml": content})


def listing(folder: Path) -> dict:
    return {p.name: p.stat().st_size for p in folder.iterdir()}


def refused(path: Path, reader=check_workbook_file, **kw) -> InputFileError:
    """Run ``reader`` on a bad file; it must raise InputFileError and write nothing next to it."""
    before = listing(path.parent)
    with pytest.raises(InputFileError) as info:
        result = reader(path, **kw)
        if hasattr(result, "__next__"):
            list(result)
    assert listing(path.parent) == before
    exc = info.value
    assert path.name in exc.message("de") and path.name in exc.message("en")
    assert exc.message("de").startswith("Datei kann nicht gelesen werden: ")
    assert exc.message("en").startswith("Cannot read file: ")
    return exc


@pytest.fixture(scope="module")
def bomb_300mb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bomb")
    base = base_xlsx(folder)
    return write_bomb(folder / "orders.xlsx", base, 300)


# --------------------------------------------------------------------------- the corpus

CORPUS = [
    # (case, file name, builder(tmp_path) -> bytes, German fragment, English fragment)
    ("empty file", "orders.xlsx", lambda t: b"",
     "ist leer (0 Byte)", "is empty (0 bytes)"),
    ("old .xls", "orders.xls", lambda t: make_cfb(["Workbook", "\x05SummaryInformation"]),
     "ist eine alte Excel-Datei (.xls, Excel 97–2003). In Excel öffnen",
     "is an old Excel file (.xls, Excel 97–2003). Open it in Excel"),
    ("xls renamed to xlsx", "orders.xlsx", lambda t: make_cfb(["Workbook"]),
     "alte Excel-Datei (.xls, Excel 97–2003) (nur in .xlsx umbenannt)",
     "old Excel file (.xls, Excel 97–2003) (merely renamed to .xlsx)"),
    ("encrypted workbook", "orders.xlsx",
     lambda t: make_cfb(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"]),
     "ist kennwortgeschützt (verschlüsselt) und kann nicht gelesen werden. In Excel öffnen",
     "is password-protected (encrypted) and cannot be read. Open it in Excel, remove the password"),
    ("encrypted workbook, many directory sectors", "orders.xlsx",
     lambda t: make_cfb([f"Stream{i}" for i in range(9)] + ["EncryptionInfo", "EncryptedPackage"]),
     "Kennwort entfernen", "remove the password"),
    ("Word 97 document", "orders.xlsx", lambda t: make_cfb(["WordDocument", "1Table"]),
     "ist ein Word-Dokument (.doc)", "is a Word document (.doc)"),
    ("other compound file", "orders.xlsx", lambda t: make_cfb(["Contents"]),
     "ist eine alte Office-Datei (Verbunddokument", "is an old Office file (compound document"),
    ("CSV renamed to xlsx", "orders.xlsx",
     lambda t: "Kunde;Artikel;Menge\nMüller GmbH;OFFICE;10\n".encode("cp1252"),
     "ist eine Textdatei (CSV) (nur in .xlsx umbenannt), keine Excel-Arbeitsmappe",
     "is a text (CSV) file (merely renamed to .xlsx), not an Excel workbook"),
    ("UTF-8 CSV with BOM", "orders.xlsx",
     lambda t: "\ufeffKunde,Artikel,Menge\r\nMüller GmbH,OFFICE,10\r\n".encode("utf-8"),
     "Textdatei (CSV)", "text (CSV) file"),
    ("CSV as .csv", "orders.csv", lambda t: b"Kunde;Artikel;Menge\n",
     "ist eine Textdatei (CSV), keine Excel-Arbeitsmappe. In Excel öffnen und über Datei > Speichern unter",
     "is a text (CSV) file, not an Excel workbook. Open it in Excel and use File > Save As"),
    ("text file", "orders.txt", lambda t: b"Kunde\tArtikel\tMenge\n",
     "'orders.txt' ist eine Textdatei (CSV), keine Excel-Arbeitsmappe.",
     "'orders.txt' is a text (CSV) file, not an Excel workbook."),
    ("HTML saved as xls", "orders.xls",
     lambda t: b"<html><body><table><tr><td>OFFICE</td></tr></table></body></html>",
     "ist eine Webseite (HTML) (nur in .xls umbenannt)", "is a web page (HTML) (merely renamed to .xls)"),
    ("Excel 2003 XML", "orders.xlsx",
     lambda t: b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
     "ist eine XML-Tabelle (Excel 2003)", "is an XML spreadsheet (Excel 2003)"),
    ("PDF", "orders.xlsx", lambda t: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
     "ist ein PDF-Dokument", "is a PDF document"),
    ("random binary", "orders.xlsx", lambda t: bytes(range(256)) * 4,
     "ist keine Excel-Arbeitsmappe (unbekanntes Format)", "is not an Excel workbook (unknown format)"),
    ("truncated download", "orders.xlsx", lambda t: base_xlsx(t)[:1500],
     "ist beschädigt oder unvollständig", "is damaged or incomplete"),
    ("zip that is no workbook", "orders.xlsx", lambda t: make_zip({"readme.txt": "hello"}),
     "ist ein Zip-Archiv, aber keine Excel-Arbeitsmappe ([Content_Types].xml oder xl/workbook.xml fehlt)",
     "is a zip archive but not an Excel workbook ([Content_Types].xml or xl/workbook.xml is missing)"),
    ("workbook part missing", "orders.xlsx", lambda t: rezip(base_xlsx(t), drop=["xl/workbook.xml"]),
     "keine Excel-Arbeitsmappe ([Content_Types].xml", "not an Excel workbook ([Content_Types].xml"),
    ("docx", "orders.xlsx",
     lambda t: make_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}),
     "ist ein Word-Dokument (.docx)", "is a Word document (.docx)"),
    ("pptx", "orders.xlsx",
     lambda t: make_zip({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"}),
     "ist eine PowerPoint-Präsentation (.pptx)", "is a PowerPoint presentation (.pptx)"),
    ("ods", "orders.xlsx",
     lambda t: make_zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}),
     "ist eine OpenDocument-Tabelle (.ods, LibreOffice)", "is an OpenDocument spreadsheet (.ods, LibreOffice)"),
    ("xlsb", "orders.xlsx",
     lambda t: make_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.bin": b"\x00"}),
     "ist eine Excel-Binärarbeitsmappe (.xlsb)", "is an Excel binary workbook (.xlsb)"),
    ("billion laughs in a sheet", "orders.xlsx",
     lambda t: rezip(base_xlsx(t), {"xl/worksheets/sheet1.xml": sheet_xml(
         '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', billion_laughs())}),
     "enthält im Teil xl/worksheets/sheet1.xml eine DTD bzw. Entity-Definitionen, die Excel nie schreibt "
     "(möglicher XML-Angriff, z. B. 'Billion Laughs'). Nicht geöffnet.",
     "declares a DTD or entities in part xl/worksheets/sheet1.xml, which Excel never writes (possible XML "
     "attack such as 'billion laughs'). Not opened."),
    ("billion laughs in the workbook part", "orders.xlsx",
     lambda t: rezip(base_xlsx(t), {"xl/workbook.xml": billion_laughs("workbook").encode()
                                    + b'<workbook xmlns="x">&lol9;</workbook>'}),
     "im Teil xl/workbook.xml eine DTD", "in part xl/workbook.xml, which Excel never writes"),
    ("external entity in content types", "orders.xlsx",
     lambda t: rezip(base_xlsx(t), {"[Content_Types].xml": b'<?xml version="1.0"?>\n<!DOCTYPE Types '
                                    b'[<!ENTITY x SYSTEM "file:///etc/passwd">]><Types>&x;</Types>'}),
     "im Teil [Content_Types].xml eine DTD", "in part [Content_Types].xml"),
    ("DTD in UTF-16", "orders.xlsx",
     lambda t: rezip(base_xlsx(t), {"xl/worksheets/sheet1.xml": (
         '\ufeff<?xml version="1.0" encoding="UTF-16"?>\n' + billion_laughs() + f'<worksheet xmlns="{SHEET_NS}"/>'
     ).encode("utf-16-le")}),
     "eine DTD bzw. Entity-Definitionen", "declares a DTD or entities"),
    ("DTD hidden behind a long comment", "orders.xlsx",
     lambda t: rezip(base_xlsx(t), {"xl/worksheets/sheet1.xml": sheet_xml(
         "", "<!--" + "x" * 70000 + "-->" + billion_laughs())}),
     "ist beschädigt (Teil xl/worksheets/sheet1.xml)", "is damaged (part xl/worksheets/sheet1.xml)"),
    ("too many zip members", "orders.xlsx",
     lambda t: rezip(base_xlsx(t), add={f"xl/media/image{i}.png": b"" for i in range(1000)}),
     "enthält 1009 Teile, mehr als die Grenze von 1000 (XPHONE_MAX_ZIP_MEMBERS)",
     "holds 1009 parts, more than the limit of 1000 (XPHONE_MAX_ZIP_MEMBERS)"),
]


@pytest.mark.parametrize("case, name, build, de, en", CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_file_is_refused_with_one_message(tmp_path, case, name, build, de, en):
    path = tmp_path / name
    path.write_bytes(build(tmp_path))
    exc = refused(path)
    assert de in exc.message("de")
    assert en in exc.message("en")
    assert exc.message("de").endswith(f"(Datei {path})")
    assert exc.message("en").endswith(f"(file {path})")


@pytest.mark.parametrize("case, name, build, de, en", CORPUS, ids=[c[0] for c in CORPUS])
def test_every_reader_goes_through_the_gate(tmp_path, case, name, build, de, en):
    path = tmp_path / name
    path.write_bytes(build(tmp_path))
    for reader in (open_workbook_values, iter_sheet_rows, sheet_names, load_workbook_checked):
        assert de in refused(path, reader).message("de")


def test_what_names_the_kind_of_file(tmp_path):
    path = tmp_path / "liste.xlsx"
    path.write_bytes(b"")
    exc = refused(path, what=Text("label.orders_sheet"))
    assert exc.message("de").startswith("Datei kann nicht gelesen werden: Auftragsliste 'liste.xlsx' ist leer")
    assert exc.message("en").startswith("Cannot read file: orders sheet 'liste.xlsx' is empty")


def test_missing_file_and_folder(tmp_path):
    exc = refused(tmp_path / "nowhere.xlsx")
    assert "Arbeitsmappe 'nowhere.xlsx' nicht gefunden." in exc.message("de")
    assert "workbook 'nowhere.xlsx' not found." in exc.message("en")
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert "ist ein Ordner, keine Datei." in refused(folder).message("de")


# --------------------------------------------------------------------------- zip bombs

def test_zip_bomb_refused_from_the_directory_alone(bomb_300mb):
    size = bomb_300mb.stat().st_size
    assert size < MB / 2  # a 0.3 MB file ...
    with zipfile.ZipFile(bomb_300mb) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size == 300 * MB  # ... that unpacks to 300 MB
    for reader in (check_workbook_file, open_workbook_values, iter_sheet_rows, load_workbook_checked):
        start = time.perf_counter()
        exc = refused(bomb_300mb, reader)
        print(f"{reader.__name__}: {size / MB:.2f} MB -> 300 MB refused in {time.perf_counter() - start:.3f} s")
        assert ("würde entpackt 300 MB belegen, mehr als die Grenze von 100 MB (XPHONE_MAX_UNZIPPED_MB); "
                "möglicherweise eine Zip-Bombe. Nicht geöffnet.") in exc.message("de")
        assert ("would unpack to 300 MB, more than the limit of 100 MB (XPHONE_MAX_UNZIPPED_MB); possibly a "
                "zip bomb. Not opened.") in exc.message("en")


def test_zip_bomb_refused_by_its_ratio_when_the_size_limit_is_raised(bomb_300mb, monkeypatch):
    monkeypatch.setenv("XPHONE_MAX_UNZIPPED_MB", "1000")
    exc = refused(bomb_300mb)
    assert "enthält den Teil xl/worksheets/sheet1.xml, der " in exc.message("de")
    assert "-fach gepackt ist (Grenze 100-fach, XPHONE_MAX_ZIP_RATIO); typisch für eine Zip-Bombe" in exc.message("de")
    assert "compressed" in exc.message("en") and "to 1 (limit 100 to 1, XPHONE_MAX_ZIP_RATIO)" in exc.message("en")


def test_limits_come_from_arguments_then_environment(bomb_300mb, monkeypatch, tmp_path):
    monkeypatch.setenv("XPHONE_MAX_UNZIPPED_MB", "50")
    assert "Grenze von 50 MB" in refused(bomb_300mb).message("de")
    exc = refused(bomb_300mb, limits=Limits(max_unzipped_mb=200))
    assert "Grenze von 200 MB" in exc.message("de")
    assert resolve_limits(max_rows=7).max_rows == 7
    assert resolve_limits().max_unzipped_mb == 50
    monkeypatch.setenv("XPHONE_MAX_ROWS", "zehn")
    with pytest.raises(BadValue) as info:
        resolve_limits()
    assert info.value.message("de") == "Umgebungsvariable XPHONE_MAX_ROWS: 'zehn' ist ungültig. Positive Zahl erwartet."
    assert info.value.message("en") == ("environment variable XPHONE_MAX_ROWS: 'zehn' is not valid. "
                                        "A positive number is expected.")


def test_defaults_are_the_documented_ones():
    assert Limits() == Limits(max_unzipped_mb=100, max_ratio=100, max_members=1000, max_rows=100_000,
                              max_columns=256, ratio_grace_mb=1)


def test_forged_small_size_in_the_zip_directory_is_caught_while_reading(tmp_path):
    """The directory claims 1000 bytes; the data unpacks to 50 MB. Reading stops at the claim."""
    path = write_bomb(tmp_path / "forged.xlsx", base_xlsx(tmp_path), 50)
    path.write_bytes(forge_size(path.read_bytes(), "xl/worksheets/sheet1.xml", 1000))
    start = time.perf_counter()
    exc = refused(path, open_workbook_values)
    print(f"forged size refused in {time.perf_counter() - start:.3f} s")
    assert "ist beschädigt (Teil xl/worksheets/sheet1.xml): BadZipFile." in exc.message("de")
    assert "is damaged (part xl/worksheets/sheet1.xml): BadZipFile." in exc.message("en")


def test_forged_size_and_checksum_give_a_cut_sheet_not_50_mb(tmp_path):
    """Even with a matching checksum for the claimed 1000 bytes, no more than those are read."""
    path = write_bomb(tmp_path / "forged.xlsx", base_xlsx(tmp_path), 50)
    with zipfile.ZipFile(path) as z, z.open("xl/worksheets/sheet1.xml") as member:
        first = member.read(1000)
    path.write_bytes(forge_size(path.read_bytes(), "xl/worksheets/sheet1.xml", 1000, zlib.crc32(first)))
    exc = refused(path, open_workbook_values)
    assert "ist beschädigt: fehlerhaftes XML bei Zeile 2, Zeichen 961." in exc.message("de")
    assert "is damaged: malformed XML at line 2, character 961." in exc.message("en")


def test_bounded_member_reader_stops_at_its_cap(bomb_300mb):
    with zipfile.ZipFile(bomb_300mb) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
        assert len(workbook_io._read_member(z, info, 100_000)) == 100_000


# --------------------------------------------------------------------------- XML attacks

@pytest.mark.parametrize("member, content", [
    ("xl/worksheets/sheet1.xml",
     sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', billion_laughs())),
    ("xl/sharedStrings.xml", billion_laughs("sst").encode()
     + b'<sst xmlns="%s" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>' % SHEET_NS.encode()),
], ids=["sheet", "shared strings"])
def test_billion_laughs_is_not_expanded_even_past_the_prolog_check(tmp_path, monkeypatch, member, content):
    """With our own DTD check switched off, openpyxl's defusedxml still refuses the entities."""
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(with_shared_strings(base_xlsx(tmp_path), content) if member == "xl/sharedStrings.xml"
                     else rezip(base_xlsx(tmp_path), {member: content}))
    start = time.perf_counter()
    exc = refused(path, open_workbook_values)
    print(f"billion laughs in {member} refused in {time.perf_counter() - start:.4f} s")
    assert f"enthält im Teil {member} eine DTD bzw. Entity-Definitionen" in exc.message("de")
    monkeypatch.setattr(workbook_io, "_check_xml_prologs", lambda *a, **k: None)
    start = time.perf_counter()
    exc = refused(path, open_workbook_values)
    print(f"billion laughs in {member} refused by defusedxml in {time.perf_counter() - start:.4f} s")
    assert "enthält in einem Teil eine DTD bzw. Entity-Definitionen, die Excel nie schreibt" in exc.message("de")
    assert "declares a DTD or entities in a part, which Excel never writes" in exc.message("en")


def test_start_up_fails_when_openpyxl_does_not_use_defusedxml():
    def start(lang):
        env = dict(os.environ, OPENPYXL_DEFUSEDXML="False", XPHONE_LANG=lang)
        return subprocess.run([sys.executable, "-c", "import addin.cli"], env=env, capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parent.parent)

    german, english = start("de"), start("en")
    assert german.returncode != 0 and english.returncode != 0
    assert "openpyxl liest XML ohne defusedxml-Schutz (openpyxl.DEFUSEDXML ist False)" in german.stderr
    assert "openpyxl reads XML without defusedxml protection" in english.stderr
    assert openpyxl.DEFUSEDXML is True  # and this test process itself runs protected


# --------------------------------------------------------------------------- malformed XML, sheets

@pytest.mark.parametrize("member, content, de, en", [
    ("xl/worksheets/sheet1.xml", b'<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1"><v>1</v></row>'
     % SHEET_NS.encode(), "ist beschädigt: fehlerhaftes XML bei Zeile 1, Zeichen",
     "is damaged: malformed XML at line 1, character"),
    ("xl/worksheets/sheet1.xml", b"\x00\x01garbage", "ist beschädigt", "is damaged"),
    ("xl/workbook.xml", b"<workbook><sheets><sheet", "ist beschädigt: fehlerhaftes XML bei Zeile 1, Zeichen",
     "is damaged: malformed XML at line 1, character"),
    ("[Content_Types].xml", b"<Types", "ist beschädigt", "is damaged"),
], ids=["unclosed tag in sheet", "binary sheet", "cut workbook part", "cut content types"])
def test_malformed_xml(tmp_path, member, content, de, en):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(rezip(base_xlsx(tmp_path), {member: content}))
    exc = refused(path, open_workbook_values, what=Text("label.orders_sheet"))
    assert f"Auftragsliste 'broken.xlsx' {de}" in exc.message("de")
    assert f"orders sheet 'broken.xlsx' {en}" in exc.message("en")
    assert "In Excel öffnen und neu speichern oder die Datei neu anfordern." in exc.message("de")
    assert "Open and re-save it in Excel, or ask the sender for the file again." in exc.message("en")


def test_missing_sheet(tmp_path):
    path = write_workbook(tmp_path / "orders.xlsx", {"Tabelle1": [("a",)], "Notizen": [("b",)]})
    exc = refused(path, iter_sheet_rows, sheet="Aufträge")
    assert ("hat kein Blatt 'Aufträge'. Vorhanden: 'Tabelle1', 'Notizen'. Blatt umbenennen oder das richtige "
            "angeben.") in exc.message("de")
    assert "has no sheet 'Aufträge'. Present: 'Tabelle1', 'Notizen'." in exc.message("en")
    assert exc.fields["sheet"] == "Aufträge"
    assert "hat kein Blatt 'Preise'" in refused(path, open_workbook_values, sheets=["Preise"]).message("de")
    assert "hat kein Blatt '5'" in refused(path, iter_sheet_rows, sheet=5).message("de")


def test_sheet_chosen_by_name_index_or_first(tmp_path):
    path = write_workbook(tmp_path / "orders.xlsx", {"Tabelle1": [("a",)], "Notizen": [("b",)]})
    assert list(iter_sheet_rows(path)) == [(1, ("a",))]
    assert list(iter_sheet_rows(path, " notizen ")) == [(1, ("b",))]
    assert list(iter_sheet_rows(path, 1)) == [(1, ("b",))]
    assert sheet_names(path) == ["Tabelle1", "Notizen"]


def test_xlsx_content_under_another_name_is_read(tmp_path):
    """The content decides, not the name: a workbook saved as 'orders.xls' is read."""
    path = tmp_path / "orders.xls"
    path.write_bytes(base_xlsx(tmp_path))
    assert list(iter_sheet_rows(path)) == [(1, ("Kunde", "Artikel", "Menge")), (2, ("Muster GmbH", "OFFICE", 10))]


# --------------------------------------------------------------------------- rows, columns, dimension

def test_forged_dimension_does_not_hide_rows(tmp_path):
    rows = [("Artikel", "Menge")] + [(f"A{i}", i) for i in range(1, 10)]
    data = base_xlsx(tmp_path, rows)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:B10" />' in sheet
    path = tmp_path / "forged.xlsx"
    path.write_bytes(rezip(data, {"xl/worksheets/sheet1.xml": sheet.replace(b'ref="A1:B10"', b'ref="A1:B2"')}))
    # openpyxl on its own trusts the forged size in read-only mode and returns 2 rows ...
    wb = openpyxl.load_workbook(path, read_only=True)
    assert len(list(wb.worksheets[0].iter_rows(values_only=True))) == 2
    wb.close()
    # ... every reader of ours returns all 10
    assert open_workbook_values(path)["Tabelle1"] == rows
    assert [values for _n, values in iter_sheet_rows(path)] == rows


def test_row_limit(tmp_path, monkeypatch):
    path = write_workbook(tmp_path / "orders.xlsx", {"Tabelle1": [(i,) for i in range(1, 31)]})
    exc = refused(path, iter_sheet_rows, max_rows=10)
    assert ("hat im Blatt 'Tabelle1' Daten in Zeile 11, jenseits der Grenze von 10 Zeilen (XPHONE_MAX_ROWS). "
            "Die Liste aufteilen oder die Grenze erhöhen.") in exc.message("de")
    assert ("has data in row 11 of sheet 'Tabelle1', beyond the limit of 10 rows (XPHONE_MAX_ROWS). "
            "Split the list or raise the limit.") in exc.message("en")
    assert (exc.fields["sheet"], exc.fields["row"]) == ("Tabelle1", 11)
    monkeypatch.setenv("XPHONE_MAX_ROWS", "29")
    assert "Zeile 30" in refused(path, open_workbook_values).message("de")
    monkeypatch.setenv("XPHONE_MAX_ROWS", "30")
    assert len(open_workbook_values(path)["Tabelle1"]) == 30


def test_blank_rows_far_below_do_not_count(tmp_path):
    """A formatted but empty cell in the last Excel row is not data; the row limit is not hit."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tabelle1"
    ws.append(("Kunde", "Menge"))
    ws.append(("Muster GmbH", 3))
    ws.cell(row=1_048_576, column=1).number_format = "0.00"
    wb.save(tmp_path / "orders.xlsx")
    assert open_workbook_values(tmp_path / "orders.xlsx", max_rows=100)["Tabelle1"] == [
        ("Kunde", "Menge"), ("Muster GmbH", 3)]
    ws.cell(row=1_048_576, column=1).value = "vergessen"
    wb.save(tmp_path / "orders.xlsx")
    exc = refused(tmp_path / "orders.xlsx", open_workbook_values, max_rows=100)
    assert "Daten in Zeile 1048576, jenseits der Grenze von 100 Zeilen" in exc.message("de")


def test_column_limit(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(("Kunde", "Menge"))
    ws.cell(row=2, column=16384).number_format = "0.00"  # formatted, empty: fine
    wb.save(tmp_path / "wide.xlsx")
    assert open_workbook_values(tmp_path / "wide.xlsx")["Sheet"] == [("Kunde", "Menge")]
    ws.cell(row=2, column=257).value = "x"
    wb.save(tmp_path / "wide.xlsx")
    exc = refused(tmp_path / "wide.xlsx", open_workbook_values)
    assert ("hat im Blatt 'Sheet' einen Wert in Spalte IW, jenseits der Grenze von 256 Spalten "
            "(XPHONE_MAX_COLUMNS).") in exc.message("de")
    assert (exc.fields["row"], exc.fields["column"]) == (2, "IW")


def test_blank_rows_inside_keep_row_numbers(tmp_path):
    path = write_workbook(tmp_path / "orders.xlsx", {"T": [("Kunde",), (), ("Muster GmbH", None, None)]})
    assert list(iter_sheet_rows(path)) == [(1, ("Kunde",)), (2, ()), (3, ("Muster GmbH",))]


# --------------------------------------------------------------------------- catalog and CLI

def test_catalog_gate_via_cli_no_traceback_nothing_written(tmp_path):
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(make_cfb(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"]))
    before = listing(tmp_path)
    result = CliRunner().invoke(cli, ["catalog", "check", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith("Fehler: Datei kann nicht gelesen werden: Katalog 'catalog.xlsx' ist "
                                    "kennwortgeschützt (verschlüsselt)")
    result = CliRunner().invoke(cli, ["catalog", "check", str(path), "--lang", "en"])
    assert result.output.startswith("Error: Cannot read file: catalog 'catalog.xlsx' is password-protected")
    assert listing(tmp_path) == before


def test_sound_catalog_still_loads(catalog_file):
    assert load_catalog(catalog_file).article("OFFICE").price == 100


@pytest.mark.libreoffice
def test_real_xls_written_by_libreoffice_is_recognised(tmp_path):
    from addin.batch.pdf import convert, find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    (tmp_path / "src").mkdir()
    source = write_workbook(tmp_path / "src" / "orders.xlsx", {"Tabelle1": small_sheets()["Artikel"]})
    (xls,) = convert([source], "xls", tmp_path / "out")
    exc = refused(xls)
    assert "ist eine alte Excel-Datei (.xls, Excel 97–2003)." in exc.message("de")
    renamed = xls.with_name("orders.xlsx")
    xls.rename(renamed)
    assert "(nur in .xlsx umbenannt)" in refused(renamed).message("de")


# --------------------------------------------------------------------------- sound files pass

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_WORKBOOKS = sorted([ROOT / "catalog.xlsx", *(ROOT / "workbook_templates").glob("*.xls[xm]")])


@pytest.mark.parametrize("path", SHIPPED_WORKBOOKS, ids=[p.name for p in SHIPPED_WORKBOOKS])
def test_shipped_workbooks_pass_the_gate(path):
    check_workbook_file(path)
    assert sheet_names(path)
    assert all(isinstance(rows, list) for rows in open_workbook_values(path).values())


@pytest.mark.libreoffice
def test_workbook_saved_by_libreoffice_passes(tmp_path):
    from addin.batch.pdf import convert, find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    (tmp_path / "src").mkdir()
    source = write_workbook(tmp_path / "src" / "catalog.xlsx", small_sheets())
    (saved,) = convert([source], "xlsx", tmp_path / "out")
    with zipfile.ZipFile(saved) as z:
        assert "xl/sharedStrings.xml" in z.namelist()  # written the way Excel writes, unlike openpyxl
    assert load_catalog(saved).article("OFFICE").price == 100


# --------------------------------------------------------------------------- the batch writes nothing

EXAMPLE_ORDERS = ROOT / "workbook_templates" / "example_orders.xlsx"


@pytest.mark.parametrize("role", ["orders", "template"])
@pytest.mark.parametrize("case, name, build, de, en", CORPUS, ids=[c[0] for c in CORPUS])
def test_batch_refuses_a_bad_orders_sheet_or_template_and_writes_nothing(tmp_path, role, case, name, build, de, en):
    bad = tmp_path / name
    bad.write_bytes(build(tmp_path))
    out = tmp_path / "quotes"
    args = ["quotes", str(bad), "--out", str(out)] if role == "orders" else [
        "quotes", str(EXAMPLE_ORDERS), "--template", str(bad), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    what = "Auftragsliste" if role == "orders" else "Vorlage"
    assert f"Fehler: Datei kann nicht gelesen werden: {what} '{name}' " in result.output
    assert de in result.output
    assert not out.exists() or not any(out.iterdir())


def test_batch_refuses_a_zip_bomb_orders_sheet_and_writes_nothing(bomb_300mb, tmp_path):
    out = tmp_path / "quotes"
    result = CliRunner().invoke(cli, ["quotes", str(bomb_300mb), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 1
    assert ("Error: Cannot read file: orders sheet 'orders.xlsx' would unpack to 300 MB, more than the limit of "
            "100 MB (XPHONE_MAX_UNZIPPED_MB); possibly a zip bomb.") in result.output
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_input_is_refused_at_once_instead_of_waiting(tmp_path):
    fifo = tmp_path / "orders.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(InputFileError) as info:
        check_workbook_file(fifo, what=Text("label.orders_sheet"))
    assert info.value.message("de").startswith("Datei kann nicht gelesen werden: Auftragsliste 'orders.xlsx' ist "
                                               "keine gewöhnliche Datei (z. B. eine Pipe oder ein Gerät)")
    assert "is not a regular file" in info.value.message("en")
