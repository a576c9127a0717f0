"""The output side of the quote batch: a quote open in Excel, a read-only folder, a full disk, Ctrl-C.

Each failure is reported for its quote with the reason in the user's words (German and English), the
other quotes go on, no temporary or half-written file remains and the exit status says so.

The tests run as root here, where ``chmod`` does not stop writing; the operating-system errors are
therefore raised through monkeypatch exactly where Windows or a full disk raise them (the rename onto a
file Excel holds open, the write of the temporary file). One test uses a real read-only folder and runs
only when not root.
"""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.workbook.workbook import Workbook

import addin.batch.run as quotes_mod
import addin.quote as quote_mod
from addin.batch.record import RECORD_NAME
from addin.cli import cli
from tests.conftest import ROOT, listing

EXAMPLE = ROOT / "workbook_templates" / "example_orders.xlsx"
ALL = ["Angebot-2026-001.xlsx", "Angebot-2026-002.xlsx", "Angebot-2026-003.xlsx", "Angebot-2026-004.xlsx",
       "Angebot-2026-005.xlsx", "Angebot-2026-006.xlsx", "Zusammenfassung.xlsx"]


@pytest.fixture(autouse=True)
def no_checks(monkeypatch):
    monkeypatch.setattr(quote_mod, "check", lambda *a, **k: [])


def run(*args):
    return CliRunner().invoke(cli, ["quotes", *map(str, args)])


def run_args(args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def names(folder: Path) -> list[str]:
    """Every entry of the folder, hidden temporary files included; the folder's record is tested on its own."""
    return sorted(n for n in os.listdir(folder) if n != RECORD_NAME)


def complete(folder: Path) -> None:
    for name in names(folder):
        openpyxl.load_workbook(folder / name)  # each file left is a whole workbook


def fail_replace_onto(monkeypatch, target_name: str, code: int, cls=OSError):
    """os.replace onto ``target_name`` fails as it does on Windows while Excel has that file open."""
    real = os.replace

    def replace(src, dst):
        if Path(dst).name == target_name:
            raise cls(code, os.strerror(code))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def fail_save(monkeypatch, when, code: int, cls=OSError, half=True):
    """Workbook.save writes part of the file, then fails with ``code`` for the calls ``when(n, path)`` picks."""
    real = Workbook.save
    calls = []

    def save(self, filename):
        calls.append(filename)
        if when(len(calls), Path(filename)):
            if half:
                Path(filename).write_bytes(b"PK\x03\x04 half a workbook")
            raise cls(code, os.strerror(code))
        return real(self, filename)

    monkeypatch.setattr(Workbook, "save", save)


# --------------------------------------------------------------------------- a quote open in Excel

@pytest.mark.parametrize("lang, reason", [
    ("de", "Fehler: Angebot 2026-002: Ausgabe nicht möglich: Angebot-2026-002.xlsx: die Datei ist gesperrt, wohl in "
           "Excel geöffnet; die Datei schließen und erneut starten (mit --force)."),
    ("en", "Error: Quote 2026-002: Cannot write output: Quote-2026-002.xlsx: the file is locked, probably open in "
           "Excel; close it and run again (with --force)."),
])
def test_quote_open_in_excel_fails_alone(tmp_path, monkeypatch, lang, reason):
    prefix = "Angebot" if lang == "de" else "Quote"
    fail_replace_onto(monkeypatch, f"{prefix}-2026-002.xlsx", errno.EACCES, PermissionError)
    result = run(EXAMPLE, "--out", tmp_path, "--force", "--lang", lang)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert reason in result.stderr.splitlines()
    expected = [n.replace("Angebot", prefix).replace("Zusammenfassung", "Summary" if lang == "en" else
                                                     "Zusammenfassung") for n in ALL if "002" not in n]
    assert names(tmp_path) == sorted(expected)  # no temporary file left
    complete(tmp_path)
    summary = openpyxl.load_workbook(tmp_path / expected[-1]).active
    row = next(r for r in summary.iter_rows(values_only=True) if r[0] == "2026-002")
    # status, notes for the seller and file: columns 10 to 12 (after net total, VAT treatment, VAT amount, gross)
    assert row[9] == ("fehlgeschlagen" if lang == "de" else "failed") and "Excel" in row[10] and row[11] is None


def test_existing_quote_open_in_excel_is_left_as_it_was(tmp_path, monkeypatch):
    assert run(EXAMPLE, "--out", tmp_path).exit_code == 0
    before = (tmp_path / "Angebot-2026-001.xlsx").read_bytes()
    fail_replace_onto(monkeypatch, "Angebot-2026-001.xlsx", errno.EACCES, PermissionError)
    result = run(EXAMPLE, "--out", tmp_path, "--force")
    assert result.exit_code == 1 and "1 fehlgeschlagen" in result.stdout
    assert (tmp_path / "Angebot-2026-001.xlsx").read_bytes() == before
    assert names(tmp_path) == ALL


def test_summary_open_in_excel(tmp_path, monkeypatch):
    fail_replace_onto(monkeypatch, "Zusammenfassung.xlsx", errno.EACCES, PermissionError)
    result = run(EXAMPLE, "--out", tmp_path)
    assert result.exit_code == 1
    assert ("Fehler: Ausgabe nicht möglich: Zusammenfassung.xlsx: die Datei ist gesperrt, wohl in Excel geöffnet; "
            "die Datei schließen und erneut starten (mit --force).") in result.stderr.splitlines()
    assert (result.stdout.startswith("6 von 6 Angeboten erstellt")
            and "Zusammenfassung: nicht geschrieben" in result.stdout)
    assert names(tmp_path) == ALL[:-1]


# --------------------------------------------------------------------------- a read-only folder

@pytest.mark.parametrize("lang, reason", [
    ("de", "keine Schreibrechte im Ordner {out} (schreibgeschützt?); einen anderen Ordner mit --out wählen oder die "
           "Rechte prüfen."),
    ("en", "no permission to write in folder {out} (read-only?); choose another folder with --out or check its "
           "permissions."),
])
def test_read_only_folder_simulated(tmp_path, monkeypatch, lang, reason):
    out = tmp_path / "q"
    out.mkdir()
    fail_save(monkeypatch, lambda n, path: path.parent == out, errno.EACCES, PermissionError, half=False)
    result = run(EXAMPLE, "--out", out, "--lang", lang)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert sum(reason.format(out=out) in line for line in lines) == 7  # six quotes and the summary
    assert names(out) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_for_real(tmp_path):
    out = tmp_path / "q"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = run(EXAMPLE, "--out", out)
        assert result.exit_code == 1 and "keine Schreibrechte im Ordner" in result.stderr
        assert names(out) == []
    finally:
        out.chmod(0o755)


def test_folder_that_cannot_be_created(tmp_path, monkeypatch):
    def mkdir(self, *a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", mkdir)
    result = run(EXAMPLE, "--out", tmp_path / "neu")
    assert result.exit_code == 1
    assert result.stderr == (f"Fehler: Ausgabe nicht möglich: keine Schreibrechte im Ordner {tmp_path / 'neu'} "
                             "(schreibgeschützt?); einen anderen Ordner mit --out wählen oder die Rechte prüfen.\n")


def test_output_folder_is_a_file(tmp_path):
    from addin.errors import OutputError

    (tmp_path / "q").write_text("x")
    result = run(EXAMPLE, "--out", tmp_path / "q", "--lang", "en")  # the command line refuses it itself
    assert result.exit_code == 2 and "is a file" in result.stderr and "Traceback" not in result.output
    with pytest.raises(OutputError) as info:  # and so does the batch called from Python
        quotes_mod.run_batch(EXAMPLE, tmp_path / "q")
    assert info.value.message("en") == (f"Cannot write output: {tmp_path / 'q'} is a file, not a folder; name a "
                                        "folder with --out.")
    assert (tmp_path / "q").read_text() == "x"


# --------------------------------------------------------------------------- a full disk

@pytest.mark.parametrize("lang, reason", [
    ("de", "Fehler: Angebot 2026-003: Ausgabe nicht möglich: Angebot-2026-003.xlsx: der Datenträger ist voll "
           "(Ordner {out}); Platz schaffen und erneut starten."),
    ("en", "Error: Quote 2026-003: Cannot write output: Quote-2026-003.xlsx: the disk is full (folder {out}); "
           "free some space and run again."),
])
def test_full_disk_while_writing_a_quote(tmp_path, monkeypatch, lang, reason):
    fail_save(monkeypatch, lambda n, path: n == 3, errno.ENOSPC)  # half the file is on disk when it fails
    result = run(EXAMPLE, "--out", tmp_path, "--lang", lang)
    assert result.exit_code == 1
    assert reason.format(out=tmp_path) in result.stderr.splitlines()
    # the run stops there (every later quote would fail the same way) and says so once; the summary of what
    # was written is saved
    assert ("Lauf angehalten" if lang == "de" else "Run stopped") in result.stderr
    assert names(tmp_path) == sorted(["Angebot-2026-001.xlsx" if lang == "de" else "Quote-2026-001.xlsx",
                                      "Angebot-2026-002.xlsx" if lang == "de" else "Quote-2026-002.xlsx",
                                      "Zusammenfassung.xlsx" if lang == "de" else "Summary.xlsx"])
    complete(tmp_path)


def test_full_disk_for_the_summary(tmp_path, monkeypatch):
    fail_save(monkeypatch, lambda n, path: path.name.startswith(".Zusammenfassung"), errno.ENOSPC)
    result = run(EXAMPLE, "--out", tmp_path)
    assert result.exit_code == 1 and "der Datenträger ist voll" in result.stderr
    assert names(tmp_path) == ALL[:-1]


def test_other_os_error_keeps_its_reason(tmp_path, monkeypatch):
    fail_save(monkeypatch, lambda n, path: n == 1, errno.EIO)
    result = run(EXAMPLE, "--out", tmp_path)
    assert ("Fehler: Angebot 2026-001: Ausgabe nicht möglich: Angebot-2026-001.xlsx: Schreiben nicht möglich "
            f"in {tmp_path} ({os.strerror(errno.EIO)}).") in result.stderr.splitlines()
    assert result.exit_code == 1 and len(names(tmp_path)) == 6  # the other five quotes and the summary


# --------------------------------------------------------------------------- Ctrl-C

def test_ctrl_c_between_quotes_keeps_complete_files_and_says_how_far(tmp_path, monkeypatch):
    import addin.cli as cli_mod

    real = cli_mod._Progress.__call__

    def progress(self, done, total):
        real(self, done, total)
        if done == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_mod._Progress, "__call__", progress)
    result = run(EXAMPLE, "--out", tmp_path, "--lang", "en")
    assert result.exit_code == 130
    assert result.stderr.strip() == (f"Interrupted after 3 of 6 quotes; only complete files were written, summary: "
                                     f"{tmp_path / 'Summary.xlsx'}")
    assert names(tmp_path) == ["Quote-2026-001.xlsx", "Quote-2026-002.xlsx", "Quote-2026-003.xlsx", "Summary.xlsx"]
    complete(tmp_path)
    rows = list(openpyxl.load_workbook(tmp_path / "Summary.xlsx").active.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["2026-001", "2026-002", "2026-003"]


def test_ctrl_c_while_the_summary_is_saved_leaves_no_temporary_file(tmp_path, monkeypatch):
    fail_save(monkeypatch, lambda n, path: path.name.startswith(".Zusammenfassung"), 0,
              cls=lambda *a: KeyboardInterrupt())
    result = run(EXAMPLE, "--out", tmp_path)
    assert result.exit_code == 130
    assert ("Abgebrochen nach 6 von 6 Angeboten; nur vollständige Dateien geschrieben, Zusammenfassung: "
            "nicht geschrieben") in result.stderr
    assert names(tmp_path) == ALL[:-1]


def test_pdf_that_cannot_be_put_in_place(tmp_path, monkeypatch):
    import addin.batch.pdf as lo

    def convert(paths, fmt, outdir, timeout=600, **kw):
        made = []
        for p in paths:
            target = Path(outdir) / Path(p).with_suffix(".pdf").name
            target.write_bytes(b"%PDF-1.4 fake")
            made.append(target)
        return made

    monkeypatch.setattr(lo, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(lo, "convert", convert)
    fail_replace_onto(monkeypatch, "Angebot-2026-001.pdf", errno.EACCES, PermissionError)
    result = run(EXAMPLE, "--out", tmp_path, "--pdf")
    assert result.exit_code == 1
    assert ("Fehler: Ausgabe nicht möglich: Angebot-2026-001.pdf: die Datei ist gesperrt, wohl in einem anderen "
            "Programm geöffnet; die Datei schließen und erneut starten (mit --force).") in result.stderr.splitlines()
    assert "6 von 6 Angeboten erstellt, 5 PDF" in result.stdout
    assert names(tmp_path) == sorted(ALL + [f"Angebot-2026-00{i}.pdf" for i in range(2, 7)])


@pytest.mark.parametrize("lang, expected", [
    ("de", "Fehler: Ausgabe nicht möglich: {out} liegt nicht in einem Ordner (ein Teil des Pfads ist eine Datei); "
           "mit --out einen Ordner wählen."),
    ("en", "Error: Cannot write output: {out} is not inside a folder (part of the path is a file); choose a folder "
           "with --out."),
])
def test_an_output_folder_below_a_file_is_named(tmp_path, lang, expected):
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "sub"
    result = run(EXAMPLE, "--out", out, "--lang", lang)
    assert result.exit_code == 1 and expected.format(out=out) in result.stderr.splitlines()


# --------------------------------------------------------------------------- no command writes a file it reads

def test_an_orders_sheet_named_like_an_output_in_the_output_folder_stops_the_run(tmp_path):
    for name in ("Zusammenfassung.xlsx", "Angebot-Q00001.xlsx"):
        folder = tmp_path / name.split(".")[0]
        folder.mkdir()
        orders = folder / name
        shutil.copy(EXAMPLE, orders)
        before = orders.read_bytes()
        result = run(orders, "--out", folder, "--force")
        assert result.exit_code == 1 and "liegt im Ausgabeordner und heißt wie eine Datei" in result.stderr
        assert orders.read_bytes() == before and listing(folder) == [name]


def test_reprice_and_lite_never_write_onto_what_they_read(tmp_path, shipped_copy):
    orders = tmp_path / "orders.xlsx"
    shutil.copy(EXAMPLE, orders)
    before = orders.read_bytes()
    result = run_args(["reprice", str(orders), "--out", str(orders), "--force"])
    assert result.exit_code == 1 and "wird von diesem Befehl gelesen (Auftragsliste)" in result.stderr
    assert orders.read_bytes() == before
    before = shipped_copy.read_bytes()
    result = run_args(["--catalog", str(shipped_copy), "lite", "--out", str(shipped_copy), "--force"])
    assert result.exit_code == 1 and "wird von diesem Befehl gelesen (Katalog)" in result.stderr
    assert shipped_copy.read_bytes() == before


# --------------------------------------------------------------------------- temporary files

@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_planted_link_never_makes_a_quote_write_outside_the_folder(tmp_path):
    out = tmp_path / "q"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    # links under every name a run of this process could have used before, and under the plain names
    for name in ("Angebot-2026-001.xlsx", "Zusammenfassung.xlsx"):
        for pid in (os.getpid(), 1):
            (out / f".{name}.{pid}.tmp").symlink_to(victim)
    result = run(EXAMPLE, "--out", out)
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "keep me"
    assert (out / "Angebot-2026-001.xlsx").read_bytes()[:2] == b"PK"


def test_a_killed_runs_temporary_files_are_removed_by_the_next_run(tmp_path):
    out = tmp_path / "q"
    out.mkdir()
    (out / ".Angebot-2026-001.xlsx.k3j2h1.tmp").write_bytes(b"PK half a workbook")
    (out / ".Zusammenfassung.xlsx.9z8y7x.tmp").write_bytes(b"PK half")
    (out / ".xphone-pricing.json.a1b2c3.tmp").write_text('{"format": 1, "quo', encoding="utf-8")
    scratch = out / ".pdf-4f5e6d" / "xphone-lo-1a2b" / "user"  # the PDFs and LibreOffice profile of a killed run
    scratch.mkdir(parents=True)
    (scratch.parent.parent / "Angebot-2026-001.pdf").write_bytes(b"%PDF-1.7 of a killed run")
    result = run(EXAMPLE, "--out", out)
    assert result.exit_code == 0, result.output
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != RECORD_NAME]


def test_a_full_temporary_folder_fails_the_summary_alone_with_one_clear_message(tmp_path, monkeypatch):
    import tempfile

    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    def full(self, row):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(WriteOnlyWorksheet, "append", full)
    result = run(EXAMPLE, "--out", tmp_path)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"Fehler: Ausgabe nicht möglich: Zusammenfassung.xlsx: der Datenträger ist voll (Ordner "
            f"{tempfile.gettempdir()}); Platz schaffen und erneut starten.") in result.stderr.splitlines()
    assert names(tmp_path) == ALL[:-1]  # the six quotes, no summary, nothing half-written


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_quotes_get_the_mode_of_any_file_the_user_saves(tmp_path):
    assert run(EXAMPLE, "--out", tmp_path).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    modes = {p.name: p.stat().st_mode & 0o777 for p in tmp_path.iterdir()}
    assert set(modes.values()) == {0o666 & ~mask}, modes  # not the 0600 of a private temporary file


@pytest.fixture
def small_disk(tmp_path):
    """A real file system of 36 KiB (tmpfs, mounted as root), full after three quotes."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    if os.name != "posix" or os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=36k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("needs root and tmpfs to make a small disk")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_stops_the_run_with_one_clear_message_and_nothing_half_written(small_disk):
    out = small_disk / "q"
    result = run(EXAMPLE, "--out", out)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert "Fehler: Lauf angehalten: der Datenträger ist voll; jedes weitere Angebot schlüge ebenso fehl." in lines
    full = [line for line in lines if "der Datenträger ist voll (Ordner" in line]
    assert 1 <= len(full) <= 2  # the quote that hit the full disk, and the summary when it cannot be written
    written = listing(out)
    assert written and all(p.endswith(".xlsx") and not p.startswith(".") for p in written)
    for name in written:  # every file there is a whole workbook
        assert openpyxl.load_workbook(out / name).worksheets
