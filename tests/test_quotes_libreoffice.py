"""Generated quotes recalculated by a real spreadsheet engine (LibreOffice headless).

All quotes of a test are recalculated in ONE LibreOffice call; ``total``, ``up2date`` and
``grand_total`` as LibreOffice computes them must equal the pricing core's figures to the cent.
Skipped when LibreOffice is missing, except in CI (CI=true), where a missing LibreOffice fails.
"""
from __future__ import annotations

import json
import os
import random
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from addin.batch.orders import read_orders
from addin.batch.pdf import convert, find_soffice
from addin.batch.record import RECORD_NAME
from addin.batch.run import run_batch
from addin.catalog import get_catalog
from addin.money import round_cents, to_decimal
from addin.quote import price_quote
from tests.conftest import ROOT, write_workbook

pytestmark = pytest.mark.libreoffice

EXAMPLE = ROOT / "workbook_templates" / "example_orders.xlsx"


@pytest.fixture(autouse=True)
def soffice():
    if find_soffice() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is missing in CI: apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")


def named_values(path) -> dict:
    wb = openpyxl.load_workbook(path, data_only=True)
    values = {}
    for name in ("total", "up2date", "grand_total"):
        if name == "up2date" and name not in wb.defined_names:  # a quote without Up2Date has no such row
            values[name] = round_cents(to_decimal(0))
            continue
        ((sheet, ref),) = list(wb.defined_names[name].destinations)
        values[name] = round_cents(to_decimal(wb[sheet][ref.replace("$", "")].value))
    return values


def core_figures(orders_path) -> dict:
    cat = get_catalog()
    figures = {}
    for order in read_orders(orders_path, catalog=cat):
        q = price_quote(order.lines, order.owned, order.options, catalog=cat, checks=False)
        figures[order.quote_id] = {"total": q.licence_total, "up2date": q.up2date_total, "grand_total": q.net}
    return figures


def generated_orders(path, count=40, seed=7):
    """Quotes with awkward cents: 39.90 and 19.95 prices, odd discounts, every Up2Date term, upgrades, add-ons."""
    rnd = random.Random(seed)
    head = ["Angebot", "Kunde", "Artikel", "Menge", "Bestand", "Rabatt", "Up2Date-Laufzeit", "Up2Date-Restlaufzeit"]
    users = ["OFFICE", "OFFICE_PLUS", "FAX", "VOICEMAIL", "TEAMDESK", "CONTACTS", "DASHBOARD", "TAPI", "IP_CHANNEL",
             "UPG_OFFICE_PLUS"]
    rows = [head]
    for q in range(count):
        qid = f"G-{q:03d}"
        server = rnd.choice(["SERVER", "SMART_SERVER"])
        owned = rnd.random() < 0.4
        rows.append([qid, f"Kunde {q}", server, 0 if owned else 1, 1 if owned else None, None, None, None])
        for code in rnd.sample(users, rnd.randint(1, 6)):
            rows.append([qid, None, code, rnd.randint(1, 97), rnd.choice([None, 0, 7, 33]) if owned else None,
                         rnd.choice([None, 3, 12.5, "17,5 %", 0.33]), None, None])
        kind = rnd.choice(["term", "upgrade", "addon", "none"]) if owned else rnd.choice(["term", "none"])
        if kind == "term":
            rows.append([qid, None, f"UP2DATE_{rnd.randint(1, 5)}Y", 1, None, None, None, None])
        elif kind == "upgrade":
            rows.append([qid, None, rnd.choice(["MIGRATION_R4", "UPGRADE_R5", "UPGRADE_R6", "UPGRADE_R7",
                                                "UPGRADE_R8"]), 1, None, None, None, None])
            rows.append([qid, None, f"UP2DATE_{rnd.randint(1, 5)}Y", 1, None, None, None, None])
        elif kind == "addon":
            term = rnd.randint(1, 5)  # a running term has at most 12 months left per year
            rows.append([qid, None, "UP2DATE_ADDON", 1, None, None, term, rnd.randint(1, 12 * term)])
    return write_workbook(path, {"Aufträge": rows})


def test_libreoffice_totals_equal_the_core_to_the_cent(tmp_path):
    generated = generated_orders(tmp_path / "generated.xlsx")
    run_batch(EXAMPLE, tmp_path / "example", force=True)
    run_batch(generated, tmp_path / "generated", force=True)
    expected = {**core_figures(EXAMPLE), **core_figures(generated)}
    assert len(expected) == 46  # the 6 example quotes and the 40 generated ones

    # a user edits a quantity in a generated quote: every total follows
    edited = tmp_path / "edited" / "Angebot-edit.xlsx"
    edited.parent.mkdir()
    wb = openpyxl.load_workbook(tmp_path / "example" / "Angebot-2026-001.xlsx")
    assert wb.active["C24"].value == "XPhone Connect 8 – OFFICE" and wb.active["D24"].value == 10
    wb.active["D24"] = 12
    wb.save(edited)

    files = sorted((tmp_path / "example").glob("Angebot-*.xlsx")) + sorted(
        (tmp_path / "generated").glob("Angebot-*.xlsx")) + [edited]
    recalculated = convert(files, "xlsx", tmp_path / "recalculated")  # one LibreOffice process
    got = {path.stem.removeprefix("Angebot-").removesuffix("-ENTWURF"): named_values(path) for path in recalculated}

    # by hand: 990 + 12 × 89 = 2058.00; Up2Date 3 years 54 % = 1111.32; net 3169.32
    assert got.pop("edit") == {"total": Decimal("2058.00"), "up2date": Decimal("1111.32"),
                               "grand_total": Decimal("3169.32")}
    # the example quotes, figures by hand (see tests/test_quotes.py)
    assert got["2026-001"] == {"total": Decimal("1880.00"), "up2date": Decimal("1015.20"),
                               "grand_total": Decimal("2895.20")}
    assert got["2026-003"] == {"total": Decimal("890.00"), "up2date": Decimal("4766.85"),
                               "grand_total": Decimal("10022.48")}
    mismatches = {qid: (got[qid], want) for qid, want in expected.items() if got[qid] != want}
    assert not mismatches


def test_pdf_for_every_quote_with_one_libreoffice_process(tmp_path, monkeypatch):
    import addin.batch.pdf as lo

    calls = []
    real = lo.convert
    monkeypatch.setattr(lo, "convert", lambda *a, **k: calls.append(a) or real(*a, **k))
    result = run_batch(EXAMPLE, tmp_path, pdf=True)
    assert len(calls) == 1 and len(result.pdfs) == 6
    for pdf in result.pdfs:
        assert pdf.parent == tmp_path and pdf.read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith((".pdf", ".xlsx"))) == [RECORD_NAME]
    assert json.loads((tmp_path / RECORD_NAME).read_text())["quotes"]["2026-002"]["pdf"] == "Angebot-2026-002.pdf"


def test_resume_makes_the_missing_pdf_only(tmp_path):
    assert run_batch(EXAMPLE, tmp_path, pdf=True).written == 6
    kept = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.pdf")}
    (tmp_path / "Angebot-2026-003.pdf").unlink()
    result = run_batch(EXAMPLE, tmp_path, pdf=True, resume=True)
    assert (result.written, result.unchanged) == (0, 6)
    assert [p.name for p in result.pdfs] == ["Angebot-2026-003.pdf"]
    again = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.pdf")}
    assert again.keys() == kept.keys()
    assert {k: v for k, v in again.items() if k != "Angebot-2026-003.pdf"} == {
        k: v for k, v in kept.items() if k != "Angebot-2026-003.pdf"}  # the others untouched


def test_libreoffice_recalculates_the_up2date_base_of_an_upgraded_system(tmp_path):
    # owned SMART SERVER (5 OFFICE included) + 10 OFFICE; the quote: Upg. SMART SERVER>SERVER, 5 Upg. OFFICE>
    # OFFICE PLUS, 5 TEAMDESK, Up2Date 1 year. Licences 1590 + 5 × 55 + 5 × 119 = 2460.00; the system after the
    # quote: SERVER 2490 + 10 OFFICE 890 + 5 OFFICE PLUS 695 + 5 TEAMDESK 595 = 4670, 20 % = 934.00; net 3394.00
    head = ["Angebot", "Kunde", "Artikel", "Menge", "Bestand"]
    rows = [head, ["U", "Upgrade GmbH", "SMART_SERVER", 0, 1], ["U", None, "OFFICE", 0, 10],
            ["U", None, "UPG_SMART_SERVER", 1], ["U", None, "UPG_OFFICE_PLUS", 5], ["U", None, "TEAMDESK", 5],
            ["U", None, "UP2DATE_1Y", 1]]
    run_batch(write_workbook(tmp_path / "o.xlsx", {"Aufträge": rows}), tmp_path / "q")
    # a recipient upgrades 3 users instead of 5: SERVER 2490 + 12 OFFICE 1068 + 3 OFFICE PLUS 417 + 5 TEAMDESK 595
    # = 4570, 20 % = 914.00; licences 1590 + 3 × 55 + 595 = 2350.00; net 3264.00
    # an existing system without a running Up2Date and without a one-time upgrade: UP2DATE_ELIGIBLE is an ERROR,
    # so the quote is written as a draft (issue 12); its figures are the same
    wb = openpyxl.load_workbook(tmp_path / "q" / "Angebot-U-ENTWURF.xlsx")
    assert wb.active["C23"].value == "XPhone Connect 8 – Upg. OFFICE>OFFICE PLUS" and wb.active["D23"].value == 5
    wb.active["D23"] = 3
    (tmp_path / "e").mkdir()
    wb.save(tmp_path / "e" / "Angebot-edit.xlsx")
    recalculated = convert([tmp_path / "q" / "Angebot-U-ENTWURF.xlsx", tmp_path / "e" / "Angebot-edit.xlsx"], "xlsx",
                           tmp_path / "recalculated")
    got = {path.stem: named_values(path) for path in recalculated}
    assert got == {
        "Angebot-U-ENTWURF": {"total": Decimal("2460.00"), "up2date": Decimal("934.00"),
                              "grand_total": Decimal("3394.00")},
        "Angebot-edit": {"total": Decimal("2350.00"), "up2date": Decimal("914.00"),
                         "grand_total": Decimal("3264.00")},
    }


@pytest.mark.parametrize("lang, locale", [("de", "de-DE"), ("en", "en-GB")])
def test_pdf_with_two_jobs_uses_two_libreoffice_processes_each_with_its_own_profile(tmp_path, monkeypatch, lang,
                                                                                  locale):
    import subprocess

    import addin.batch.pdf as lo

    calls = []
    real = subprocess.run

    def spy(cmd, *args, **kwargs):
        profile = next(a for a in cmd if a.startswith("-env:UserInstallation=")).split("file://", 1)[1]
        xcu = (Path(profile) / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
        calls.append((profile, [a for a in cmd if a.endswith(".xlsx")], xcu))
        return real(cmd, *args, **kwargs)

    monkeypatch.setattr(lo.subprocess, "run", spy)
    result = run_batch(EXAMPLE, tmp_path, pdf=True, jobs=2, lang=lang)
    assert len(result.pdfs) == 6 and all(p.read_bytes()[:5] == b"%PDF-" for p in result.pdfs)
    assert len(calls) == 2 and calls[0][0] != calls[1][0]  # two processes, two profiles
    assert sorted(len(files) for _, files, _ in calls) == [3, 3]  # the six quotes shared out
    assert sorted(Path(f).name for _, files, _ in calls for f in files) == sorted(
        p.with_suffix(".xlsx").name for p in result.pdfs)
    assert all(f"<value>{locale}</value>" in xcu and "ooSetupLastVersion" in xcu for _, _, xcu in calls)


def test_libreoffice_recalculates_a_quote_under_each_price_list_to_the_cent(tmp_path):
    """The example orders written under the 2026 list (their own date) and re-issued under the 2027 list."""
    import datetime as dt

    run_batch(EXAMPLE, tmp_path / "2026", force=True)
    run_batch(EXAMPLE, tmp_path / "2027", force=True, price_date=dt.date(2027, 1, 1))
    cat = get_catalog()
    files = []
    for year in ("2026", "2027"):  # one folder, one LibreOffice process: the list's year in the file name
        for path in sorted((tmp_path / year).glob("Angebot-*.xlsx")):
            quote_id = path.stem.removeprefix("Angebot-").removesuffix("-ENTWURF")  # 2026-005 is a draft
            files.append(path.rename(tmp_path / f"{year}_{quote_id}.xlsx"))
    recalculated = convert(files, "xlsx", tmp_path / "recalculated")
    assert len(recalculated) == 12  # the 6 example quotes under each of the 2 lists
    got = {tuple(path.stem.split("_", 1)): named_values(path) for path in recalculated}
    for order in read_orders(EXAMPLE, catalog=cat):
        for year, day in (("2026", None), ("2027", dt.date(2027, 1, 1))):
            q = price_quote(order.lines, order.owned, order.options, catalog=cat, date=order.date, price_date=day,
                            checks=False)
            assert got[(year, order.quote_id)] == {"total": q.licence_total, "up2date": q.up2date_total,
                                                   "grand_total": q.net}, (year, order.quote_id)
    # by hand, 2027 list: 990 + 10 × 92 = 1910; Up2Date 3 years 54 % = 1031.40; net 2941.40
    assert got[("2027", "2026-001")] == {"total": Decimal("1910.00"), "up2date": Decimal("1031.40"),
                                         "grand_total": Decimal("2941.40")}
    # owned 2590 + 50 × 92 + 50 × 19.95 = 8187.50 and 10 × 92 new: R6 4503.13, Up2Date 4918.05, net 10341.18
    assert got[("2027", "2026-003")] == {"total": Decimal("920.00"), "up2date": Decimal("4918.05"),
                                         "grand_total": Decimal("10341.18")}


def test_one_quote_that_libreoffice_cannot_convert_fails_its_pdf_only(tmp_path):
    from addin.batch.pdf import write_pdfs
    from addin.batch.run import BatchResult

    run_batch(EXAMPLE, tmp_path / "q", force=True)
    quotes = sorted((tmp_path / "q").glob("Angebot-*.xlsx"))
    broken = quotes[1]
    broken.write_bytes(b"PK\x03\x04 not a workbook any more")
    result = BatchResult()
    made = write_pdfs(quotes, tmp_path / "q", True, "de", result)
    assert sorted(p.name for p in made) == sorted(p.with_suffix(".pdf").name for p in quotes if p != broken)
    assert result.output_errors == 1
    (message,) = result.messages
    assert message.startswith(f"Ausgabe nicht möglich: {broken.with_suffix('.pdf').name}: LibreOffice hat das PDF "
                              "nicht erzeugt (")
    assert "javaldx" not in message and "Java Runtime" not in message
    assert not [p for p in (tmp_path / "q").iterdir() if p.name.startswith(".pdf-")]
