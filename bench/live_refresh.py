"""The server-side cost of one projector refresh, next to the cost of rerunning a minimal page.

A gathering of 11 groups x 40 entries with the "barriers" activity open is put into a fresh
database. Then, in one process and through streamlit.testing.v1.AppTest:

* minimal page: a two-line script (`st.write("hei")`) rerun;
* projector, unchanged: pages/projector.py (reached through the router, with ?t=<projector token>)
  rerun with nothing changed since its previous run;
* projector, after a new entry: one entry is submitted through core (not timed), then the
  projector is rerun.

The three take turns, N rounds of one each, so load from elsewhere falls on all three alike.

AppTest reruns the whole page script (the router, then pages/projector.py), so these figures are an
upper bound of the real projector's one-second tick, which reruns only its fragment. The core
reads (gatherings.revision, live.snapshot), the two Altair charts and compiling the two scripts
(AppTest recompiles them on every run; a server keeps them cached) are timed on their own too.

Prints one JSON object to stdout; progress goes to stderr. From the project root:

    python -m bench.live_refresh
    python -m bench.live_refresh --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

On PostgreSQL the benchmark works in a schema of its own, created here and dropped afterwards.
See docs/performance.md for the method and the latest figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# What Streamlit runs for each browser run (app.py's st.App points there).
APP = ROOT / "pages" / "_ui" / "main.py"
PROJECTOR_PAGE = "pages/projector.py"
GROUPS = 11
ENTRIES_PER_GROUP = 40
AIM_RATIO = 3.0
PASSWORD = "riktig-hest-batteri-42"
MINIMAL_PAGE = 'import streamlit as st\n\nst.write("hei")\n'
WARMUP_RUNS = 5
RUN_TIMEOUT_S = 60

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def log(message: str) -> None:
    print(f"[live_refresh] {message}", file=sys.stderr, flush=True)


def summary(seconds: list[float], scale: float = 1000.0, digits: int = 2) -> dict[str, float]:
    """Median and 90th percentile, in ms by default (scale 1e6 gives µs)."""
    values = sorted(s * scale for s in seconds)
    p90 = statistics.quantiles(values, n=10, method="inclusive")[8]
    return {"median": round(statistics.median(values), digits), "p90": round(p90, digits)}


def repeat(function: Callable[[], object], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


# ---- the database --------------------------------------------------------------------------


def schema_url(url: str, schema: str) -> str:
    """The same URL with libpq's `options=-csearch_path=<schema>`, so a process that only gets a
    URL (the app reads SAMLING_DATABASE_URL) lands in the benchmark's schema."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urlunsplit(parts._replace(query=urlencode(query)))


@contextmanager
def bench_database(url: str | None, tmpdir: Path) -> Iterator[tuple[str, object]]:
    """Yield (the URL the app gets, a core Database on the same data); clean up afterwards.

    SAMLING_DATABASE_URL is set here, before any page code is imported or run."""
    from sqlalchemy import create_engine, text

    from core import settings
    from core.db import Database, make_engine

    os.environ["SAMLING_DATABASE_URL"] = url or f"sqlite:///{tmpdir / 'bench.db'}"
    url = settings.database_url()  # the app's own normalisation (postgresql:// -> +psycopg)
    if url.startswith("sqlite"):
        db = Database(url)
        try:
            yield url, db
        finally:
            db.dispose()
        return

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    app_url = schema_url(url, schema)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    db = Database(make_engine(url, connect_args={"options": f"-csearch_path={schema}"}))
    try:
        # Check that the URL the app will read reaches the schema: otherwise the app would
        # migrate and seed the server's default schema instead.
        probe = Database(app_url)
        with probe.read() as session:
            reached = session.scalar(text("select current_schema()"))
        probe.dispose()
        if reached != schema:
            raise SystemExit(f"SAMLING_DATABASE_URL reaches schema {reached!r}, not {schema!r}")
        os.environ["SAMLING_DATABASE_URL"] = app_url
        yield app_url, db
    finally:
        db.dispose()
        try:
            bootstrap = sys.modules.get("pages._ui.bootstrap")
            if bootstrap is not None:
                bootstrap._database(app_url).dispose()  # the app's cached engine and its pool
        finally:
            with admin.connect() as connection:
                connection.execute(text("SET lock_timeout = '30s'"))
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
            log(f"dropped schema {schema}")


def database_version(db) -> str:
    engine = db.engine
    if engine.dialect.name == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    return ".".join(str(part) for part in engine.dialect.server_version_info or ())


@dataclass
class Fixture:
    db: object
    gathering: object
    groups: list
    activity_id: int
    theme_keys: list
    submitted: int = 0

    def submit_one(self) -> None:
        """One more entry, from the groups in turn, as a group's laptop would send it."""
        from core import entries

        n = self.submitted
        group = self.groups[n % len(self.groups)]
        entries.submit(
            self.db,
            group.token,
            activity_id=self.activity_id,
            text=f"Innspill {n + 1} fra {group.label}: lite tid til opplæring og uklare roller",
            theme_key=self.theme_keys[n % len(self.theme_keys)],
            idempotency_key=f"bench-{n}",
        )
        self.submitted += 1


def seed(db) -> Fixture:
    """An administrator (without one the bare address leads to first-run setup), a facilitator, a
    gathering of 11 organisations, all joined, "barriers" open, 40 entries per group."""
    from core import framework, gatherings, users

    db.upgrade()
    framework.ensure_seeded(db)
    users.create_user(db, username="admin", name="Bench Admin", password=PASSWORD, role="admin")
    facilitator = users.create_user(
        db, username="prosessleder", name="Pål Prosessleder", password=PASSWORD, role="facilitator"
    )
    organisations = gatherings.list_organisations(db)[:GROUPS]
    if len(organisations) < GROUPS:
        raise SystemExit(f"need {GROUPS} organisations, the seed has {len(organisations)}")
    module = gatherings.list_modules(db)[0]
    gathering = gatherings.create_gathering(
        db,
        facilitator,
        module_id=module.id,
        held_on=dt.date(2026, 11, 26),
        place="Tromsø",
        organisation_ids=[o.id for o in organisations],
    )
    groups = [gatherings.join(db, gathering.join_code, o.id) for o in organisations]
    activity = next(a for a in gatherings.activities(db, gathering.id) if a.kind == "barriers")
    gatherings.open_activity(db, facilitator, gathering.id, activity.id)
    theme_keys = [theme.key for theme in framework.themes()] + [None]
    fixture = Fixture(db, gathering, groups, activity.id, theme_keys)
    for _ in range(GROUPS * ENTRIES_PER_GROUP):
        fixture.submit_one()
    return fixture


# ---- the pages -----------------------------------------------------------------------------


def timed_run(app) -> float:
    start = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - start
    # The app's frame turns errors into a calm message (st.error), so look for both.
    if app.exception or app.error:
        problems = [e.value for e in app.exception] + [e.value for e in app.error]
        raise RuntimeError(f"the page failed: {problems}")
    return elapsed


def check_projector(app, total: int) -> None:
    """The rerun drew the results of our gathering: the total and both charts."""
    texts = [m.value for m in app.markdown] + [h.value for h in app.html]
    if not any(f">{total} " in text for text in texts):
        raise RuntimeError(f"projector does not show the total {total}: {texts}")
    charts = app.get("vega_lite_chart")
    if len(charts) != 2:
        raise RuntimeError(f"projector drew {len(charts)} charts, not 2")


@contextmanager
def counting_snapshot_reads() -> Iterator[list[int]]:
    """Count calls of core.live.snapshot (the cached page helper calls it on a cache miss)."""
    from core import live

    original, calls = live.snapshot, [0]

    def counted(*args, **kwargs):
        calls[0] += 1
        return original(*args, **kwargs)

    live.snapshot = counted
    try:
        yield calls
    finally:
        live.snapshot = original


def profile_projector(projector, runs: int, top: int) -> None:
    """cProfile of the script thread during unchanged reruns (AppTest runs scripts in a thread
    of its own, which a profiler on the main thread does not see). Printed to stderr."""
    import cProfile
    import pstats

    from streamlit.testing.v1 import local_script_runner

    profiler = cProfile.Profile()
    original = local_script_runner.LocalScriptRunner._run_script_thread

    def profiled(self):
        profiler.enable()
        try:
            original(self)
        finally:
            profiler.disable()

    local_script_runner.LocalScriptRunner._run_script_thread = profiled
    try:
        for _ in range(runs):
            projector.run()
    finally:
        local_script_runner.LocalScriptRunner._run_script_thread = original
    log(f"profile of {runs} unchanged projector reruns (script thread, cumulative):")
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(top)


# ---- the parts on their own ----------------------------------------------------------------


def chart_rows(snap) -> list[list[tuple[str, int]]]:
    """The two charts' rows as pages/projector.py builds them."""
    from core import i18n

    no_theme = i18n.t("theme.none", i18n.DEFAULT_LANGUAGE)
    return [
        [(g.label, g.entries) for g in snap.groups],
        [(no_theme if r.theme is None else r.theme, r.entries) for r in snap.themes],
    ]


def build_charts(rows: list[list[tuple[str, int]]]) -> None:
    """What a new revision costs for both projector charts, built once per change and shared by
    every projector (pages/_ui/projector_view.py): core.charts.count_bars, the Altair ->
    Vega-Lite conversion with its schema validation, and the table."""
    from core import figures, i18n
    from pages._ui import projector_view

    for rows_ in rows:
        projector_view.drawable(figures.live_counts_figure(rows_, "x", i18n.t))


def compile_scripts() -> None:
    """What AppTest does on every run and a server once: read and compile app.py and the page."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    cache = ScriptCache()
    cache.get_bytecode(str(APP))
    cache.get_bytecode(str(ROOT / PROJECTOR_PAGE))


# ---- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL URL to run against (a schema of its own is created and dropped); "
        "default: an SQLite file in a temporary directory",
    )
    parser.add_argument("--repetitions", type=int, default=200, help="timed reruns per case")
    parser.add_argument(
        "--profile",
        type=int,
        metavar="TOP",
        default=0,
        help="after measuring, print a cProfile of unchanged projector reruns (TOP lines)",
    )
    args = parser.parse_args(argv)
    if args.database_url and not args.database_url.startswith(("postgresql", "postgres://")):
        # An SQLite run always gets a fresh file; never seed someone's own database.
        parser.error("--database-url takes a PostgreSQL URL (SQLite runs use a temporary file)")
    n = args.repetitions
    if n < 10:
        parser.error("--repetitions must be at least 10")

    with (
        tempfile.TemporaryDirectory(prefix="samling-bench-") as tmp,
        bench_database(args.database_url, Path(tmp)) as (app_url, db),
    ):
        import streamlit
        from streamlit.testing.v1 import AppTest

        # Core code run outside a script (seeding, the parts timed on their own) makes
        # Streamlit warn about a missing ScriptRunContext; that is expected here.
        logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
            logging.ERROR
        )

        from core import gatherings, live

        started, load_before = time.perf_counter(), round(os.getloadavg()[0], 2)
        fixture = seed(db)
        gathering = fixture.gathering
        log(f"seeded {fixture.submitted} entries in {time.perf_counter() - started:.1f}s")

        minimal_path = Path(tmp) / "minimal.py"
        minimal_path.write_text(MINIMAL_PAGE, encoding="utf-8")
        minimal = AppTest.from_file(str(minimal_path), default_timeout=RUN_TIMEOUT_S)
        projector = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)
        # One run first, so st.navigation has registered the pages switch_page looks up.
        projector.run()
        projector.switch_page(str(ROOT / PROJECTOR_PAGE))
        projector.query_params["t"] = gathering.projector_token
        for _ in range(WARMUP_RUNS):
            timed_run(minimal)
            timed_run(projector)
        check_projector(projector, fixture.submitted)

        # The three cases take turns, so whatever else the machine is doing at a given moment
        # falls on all three alike. An "unchanged" rerun follows a rerun that already drew the
        # latest revision; an "after entry" rerun follows one entry submitted through core.
        log(f"timing {n} rounds: minimal page, projector unchanged, new entry + projector")
        minimal_s, unchanged_s, after_entry_s = [], [], []
        unchanged_reads = after_entry_reads = 0
        with counting_snapshot_reads() as reads:
            for _ in range(n):
                minimal_s.append(timed_run(minimal))
                before = reads[0]
                unchanged_s.append(timed_run(projector))
                unchanged_reads += reads[0] - before
                fixture.submit_one()  # not timed
                before = reads[0]
                after_entry_s.append(timed_run(projector))
                after_entry_reads += reads[0] - before
        check_projector(projector, fixture.submitted)

        log("timing the parts on their own")
        snap = live.snapshot(db, gathering.id)
        revision_s = repeat(lambda: gatherings.revision(db, gathering.id), 20 * n)
        snapshot_s = repeat(lambda: live.snapshot(db, gathering.id), n)
        rows = chart_rows(snap)
        charts_s = repeat(lambda: build_charts(rows), max(10, n // 5))
        compile_s = repeat(compile_scripts, max(10, n // 5))

        if args.profile:
            profile_projector(projector, runs=30, top=args.profile)

        minimal_ms = summary(minimal_s)
        unchanged_ms = summary(unchanged_s)
        ratio = unchanged_ms["median"] / minimal_ms["median"]
        result = {
            "database": db.engine.dialect.name,
            "database_version": database_version(db),
            "groups": GROUPS,
            "entries_per_group": ENTRIES_PER_GROUP,
            "repetitions": n,
            "minimal_page_ms": minimal_ms,
            "projector_unchanged_ms": unchanged_ms,
            "projector_after_entry_ms": summary(after_entry_s),
            "ratio_unchanged_to_minimal": round(ratio, 1),
            "aim_ratio": AIM_RATIO,
            "aim_met": ratio <= AIM_RATIO,
            "core_revision_us": summary(revision_s, scale=1e6, digits=1),
            "core_snapshot_ms": summary(snapshot_s, digits=3),
            "charts_ms": summary(charts_s),
            "script_compile_ms": summary(compile_s),
            "snapshot_reads": {
                "unchanged_reruns": unchanged_reads,
                "after_entry_reruns": after_entry_reads,
            },
            "python": platform.python_version(),
            "streamlit": streamlit.__version__,
            "machine": f"{os.cpu_count()} cores",
            # Other work on the machine shows up in the figures; this says how much there was.
            "load_average_1min": {"start": load_before, "end": round(os.getloadavg()[0], 2)},
            "seconds": round(time.perf_counter() - started, 1),
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
