"""The folder's record: the summary lists exactly the files that are there with their real status, a rerun tells
the truth about the files it leaves alone, ``--resume`` writes only what is missing or changed, ``--force`` clears
what no longer belongs, and an interrupted or killed run continued with ``--resume`` gives the folder an
uninterrupted run gives.

Prices (shipped example list 2026): SERVER 2.490,00 €, OFFICE 89,00 €, VAT 19 %.
"""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from addin.batch.record import RECORD_NAME
from addin.cli import cli
from tests.benchmarks.bench_quotes import write_orders
from tests.conftest import PRICE_DATE, ROOT, listing, write_workbook

EXAMPLE = ROOT / "workbook_templates" / "example_orders.xlsx"
HEAD = ["Angebot", "Kunde", "Artikel", "Menge"]
CLI = "import sys; from addin.cli import main; sys.exit(main())"


def run(*args):
    return CliRunner().invoke(cli, ["quotes", *map(str, args)])


def summary_rows(folder: Path, name: str = "Zusammenfassung.xlsx") -> dict[str, tuple]:
    ws = openpyxl.load_workbook(folder / name).active
    return {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}


def record(folder: Path) -> dict:
    return json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))["quotes"]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir() if p.name.startswith("Angebot-")}


def orders(path: Path, office_for_b: int = 10, with_c: bool = True) -> Path:
    rows = [HEAD, ["A", "Kunde A", "SERVER", 1], ["B", "Kunde B", "SERVER", 1], ["B", None, "OFFICE", office_for_b]]
    if with_c:
        rows += [["C", "Kunde C", "SERVER", 1], ["C", None, "OFFICE", 2]]
    return write_workbook(path, {"Aufträge": rows})


def test_the_record_holds_each_quote_written_with_its_file_fingerprint_and_figures(tmp_path):
    out = tmp_path / "q"
    assert run(orders(tmp_path / "o.xlsx"), "--out", out).exit_code == 0
    entries = record(out)
    assert list(entries) == ["A", "B", "C"]
    # B: SERVER 2.490,00 + 10 × OFFICE 89,00 = 3.380,00 net; 19 % VAT 642,20; gross 4.022,20
    b = entries["B"]
    assert (b["file"], b["status"], b["net"], b["gross"], b["lines"]) == ("Angebot-B.xlsx", "ok", "3380.00",
                                                                         "4022.20", 2)
    assert len(b["fingerprint"]) == 64 and b["fingerprint"] != entries["A"]["fingerprint"]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_deleted_summary_is_rebuilt_truthfully_by_a_plain_rerun(tmp_path):
    assert run(EXAMPLE, "--out", tmp_path).exit_code == 0
    first = summary_rows(tmp_path)
    quotes = snapshot(tmp_path)
    (tmp_path / "Zusammenfassung.xlsx").unlink()
    again = run(EXAMPLE, "--out", tmp_path)
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("0 von 6 Angeboten erstellt, 0 fehlgeschlagen, 0 Entwürfe (Prüf-Fehler, nicht "
                                   "versenden), 6 unverändert; Zusammenfassung:")
    assert "fehlgeschlagen ..." not in again.stderr and "gibt es schon" not in again.stderr
    rebuilt = summary_rows(tmp_path)
    assert {k: v[:14] for k, v in rebuilt.items()} == {k: v[:14] for k, v in first.items()}  # all but "Dieser Lauf"
    assert {v[9] for v in rebuilt.values()} == {"Prüfung: Warnung", "OK", "Entwurf (Prüf-Fehler)"}
    assert {v[14] for v in rebuilt.values()} == {"unverändert"} and {v[14] for v in first.values()} == {"geschrieben"}
    assert snapshot(tmp_path) == quotes  # not one quote file touched
    totals = openpyxl.load_workbook(tmp_path / "Zusammenfassung.xlsx")["Summen"]
    # the total of the articles, as the first run's: 25.629,28 of 2026-001 to -004 + 5.278,50 of 2026-006
    assert 30907.78 in [c.value for c in totals["E"]]


def test_a_rerun_leaves_a_changed_quote_alone_and_says_so_and_resume_rewrites_only_it(tmp_path):
    out = tmp_path / "q"
    assert run(orders(tmp_path / "o.xlsx"), "--out", out).exit_code == 0
    before = snapshot(out)
    (out / "Zusammenfassung.xlsx").unlink()
    edited = orders(tmp_path / "o.xlsx", office_for_b=20)
    plain = run(edited, "--out", out)
    assert plain.exit_code == 0, plain.output
    assert ("Hinweis: Angebot B: Angebot-B.xlsx vorhanden, nicht überschrieben: die Auftragsliste, der Katalog oder "
            "die Vorlage hat sich geändert; mit --resume neu schreiben.") in plain.stderr.splitlines()
    assert plain.stdout.startswith("0 von 3 Angeboten erstellt, 0 fehlgeschlagen, 0 Entwürfe (Prüf-Fehler, nicht "
                                   "versenden), 2 unverändert, 1 vorhanden, nicht überschrieben;")
    assert snapshot(out) == before
    rows = summary_rows(out)
    assert (rows["B"][5], rows["B"][14]) == (3380, "vorhanden, nicht überschrieben (Eingabe geändert)")  # the file's
    time.sleep(0.01)
    resumed = run(edited, "--out", out, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert resumed.stdout.startswith("1 von 3 Angeboten erstellt, 0 fehlgeschlagen, 0 Entwürfe (Prüf-Fehler, nicht "
                                     "versenden), 2 unverändert;")
    after = snapshot(out)
    assert after["Angebot-A.xlsx"] == before["Angebot-A.xlsx"] and after["Angebot-C.xlsx"] == before["Angebot-C.xlsx"]
    assert after["Angebot-B.xlsx"] != before["Angebot-B.xlsx"]
    rows = summary_rows(out)
    # B now: SERVER 2.490,00 + 20 × OFFICE 89,00 = 4.270,00 net
    assert (rows["B"][5], rows["B"][14], rows["A"][14]) == (4270, "geschrieben", "unverändert")
    assert record(out)["B"]["net"] == "4270.00"


def test_resume_writes_a_quote_whose_file_was_deleted_and_a_template_change_rewrites_all(tmp_path):
    out = tmp_path / "q"
    assert run(EXAMPLE, "--out", out).exit_code == 0
    (out / "Angebot-2026-003.xlsx").unlink()
    resumed = run(EXAMPLE, "--out", out, "--resume")
    assert resumed.stdout.startswith("1 von 6 Angeboten erstellt")
    assert "5 unverändert" in resumed.stdout and (out / "Angebot-2026-003.xlsx").exists()
    template = tmp_path / "vorlage.xlsx"
    wb = openpyxl.load_workbook(ROOT / "workbook_templates" / "quote_de.xlsx")
    wb.properties.title = "Unsere Vorlage"
    wb.save(template)
    changed = run(EXAMPLE, "--out", out, "--resume", "--template", template)
    assert changed.stdout.startswith("6 von 6 Angeboten erstellt") and "unverändert" not in changed.stdout


def test_force_removes_the_quotes_no_longer_in_the_orders_sheet_and_resume_keeps_them(tmp_path):
    out = tmp_path / "q"
    assert run(orders(tmp_path / "o.xlsx"), "--out", out).exit_code == 0
    fewer = orders(tmp_path / "fewer.xlsx", with_c=False)
    resumed = run(fewer, "--out", out, "--resume")
    assert resumed.exit_code == 0
    assert listing(out) == ["Angebot-A.xlsx", "Angebot-B.xlsx", "Angebot-C.xlsx", "Zusammenfassung.xlsx"]
    assert summary_rows(out)["C"][14] == "nicht in dieser Auftragsliste"
    forced = run(fewer, "--out", out, "--force")
    assert forced.exit_code == 0
    assert ("Hinweis: Angebot C: Angebot-C.xlsx entfernt (nicht mehr in der Auftragsliste)."
            in forced.stderr.splitlines())
    assert listing(out) == ["Angebot-A.xlsx", "Angebot-B.xlsx", "Zusammenfassung.xlsx"]
    assert list(record(out)) == ["A", "B"] and list(summary_rows(out)) == ["A", "B"]


def test_a_file_that_no_record_describes_is_there_not_overwritten_and_not_summed(tmp_path):
    out = tmp_path / "q"
    out.mkdir()
    write_workbook(out / "Angebot-B.xlsx", {"Eigenes": [["von Hand"]]})
    result = run(orders(tmp_path / "o.xlsx"), "--out", out)
    assert result.exit_code == 0
    assert ("Hinweis: Angebot B: Angebot-B.xlsx vorhanden, nicht überschrieben: nicht im Protokoll des Ordners; mit "
            "--resume neu schreiben.") in result.stderr.splitlines()
    assert openpyxl.load_workbook(out / "Angebot-B.xlsx").sheetnames == ["Eigenes"]
    b = summary_rows(out)["B"]
    assert (b[5], b[9], b[11], b[14]) == (None, "unbekannt", "Angebot-B.xlsx",
                                          "vorhanden, nicht überschrieben (nicht im Protokoll)")
    totals = openpyxl.load_workbook(out / "Zusammenfassung.xlsx")["Summen"]
    assert totals["A2"].value == ("Nicht enthalten: 0 Entwürfe (Prüf-Fehler), 0 fehlgeschlagene Angebote, 1 Angebot "
                                  "unbekannten Inhalts.")


def test_an_unreadable_record_is_refused_with_its_path_and_force_starts_anew(tmp_path):
    out = tmp_path / "q"
    assert run(EXAMPLE, "--out", out).exit_code == 0
    (out / RECORD_NAME).write_text("{kaputt", encoding="utf-8")
    (out / "Zusammenfassung.xlsx").unlink()
    result = run(EXAMPLE, "--out", out, "--resume")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{out / RECORD_NAME}: das Protokoll des Ordners ist unlesbar" in result.stderr
    assert run(EXAMPLE, "--out", out, "--force").exit_code == 0
    assert len(record(out)) == 6


def test_force_and_resume_exclude_each_other():
    result = CliRunner().invoke(cli, ["quotes", str(EXAMPLE), "--force", "--resume"])
    assert result.exit_code == 2 and "--force und --resume schließen sich aus" in result.stderr


def test_an_english_run_has_the_same_record_and_says_it_in_english(tmp_path):
    assert run(EXAMPLE, "--out", tmp_path, "--lang", "en").exit_code == 0
    (tmp_path / "Summary.xlsx").unlink()
    again = run(EXAMPLE, "--out", tmp_path, "--lang", "en")
    assert again.stdout.startswith("0 of 6 quotes written, 0 failed, 0 drafts (ERROR findings, do not send), "
                                   "6 unchanged; summary:")
    ws = openpyxl.load_workbook(tmp_path / "Summary.xlsx").active
    assert ws["O1"].value == "This run" and {ws.cell(r, 15).value for r in range(2, 8)} == {"unchanged"}


# -- interrupted and killed runs (processes of their own) --------------------------------------------------------


def start(orders_path, out, *extra):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               XPHONE_PRICE_DATE=PRICE_DATE)  # the fixed day every test runs on, for module fixtures too
    return subprocess.Popen([sys.executable, "-c", CLI, "quotes", str(orders_path), "--out", str(out), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def parts(path: Path) -> dict[str, bytes]:
    """A quote's parts, without the creation and modification times of docProps/core.xml."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def same_folder(a: Path, b: Path) -> None:
    """Two quotes folders hold the same quotes, part by part, the same record and the same summary rows."""
    assert listing(a) == listing(b)
    for name in listing(a):
        if name.startswith("Angebot-"):
            assert parts(a / name) == parts(b / name), name
    strip = {k: {f: v for f, v in e.items() if f != "written"} for k, e in record(a).items()}
    assert strip == {k: {f: v for f, v in e.items() if f != "written"} for k, e in record(b).items()}
    assert {k: v[:14] for k, v in summary_rows(a).items()} == {k: v[:14] for k, v in summary_rows(b).items()}


def complete_files_are_listed(out: Path) -> None:
    """After any interruption: the summary and the record list exactly the complete quote files."""
    files = {n for n in listing(out) if n.startswith("Angebot-")}
    for name in files:
        assert openpyxl.load_workbook(out / name, read_only=True).sheetnames
    assert {e["file"] for e in record(out).values()} == files
    if (out / "Zusammenfassung.xlsx").exists():
        assert {r[11] for r in summary_rows(out).values() if r[11]} == files


def writing(out: Path, proc) -> None:
    """Until the run has written its first quotes."""
    while proc.poll() is None and not (out.is_dir() and len(list(out.glob("Angebot-*.xlsx"))) >= 5):
        time.sleep(0.01)
    assert proc.poll() is None, proc.communicate()


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whole")
    orders_path = write_orders(folder / "orders.xlsx", 300)
    whole = folder / "q"
    proc = start(orders_path, whole)
    assert proc.wait(timeout=600) == 0, proc.communicate()
    return orders_path, whole


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is POSIX")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_at_a_random_point_and_resume_gives_the_folder_of_an_uninterrupted_run(tmp_path, uninterrupted, seed):
    orders_path, whole = uninterrupted
    out = tmp_path / "q"
    proc = start(orders_path, out, *(["--jobs", "2"] if seed == 2 else []))
    writing(out, proc)
    time.sleep(random.Random(seed).uniform(0.0, 1.5))
    proc.kill()
    proc.communicate(timeout=60)
    assert not (out / "Zusammenfassung.xlsx").exists() or proc.returncode == 0
    resumed = start(orders_path, out, "--resume")
    stdout, stderr = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, stderr
    same_folder(out, whole)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="Ctrl-C as a POSIX signal")
@pytest.mark.parametrize("jobs, presses", [(4, 1), (2, 2), (1, 2)])
def test_ctrl_c_once_or_twice_with_workers_lists_exactly_the_complete_files(tmp_path, uninterrupted, jobs, presses):
    orders_path, whole = uninterrupted
    out = tmp_path / "q"
    proc = start(orders_path, out, "--jobs", str(jobs))
    writing(out, proc)
    for _ in range(presses):
        time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    assert "Traceback" not in stderr
    assert proc.returncode == 130 and "Abgebrochen nach" in stderr, (proc.returncode, stdout, stderr)
    complete_files_are_listed(out)
    resumed = start(orders_path, out, "--resume")
    assert resumed.wait(timeout=600) == 0
    same_folder(out, whole)
