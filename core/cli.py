"""Command line for headless work: `python -m core.cli db upgrade | user add | demo load`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from urllib.parse import urlencode

from core import demo, framework, settings, users
from core.db import Database
from core.errors import SamlingError
from core.i18n import t


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m core.cli",
        description="Samling: database, users and demo data without the web interface.",
    )
    commands = parser.add_subparsers(dest="area", required=True)

    db_parser = commands.add_parser("db", help="the database")
    db_commands = db_parser.add_subparsers(dest="action", required=True)
    db_commands.add_parser("upgrade", help="create the database or apply new migrations")

    user_parser = commands.add_parser("user", help="accounts")
    user_commands = user_parser.add_subparsers(dest="action", required=True)
    add = user_commands.add_parser(
        "add", help="add a user (password from SAMLING_PASSWORD or a prompt)"
    )
    add.add_argument("--username", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=users.ROLES, default="facilitator")

    demo_parser = commands.add_parser("demo", help="demo data")
    demo_commands = demo_parser.add_subparsers(dest="action", required=True)
    load = demo_commands.add_parser(
        "load", help="create the demo programme (once) and print its links and logins"
    )
    load.add_argument(
        "--reset", action="store_true", help="remove the demo's gatherings and build them anew"
    )
    load.add_argument(
        "--base-url",
        default=settings.public_base_url() or "http://localhost:8501",
        help="the app's address, for printed links (default: %(default)s)",
    )
    return parser


def _db_upgrade(db: Database, args: argparse.Namespace) -> None:
    # main has already upgraded the database; this command only says so.
    print(f"Database is up to date: {_safe_url(db)}")


def _user_add(db: Database, args: argparse.Namespace) -> None:
    password = os.environ.get("SAMLING_PASSWORD") or getpass.getpass("Password: ")
    actor = users.create_user(
        db, username=args.username, name=args.name, password=password, role=args.role
    )
    print(f"Created {actor.role} '{actor.username}'.")


def _demo_load(db: Database, args: argparse.Namespace) -> None:
    info = demo.load(db, reset=args.reset)
    base = args.base_url.rstrip("/")
    code = info.gathering.join_code
    projector = urlencode({"t": info.gathering.projector_token})
    print(f"Join link:      {base}/bli-med?{urlencode({'kode': code})}")
    print(f"Join code:      {code}")
    print(f"Projector link: {base}/projektor?{projector}")
    print(f"Facilitator:    {base}/fasilitator")
    print(f"                user '{info.username}', password '{info.password}'")
    print(f"Coordinator:    {base}/resultater ({info.coordinator_organisation})")
    print(
        f"                user '{info.coordinator_username}', "
        f"password '{info.coordinator_password}'"
    )


# One handler per area; each area has one action today.
_HANDLERS = {"db": _db_upgrade, "user": _user_add, "demo": _demo_load}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = Database(settings.database_url())
    db.upgrade()
    framework.ensure_seeded(db)
    try:
        _HANDLERS[args.area](db, args)
    except SamlingError as error:
        print(t(error.message_key, **error.params), file=sys.stderr)
        return 2
    finally:
        db.dispose()
    return 0


def _safe_url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=True)


if __name__ == "__main__":
    sys.exit(main())
