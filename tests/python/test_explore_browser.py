"""The explorer as a page: a notebook of one cell served by Voilà on 127.0.0.1 and drawn by
headless Chromium, the way a workshop would open it (`voila notebook.ipynb`).

Voilà rather than a static export of the widgets' state: a static page needs the widget
manager's JavaScript, which no Python package ships for use outside a notebook server (it is
fetched from a CDN), while Voilà's own bundle is in its wheel; and Voilà keeps the kernel, so
the page is the live explorer, not a picture of it. It costs a server and a kernel start (about
20 s here), once for the file.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import nbformat
import numpy as np
import pytest
from browser import Chromium, wait_for
from matplotlib.image import imread

CELL = 'import caretriangle as ct\nct.explore(ct.examples.north_of_tyne(), "skill mix")'

# Drawn when the sliders are on the page and the diagram's image has loaded.
READY = """
document.querySelectorAll('.widget-slider').length > 0 &&
[...document.querySelectorAll('.widget-image')].some(i => i.naturalWidth > 0)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    home = tmp_path_factory.mktemp("explorer")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(CELL)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, home / "explorer.ipynb")
    port = free_port()
    # The kernel's `python` is this interpreter (the .venv's), as in test_notebooks.py.
    path = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    env = {**os.environ, "PATH": path, "MPLBACKEND": "Agg", "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    log = (home / "voila.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "voila",
            "explorer.ipynb",
            "--no-browser",
            f"--port={port}",
            "--Voila.ip=127.0.0.1",
        ],
        cwd=home,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: answers(url), 120, "Voilà")
        yield url, home
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_explorer_renders_in_chromium_under_voila(voila):
    url, home = voila
    browser = Chromium(home)
    try:
        browser.open(url)
        wait_for(lambda: browser.evaluate(READY), 180, "the explorer's widgets")
        text = browser.evaluate("document.body.innerText")
        png = browser.screenshot()
    finally:
        browser.close()
    (home / "explorer.png").write_bytes(png)
    # The headline and the slider's label, in words, as the kernel drew them: 40% of 6,000
    # dietitian hours at £21.25 moved to health trainers at £11.45 releases 2,400 x 9.80.
    assert "Money released: £23,520" in text
    assert "substitute: share of specialist dietitian hours moved to health trainer" in text
    # Not blank: a good share of the page is drawn (slider, text, the diagram).
    pixels = imread(io.BytesIO(png), format="png")[:, :, :3]
    drawn = np.mean(pixels.min(axis=2) < 0.9)
    assert pixels.shape[1] == 1280
    assert drawn > 0.02, drawn
    assert pixels.std() > 0.05
    # The page is served from this machine (Voilà's bundle, the kernel's websocket, blobs).
    # Voilà's widget manager also asks a CDN for icon-font stylesheets (Font Awesome): blocked
    # here, as offline, and the page is drawn all the same; nothing else goes out.
    here = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")
    elsewhere = [r for r in browser.requests if not r.startswith(here)]
    assert all(r.startswith("https://cdn.jsdelivr.net/") and r.endswith(".css") for r in elsewhere), elsewhere
    assert any(r.startswith("ws://127.0.0.1") for r in browser.requests)
