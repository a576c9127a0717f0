"""One run per output folder: a second run stops at once, naming the folder and the process; a killed run's
lock never blocks the next run."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from addin.batch.lock import folder_lock, lock_path
from addin.batch.record import RECORD_NAME
from addin.errors import OutputError
from tests.benchmarks.bench_quotes import write_orders

CLI = "import sys; from addin.cli import main; sys.exit(main())"


def start(orders, out, *extra):
    return subprocess.Popen([sys.executable, "-c", CLI, "quotes", str(orders), "--out", str(out), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_the_lock(out, proc, timeout=60.0):
    """Until ``proc`` holds the folder's lock (its process id is written beside the lock)."""
    info = lock_path(out).with_suffix(".pid")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if info.exists() and info.read_text().strip() == str(proc.pid):
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    raise AssertionError("the first run never held the lock")


def test_a_second_run_into_the_same_folder_stops_at_once_naming_the_folder_and_the_process(tmp_path):
    orders = write_orders(tmp_path / "orders.xlsx", 150)
    out = tmp_path / "out"
    first = start(orders, out)
    try:
        wait_for_the_lock(out, first)
        began = time.monotonic()
        second = subprocess.run([sys.executable, "-c", CLI, "quotes", str(orders), "--out", str(out), "--force",
                                 "--price-date", "2027-01-01"], capture_output=True, text=True, timeout=120)
        assert second.returncode == 1 and time.monotonic() - began < 30
        assert (f"Fehler: Ausgabe nicht möglich: in den Ordner {out} schreibt gerade ein anderer Lauf "
                f"(Prozess {first.pid}); warten, bis er fertig ist, oder einen anderen Ordner mit --out wählen."
                ) in second.stderr
    finally:
        stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    # the folder holds exactly the first run's quotes: 150 and the summary
    assert len([p for p in out.iterdir() if p.name.startswith("Angebot-")]) == 150
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith("Angebot-")) == [RECORD_NAME,
                                                                                           "Zusammenfassung.xlsx"]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is POSIX")
def test_the_lock_of_a_killed_run_does_not_block_the_next(tmp_path):
    orders = write_orders(tmp_path / "orders.xlsx", 300)
    out = tmp_path / "out"
    first = start(orders, out)
    wait_for_the_lock(out, first)
    os.kill(first.pid, signal.SIGKILL)
    first.communicate(timeout=60)
    second = subprocess.run([sys.executable, "-c", CLI, "quotes", str(orders), "--out", str(out), "--force"],
                            capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert len([p for p in out.iterdir() if p.name.startswith("Angebot-")]) == 300


def test_the_lock_in_one_process_and_two_spellings_of_one_folder(tmp_path):
    (tmp_path / "q").mkdir()
    with folder_lock(tmp_path / "q"):
        with pytest.raises(OutputError) as info:
            with folder_lock(tmp_path / "." / "q"):
                pass
        assert "schreibt gerade ein anderer Lauf" in info.value.message("de")
        assert "another run is writing into the folder" in info.value.message("en")
    with folder_lock(tmp_path / "q"):  # released: the next run takes it
        pass


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is POSIX")
@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_workers_end_when_their_parent_is_killed(tmp_path, sig):
    orders = write_orders(tmp_path / "orders.xlsx", 400)
    out = tmp_path / "out"
    parent = start(orders, out, "--jobs", "2")
    wait_for_the_lock(out, parent)
    time.sleep(1.0)  # the workers are running
    children = _children(parent.pid)
    assert children, "no worker started"
    os.kill(parent.pid, getattr(signal, sig))
    parent.wait(timeout=60)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False
