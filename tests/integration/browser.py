"""Drive a real headless Chromium over the DevTools protocol (no browser download: Debian's chromium).

Each call opens its own DevTools connection to the one page, so a test reads like a person at the page:
``open`` an address, ``wait_for`` something to show, ``click`` or ``select``, ``evaluate`` what the DOM
holds, ``screenshot``.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--remote-debugging-port=0", "--window-size=1280,900"]


def chromium_path() -> str | None:
    """The Chromium to use: WIREWATCH_CHROMIUM, else chromium on PATH."""
    return os.environ.get("WIREWATCH_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


_STATE = ("({text: document.body ? document.body.innerText : '', "
          "live: !!document.querySelector('#status.live')})")


class Browser:
    """One headless Chromium process and one page, driven through its DevTools websocket."""

    def __init__(self, executable: str, profile: Path) -> None:
        self.proc = subprocess.Popen(  # noqa: S603 - a local browser binary
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.endpoint = self._devtools_port()
        self._ids = itertools.count(1)

    def _devtools_port(self) -> str:
        deadline = time.monotonic() + 60
        assert self.proc.stderr is not None
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            m = re.search(r"DevTools listening on ws://([^/]+)/", line)
            if m:
                return m.group(1)
            if not line and self.proc.poll() is not None:
                break
        raise RuntimeError("Chromium did not open its DevTools port")

    async def _call(self, ws: Any, method: str, **params: Any) -> dict[str, Any]:
        call_id = next(self._ids)
        await ws.send_json({"id": call_id, "method": method, "params": params})
        while True:
            message = json.loads((await ws.receive()).data)
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    async def _with_page(self, work: Callable[[Any], Any]) -> Any:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://{self.endpoint}/json/list") as response:
                page = next(t for t in await response.json() if t["type"] == "page")
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                return await work(ws)

    async def _evaluate(self, ws: Any, expression: str) -> Any:
        result = await self._call(ws, "Runtime.evaluate", expression=expression, returnByValue=True,
                                  awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        """Navigate the page to ``url`` (returns at once; wait for what should show)."""
        asyncio.run(self._with_page(lambda ws: self._call(ws, "Page.navigate", url=url)))

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        return asyncio.run(self._with_page(lambda ws: self._evaluate(ws, expression)))

    def wait_for(self, expression: str, timeout_s: float = 45.0) -> Any:
        """Wait until ``expression`` is truthy in the page and return its value.

        Raises:
            AssertionError: at the timeout, with the page's text to show what it showed instead.
        """
        # A DOM node comes back by value as {}, which Python reads as false: count it as found.
        probe = f"(v => v instanceof Node ? true : v)({expression})"

        async def poll(ws: Any) -> Any:
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                value = await self._evaluate(ws, probe)
                if value:
                    return value
                await asyncio.sleep(0.2)
            text = await self._evaluate(ws, "document.body ? document.body.innerText : ''")
            raise AssertionError(f"timed out waiting for {expression!r}; the page shows:\n{text}")

        return asyncio.run(self._with_page(poll))

    def text(self) -> str:
        """What the page shows, as a person would copy it."""
        return str(self.evaluate("document.body.innerText"))

    def click(self, selector: str) -> None:
        """Click the middle of the first element matching ``selector``, as a mouse would."""
        async def click(ws: Any) -> None:
            box = await self._evaluate(ws, f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                                           "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                                           "return [r.x + r.width / 2, r.y + r.height / 2]; })()")
            for kind in ("mousePressed", "mouseReleased"):
                await self._call(ws, "Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left",
                                 clickCount=1)

        asyncio.run(self._with_page(click))

    def select(self, selector: str, value: str) -> None:
        """Choose ``value`` in the ``<select>`` or type it in the ``<input>`` at ``selector`` (a change event)."""
        self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.value = "
                      f"{json.dumps(value)}; e.dispatchEvent(new Event('change', {{bubbles: true}})); }})()")

    def screenshot(self, path: Path, width: int = 1360, height: int = 1000) -> None:
        """Save a PNG of the page at ``width`` x ``height`` CSS pixels."""
        async def shoot(ws: Any) -> None:
            await self._call(ws, "Emulation.setDeviceMetricsOverride", width=width, height=height,
                             deviceScaleFactor=1, mobile=False)
            await asyncio.sleep(0.5)  # let the page lay itself out at the new size
            shot = await self._call(ws, "Page.captureScreenshot", format="png")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(shot["data"]))

        asyncio.run(self._with_page(shoot))

    def page_text(self, url: str, expect: list[str], *, timeout_s: float = 45.0,
                  after_load: Callable[[], Any] | None = None) -> str:
        """Open ``url``; once the page says it is live, call ``after_load``; return its text when every
        string of ``expect`` shows (or at the timeout)."""
        self.open(url)
        if after_load is not None:
            self.wait_for(_STATE + ".live", timeout_s)
            after_load()
        checks = " && ".join(f"document.body.innerText.includes({json.dumps(e)})" for e in expect) or "true"
        try:
            self.wait_for(checks, timeout_s)
        except AssertionError:
            pass  # the caller's asserts say what is missing
        return self.text()

    def close(self) -> None:
        """Stop the browser."""
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
