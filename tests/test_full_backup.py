"""The full backup with the database's own tool (docs/operations.md, "Backups"): everything the
CSV dump carries, and what it does not: users, their passwords and their API tokens.

Runs the commands the documentation gives: SQLite's `.backup` through the sqlite3 shell, and
`pg_dump -Fc` / `pg_restore` on PostgreSQL, then reads the copy as the registry would.
"""

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from tests.importers.conftest import PAIRS, run_import
from tests.test_tasks import ROOT, database_url

pytestmark = pytest.mark.django_db(transaction=True)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:  # make test installs them (make backup-tools)
        pytest.fail(f"{name} is not installed: run `make backup-tools` (as root)")
    return path


def run(*command: str, env: dict | None = None) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(command)}: {done.stderr[-2000:]}"
    return done.stdout


def export(url: str, directory) -> dict[str, bytes]:
    """The registry's CSV dump, history included, of the database at `url`."""
    run(
        sys.executable,
        "manage.py",
        "export_csv",
        str(directory),
        env=dict(os.environ, DATABASE_URL=url),
    )
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def accounts(url: str) -> str:
    """Users with their password hashes, and tokens, as the copy holds them."""
    script = (
        "from django.contrib.auth.models import User; "
        "from rest_framework.authtoken.models import Token; "
        "print(sorted(User.objects.values_list('username', 'password', 'is_staff'))); "
        "print(sorted(Token.objects.values_list('key', 'user__username')))"
    )
    return run(
        sys.executable,
        "manage.py",
        "shell",
        "-c",
        script,
        env=dict(os.environ, DATABASE_URL=url),
    )


@pytest.fixture
def registry(django_user_model):
    analyst = django_user_model.objects.create_user(
        "analyst", password="a-long-test-password", is_staff=True
    )
    Token.objects.create(user=analyst)
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 23))


def test_the_full_backup_restores_users_tokens_and_the_registry(registry, tmp_path):
    original = database_url()
    server = original.rsplit("/", 1)[0]
    psql = ("psql", "-X", "-q", f"{server}/postgres", "-c")
    if connection.vendor == "sqlite":
        copy = tmp_path / "backup.sqlite3"
        run(tool("sqlite3"), connection.settings_dict["NAME"], f".backup '{copy}'")
        restored = f"sqlite:///{copy}"
    else:
        name = f"{connection.settings_dict['NAME']}_restored"
        backup = tmp_path / "registry.dump"
        run(tool("pg_dump"), "--format=custom", f"--file={backup}", original)
        run(
            tool("psql"),
            "-X",
            "-q",
            f"{server}/postgres",
            "-c",
            f'DROP DATABASE IF EXISTS "{name}"',
        )
        run(tool("psql"), "-X", "-q", f"{server}/postgres", "-c", f'CREATE DATABASE "{name}"')
        restored = f"{server}/{name}"
        run(tool("pg_restore"), "--no-owner", f"--dbname={restored}", str(backup))
    try:
        assert "analyst" in accounts(restored) and accounts(restored) == accounts(original)
        assert export(restored, tmp_path / "restored") == export(original, tmp_path / "original")
    finally:
        if connection.vendor != "sqlite":
            run(*psql, f'DROP DATABASE "{name}"')
