"""A gathering left running: server memory and CPU over time, and the first render after start.

`streamlit run app.py` is started on a free port against its own SQLite file in a temporary
directory (prepared through core: an administrator, a facilitator, a gathering of 11
organisations, all joined, "barriers" open). Then, in one headless Chromium:

* first render: one page opens /bli-med as soon as the server answers its health check; the time
  from starting the process (and from the health check) until the join title shows is recorded;
* the gathering: one projector page, one facilitator page (logged in) and N group pages (default
  6), each in its own browser context, all left open so their live fragments tick;
* every few seconds one group page (in turn) types an entry and presses "Lagre", so the server
  itself writes and every live view is pushed the new revision and rebuilds (`--through core`
  submits through core from this process instead: another process's write reaches the pages only
  on their fallback poll, unless it is PostgreSQL, whose NOTIFY carries it).

Every 10 s the server process's RSS (/proc/<pid>/status VmRSS) and CPU time (/proc/<pid>/stat
utime + stime) are read. At the end the projector must show every entry submitted.

Prints one JSON object to stdout (the series and a summary); progress goes to stderr. From the
project root:

    python -m bench.soak --minutes 30
    python -m bench.soak --minutes 2 --post-script-gc on     # Streamlit's default, to compare

See docs/performance.md for the method and the latest figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("SAMLING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ORGANISATIONS = 11
PASSWORD = "soak-passord-2026-lang"
LOAD_TIMEOUT_MS = 60_000
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    print(f"[soak] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_s(pid: int) -> float:
    # The command (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14, 15)


def prepare(url: str):
    """Through core only: an administrator, a facilitator, a gathering of 11 organisations, all
    joined, "barriers" open."""
    from core import framework, gatherings, users
    from core.db import Database

    db = Database(url)
    db.upgrade()
    framework.ensure_seeded(db)
    users.create_first_admin(db, username="admin", name="Ada Admin", password=PASSWORD)
    facilitator = users.create_user(
        db, username="pal", name="Pål Prosessleder", password=PASSWORD, role="facilitator"
    )
    organisations = gatherings.list_organisations(db)[:ORGANISATIONS]
    gathering = gatherings.create_gathering(
        db,
        facilitator,
        module_id=gatherings.list_modules(db)[0].id,
        held_on=dt.date.today(),
        place="Tromsø",
        organisation_ids=[o.id for o in organisations],
    )
    groups = [gatherings.join(db, gathering.join_code, o.id) for o in organisations]
    activity = next(a for a in gatherings.activities(db, gathering.id) if a.kind == "barriers")
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    return db, gathering, groups, activity.id


class PageSaver:
    """One entry every `every_s` seconds, typed into the group pages in turn and saved there."""

    def __init__(self, every_s: float) -> None:
        self.every_s = every_s
        self.pages: list = []
        self.submitted = 0
        self.errors: list[str] = []
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        from core import i18n

        label, save = i18n.t("group.new_label.barriers"), i18n.t("group.save")
        while True:
            await asyncio.sleep(self.every_s)
            page = self.pages[self.submitted % len(self.pages)]
            try:
                await page.get_by_role("textbox", name=label).fill(
                    f"Innspill {self.submitted + 1}: uklare roller og mange systemer"
                )
                await page.get_by_role("button", name=save, exact=True).click()
                self.submitted += 1
            except Exception as error:  # noqa: BLE001 - counted and reported, the soak goes on
                self.errors.append(repr(error))


class Submitter(threading.Thread):
    """One entry through core every `every_s` seconds, from the groups in turn."""

    def __init__(self, db, groups, activity_id: int, every_s: float) -> None:
        super().__init__(daemon=True)
        self.db, self.groups, self.activity_id, self.every_s = db, groups, activity_id, every_s
        self.submitted = 0
        self.errors: list[str] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        from core import entries

        while not self.stopping.wait(self.every_s):
            group = self.groups[self.submitted % len(self.groups)]
            try:
                entries.submit(
                    self.db,
                    group.token,
                    activity_id=self.activity_id,
                    text=f"Innspill {self.submitted + 1} fra {group.label}: uklare roller",
                    theme_key=None,
                    idempotency_key=f"soak-{self.submitted}",
                )
                self.submitted += 1
            except Exception as error:  # noqa: BLE001 - counted and reported, the soak goes on
                self.errors.append(repr(error))

    async def stop(self) -> None:
        self.stopping.set()
        await asyncio.to_thread(self.join)


def start_server(url: str, port: int, log_path: Path, post_script_gc: str) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.serverAddress", "127.0.0.1",
    ]  # fmt: skip
    if post_script_gc != "config":
        command += ["--runner.postScriptGC", "true" if post_script_gc == "on" else "false"]
    env = {
        **os.environ,
        "SAMLING_DATABASE_URL": url,
        "SAMLING_COOKIE_KEY": "soak-cookie-key-not-secret",
        "SAMLING_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    out = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_healthy(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped; see {log_path}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server did not answer in 90 s; see {log_path}")


def summarise(series: list[dict]) -> dict:
    rss = [s["rss_mib"] for s in series]
    pcts = [s["cpu_pct"] for s in series[1:]]
    span_s = series[-1]["t_s"] - series[0]["t_s"]
    # Least-squares slope of RSS over time, per 10 minutes.
    ts = [s["t_s"] for s in series]
    mean_t, mean_r = statistics.fmean(ts), statistics.fmean(rss)
    var_t = sum((t - mean_t) ** 2 for t in ts)
    slope = sum((t - mean_t) * (r - mean_r) for t, r in zip(ts, rss, strict=True)) / var_t
    return {
        "samples": len(series),
        "span_s": round(span_s, 1),
        "rss_mib": {
            "start": rss[0],
            "end": rss[-1],
            "max": max(rss),
            "slope_mib_per_10_min": round(slope * 600, 2),
        },
        "cpu_pct_of_one_core": {
            "mean": round(
                100 * (series[-1]["cpu_s"] - series[0]["cpu_s"]) / span_s if span_s else 0, 1
            ),
            "max_interval": max(pcts) if pcts else None,
        },
    }


async def soak(args, url: str, log_path: Path, gathering, groups, submitter) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        # The browser is up before the server starts, so its own start is not in the figures.
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        process = start_server(url, port, log_path, args.post_script_gc)
        try:
            wait_healthy(base, process, log_path)
            healthy = time.monotonic()
            log(f"server up in {healthy - started:.2f} s (pid {process.pid})")
            return await gathering_open(
                args, browser, base, process.pid, gathering, groups, submitter, started, healthy
            )
        finally:
            await browser.close()
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


async def gathering_open(
    args, browser, base, pid, gathering, groups, submitter, started, healthy
) -> dict:
    from playwright.async_api import expect

    from core import i18n

    async def loaded(page, locator) -> None:
        await expect(locator).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    result: dict = {}

    async def new_page():
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        return await context.new_page()

    # First render after start: the first visitor of the day opens /bli-med.
    first = await new_page()
    await first.goto(f"{base}/bli-med")
    await loaded(first, first.get_by_role("heading", name=i18n.t("join.title")))
    rendered = time.monotonic()
    # Then the first projector: the first page that builds a chart (Altair, pandas, Arrow).
    projector = await new_page()
    await projector.goto(f"{base}/projektor?t={gathering.projector_token}")
    await loaded(projector, projector.get_by_text(gathering.join_code).first)
    await loaded(projector, projector.locator("[data-testid='stVegaLiteChart']").first)
    charted = time.monotonic()
    result["first_render"] = {
        "health_ok_after_process_start_s": round(healthy - started, 2),
        "join_title_after_health_ok_s": round(rendered - healthy, 2),
        "join_title_after_process_start_s": round(rendered - started, 2),
        "then_projector_chart_s": round(charted - rendered, 2),
    }
    log(f"first render: {result['first_render']}")
    await first.context.close()

    if args.facilitator:
        facilitator = await new_page()
        await facilitator.goto(f"{base}/fasilitator")
        await facilitator.get_by_role("textbox", name=i18n.t("login.username")).fill("pal")
        await facilitator.get_by_role("textbox", name=i18n.t("login.password")).fill(PASSWORD)
        await facilitator.get_by_role("button", name=i18n.t("login.submit")).click()
        await loaded(
            facilitator, facilitator.get_by_role("heading", name=i18n.t("facilitate.title"))
        )

    barriers = i18n.t("group.new_label.barriers")
    group_pages = []
    for i in range(args.groups):
        page = await new_page()
        await page.goto(f"{base}/gruppe?gruppe={groups[i % len(groups)].token}")
        await loaded(page, page.get_by_role("textbox", name=barriers))
        group_pages.append(page)
    if isinstance(submitter, PageSaver):
        submitter.pages = group_pages
    log(f"open: projector, {'facilitator, ' if args.facilitator else ''}{args.groups} groups")

    submitter.start()
    series: list[dict] = []
    t0 = time.monotonic()
    end = t0 + args.minutes * 60
    previous = None
    while True:
        now = time.monotonic()
        sample = {
            "t_s": round(now - t0, 1),
            "rss_mib": round(rss_mib(pid), 1),
            "cpu_s": round(cpu_s(pid), 2),
            "entries": submitter.submitted,
            "cpu_pct": None,
        }
        if previous:
            elapsed = now - previous["_at"]
            sample["cpu_pct"] = round(100 * (sample["cpu_s"] - previous["cpu_s"]) / elapsed, 1)
        series.append(sample)
        previous = {**sample, "_at": now}
        log(
            f"t={sample['t_s']:>6.0f}s rss={sample['rss_mib']:.1f} MiB "
            f"cpu={sample['cpu_pct']}% entries={sample['entries']}"
        )
        if now >= end:
            break
        await asyncio.sleep(min(args.sample_s, max(0.0, end - time.monotonic())))
    await submitter.stop()

    # The live views kept up: the projector shows every entry submitted.
    total = submitter.submitted
    try:
        await expect(projector.get_by_text(i18n.t("projector.open", total=total))).to_be_visible(
            timeout=15_000
        )
        result["projector_caught_up"] = True
    except AssertionError:
        result["projector_caught_up"] = False
    result["series"] = series
    return result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30, help="how long to sample (default 30)")
    parser.add_argument("--groups", type=int, default=6, help="group pages open (default 6)")
    parser.add_argument("--submit-every", type=float, default=3.0, help="seconds between entries")
    parser.add_argument("--sample-s", type=float, default=10.0, help="seconds between samples")
    parser.add_argument(
        "--post-script-gc",
        choices=("config", "on", "off"),
        default="config",
        help="runner.postScriptGC: as .streamlit/config.toml says, or overridden",
    )
    parser.add_argument("--no-facilitator", dest="facilitator", action="store_false")
    parser.add_argument(
        "--through",
        choices=("pages", "core"),
        default="pages",
        help="save entries through the group pages (default) or through core from here",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="samling-soak-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'soak.db'}"
        db, gathering, groups, activity_id = prepare(url)
        submitter = (
            PageSaver(args.submit_every)
            if args.through == "pages"
            else Submitter(db, groups, activity_id, args.submit_every)
        )
        log_path = Path(tmp) / "streamlit.log"
        load_before = round(os.getloadavg()[0], 2)
        result = asyncio.run(soak(args, url, log_path, gathering, groups, submitter))
        server_log = log_path.read_text(encoding="utf-8", errors="replace")

    series = result.pop("series")
    report = {
        "benchmark": "soak",
        "date": dt.date.today().isoformat(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_1min_start": load_before,
            "load_1min_end": round(os.getloadavg()[0], 2),
        },
        "setup": {
            "minutes": args.minutes,
            "groups_open": args.groups,
            "facilitator_open": args.facilitator,
            "projectors_open": 1,
            "submit_every_s": args.submit_every,
            "post_script_gc": args.post_script_gc,
            "entries_through": args.through,
        },
        **result,
        "entries_submitted": submitter.submitted,
        "submit_errors": submitter.errors[:5],
        "server_log_tracebacks": server_log.count("Traceback"),
        "summary": summarise(series),
        "series": series,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return report


if __name__ == "__main__":
    main()
