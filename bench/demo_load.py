"""How long `python -m core.cli demo load` takes: into a fresh SQLite file, and into a fresh
PostgreSQL schema; then `demo load --reset` into the same database (remove and rebuild). Each
is the wall time of the command as a newcomer runs it (a new Python process, migrations
included). Prints one JSON object.

    python -m bench.demo_load
    python -m bench.demo_load --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]


def run(url: str, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "core.cli", "demo", "load", *extra],
        cwd=ROOT,
        env={**os.environ, "SAMLING_DATABASE_URL": url},
        check=True,
        capture_output=True,
    )
    return round(time.perf_counter() - started, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    if args.database_url:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        separator = "&" if "?" in args.database_url else "?"
        url = f"{args.database_url}{separator}options={quote(f'-csearch_path={schema}')}"
        try:
            first, reset = run(url), run(url, "--reset")
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        kind = "postgresql"
    else:
        with tempfile.TemporaryDirectory() as directory:
            url = f"sqlite:///{Path(directory) / 'demo.db'}"
            first, reset = run(url), run(url, "--reset")
        kind = "sqlite"
    print(
        json.dumps(
            {"benchmark": "demo_load", "database": kind, "first_load_s": first, "reset_s": reset}
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
