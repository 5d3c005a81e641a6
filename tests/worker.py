"""The task worker, inside a test: runs the queued tasks as `manage.py db_worker` does.

`run_queued_tasks()` claims each ready task of the database backend and runs it with the worker
class of django-tasks-db, in the test's own transaction (the `db_worker` loop itself closes the
connection between tasks, which a test's transaction cannot allow). Tests that want the real
process start `manage.py db_worker --batch` instead (tests/test_tasks.py).
"""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

WORKER_ID = "test-worker"


def run_queued_tasks(limit: int = 20) -> int:
    """Run every task that is ready (those a task enqueues too); how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit and (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(WORKER_ID)
        worker.run_task(result)
        ran += 1
    return ran
