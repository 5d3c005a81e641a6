"""The task worker as `make run` starts it: a process of its own, on the registry's database.

An upload made through the admin is queued; `manage.py db_worker --batch` (the worker, run until
the queue is empty) parses it and plans the dry run in its own process; the page shows the diff.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from registry.models import Organization
from registry.services import import_jobs
from tests.importers.conftest import PAIRS

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """The test database, for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def manage(*args: str, spool: Path) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE="config.settings_test",
        REGISTRY_IMPORT_DIR=str(spool),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_runs_the_dry_run_and_then_the_import(
    client, django_user_model, settings, tmp_path
):
    settings.REGISTRY_IMPORT_DIR = tmp_path / "imports"
    user = django_user_model.objects.create_superuser("analyst", "", "a-long-test-password")
    client.force_login(user)
    upload = SimpleUploadedFile("sdn.csv", (PAIRS / "sdn_2021-11-23.csv").read_bytes())
    response = client.post(
        reverse("admin:registry_organization_import"),
        {"format": "ofac-sdn-csv", "as_of": "2021-11-23", "file": upload},
    )
    assert response.status_code == 302

    worker = ["db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    done = manage(*worker, spool=settings.REGISTRY_IMPORT_DIR)
    assert done.returncode == 0, done.stderr[-2000:]
    page = client.get(response.url).content.decode()
    assert "78 organizations added" in page and "AUM SHINRIKYO [4691]" in page
    assert not Organization.objects.exists()

    client.post(response.url, {"apply": "1"})
    done = manage(*worker, spool=settings.REGISTRY_IMPORT_DIR)
    assert done.returncode == 0, done.stderr[-2000:]
    assert Organization.objects.count() == 78  # the terrorism programs, the default
    job = import_jobs.job_load(response.url.rstrip("/").rsplit("/", 1)[1])
    assert job.state == "applied" and not job.path.exists()


REDIS = "redis://127.0.0.1:6379/2"


def redis_answers() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def test_the_rq_backend_is_chosen_by_the_environment(tmp_path):
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings_test",
        REGISTRY_TASKS_BACKEND="rq",
        REGISTRY_IMPORT_DIR=str(tmp_path),
    )
    env.pop("REDIS_URL", None)
    missing = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert missing.returncode != 0 and "REGISTRY_TASKS_REDIS_URL" in missing.stderr
    env["REGISTRY_TASKS_REDIS_URL"] = REDIS
    script = (
        "from django_tasks import task_backends; b = task_backends['default']; "
        "print(type(b).__name__, b.supports_defer)"
    )
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert shown.stdout.split() == ["RQBackend", "True"], shown.stderr[-2000:]
    if not redis_answers():
        pytest.skip(f"no Redis at {REDIS}: the queue itself is not exercised")
    enqueue = "from registry.tasks import cleanup_imports; print(cleanup_imports.enqueue().id)"
    run = {"cwd": ROOT, "env": env, "capture_output": True, "text": True, "timeout": 120}
    queued = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", enqueue], **run
    )
    result_id = queued.stdout.split()[-1]
    worker = ["rqworker", "--job-class", "django_tasks_rq.Job", "--burst", "default"]
    worked = subprocess.run([sys.executable, "manage.py", *worker], **run)
    assert worked.returncode == 0, worked.stderr[-2000:]
    status = (
        "from registry.tasks import cleanup_imports; "
        f"print(cleanup_imports.get_result({result_id!r}).status)"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", status], **run
    )
    assert done.stdout.split()[-1] == "SUCCESSFUL", done.stderr[-2000:]
