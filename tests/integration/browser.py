"""Drive a real headless Chromium over the DevTools protocol (no browser download: Debian's chromium)."""

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

    async def _session(self, url: str, expect: list[str], timeout_s: float, screenshot: Path | None,
                       after_load: Any) -> str:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://{self.endpoint}/json/list") as response:
                page = next(t for t in await response.json() if t["type"] == "page")
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                await self._call(ws, "Page.navigate", url=url)
                text, loaded = "", False
                deadline = time.monotonic() + timeout_s
                while time.monotonic() < deadline:
                    result = await self._call(ws, "Runtime.evaluate", returnByValue=True, expression=_STATE)
                    state = result["result"].get("value") or {}
                    text = state.get("text", "")
                    if after_load is not None and not loaded and state.get("live"):
                        loaded = True  # the page's event stream is open: now send what it should receive
                        await asyncio.get_running_loop().run_in_executor(None, after_load)
                    if all(e in text for e in expect) and (after_load is None or loaded):
                        break
                    await asyncio.sleep(0.3)
                if screenshot is not None:
                    shot = await self._call(ws, "Page.captureScreenshot", format="png")
                    screenshot.write_bytes(base64.b64decode(shot["data"]))
                return text

    def page_text(self, url: str, expect: list[str], *, timeout_s: float = 45.0, screenshot: Path | None = None,
                  after_load: Any = None) -> str:
        """Open ``url``; once the page says it is live, call ``after_load``; return its text when every
        string of ``expect`` shows (or at the timeout)."""
        return asyncio.run(self._session(url, expect, timeout_s, screenshot, after_load))

    def close(self) -> None:
        """Stop the browser."""
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
