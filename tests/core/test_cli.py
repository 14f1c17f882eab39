"""The command line, as a deployment script would run it, against a real SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _cli(tmp_path, *args, password=None):
    env = {**os.environ, "SAMLING_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    if password:
        env["SAMLING_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "core.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_the_commands(tmp_path):
    result = _cli(tmp_path, "--help")
    assert result.returncode == 0
    for word in ("db", "user", "demo"):
        assert word in result.stdout


def test_db_upgrade_then_user_add_then_demo(tmp_path):
    assert _cli(tmp_path, "db", "upgrade").returncode == 0
    added = _cli(
        tmp_path,
        "user",
        "add",
        "--username",
        "ada",
        "--name",
        "Ada Admin",
        "--role",
        "admin",
        password="et-langt-og-trygt-passord",
    )
    assert added.returncode == 0, added.stderr
    refused = _cli(
        tmp_path,
        "user",
        "add",
        "--username",
        "bob",
        "--name",
        "Bob",
        password="kort",
    )
    assert refused.returncode == 2
    assert "minst 12 tegn" in refused.stderr

    first = _cli(tmp_path, "demo", "load", "--base-url", "http://samling.test")
    assert first.returncode == 0, first.stderr
    assert "http://samling.test/bli-med?kode=" in first.stdout
    assert "http://samling.test/projektor?t=" in first.stdout
    assert "demo.prosessleder" in first.stdout
    assert "demo.koordinator" in first.stdout and "/resultater" in first.stdout
    # Idempotent: the same gathering, the same links.
    second = _cli(tmp_path, "demo", "load", "--base-url", "http://samling.test")
    assert second.stdout == first.stdout
