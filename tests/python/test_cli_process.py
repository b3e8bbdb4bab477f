"""The ``caretriangle`` command as a user's shell runs it, in a child process: a closed pipe
ends quietly, Ctrl-C ends with status 130 and leaves no file behind, and ``--help`` works."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

EXAMPLE = str(Path(__file__).resolve().parents[2] / "examples" / "north_of_tyne.toml")
COMMAND = [sys.executable, "-m", "caretriangle.cli"]


def test_a_pipe_closed_by_its_reader_ends_quietly_with_status_141():
    # The reading end closed before the command writes anything: every write meets a closed
    # pipe, as when `head` has read what it wanted and gone.
    read, write = os.pipe()
    child = subprocess.Popen([*COMMAND, "run", EXAMPLE], stdout=write, stderr=subprocess.PIPE)
    os.close(write)
    os.close(read)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 141
    assert err == b""


def test_run_piped_into_head_shows_no_traceback():
    # The CSV of every table (about 74 kB) is more than a pipe holds (64 kB): the command is
    # still writing when head exits.
    shell = f"set -o pipefail; {' '.join(COMMAND)} run '{EXAMPLE}' --format csv | head -n 1"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=120)
    assert done.stdout == "scenario,table,row,column,value\n"
    assert done.stderr == ""
    assert done.returncode == 141


def _interrupt(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Starts the command, waits for it to say it is running, then sends Ctrl-C (SIGINT)."""
    child = subprocess.Popen([*COMMAND, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    started = child.stderr.readline()
    assert "Monte Carlo of" in started, started
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=120)
    return subprocess.CompletedProcess(args, child.returncode, out, started + err)


def test_ctrl_c_stops_a_long_run_with_status_130():
    done = _interrupt(["montecarlo", EXAMPLE, "--iterations", "1000000000", "--threads", "1"])
    assert done.returncode == 130
    assert done.stderr.endswith("interrupted\n") and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_ctrl_c_while_streaming_to_a_file_leaves_the_folder_as_it_was(tmp_path):
    out = tmp_path / "samples.parquet"
    out.write_bytes(b"the old file")
    args = ["montecarlo", EXAMPLE, "--iterations", "1000000000", "--threads", "1", "--out", str(out)]
    done = _interrupt(args)
    assert done.returncode == 130 and "Traceback" not in done.stderr
    assert out.read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["samples.parquet"]


def test_help_of_the_entry_point():
    done = subprocess.run([*COMMAND, "montecarlo", "--help"], capture_output=True, text=True, check=True)
    assert "example:\n  caretriangle montecarlo examples/north_of_tyne.toml" in done.stdout
    assert "141  the output was closed early" in done.stdout
