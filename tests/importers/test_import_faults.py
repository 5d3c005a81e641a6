"""Faults mid-import leave the registry as it was, and the rerun succeeds: the import process
killed (kill -9) mid-write, and its database connection terminated (pg_terminate_backend).

The import runs in a process of its own (`manage.py import_list`), paused at a known point after
its first rows are written (registry/services/imports/write.py, PAUSE_FILE_ENV): the test waits
for the signal file, strikes, and compares every table, history included, with before.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from registry.models import Organization
from registry.services.imports.write import PAUSE_FILE_ENV
from tests.test_tasks import ROOT, database_url

from .conftest import PAIRS, census, run_import

pytestmark = pytest.mark.django_db(transaction=True)

LATER = PAIRS / "sdn_2021-12-02.csv"


def start_import(pause: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE="config.settings_test",
        **{PAUSE_FILE_ENV: str(pause)},
    )
    command = ["manage.py", "import_list", "ofac-sdn-csv", str(LATER), "--as-of", "2021-12-02"]
    return subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def paused_at(pause: Path, process: subprocess.Popen) -> list[str]:
    """Wait for the import to reach the pause point; its process id and backend id."""
    deadline = time.monotonic() + 240
    while not (pause.exists() and pause.read_text()):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import never reached the pause point"
        time.sleep(0.05)
    return pause.read_text().split()


@pytest.fixture
def registry():
    run_import("ofac-sdn-csv", PAIRS / "sdn_2021-11-23.csv", as_of=dt.date(2021, 11, 23))
    return census(), sorted(Organization.objects.values_list("name", flat=True))


def rerun_succeeds() -> None:
    report = run_import("ofac-sdn-csv", LATER, as_of=dt.date(2021, 12, 2))
    assert report.added and Organization.objects.filter(name="SEGUNDA MARQUETALIA").exists()


def test_kill_9_mid_write_leaves_the_registry_as_it_was(registry, tmp_path):
    pause = tmp_path / "pause"
    process = start_import(pause)
    pid, _ = (paused_at(pause, process) + [""])[:2]
    os.kill(int(pid), signal.SIGKILL)
    process.wait(60)
    assert process.returncode == -signal.SIGKILL
    connection.close()  # read afresh: what a new client sees
    assert (census(), sorted(Organization.objects.values_list("name", flat=True))) == registry
    rerun_succeeds()


def test_a_terminated_connection_mid_import_leaves_the_registry_as_it_was(registry, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    pause = tmp_path / "pause"
    process = start_import(pause)
    _, backend = paused_at(pause, process)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [int(backend)])
        assert cursor.fetchone()[0]
    pause.unlink()  # the import goes on, on a dead connection
    _, stderr = process.communicate(timeout=120)
    assert process.returncode != 0
    assert "nothing was written" in stderr or "connection" in stderr.lower()
    assert (census(), sorted(Organization.objects.values_list("name", flat=True))) == registry
    rerun_succeeds()
