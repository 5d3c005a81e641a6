"""Official-list imports as background jobs: the upload's workspace, each step, and cleanup.

The admin's import page stores an upload and leaves the work to the task worker
(registry/tasks.py): a dry run first, whose report the analyst reads, then, once confirmed, the
real import. A job is one directory under `settings.REGISTRY_IMPORT_DIR`, named by a random id:

    <id>/files/    the uploaded files (sdn.csv with alt.csv and add.csv, or the XML file)
    <id>/job.json  who asked, the options, the state, the progress and the report

The web process and the worker share that directory (one machine, or a shared volume). The file is
rewritten whole (a temporary file renamed over it), so a reader never sees half of it.

States: queued -> running -> previewed (the dry run's report, waiting for confirmation) ->
queued -> running -> applied; or failed / cancelled. The uploaded files are removed as soon as
they cannot be needed: after the import, after any failure, on cancel; and by `cleanup()` when a
worker died while running a job (its process is gone, or it ran past the time limit), when a dry
run waited longer than `REGISTRY_IMPORT_KEEP_HOURS`, and for an upload whose request never
finished. `cleanup()` runs when `make run` starts, before each import task, and as a task
scheduled after each dry run.
"""

import datetime as dt
import json
import os
import re
import secrets
import shutil
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from ..importers import ParseError, parse_file
from ..importers.records import ParsedList
from ..importers.report import ImportReport

JOB_FILE = "job.json"
FILES = "files"
ID_PATTERN = r"[A-Za-z0-9_-]{22}"
SHOWN_ENTRIES = 100  # entries of each section of the diff kept in the report
UPLOAD_GRACE = dt.timedelta(hours=1)  # an upload without its job.json is still arriving

QUEUED, RUNNING, PREVIEWED, APPLIED, FAILED, CANCELLED = (
    "queued",
    "running",
    "previewed",
    "applied",
    "failed",
    "cancelled",
)
DRY_RUN, IMPORT = "dry run", "import"
FINISHED = {APPLIED, FAILED, CANCELLED}


class JobNotFound(Exception):
    """No such job (never made, cleaned up, or an id that is not ours)."""


class Cancelled(Exception):
    """The job was cancelled while the worker ran it."""


@dataclass
class ImportJob:
    """One import's state, as stored in its job.json."""

    id: str
    user_id: int
    format: str
    file_name: str
    size: int
    options: dict  # as_of (ISO date or None), ofac_list, include, partial, force, all_programs
    state: str = QUEUED
    step: str = DRY_RUN
    progress: str = "waiting for the worker"
    sha256: str = ""  # of the file the dry run read; the import checks it again
    report: dict | None = None  # report_summary() of the last step that finished
    error: str = ""
    worker: str = ""  # "host:pid" of the worker running it
    created_at: str = ""
    updated_at: str = ""
    started_at: str = ""
    history: list[str] = field(default_factory=list)  # one line per step, for the page

    @property
    def directory(self) -> Path:
        return spool() / self.id

    @property
    def path(self) -> Path:
        return self.directory / FILES / self.file_name

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def as_of(self) -> dt.date | None:
        value = self.options.get("as_of")
        return dt.date.fromisoformat(value) if value else None

    def updated(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.updated_at)

    def save(self) -> None:
        """Write job.json whole: a reader sees the old file or the new one, never a mix."""
        self.updated_at = timezone.now().isoformat()
        target = self.directory / JOB_FILE
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self), ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, target)


def spool() -> Path:
    return Path(settings.REGISTRY_IMPORT_DIR)


def new_upload_directory() -> Path:
    """A fresh, private directory for one upload (the job's, once the form is valid)."""
    directory = spool() / secrets.token_urlsafe(16)
    (directory / FILES).mkdir(parents=True, mode=0o700)
    return directory


def discard_upload(directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)


def job_create(*, directory: Path, user, format: str, file_name: str, options: dict) -> ImportJob:
    """The job for an upload stored in `directory` (by `new_upload_directory`), queued for its
    dry run. `file_name` is the list file's name under files/."""
    now = timezone.now().isoformat()
    job = ImportJob(
        id=directory.name,
        user_id=user.pk,
        format=format,
        file_name=file_name,
        size=(directory / FILES / file_name).stat().st_size,
        options=options,
        created_at=now,
    )
    job.save()
    return job


def job_load(job_id: str) -> ImportJob:
    if not re.fullmatch(ID_PATTERN, job_id or ""):
        raise JobNotFound(job_id)
    try:
        data = json.loads((spool() / job_id / JOB_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError, json.JSONDecodeError) as exc:
        raise JobNotFound(job_id) from exc
    return ImportJob(**data)


def jobs_of(user_id: int, limit: int = 10) -> list[ImportJob]:
    """The user's jobs still kept (REGISTRY_IMPORT_KEEP_HOURS), newest first."""
    jobs = []
    if spool().is_dir():
        for directory in spool().iterdir():
            try:
                job = job_load(directory.name)
            except JobNotFound:
                continue
            if job.user_id == user_id:
                jobs.append(job)
    return sorted(jobs, key=lambda job: job.created_at, reverse=True)[:limit]


def job_confirm(job: ImportJob) -> ImportJob:
    """Queue the real import of a job whose dry run the analyst has read."""
    if job.state != PREVIEWED or not (job.report or {}).get("has_changes"):
        raise ValueError(f"job {job.id} is {job.state}: nothing to confirm")
    job.state, job.step, job.progress, job.error = QUEUED, IMPORT, "waiting for the worker", ""
    job.save()
    return job


def job_cancel(job: ImportJob) -> ImportJob:
    """Forget the upload; a job already running its import is left to finish."""
    if job.state in {PREVIEWED, QUEUED} or (job.state == RUNNING and job.step == DRY_RUN):
        remove_files(job)
        job.state, job.progress = CANCELLED, "cancelled; the upload was deleted"
        job.save()
    return job


def remove_files(job: ImportJob) -> None:
    shutil.rmtree(job.directory / FILES, ignore_errors=True)


# -- the steps, run by the worker -------------------------------------------------------------
def run_dry_run(job_id: str) -> str:
    """Parse the upload and plan the import without writing: the report the analyst confirms."""
    return _run(job_id, DRY_RUN)


def run_import(job_id: str) -> str:
    """Parse the upload again (the same bytes as the dry run's) and import it for real, as the
    analyst who uploaded it; the files are removed whatever happens."""
    return _run(job_id, IMPORT)


def _run(job_id: str, step: str) -> str:
    from .imports import ImportAborted, import_list  # the parsers and planner: worker only

    job = job_load(job_id)
    if job.state != QUEUED or job.step != step:
        return job.state  # cancelled, or run already (a task delivered twice)
    job.state, job.worker, job.started_at = RUNNING, worker_name(), timezone.now().isoformat()
    try:
        _progress(job, f"reading {job.file_name} ({job.size:,} bytes)")
        parsed = parse_job_file(job)
        if step == IMPORT and parsed.sha256 != job.sha256:
            raise ImportAborted(f"{job.file_name}: the file changed since the dry run")
        if step == DRY_RUN:
            _progress(job, f"comparing {len(parsed.entities):,} entities with the registry")
            report = import_list(parsed, dry_run=True, **import_options(job))
        else:
            _progress(job, f"importing {len(parsed.entities):,} entities")
            user = get_user_model().objects.filter(pk=job.user_id).first()
            report = import_list(parsed, user=user, **import_options(job))
    except (ParseError, ImportAborted) as exc:
        return _fail(job, f"Nothing was imported: {exc}")
    except Cancelled:
        return CANCELLED
    except BaseException as exc:  # the worker records the traceback; the page says what failed
        _fail(job, f"Nothing was imported: the {step} failed ({type(exc).__name__}: {exc})")
        raise
    job.sha256, job.report = parsed.sha256, report_summary(report)
    del parsed
    if step == DRY_RUN:
        job.state, job.progress = PREVIEWED, "dry run done: read the changes, then confirm"
        job.history.append(f"dry run: {report.counts_line()}")
    else:
        remove_files(job)
        job.state, job.progress = APPLIED, "imported"
        job.history.append(f"imported: {report.counts_line()}")
    job.worker = ""
    _save_unless_gone(job)
    return job.state


def _progress(job: ImportJob, text: str) -> None:
    job.progress = text
    _save_unless_gone(job)


def _save_unless_gone(job: ImportJob) -> None:
    """Save, unless the job was cancelled meanwhile (its files are gone)."""
    if not (job.directory / FILES).exists() and job.state not in FINISHED:
        raise Cancelled(job.id)
    job.save()


def _fail(job: ImportJob, message: str) -> str:
    if not (job.directory / FILES).exists():
        try:
            if job_load(job.id).state == CANCELLED:  # cancelled while it ran: say so
                return CANCELLED
        except JobNotFound:
            return CANCELLED
    remove_files(job)
    job.state, job.error, job.worker = FAILED, message, ""
    job.progress = "failed; the upload was deleted"
    if job.directory.exists():
        job.save()
    return FAILED


def parse_job_file(job: ImportJob) -> ParsedList:
    options = job.options
    return parse_file(
        job.format,
        job.path,
        ofac_list=options.get("ofac_list") or None,
        require_eof=not options.get("force"),
        include=frozenset(options.get("include") or ()),
    )


def import_options(job: ImportJob) -> dict:
    options = job.options
    return {
        "as_of": job.as_of,
        "force": bool(options.get("force")),
        "partial": bool(options.get("partial")),
        "all_programs": bool(options.get("all_programs")),
    }


def report_summary(report: ImportReport, limit: int = SHOWN_ENTRIES) -> dict:
    """What the page shows of a report: every count, and the first `limit` entries of each part
    of the diff (a large list's full diff would not be read on a page)."""
    return {
        "headline": report.headline(),
        "programs": report.programs_line(),
        "counts": report.counts_line(),
        "rows": report.rows_line(),
        "has_changes": report.has_changes,
        "dry_run": report.dry_run,
        "sections": [
            {
                "heading": heading,
                "mark": mark,
                "total": len(entries),
                "entries": entries[:limit],
                "more": max(0, len(entries) - limit),
            }
            for heading, mark, entries in report.sections()
        ],
    }


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_alive(worker: str) -> bool | None:
    """Whether the worker process that ran a job still runs: True / False on this host, None
    (unknown) for another host's."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user has that id now
        return True
    return True


# -- cleanup ----------------------------------------------------------------------------------
def cleanup(now: dt.datetime | None = None) -> list[str]:
    """Remove what no job can need any more; one line per thing done, for the log.

    - an upload whose request never finished (no job.json after an hour): removed;
    - a job running on a worker process that is gone, or running, queued or waiting for
      confirmation longer than REGISTRY_IMPORT_KEEP_HOURS: its files removed, marked failed;
    - a finished job older than that: its directory removed.
    """
    now = now or timezone.now()
    keep = dt.timedelta(hours=settings.REGISTRY_IMPORT_KEEP_HOURS)
    done: list[str] = []
    if not spool().is_dir():
        return done
    for directory in sorted(spool().iterdir()):
        if not directory.is_dir() or not re.fullmatch(ID_PATTERN, directory.name):
            continue
        try:
            job = job_load(directory.name)
        except JobNotFound:
            changed = dt.datetime.fromtimestamp(directory.stat().st_mtime, tz=dt.UTC)
            if now - changed > UPLOAD_GRACE:
                discard_upload(directory)
                done.append(f"{directory.name}: unfinished upload removed")
            continue
        age = now - job.updated()
        if job.finished:
            if age > keep:
                discard_upload(directory)
                done.append(f"{job.id}: finished {job.state} job removed")
            elif (directory / FILES).exists():
                remove_files(job)
                done.append(f"{job.id}: files of a {job.state} job removed")
        elif job.state == RUNNING and worker_alive(job.worker) is False:
            _fail(
                job,
                f"Nothing was imported: the worker running the {job.step} stopped "
                f"({job.worker}); upload the file again",
            )
            done.append(f"{job.id}: worker {job.worker} gone, job failed")
        elif age > keep:
            _fail(
                job,
                f"Nothing was imported: the {job.step} waited more than "
                f"{settings.REGISTRY_IMPORT_KEEP_HOURS:g} hours ({job.state}); "
                f"upload the file again",
            )
            done.append(f"{job.id}: {job.state} for {age}, expired")
    return done
