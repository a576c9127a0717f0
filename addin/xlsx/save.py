"""One atomic save for every workbook the project writes, with failures in the user's words.

A workbook is saved to a temporary file in the target's folder and renamed over
the target, so a reader never sees half a file and a failure leaves nothing
behind. An ``.xlsm`` saved without a VBA project still gets the content type
Excel expects of a macro-enabled workbook.
"""
from __future__ import annotations

import errno
import gc
import os
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path
from typing import Callable

from ..errors import OutputError
from ..i18n import Text

# Content type of a macro-enabled workbook part ([Content_Types].xml).
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"

_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_DENIED = (errno.EACCES, errno.EPERM, errno.EROFS, errno.EBUSY, getattr(errno, "ETXTBSY", errno.EBUSY))


def output_failure(exc: OSError, target: Path, step: str = "write") -> OutputError:
    """An operating-system error while writing ``target``, in the user's words.

    ``step`` is ``"write"`` (the temporary file in the folder), ``"replace"``
    (putting it in place of ``target``) or ``"folder"`` (creating the folder).

    >>> output_failure(OSError(errno.ENOSPC, "No space left on device"), Path("q/Angebot-1.xlsx")).message("en")
    'Cannot write output: Angebot-1.xlsx: the disk is full (folder q); free some space and run again.'
    """
    target = Path(target)
    folder = target if step == "folder" else target.parent
    name = "" if step == "folder" else f"{target.name}: "
    code = getattr(exc, "errno", None)
    if code in _FULL:
        error = OutputError(Text("save.disk_full", name=name, folder=folder), file=None)
        error.disk_full = True  # a run stops here: every later file would fail the same way
        return error
    elif code in _DENIED and step == "replace":
        excel = target.suffix.lower() in (".xlsx", ".xlsm")
        reason = Text("save.locked_in_excel" if excel else "save.locked", name=name)
    elif code in _DENIED:
        reason = Text("save.no_permission", name=name, folder=folder)
    elif code == errno.ENOTDIR:
        reason = Text("save.not_a_folder", name=name, folder=folder)
    else:
        reason = Text("save.cannot_write", name=name, folder=folder, reason=exc.strerror or type(exc).__name__)
    return OutputError(reason, file=None)


def same_file(a, b) -> bool:
    """Whether two paths name one file (through links and relative parts too); a path not there yet compares by
    its resolved name."""
    a, b = Path(a), Path(b)
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def refuse_to_overwrite_an_input(target, inputs) -> None:
    """No command writes or deletes a file it reads: refuse ``target`` when it is one of ``inputs``, given as
    ``(path, what it is)``.

    >>> refuse_to_overwrite_an_input("catalog.xlsx", [("catalog.xlsx", Text("label.catalog"))])
    Traceback (most recent call last):
    addin.errors.OutputError: Ausgabe nicht möglich: catalog.xlsx wird von diesem Befehl gelesen (Katalog); ...
    """
    for path, what in inputs:
        if path is not None and same_file(target, path):
            raise OutputError(Text("save.reads_target", target=target, what=what))


def atomic_save(workbook, target: Path, finish: Callable[[Path], None] | None = None) -> None:
    """Save a workbook through a temporary file in the same folder and rename it; never leaves half a file.

    ``finish(path)`` may add to the saved file (parts openpyxl does not write) before it is renamed.
    An operating-system error (disk full, no permission, target open in Excel)
    becomes an :class:`OutputError` in the user's words; the temporary file is removed.
    """
    target = Path(target)

    def write(tmp: Path) -> None:
        workbook.save(tmp)
        if target.suffix.lower() == ".xlsm" and not getattr(workbook, "vba_archive", None):
            mark_macro_enabled(tmp)
        if finish is not None:
            finish(tmp)

    atomic_write(target, write)


def atomic_write(target: Path, write: Callable[[Path], object]) -> None:
    """Write ``target`` whole or not at all: ``write(path)`` fills a temporary file in the same folder, which is
    flushed to the disk and renamed over ``target``. Every file a command writes goes through here.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "note.txt"
    >>> atomic_write(target, lambda tmp: tmp.write_text("ok", encoding="utf-8"))
    >>> target.read_text(encoding="utf-8"), [p.name for p in target.parent.iterdir()]
    ('ok', ['note.txt'])
    """
    target = Path(target)
    tmp = None
    step = "write"
    try:
        # created exclusively under a name no one can guess: a link planted in the folder is never followed
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TMP_SUFFIX, dir=target.parent)
        os.close(fd)
        tmp = Path(name)
        os.chmod(tmp, FILE_MODE)  # mkstemp makes it private; a quote is a file like any other the user saves
        write(tmp)
        _flush(tmp)  # on the disk before the rename publishes it: a power loss leaves the old file or the new
        step = "replace"
        os.replace(tmp, target)
        _flush_folder(target.parent)
    except BaseException as exc:
        _drop_quietly(exc)
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise output_failure(exc, target, step) from None
        raise


def _drop_quietly(exc: BaseException) -> None:
    """Let go of what a failed save left open (openpyxl's zip archive of the half-written file) now, with its
    own failure to close on a full disk kept off the screen: it would print an 'Exception ignored' traceback
    for every quote of the run."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


TMP_SUFFIX = ".tmp"


def _file_mode() -> int:
    """The mode a file the user saves gets (0666 less the umask), read once; mkstemp's own is 0600."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()


def leftover_temporary_files(folder) -> list[Path]:
    """The temporary files an earlier run left in ``folder`` when it was killed (``.<name>.<random>.tmp``);
    a run that holds the folder's lock removes them."""
    folder = Path(folder)
    return sorted(p for p in folder.glob(f".*{TMP_SUFFIX}") if p.is_file() and not p.is_symlink())


def _flush(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _flush_folder(folder: Path) -> None:
    """The rename itself on the disk (POSIX); Windows has no handle for a folder to flush, and NTFS logs it."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)




def mark_macro_enabled(path: Path) -> None:
    """Give a workbook file the content type Excel expects of an ``.xlsm``."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "[Content_Types].xml":
                data = data.replace(XLSX_MAIN.encode(), XLSM_MAIN.encode())
            z.writestr(info, data)
