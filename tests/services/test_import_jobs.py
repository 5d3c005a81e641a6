"""Import jobs: the files of an upload never outlive what can need them, whatever happens."""

import datetime as dt
import json
import os
import subprocess

import pytest
from django.core.management import call_command
from django.utils import timezone

from registry.services import import_jobs
from tests.importers.conftest import PAIRS
from tests.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def spool(settings, tmp_path):
    settings.REGISTRY_IMPORT_DIR = tmp_path / "imports"
    settings.REGISTRY_IMPORT_KEEP_HOURS = 24
    return settings.REGISTRY_IMPORT_DIR


@pytest.fixture
def make_job(django_user_model):
    user = django_user_model.objects.create_superuser("analyst", "", "a-long-test-password")

    def make(state="queued", step="dry run", worker="", age=dt.timedelta(0)):
        directory = import_jobs.new_upload_directory()
        (directory / "files" / "sdn.csv").write_bytes((PAIRS / "sdn_2021-11-23.csv").read_bytes())
        job = import_jobs.job_create(
            directory=directory,
            user=user,
            format="ofac-sdn-csv",
            file_name="sdn.csv",
            options={"as_of": "2021-11-23"},
        )
        job.state, job.step, job.worker = state, step, worker
        job.save()
        if age:
            backdate(job, age)
        return job

    return make


def backdate(job: import_jobs.ImportJob, age: dt.timedelta) -> None:
    """As if the job had last changed `age` ago."""
    path = job.directory / "job.json"
    data = json.loads(path.read_text())
    data["updated_at"] = (timezone.now() - age).isoformat()
    path.write_text(json.dumps(data))


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_job_whose_worker_died_is_failed_and_its_files_removed(make_job):
    crashed = make_job(
        state="running", worker=f"{import_jobs.worker_name().rsplit(':')[0]}:{dead_pid()}"
    )
    alive = make_job(state="running", worker=import_jobs.worker_name())
    call_command("cleanup_imports")
    crashed, alive = import_jobs.job_load(crashed.id), import_jobs.job_load(alive.id)
    assert crashed.state == "failed" and "the worker running the dry run stopped" in crashed.error
    assert not crashed.path.exists()
    assert alive.state == "running" and alive.path.exists()  # a worker still at it keeps them


def test_a_dry_run_never_confirmed_expires(make_job):
    stale = make_job(state="previewed", age=dt.timedelta(hours=25))
    fresh = make_job(state="previewed", age=dt.timedelta(hours=23))
    import_jobs.cleanup()
    stale, fresh = import_jobs.job_load(stale.id), import_jobs.job_load(fresh.id)
    assert stale.state == "failed" and "waited more than 24 hours" in stale.error
    assert not stale.path.exists() and fresh.path.exists()


def test_finished_jobs_are_removed_after_the_keep_time(make_job):
    old = make_job(state="applied", age=dt.timedelta(hours=25))
    recent = make_job(state="failed")
    import_jobs.cleanup()
    assert not old.directory.exists()
    assert recent.directory.exists() and not recent.path.exists()  # page kept, files gone


def test_an_upload_whose_request_never_finished_is_removed_after_an_hour(spool):
    stale = import_jobs.new_upload_directory()
    arriving = import_jobs.new_upload_directory()
    an_hour_ago = (timezone.now() - dt.timedelta(hours=1, minutes=1)).timestamp()
    os.utime(stale, (an_hour_ago, an_hour_ago))
    (spool / "not-a-job").mkdir()
    import_jobs.cleanup()
    assert not stale.exists() and arriving.exists() and (spool / "not-a-job").exists()


def test_a_failed_import_removes_its_files(make_job):
    from registry import tasks

    job = make_job(state="queued")
    job.options["as_of"] = None  # the legacy CSV needs its date: the import is refused
    job.save()
    tasks.import_dry_run.enqueue(job.id)
    run_queued_tasks()
    job = import_jobs.job_load(job.id)
    assert job.state == "failed" and "carries no date" in job.error
    assert not job.path.exists()


def test_a_job_cancelled_while_the_worker_runs_it_stays_cancelled(make_job, monkeypatch):
    job = make_job()

    def cancel_meanwhile(job_being_run):  # the analyst cancels while the file is parsed
        import_jobs.job_cancel(import_jobs.job_load(job_being_run.id))
        return real_parse(job_being_run)

    real_parse = import_jobs.parse_job_file
    monkeypatch.setattr(import_jobs, "parse_job_file", cancel_meanwhile)
    assert import_jobs.run_dry_run(job.id) == "cancelled"
    job = import_jobs.job_load(job.id)
    assert job.state == "cancelled" and not job.path.exists()


def test_a_dry_run_schedules_the_cleanup_of_its_upload(make_job):
    from django_tasks_db.models import DBTaskResult

    from registry import tasks

    job = make_job()
    tasks.import_dry_run.enqueue(job.id)
    run_queued_tasks()
    assert import_jobs.job_load(job.id).state == "previewed"
    later = DBTaskResult.objects.get(task_path="registry.tasks.cleanup_imports")
    assert later.run_after > timezone.now() + dt.timedelta(hours=24)
