"""Two replicas behind nginx, in real Chromium: two `streamlit run app.py` processes on one
PostgreSQL schema, behind an nginx this test starts with the production config
(deploy/nginx-samling.conf: its ports and listen line swapped, logs under tmp_path, and a header
naming the replica that answered added, so the test can pick a sticky cookie per replica). A
group's page on replica A saves entries; a projector on replica B shows each within a bound only
push can meet (PostgreSQL NOTIFY -> B's change feed -> B's event stream; the fallback poll is
20 s). Then A is killed with SIGKILL, and the group's page, reloaded through nginx with the same
sticky cookie, comes back from B with every entry."""

from __future__ import annotations

import re
import shutil
import signal
import statistics
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from core import gatherings, users
from tests.conftest import POSTGRES_URL, _postgres_or_skip
from tests.e2e.conftest import ROOT, AppServer, _free_port
from tests.e2e.test_ambition import chromium, new_page, t, wait_loaded
from tests.e2e.test_live_loop import LOAD_TIMEOUT_MS, prepare
from tests.e2e.test_push import _saved_at

NGINX = "/usr/sbin/nginx"
CONFIG = ROOT / "deploy" / "nginx-samling.conf"
PUSH_BOUND_S = 5.0  # far below the 20 s fallback poll: only a pushed change arrives this soon
ENTRIES = 3


@pytest.fixture(scope="session")
def nginx_path() -> str:
    path = shutil.which("nginx") or NGINX
    if not Path(path).exists():
        pytest.fail(f"nginx not found at {NGINX}: install it with `apt-get install -y nginx`")
    return path


@pytest.fixture
def schema_url():
    """A fresh schema on the test server, as the URL both replicas are given."""
    admin = _postgres_or_skip()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


class Nginx:
    """nginx in the foreground on a free port, with the production upstream pointed at two
    replicas; everything it writes stays under `folder`."""

    def __init__(self, binary: str, folder: Path, replicas: tuple[int, int]) -> None:
        self.binary = binary
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = folder
        site = CONFIG.read_text(encoding="utf-8")
        for default, port in zip(("8501", "8502"), replicas, strict=True):
            site = site.replace(f"127.0.0.1:{default}", f"127.0.0.1:{port}")
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.port};")
        # Which replica answered, for the test to choose a sticky key per replica.
        site = site.replace(
            "add_header Set-Cookie",
            "add_header X-Samling-Upstream $upstream_addr always;\n    add_header Set-Cookie",
        )
        temp = "\n".join(
            f"    {kind}_temp_path {folder / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (folder / "nginx.conf").write_text(
            f"daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'} info;\nevents {{ worker_connections 512; }}\n"
            f"http {{\n    access_log {folder / 'access.log'};\n{temp}\n{site}\n}}\n",
            encoding="utf-8",
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        conf = self.folder / "nginx.conf"
        self.process = subprocess.Popen(
            [
                self.binary,
                "-p",
                str(self.folder),
                "-e",
                str(self.folder / "error.log"),
                "-c",
                str(conf),
            ]
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                self.upstream_for("probe")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"nginx did not start; see {self.folder / 'error.log'}")

    def upstream_for(self, sticky: str) -> str:
        """The replica (host:port) nginx sends a browser with this sticky cookie to."""
        request = urllib.request.Request(
            f"{self.url}/_stcore/health", headers={"Cookie": f"samling_sticky={sticky}"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.headers["X-Samling-Upstream"]

    def first_visit_cookie(self) -> str:
        """The sticky Set-Cookie a browser without one is given (Streamlit sets its own too)."""
        with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=5) as response:
            cookies = response.headers.get_all("Set-Cookie")
        return next(c for c in cookies if c.startswith("samling_sticky="))

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def log(self) -> str:
        return (self.folder / "error.log").read_text(encoding="utf-8", errors="replace")


def _sticky_keys(proxy: Nginx, a: AppServer, b: AppServer) -> tuple[str, str]:
    """A sticky-cookie value that nginx's consistent hash sends to A, and one it sends to B
    (after checking that a new browser is given a random one that keeps it on one replica)."""
    cookie = proxy.first_visit_cookie()
    assert re.fullmatch(r"samling_sticky=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", cookie)
    given = cookie.split(";")[0].split("=")[1]
    assert len({proxy.upstream_for(given) for _ in range(5)}) == 1
    found: dict[str, str] = {}
    for i in range(200):
        found.setdefault(proxy.upstream_for(f"k{i}"), f"k{i}")
        if len(found) == 2:
            break
    return found[f"127.0.0.1:{a.port}"], found[f"127.0.0.1:{b.port}"]


def _open(page: Page, proxy: Nginx, sticky: str, path: str, replica: AppServer) -> None:
    page.context.add_cookies([{"name": "samling_sticky", "value": sticky, "url": proxy.url}])
    response = page.goto(proxy.url + path)
    assert _served_by(response.headers) == f"127.0.0.1:{replica.port}"
    wait_loaded(page)


def _served_by(headers: dict) -> str:
    """The replica that answered: nginx lists every one it tried ("A, B" when A refused)."""
    return headers["x-samling-upstream"].replace("\n", ",").split(",")[-1].strip()


def _save(page: Page, label: str, text: str) -> float:
    box = page.get_by_role("textbox", name=label)
    box.fill(text)
    clicked = time.time()
    page.get_by_role("button", name=t("group.save"), exact=True).click()
    return clicked


def test_an_entry_saved_on_one_replica_is_pushed_to_another_and_survives_its_death(
    tmp_path, chromium_path, nginx_path, schema_url
):
    db, gathering, _labels = prepare(schema_url)
    _info, options = gatherings.join_options(db, gathering.join_code)
    group = gatherings.join(db, gathering.join_code, options[0].organisation_id)
    activity = next(a for a in gatherings.activities(db, gathering.id) if a.kind == "barriers")
    gatherings.open_activity(db, users.actor_for(db, "pal"), gathering.id, activity.id)

    env = {"SAMLING_CHANGE_CHANNEL": f"samling_e2e_{uuid.uuid4().hex[:12]}"}
    replicas = []
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        replicas.append(AppServer(schema_url, tmp_path / name, **env))
    a, b = replicas
    proxy = Nginx(nginx_path, tmp_path, (a.port, b.port))
    for server in replicas:
        server.env["SAMLING_PUBLIC_URL"] = proxy.url
    try:
        for server in replicas:
            server.start()
        proxy.start()
        _run_scenario(chromium_path, proxy, (a, b), db, gathering, group.token)
    finally:
        proxy.stop()
        for server in replicas:
            server.stop()
        for server in replicas:
            print(server.log()[-3000:])
        print(proxy.log()[-3000:])
        db.dispose()


def _run_scenario(chromium_path, proxy: Nginx, replicas, db, gathering, token):
    a, b = replicas
    activity_id = next(
        x.id for x in gatherings.activities(db, gathering.id) if x.kind == "barriers"
    )
    key_a, key_b = _sticky_keys(proxy, a, b)
    label = t("group.new_label.barriers")
    with chromium(chromium_path) as browser:
        projector, laptop = new_page(browser), new_page(browser)
        _open(projector, proxy, key_b, f"/projektor?t={gathering.projector_token}", b)
        _open(laptop, proxy, key_a, f"/gruppe?gruppe={token}", a)
        expect(laptop.get_by_role("textbox", name=label)).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        expect(projector.get_by_text(t("projector.open", total=0))).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        latencies, from_commit = [], []
        texts = [f"Innspill {i} via replika A" for i in range(1, ENTRIES + 1)]
        for i, entry in enumerate(texts, start=1):
            clicked = _save(laptop, label, entry)
            projector.wait_for_function(
                "text => document.body.innerText.includes(text)",
                arg=t("projector.open", total=i),
                polling="raf",
                timeout=PUSH_BOUND_S * 1000,
            )
            seen = time.time()
            latencies.append(seen - clicked)
            from_commit.append(seen - _saved_at(db, token, activity_id, entry))
            expect(laptop.get_by_role("textbox", name=label)).to_have_value(
                "", timeout=LOAD_TIMEOUT_MS
            )
        for name, values in (("save click", latencies), ("entries.submit", from_commit)):
            print(
                f"{name} on A -> projector on B shows it: median"
                f" {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
                f" over {len(values)}"
            )
        assert max(latencies) < PUSH_BOUND_S

        a.process.send_signal(signal.SIGKILL)
        a.process.wait()
        a.process = None
        # Same browser, same sticky cookie: nginx finds A refusing and hands the page to B.
        response = laptop.reload()
        assert _served_by(response.headers) == f"127.0.0.1:{b.port}"
        wait_loaded(laptop)
        for entry in texts:
            expect(laptop.get_by_test_id("stText").filter(has_text=entry)).to_be_visible(
                timeout=LOAD_TIMEOUT_MS
            )
        expect(projector.get_by_text(t("projector.open", total=ENTRIES))).to_be_visible()
