"""The brief printed to PDF by headless Chromium.

Chromium, not WeasyPrint: the PDF is then the page exactly as a browser shows it (the same
engine the tests render), it lays out the inline SVG figures and CSS print rules fully, and it
is one system package (Debian's ``chromium``) rather than a Python package that needs Pango
and its own fonts. The page is printed with every host name resolving to nothing, so that
printing cannot reach the network even if the page asked it to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from caretriangle.errors import CareTriangleIOError

#: Names Chromium is installed under (Debian, other distributions, Google's build).
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Flags for a headless run as any user (root in a container needs --no-sandbox), offline.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
TIMEOUT = 120.0


def chromium() -> str | None:
    """The path of Chromium (``CARETRIANGLE_CHROMIUM`` if set), or None."""
    given = os.environ.get("CARETRIANGLE_CHROMIUM")
    if given:
        return shutil.which(given)
    return next((p for p in map(shutil.which, NAMES) if p), None)


def _error(path: str, message: str) -> CareTriangleIOError:
    err = CareTriangleIOError(f"{path}: {message}")
    err.file = err.field = path
    return err


def print_pdf(html: str, path: str) -> None:
    """Prints the page `html` to the PDF file `path` through headless Chromium."""
    exe = chromium()
    if exe is None:
        given = os.environ.get("CARETRIANGLE_CHROMIUM")
        looked = (
            f"CARETRIANGLE_CHROMIUM is {given!r}, not a program on PATH"
            if given
            else f"looked for {', '.join(NAMES)} on PATH"
        )
        raise _error(
            path,
            f"printing a brief to PDF needs Chromium, not found ({looked}); install it (Debian or "
            "Ubuntu: apt-get install chromium), or write the brief as .html and print it from a browser",
        )
    with tempfile.TemporaryDirectory(prefix="caretriangle-brief-") as tmp:
        page, out = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
        page.write_text(html, encoding="utf-8")
        cmd = [
            exe,
            *FLAGS,
            f"--user-data-dir={tmp}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise _error(path, f"Chromium ({exe}) could not print the brief: {e}") from e
        if done.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = " ".join(done.stderr.strip().splitlines()[-3:])
            raise _error(path, f"Chromium ({exe}) could not print the brief (exit {done.returncode}): {tail}")
        from caretriangle._atomic import atomic_file

        with atomic_file(path) as f:
            f.write(out.read_bytes())
