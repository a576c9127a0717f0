"""LibreOffice headless: recalculate workbooks and render them to PDF, one process per job.

Each LibreOffice process gets a profile of its own in a temporary folder (two
processes cannot share one), set up to recalculate every formula on load, to
show numbers and dates in the quote's language (``de-DE``: ``7.937,50 €``,
``en-GB``: ``€7,937.50``), and not to run its one-time graphics self-test,
which would otherwise cost 0.7 s at every start of a new profile. The first
profile LibreOffice has set up for a language is kept as a seed (in the
user's own folder under the system's temporary folder) and copied for later
processes, which saves them another 0.3 s of setting a profile up.

Example: ``convert(["quotes/Angebot-2026-001.xlsx"], "pdf", "quotes/pdf", lang="en", jobs=2)`` writes
``quotes/pdf/Angebot-2026-001.pdf`` with English number and date formats and returns its path.
"""
from __future__ import annotations

import getpass
import hashlib
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..errors import OutputError
from ..i18n import Text, text
from ..i18n.locale import locale as conventions_of
from ..xlsx.save import output_failure

INSTALL_HINT = Text("pdf.install_hint")


# Recalculate every formula when a file is loaded (0 = always), for both OOXML and ODF; the locale of
# numbers and dates; and a last-run version above any release, so that LibreOffice takes the profile
# as known and skips the graphics self-test it runs once per new version.
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N">
 <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Setup/Product">
 <prop oor:name="ooSetupLastVersion" oor:op="fuse"><value>99.0</value></prop></item>
</oor:items>
"""


def find_soffice() -> str | None:
    """Path of the LibreOffice binary, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/usr/lib/libreoffice/program/soffice",
                      "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                      r"C:\Program Files\LibreOffice\program\soffice.exe"):
        if os.path.exists(candidate):
            return candidate
    return None


# Lines LibreOffice prints that say nothing about a conversion (no Java on the machine, which Calc does not need).
HARMLESS = ("javaldx", "Java Runtime Environment", "failed to read path from javaldx")


def real_error(stderr: str) -> str:
    """What LibreOffice said about a failed conversion, without its harmless start-up warnings.

    >>> real_error("javaldx: Could not find a Java Runtime Environment!\\nError: source file could not be loaded")
    'Error: source file could not be loaded'
    """
    lines = [line.strip() for line in stderr.splitlines() if line.strip() and not any(h in line for h in HARMLESS)]
    return "; ".join(lines)[-300:]


def convert(paths, fmt: str, outdir, timeout: float = 600, lang: str = "de", jobs: int = 1,
            missing_ok: bool = False, scratch=None) -> list:
    """Convert workbooks with LibreOffice; formulas are recalculated on load.

    ``fmt`` is a LibreOffice filter spec such as ``"pdf"`` or ``"xlsx"``;
    ``lang`` the language whose number and date formats a PDF shows. With
    ``jobs`` > 1 the files are shared out over that many LibreOffice processes
    running at the same time, each with its own profile. Returns the paths of
    the converted files, in the order given; a file LibreOffice did not produce
    raises :class:`OutputError` with LibreOffice's own error, or with
    ``missing_ok`` is ``(None, that error)`` in its place. The profiles lie in
    ``scratch`` (default: the temporary folder) while LibreOffice runs.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OutputError(INSTALL_HINT)
    paths = [Path(p).resolve() for p in paths]
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    ext = fmt.split(":", 1)[0]
    jobs = max(1, min(jobs, len(paths)))
    share = -(-len(paths) // jobs) if paths else 0
    parts = [paths[i:i + share] for i in range(0, len(paths), share)] if paths else []
    if len(parts) <= 1:
        errors = [_run(soffice, part, fmt, outdir, timeout, lang, scratch) for part in parts]
    else:
        with ThreadPoolExecutor(max_workers=len(parts)) as pool:
            errors = list(pool.map(lambda part: _run(soffice, part, fmt, outdir, timeout, lang, scratch), parts))
    results: list = [outdir / (p.stem + "." + ext) for p in paths]
    said = real_error("\n".join(e for e in errors if e)) or "-"
    missing = [r for r in results if not r.exists()]
    if missing and not missing_ok:
        raise OutputError(Text("batch.libreoffice_did_not_produce", name=missing[0].name, said=said))
    return [r if r.exists() else (None, said) for r in results]


def _run(soffice: str, paths: list[Path], fmt: str, outdir: Path, timeout: float, lang: str,
         scratch=None) -> str:
    """One LibreOffice process with a profile of its own (in ``scratch``) over ``paths``; returns its stderr."""
    office = conventions_of(lang).office
    seed = _seed_dir(soffice, office)
    with tempfile.TemporaryDirectory(prefix="xphone-lo-", dir=scratch) as profile:
        user = Path(profile) / "user"
        seeded = seed is not None and seed.is_dir()
        if seed is not None and seeded:
            try:
                shutil.copytree(seed, user)
            except OSError:
                shutil.rmtree(user, ignore_errors=True)
                seeded = False
        if not seeded:
            user.mkdir()
            (user / "registrymodifications.xcu").write_text(_PROFILE.replace("{locale}", office), encoding="utf-8")
        cmd = [soffice, f"-env:UserInstallation={Path(profile).resolve().as_uri()}", "--headless", "--norestore",
               "--nologo", "--convert-to", fmt, "--outdir", str(outdir), *map(str, paths)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise OutputError(Text("batch.libreoffice_did_not_finish_within", timeout=timeout)) from None
        if not seeded and seed is not None and proc.returncode == 0:
            _keep_seed(user, seed, office)
    return proc.stderr.strip()


def _seed_dir(soffice: str, locale: str) -> Path | None:
    """Where the set-up profile for ``locale`` and this LibreOffice is kept, or None when there is no safe place.

    The folder belongs to the user alone (0700); one owned by someone else is not used.
    """
    try:
        real = os.path.realpath(soffice)
        version = hashlib.sha1(f"{real}:{os.stat(real).st_mtime_ns}".encode()).hexdigest()[:10]
        base = Path(tempfile.gettempdir()) / f"xphone-pricing-{getpass.getuser()}"
        base.mkdir(mode=0o700, exist_ok=True)
        if hasattr(os, "getuid") and (base.stat().st_uid != os.getuid() or base.stat().st_mode & 0o077):
            return None
    except (OSError, KeyError, ImportError):
        return None
    return base / f"lo-profile-{locale}-{version}"


def _keep_seed(user: Path, seed: Path, locale: str) -> None:
    """Keep a profile LibreOffice has just set up as the seed of later processes (the first one wins), if it
    still holds the settings above."""
    try:
        settings = (user / "registrymodifications.xcu").read_text(encoding="utf-8")
    except OSError:
        return
    if seed.exists() or not all(f">{v}<" in settings for v in (locale, "99.0")) or "OOXMLRecalcMode" not in settings:
        return
    partial = seed.with_name(f"{seed.name}.{os.getpid()}.tmp")
    try:
        shutil.copytree(user, partial, ignore=shutil.ignore_patterns(".lock", "temp", "*.log"))
        os.rename(partial, seed)
    except OSError:
        pass
    finally:
        shutil.rmtree(partial, ignore_errors=True)


SCRATCH_PREFIX = ".pdf-"  # the folder of a run's PDFs before each is moved into place


def output_failure_pdf(target: Path, said: str, lang: str) -> str:
    """The message of a quote whose PDF LibreOffice did not produce, with LibreOffice's own words."""
    error = OutputError(Text("batch.pdf_not_made", name=target.name, said=said))
    return error.message(lang)


def write_pdfs(paths: list[Path], out: Path, force: bool, lang: str, result, jobs: int = 1) -> list[Path]:
    """PDFs of written quotes through ``jobs`` LibreOffice processes; each PDF is moved into place whole.

    ``result`` (a :class:`~addin.batch.run.BatchResult`) collects the messages and output errors.
    """
    todo = [p for p in paths if force or not p.with_suffix(".pdf").exists()]
    for p in paths:
        if p not in todo:
            name = p.with_suffix(".pdf").name
            result.messages.append(text("quote.exists", lang, name=name))
    if not todo:
        return []
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=out) as tmp:
        # the LibreOffice profiles too: what a killed run leaves, the next run into the folder removes
        made = convert(todo, "pdf", tmp, lang=lang, jobs=jobs, missing_ok=True, scratch=tmp)
        done = []
        for src, xlsx in zip(made, todo):
            target = xlsx.with_suffix(".pdf")
            if isinstance(src, tuple):  # LibreOffice failed on this quote: its PDF fails, the others stay
                result.output_errors += 1
                result.messages.append(output_failure_pdf(target, src[1], lang))
                continue
            try:
                os.replace(src, target)
            except OSError as exc:
                result.output_errors += 1
                result.messages.append(output_failure(exc, target, "replace").message(lang))
                continue
            done.append(target)
        shutil.rmtree(tmp, ignore_errors=True)
    return done
