"""Background tasks: work too long for a web request, run by the task worker.

Django's task framework (the django-tasks backport; `django.tasks` from Django 6): the admin
enqueues, a worker process runs (`manage.py db_worker` with the default database backend,
`manage.py rqworker --job-class django_tasks_rq.Job default` with RQ; config/settings.py,
docs/operations.md). Each task is a thin call into a service; arguments and return values are
plain JSON.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from .services import import_jobs


@task()
def import_dry_run(job_id: str) -> str:
    """Parse an uploaded list and plan its import, writing nothing (services/import_jobs)."""
    import_jobs.cleanup()
    state = import_jobs.run_dry_run(job_id)
    if state == import_jobs.PREVIEWED:
        schedule_cleanup(after=dt.timedelta(hours=settings.REGISTRY_IMPORT_KEEP_HOURS, minutes=5))
    return state


@task()
def import_apply(job_id: str) -> str:
    """Import a list whose dry run the analyst confirmed."""
    import_jobs.cleanup()
    return import_jobs.run_import(job_id)


@task()
def cleanup_imports() -> list[str]:
    """Remove uploads no job can need any more (import_jobs.cleanup)."""
    return import_jobs.cleanup()


def schedule_cleanup(*, after: dt.timedelta) -> None:
    """Run cleanup_imports once `after` has passed: a dry run nobody confirms is discarded then,
    even when no other import comes to trigger a cleanup. Backends that cannot defer a task
    (the immediate one of tests) skip it."""
    if default_task_backend.supports_defer:
        cleanup_imports.using(run_after=timezone.now() + after).enqueue()
