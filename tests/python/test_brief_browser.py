"""The decision brief in a real browser: headless Chromium (Debian's ``chromium``, which
``make test`` installs when it is missing) renders the page, prints it to PDF, and asks for
nothing over the network.

The network check asks Chromium itself, through its DevTools protocol, for every request the
page makes while it loads (Network.requestWillBeSent, reported before any name is looked up),
with every host name resolving to nothing besides; a page that does fetch a style sheet and an
image is checked first, to show that the check sees what it should. (A proxy would see
Chromium's own update and account traffic too, which no flag fully silences.)

Figures: the shipped North of Tyne example, "skill mix and reinvest" (sources in
examples/north_of_tyne.toml).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

import caretriangle as ct
from caretriangle.brief._pdf import chromium
from caretriangle.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXE = chromium()
#: No first-run, sync, update or metrics traffic of Chromium's own, so what is seen is the page's.
QUIET = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-domain-reliability",
    "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,"
    "NetworkTimeServiceQuerying,CertificateTransparencyComponentUpdater",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    "--no-service-autorun",
    "--password-store=basic",
    "--use-mock-keychain",
    "--hide-scrollbars",
)


def browse(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert EXE is not None, "Chromium is not installed: `make browser` installs it"
    cmd = [EXE, *QUIET, f"--user-data-dir={tmp / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=True)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The brief the issue asks for, made by the command line."""
    out = tmp_path_factory.mktemp("brief") / "brief.html"
    args = ["brief", str(ROOT / "examples/north_of_tyne.toml"), "--scenario", "skill mix and reinvest"]
    assert main([*args, "-o", str(out)]) == 0
    return out


def test_screenshot_is_not_blank(page, tmp_path):
    shot = tmp_path / "shot.png"
    browse(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri())
    img = Image.open(shot).convert("RGB")
    assert img.size == (1280, 2400)
    px = np.asarray(img).reshape(-1, 3).astype(int)
    inked = int((px.min(axis=1) < 235).sum())
    # Coloured (not grey) pixels come from the figures and the cards: the SVGs were drawn.
    coloured = int((px.max(axis=1) - px.min(axis=1) > 60).sum())
    assert inked > 0.03 * len(px), inked
    assert coloured > 0.002 * len(px), coloured


def requests_of(url: str, tmp: Path) -> list[str]:
    """The URL of every request the page at `url` makes while it loads, as Chromium's
    DevTools protocol reports them (over a pipe: file descriptors 3 and 4)."""
    assert EXE is not None, "Chromium is not installed: `make browser` installs it"
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()
    cmd = [
        EXE,
        *QUIET,
        f"--user-data-dir={tmp / 'profile'}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--remote-debugging-pipe",
    ]
    # Chromium reads commands on fd 3 and writes replies and events on fd 4.
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(3, 4),
        preexec_fn=lambda: on_3_and_4(to_chrome_r, from_chrome_w),
    )
    os.close(to_chrome_r)
    os.close(from_chrome_w)
    cdp = DevTools(to_chrome_w, from_chrome_r)
    try:
        target = cdp.call("Target.createTarget", url="about:blank")["targetId"]
        session = cdp.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        cdp.call("Network.enable", session=session)
        cdp.call("Page.enable", session=session)
        cdp.call("Page.navigate", session=session, url=url)
        urls = []
        while (event := cdp.event(timeout=60))["method"] != "Page.loadEventFired":
            if event["method"] == "Network.requestWillBeSent" and event.get("sessionId") == session:
                urls.append(event["params"]["request"]["url"])
        cdp.call("Browser.close")
        return urls
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.close(to_chrome_w)
        os.close(from_chrome_r)


def on_3_and_4(read: int, write: int) -> None:
    """In the child: the pipe's ends as fds 3 and 4 (copied first, in case they are 3 or 4)."""
    read, write = os.dup(read), os.dup(write)
    os.dup2(read, 3)
    os.dup2(write, 4)


class DevTools:
    """Chrome's DevTools protocol over a pipe: JSON messages ended by a NUL byte."""

    def __init__(self, out: int, inp: int) -> None:
        self.out, self.inp, self.buf, self.next_id = out, inp, b"", 0
        self.events: list[dict] = []

    def _read(self, timeout: float) -> dict:
        while b"\0" not in self.buf:
            ready, _, _ = select.select([self.inp], [], [], timeout)
            assert ready, "Chromium did not answer"
            chunk = os.read(self.inp, 1 << 16)
            assert chunk, "Chromium closed the pipe"
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self.out, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read(60)
            if reply.get("id") == self.next_id:
                assert "error" not in reply, reply
                return reply.get("result", {})
            self.events.append(reply)

    def event(self, timeout: float) -> dict:
        return self.events.pop(0) if self.events else self._read(timeout)


def test_check_sees_a_page_that_fetches(tmp_path):
    bad = tmp_path / "fetches.html"
    bad.write_text(
        '<link rel="stylesheet" href="http://fonts.example.test/css">'
        '<img src="https://cdn.example.test/x.png"><p>fetches</p>',
        encoding="utf-8",
    )
    seen = requests_of(bad.as_uri(), tmp_path)
    assert any("fonts.example.test" in r for r in seen), seen
    assert any("cdn.example.test" in r for r in seen), seen


def test_page_makes_no_network_request(page, tmp_path):
    requests = requests_of(page.as_uri(), tmp_path)
    # The page itself and its figures (data URIs, which never leave the browser); nothing else.
    assert requests[0] == page.as_uri()
    assert all(u.startswith("data:image/svg+xml;base64,") for u in requests[1:])
    assert len(requests) == 3


def test_pdf_pages_and_text(tmp_path):
    econ = ct.examples.north_of_tyne()
    pdf = tmp_path / "brief.pdf"
    econ.apply("skill mix and reinvest").brief(pdf)
    reader = PdfReader(pdf)
    texts = [p.extract_text() for p in reader.pages]
    # A4 (595 × 842 points), as the page's print rules ask.
    assert all(
        round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in reader.pages
    )
    # The log starts a page of its own: the brief's sections, then the log's pages.
    log_page = next(i for i, t in enumerate(texts) if "Assumptions log" in t)
    assert texts[log_page].lstrip().startswith("Assumptions log")
    assert log_page >= 1 and len(reader.pages) > log_page
    whole = " ".join(" ".join(texts).split())
    assert "Decision brief: skill mix and reinvest" in whole
    assert "It releases £1,572,524 from current services and reinvests £1,400,000 of it" in whole
    assert "Made with caretriangle" in texts[-1]


def test_hostile_name_is_text_in_the_browser(tmp_path):
    """A scenario named as a script: the browser's DOM has it as text and no script element."""
    hostile = "<script>document.title='pwned'</script>"
    econ = ct.examples.north_of_tyne()
    page = tmp_path / "hostile.html"
    econ.apply(ct.Scenario(hostile).scale_activity("diabetes_outpatients", 0.9)).brief(page)
    dom = browse(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "<script" not in dom
    assert "<title>Decision brief: &lt;script&gt;document.title='pwned'&lt;/script&gt;</title>" in dom
