"""End-to-end fixtures: `streamlit run app.py` on a free port against its own database, and
Debian's Chromium driven by Playwright (its own browser download does not work here)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SAMLING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """One Streamlit server process that a test can stop and start again on the same port."""

    def __init__(
        self, database_url: str, log_dir: Path, script: str = "app.py", **env: str
    ) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.script = script
        self.env = {
            **os.environ,
            "SAMLING_DATABASE_URL": database_url,
            "SAMLING_COOKIE_KEY": "e2e-test-cookie-key-not-secret",
            "SAMLING_PUBLIC_URL": self.url,
            # A script outside the project root (a test's own app) imports the project too.
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.log_path = log_dir / "streamlit.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log_path, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                self.script,
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.serverAddress",
                "127.0.0.1",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"Streamlit did not start; see {self.log_path}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which(CHROMIUM) or CHROMIUM
    if not Path(path).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
        )
    return path


@pytest.fixture
def serve(tmp_path):
    """Start the app on a database; stopped after the test, with its log printed (pytest shows
    captured output only when the test fails)."""
    servers: list[AppServer] = []

    def _serve(database_url: str) -> AppServer:
        server = AppServer(database_url, tmp_path)
        server.start()
        servers.append(server)
        return server

    yield _serve
    for server in servers:
        server.stop()
        print(server.log()[-5000:])
