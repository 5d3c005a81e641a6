"""manage.py cleanup_imports: remove import uploads no job can need (after a crash, say)."""

from django.core.management.base import BaseCommand

from registry.services.import_jobs import cleanup


class Command(BaseCommand):
    help = (
        "Remove the files of import jobs that cannot need them any more: uploads whose request "
        "never finished, jobs whose worker stopped, dry runs never confirmed and finished jobs "
        "older than REGISTRY_IMPORT_KEEP_HOURS. `make run` runs it at start; run it from cron "
        "where the server runs for long."
    )

    def handle(self, *args, **options):
        for line in cleanup():
            self.stdout.write(line)
