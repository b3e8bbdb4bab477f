"""A real browser for the tests: headless Chromium (Debian's `chromium`, installed by
`make browser`) driven over the DevTools protocol, so that a test can wait for a page's
widgets to be drawn (they come after the page's load, over the kernel's websocket), read the
page's text, list every request it made and take a screenshot.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import websocket  # websocket-client, pinned in requirements-dev.txt (a dependency of voila)


class Chromium:
    """One headless Chromium with one page, on a profile of its own under `home`."""

    def __init__(self, home: Path, *, width: int = 1280, height: int = 900) -> None:
        exe = shutil.which("chromium")
        assert exe, "no chromium: `make browser` installs Debian's package"
        profile = home / "chromium-profile"
        # --remote-debugging-port=0 picks a free port and writes it to DevToolsActivePort;
        # the --disable-* flags keep the browser's own calls home (updates, sync) off the net.
        self.process = subprocess.Popen(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = profile / "DevToolsActivePort"
        port = wait_for(lambda: port_file.exists() and port_file.read_text().split("\n")[0], 60, "Chromium")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as r:
            pages = [t for t in json.load(r) if t["type"] == "page"]
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], suppress_origin=True)
        self.next_id = 0
        self.requests: list[str] = []
        self.call("Network.enable")
        # Nothing leaves the machine: requests to the network beyond 127.0.0.1 (https) fail at
        # once, and are still listed in `requests` for a test to see.
        self.call("Network.setBlockedURLs", urls=["https://*"])
        self.call("Page.enable")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Sends one command and returns its result, noting the requests reported meanwhile."""
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            elif message.get("method") == "Network.webSocketCreated":
                self.requests.append(message["params"]["url"])
            elif message.get("id") == self.next_id:
                assert "error" not in message, message
                result: dict[str, Any] = message["result"]
                return result

    def evaluate(self, expression: str) -> Any:
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def screenshot(self) -> bytes:
        return base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])

    def close(self) -> None:
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def wait_for(condition: Any, seconds: float, what: str) -> Any:
    """Polls `condition` until it gives something true, for at most `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"{what} not ready after {seconds} s")
