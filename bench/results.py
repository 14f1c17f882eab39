"""The results views at the size of a national programme: 15 networks x 40 organisations x
2 cohorts a year x 4 modules x 5 years (150 cohorts, 1,800 gatherings, 24,000 ambition answers
and about 250,000 entries), and how long each view's core query and chart build take.

The data is bulk-inserted (not through core's one-transaction-per-entry writes, which would take
long and measure nothing the results page does) into a fresh database: an SQLite file in a
temporary directory, or a schema of its own on PostgreSQL, dropped afterwards.

Each view is timed as the results page runs it for one reader and one scope: the core read
(core.results / core.ambitions) plus building its chart and `chart.to_dict()`. Median and 90th
percentile of N runs after two warm-up runs. Prints one JSON object; progress goes to stderr.

    python -m bench.results
    python -m bench.results --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

See docs/performance.md for the method and the latest figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402

from core import ambitions, charts, framework, results  # noqa: E402
from core.access import Actor  # noqa: E402
from core.db import Database, make_engine  # noqa: E402
from core.demo import texts  # noqa: E402
from core.models import (  # noqa: E402
    Activity,
    Ambition,
    Cohort,
    Entry,
    FrameworkVersion,
    Gathering,
    Group,
    Module,
    Network,
    Organisation,
)

NETWORKS = 15
ORGANISATIONS_PER_NETWORK = 40
COHORTS_PER_YEAR = 2
YEARS = 5
MODULES = 4
GATHERINGS_PER_MODULE = 3
ENTRIES_PER_ORGANISATION_AND_MODULE = 10  # barriers, opportunities and initiatives together
SEED = 7


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def generate(db: Database) -> dict:
    """Bulk-insert the national programme. Returns what the timings need (ids)."""
    rng = random.Random(SEED)
    bank = texts()
    themes = [t.key for t in framework.themes()]
    started = time.perf_counter()
    with db.write() as session:
        version_id = session.scalar(select(FrameworkVersion.id).limit(1))
        session.execute(
            insert(Network),
            [{"slug": f"bench-{n}", "name": f"Nettverk {n}"} for n in range(NETWORKS)],
        )
        networks = list(
            session.scalars(
                select(Network.id).where(Network.slug.like("bench-%")).order_by(Network.id)
            )
        )
        session.execute(
            insert(Organisation),
            [
                {
                    "number": f"B{n:02d}{o:02d}",
                    "name": f"Kommune {n}-{o}",
                    "official_name": f"Kommune {n}-{o}",
                    "county": f"Fylke {n}",
                    "kind": "kommune",
                }
                for n in range(NETWORKS)
                for o in range(ORGANISATIONS_PER_NETWORK)
            ],
        )
        org_rows = session.execute(
            select(Organisation.number, Organisation.id).where(Organisation.number.like("B%"))
        ).all()
        orgs = {number: oid for number, oid in org_rows}
        cohort_rows = [
            {"network_id": network, "slug": f"pulje-{year}-{c}", "name": f"Pulje {c + 1} {year}"}
            for network in networks
            for year in range(2022, 2022 + YEARS)
            for c in range(COHORTS_PER_YEAR)
        ]
        session.execute(insert(Cohort), cohort_rows)
        cohorts = session.execute(
            select(Cohort.id, Cohort.network_id, Cohort.slug).where(Cohort.network_id.in_(networks))
        ).all()
        session.execute(
            insert(Module),
            [
                {
                    "cohort_id": cohort_id,
                    "position": p + 1,
                    "theme_key": themes[p],
                    "name": f"Modul {p + 1}",
                }
                for cohort_id, _network, _slug in cohorts
                for p in range(MODULES)
            ],
        )
        modules = session.execute(
            select(Module.id, Module.cohort_id, Module.position, Module.theme_key).where(
                Module.cohort_id.in_([c[0] for c in cohorts])
            )
        ).all()
    network_of_cohort = {cohort_id: network for cohort_id, network, _slug in cohorts}
    network_index = {network: i for i, network in enumerate(networks)}
    log(f"structure: {time.perf_counter() - started:.1f} s")

    gathering_rows, counter = [], 0
    for module_id, _cohort_id, _position, _theme in modules:
        for _g in range(GATHERINGS_PER_MODULE):
            counter += 1
            gathering_rows.append(
                {
                    "module_id": module_id,
                    "held_on": dt.date(2022, 1, 1) + dt.timedelta(days=counter % 1800),
                    "place": "Bench",
                    "join_code": f"{counter:06d}",
                    "projector_token": uuid.uuid4().hex,
                    "revision": 1,
                }
            )
    with db.write() as session:
        session.execute(insert(Gathering), gathering_rows)
        gathering_ids = session.execute(
            select(Gathering.id, Gathering.module_id).where(Gathering.place == "Bench")
        ).all()
    by_module: dict[int, list[int]] = {}
    for gid, module_id in gathering_ids:
        by_module.setdefault(module_id, []).append(gid)
    module_info = {m[0]: m for m in modules}

    activity_rows, group_rows = [], []
    for module_id, gids in by_module.items():
        _mid, cohort_id, _position, _theme = module_info[module_id]
        n = network_index[network_of_cohort[cohort_id]]
        members = [orgs[f"B{n:02d}{o:02d}"] for o in range(ORGANISATIONS_PER_NETWORK)]
        per = -(-len(members) // len(gids))
        for index, gid in enumerate(sorted(gids)):
            for position, kind in enumerate(("barriers", "opportunities", "ambition"), start=1):
                activity_rows.append(
                    {
                        "gathering_id": gid,
                        "kind": kind,
                        "prompt": kind,
                        "position": position,
                        "state": "closed",
                        "revealed": kind == "ambition",
                    }
                )
            for org in members[index * per : (index + 1) * per]:
                group_rows.append(
                    {
                        "gathering_id": gid,
                        "organisation_id": org,
                        "label": f"org {org}",
                        "token": uuid.uuid4().hex,
                    }
                )
    with db.write() as session:
        session.execute(insert(Activity), activity_rows)
        session.execute(insert(Group), group_rows)
        activities = {
            (gid, kind): aid
            for aid, gid, kind in session.execute(
                select(Activity.id, Activity.gathering_id, Activity.kind).where(
                    Activity.gathering_id.in_(
                        select(Gathering.id).where(Gathering.place == "Bench")
                    )
                )
            )
        }
        groups = session.execute(
            select(Group.id, Group.gathering_id, Group.organisation_id, Gathering.module_id)
            .join(Gathering, Gathering.id == Group.gathering_id)
            .where(Gathering.place == "Bench")
        ).all()
    log(f"gatherings, groups: {time.perf_counter() - started:.1f} s")

    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    entry_batch, ambition_rows, entry_count = [], [], 0
    for group_id, gid, org, module_id in groups:
        theme = module_info[module_id][3]
        level = rng.randint(1, 4)
        ambition_rows.append(
            {
                "gathering_id": gid,
                "activity_id": activities[(gid, "ambition")],
                "group_id": group_id,
                "organisation_id": org,
                "module_id": module_id,
                "theme_key": theme,
                "framework_version_id": version_id,
                "now_generation": level,
                "one_year_generation": min(5, level + rng.randint(0, 1)),
                "three_year_generation": min(5, level + rng.randint(1, 2)),
                "reason": rng.choice(bank["reasons"]),
                "capability_ratings": {},
                "edits": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
        for i in range(ENTRIES_PER_ORGANISATION_AND_MODULE):
            kind = ("barriers", "opportunities", "ambition")[i % 3 if i < 9 else 0]
            if kind == "ambition":
                text_ = rng.choice(bank["initiatives"]["short" if i % 2 else "long"])
                horizon, entry_theme = ("short" if i % 2 else "long"), None
            else:
                text_ = rng.choice(bank[kind][theme])
                horizon, entry_theme = None, theme
            entry_count += 1
            entry_batch.append(
                {
                    "gathering_id": gid,
                    "activity_id": activities[(gid, kind)],
                    "group_id": group_id,
                    "text": text_,
                    "theme_key": entry_theme,
                    "horizon": horizon,
                    "hidden": entry_count % 97 == 0,
                    "idempotency_key": f"b{entry_count}",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if len(entry_batch) >= 20_000:
            with db.write() as session:
                session.execute(insert(Entry), entry_batch)
            entry_batch = []
    with db.write() as session:
        if entry_batch:
            session.execute(insert(Entry), entry_batch)
        session.execute(insert(Ambition), ambition_rows)
    log(f"entries, ambitions: {time.perf_counter() - started:.1f} s")

    # The reader: the first network's facilitator, its most recent cohort, one organisation.
    network = networks[0]
    cohort_id = max(c for c, net, _s in cohorts if net == network)
    organisation_id = orgs["B0000"]
    return {
        "network_id": network,
        "cohort_id": cohort_id,
        "organisation_id": organisation_id,
        "entries": entry_count,
        "ambitions": len(ambition_rows),
        "cohorts": len(cohorts),
        "gatherings": len(gathering_ids),
        "generate_s": round(time.perf_counter() - started, 1),
    }


def views(db: Database, facts: dict) -> dict:
    """Each view as the results page runs it: core read + chart + to_dict."""
    facilitator = Actor(10**6, "bench", "Bench", "facilitator", network_id=facts["network_id"])
    coordinator = Actor(
        10**6 + 1,
        "bench.k",
        "Bench K",
        "coordinator",
        organisation_id=facts["organisation_id"],
        network_id=facts["network_id"],
    )
    whole = results.Scope(facts["cohort_id"])
    one = results.Scope(facts["cohort_id"], organisation_id=facts["organisation_id"])
    version = framework.current(db)
    titles = ("I dag", "Om ca. 1 år", "Om ca. 3 år")

    def comparison(actor):
        by_module = results.ambition_by_module(db, actor, one)
        rows = [
            (
                m.module_name,
                titles[i],
                m.own[i] if m.own else None,
                m.cohort[h].median,
                m.cohort[h].q1,
                m.cohort[h].q3,
            )
            for m in by_module
            if m.cohort
            for i, h in enumerate(ambitions.HORIZONS)
        ]
        return charts.organisation_vs_cohort(
            rows, version.generations, organisation_title="Org", median_title="Median"
        ).to_dict()

    def counts(actor, scope):
        data = results.entry_counts(db, actor, scope)
        totals: dict = {}
        for r in data.cohort:
            totals[(r.module_name, r.kind)] = totals.get((r.module_name, r.kind), 0) + r.count
        return charts.module_counts(
            [(m, k, c) for (m, k), c in totals.items()],
            kind_titles=("barriers", "opportunities"),
            count_title="n",
        ).to_dict()

    def words(actor, scope):
        for kind in results.ENTRY_KINDS:
            view = results.frequent_words(db, actor, scope, kind)
            charts.count_bars(
                [(t.text, t.count) for t in view.terms], category_title="w", count_title="n"
            ).to_dict()

    def medians(actor, scope):
        by_module = results.ambition_by_module(db, actor, scope)
        rows = [
            (m.module_name, *(m.cohort[h].median for h in ambitions.HORIZONS))
            for m in by_module
            if m.cohort
        ]
        return charts.ambition_arrows(
            rows, version.generations, horizon_titles=titles, row_title="m"
        ).to_dict()

    def heaviest(actor):
        counts(actor, whole)
        medians(actor, whole)
        words(actor, whole)
        results.entry_table(db, actor, whole)

    return {
        "coordinator: organisation against the cohort": lambda: comparison(coordinator),
        "facilitator: organisation against the cohort": lambda: comparison(facilitator),
        "facilitator: counts per module (cohort)": lambda: counts(facilitator, whole),
        "facilitator: ambition medians per module (cohort)": lambda: medians(facilitator, whole),
        "facilitator: what the room said (cohort, both kinds)": lambda: words(facilitator, whole),
        "facilitator: all entries (cohort)": lambda: results.entry_table(db, facilitator, whole),
        "facilitator: whole results page (all of the above, cohort)": lambda: heaviest(facilitator),
        "coordinator: all entries (own organisation)": lambda: results.entry_table(
            db, coordinator, whole
        ),
    }


def measure(fn, repetitions: int) -> dict:
    for _ in range(2):
        fn()
    times = []
    for _ in range(repetitions):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(len(times) * 0.9) - 1], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--repetitions", type=int, default=15)
    args = parser.parse_args(argv)

    cleanup = None
    if args.database_url:
        if not args.database_url.startswith("postgresql"):
            parser.error("--database-url must be a PostgreSQL URL; SQLite is always a temp file")
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        db = Database(
            make_engine(args.database_url, connect_args={"options": f"-csearch_path={schema}"})
        )

        def cleanup():
            db.dispose()
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()

        kind = "postgresql"
    else:
        directory = tempfile.TemporaryDirectory()
        db = Database(f"sqlite:///{Path(directory.name) / 'bench.db'}")
        cleanup = lambda: (db.dispose(), directory.cleanup())  # noqa: E731
        kind = "sqlite"
    try:
        db.upgrade()
        framework.ensure_seeded(db)
        facts = generate(db)
        with db.read() as session:
            facts["entries_in_database"] = session.scalar(select(func.count(Entry.id)))
        if kind == "postgresql":
            with db.engine.connect() as connection:
                connection.execute(text("ANALYZE"))
                connection.commit()
        timings = {}
        for name, fn in views(db, facts).items():
            log(f"timing: {name}")
            timings[name] = measure(fn, args.repetitions)
        print(
            json.dumps(
                {
                    "benchmark": "results",
                    "database": kind,
                    "python": platform.python_version(),
                    "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores",
                    "repetitions": args.repetitions,
                    "data": facts,
                    "timings": timings,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    finally:
        cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
