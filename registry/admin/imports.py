"""Admin: import an official list from an upload — upload, read the dry-run diff, confirm.

The page lives under the organization admin (/admin/registry/organization/import/, a button on the
organization list). Staff with the rights to add organizations and designations upload a file and
pick its format. The upload streams to a private job directory (`SpoolUploadHandler`), refused
past `REGISTRY_IMPORT_MAX_BYTES` while it arrives; the parse and the dry run then run in the task
worker (registry/tasks.py, registry/services/import_jobs.py), and the job's page follows them:
its progress, then the diff with "Apply" and "Cancel", then the result. "Apply" queues the same
import for real, as the user who uploaded it (history records who); the worker checks the file's
sha256 again before writing. A job is seen and confirmed only by the user who made it.
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopFutureHandlers
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ..importers import ENTRY_TYPES, FORMATS
from ..services import import_jobs

FORMAT_LABELS = {
    "ofac-sdn-csv": "OFAC SDN legacy CSV (sdn.csv; alt.csv and add.csv optional)",
    "ofac-xml": "OFAC legacy XML (sdn.xml or consolidated.xml)",
    "ofac-enhanced-xml": "OFAC Sanctions List Service enhanced XML",
    "un-xml": "UN Security Council Consolidated List XML",
}
REQUIRED_PERMISSIONS = (
    "registry.add_organization",
    "registry.add_designation",
    "registry.change_designation",
)
FILE_FIELDS = ("file", "alt_file", "add_file")
REFRESH_SECONDS = 2  # the job page reloads itself this often while the worker runs
SLOW_START_SECONDS = 30  # queued longer than this: say that a worker may not be running


class SpooledFile(UploadedFile):
    """An upload the handler wrote to the job directory: a path, not a file in memory."""

    def __init__(self, path: Path, name: str, size: int, content_type: str):
        super().__init__(None, name, content_type, size)
        self.path = path


class SpoolUploadHandler(FileUploadHandler):
    """Writes each uploaded file of the import form straight to disk, in chunks, and refuses one
    past `limit` bytes as it arrives: the rest of it is read and dropped, never stored, and the
    form then says which file was too large (`too_large`)."""

    def __init__(self, request: HttpRequest, directory: Path, limit: int):
        super().__init__(request)
        self.directory, self.limit = directory, limit
        self.too_large: list[str] = []
        self.target: Path | None = None

    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        target = self.directory / f"upload-{field_name}"
        if field_name not in FILE_FIELDS or target.exists():
            raise SkipFile  # not a field of the form, or sent twice
        self.target, self.received = target, 0
        self.handle = target.open("wb")
        raise StopFutureHandlers  # Django's own handlers would keep a second copy

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large.append(self.field_name)
            self.upload_interrupted()
            raise SkipFile
        self.handle.write(raw_data)
        return None

    def file_complete(self, file_size: int):
        if self.target is None:
            return None
        self.handle.close()
        upload = SpooledFile(self.target, self.file_name, file_size, self.content_type)
        self.target = None
        return upload

    def upload_interrupted(self):
        if self.target is not None:
            self.handle.close()
            self.target.unlink(missing_ok=True)
            self.target = None


class ImportForm(forms.Form):
    format = forms.ChoiceField(choices=[(f, FORMAT_LABELS[f]) for f in FORMATS])
    file = forms.FileField(help_text="The official list file.")
    alt_file = forms.FileField(required=False, label="alt.csv", help_text="OFAC CSV only.")
    add_file = forms.FileField(required=False, label="add.csv", help_text="OFAC CSV only.")
    as_of = forms.DateField(
        required=False,
        label="List date",
        help_text="YYYY-MM-DD. Required for the legacy CSV, which carries no date.",
    )
    ofac_list = forms.ChoiceField(
        required=False,
        label="OFAC list",
        choices=[("", "from the file"), ("sdn", "SDN list"), ("consolidated", "Consolidated")],
    )
    include = forms.MultipleChoiceField(
        required=False,
        label="Also import",
        choices=[(kind, f"{kind} entries") for kind in ENTRY_TYPES],
        widget=forms.CheckboxSelectMultiple,
        help_text="Entities are always imported; these become organizations of kind 'other'.",
    )
    all_programs = forms.BooleanField(
        required=False,
        label="All programs",
        help_text="Take every program of the list. Unticked, only the terrorism programs "
        "(OFAC FTO, SDGT, SDT; the UN's ISIL/Al-Qaida and Taliban lists); the report counts "
        "what was left out.",
    )
    partial = forms.BooleanField(
        required=False, help_text="An extract (e.g. one program): revoke nothing it lacks."
    )
    force = forms.BooleanField(
        required=False,
        help_text="Import even with more than 20% fewer entities than the registry holds "
        "from this list (what is missing is revoked).",
    )

    def __init__(self, *args, too_large=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        cleaned = super().clean()
        limit = settings.REGISTRY_IMPORT_MAX_BYTES
        for name in self.too_large:
            self.errors.pop(name, None)  # "required" would hide why it is missing
            self.add_error(name, f"Larger than the {limit:,}-byte limit for an import.")
        if cleaned.get("format") == "ofac-sdn-csv" and not cleaned.get("as_of"):
            self.add_error("as_of", "The legacy CSV carries no date: give the list's date.")
        return cleaned


def store_upload(form: ImportForm, directory: Path) -> str:
    """Give the stored files the names the parser reads (sdn.csv with alt.csv and add.csv
    beside it); the list file's name."""
    data = form.cleaned_data
    files = directory / import_jobs.FILES
    if data["format"] == "ofac-sdn-csv":
        name = "sdn.csv"
        for field, companion in (("alt_file", "alt.csv"), ("add_file", "add.csv")):
            if data.get(field):
                data[field].path.rename(files / companion)
    else:
        name = get_valid_filename(Path(data["file"].name).name) or "list.xml"
    data["file"].path.rename(files / name)
    return name


class ImportPages:
    """The official-list import pages of the organization admin (composed in admin/__init__.py)."""

    def get_urls(self):
        upload = self.admin_site.admin_view(csrf_exempt(self.upload_view))
        job = self.admin_site.admin_view(self.job_view)
        return [
            path("import/", upload, name="registry_organization_import"),
            path("import/<str:job_id>/", job, name="registry_organization_import_job"),
            *super().get_urls(),
        ]

    def can_import(self, request: HttpRequest) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and (request.user.has_perms(REQUIRED_PERMISSIONS))
        )

    def changelist_view(self, request, extra_context=None):
        extra = {"can_import_lists": self.can_import(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def page(self, request: HttpRequest, **context) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import an official list",
            "max_bytes": settings.REGISTRY_IMPORT_MAX_BYTES,
            **context,
        }
        return TemplateResponse(request, "admin/registry/import_list.html", context)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """Exempt from the CSRF middleware only so that the upload handler is in place before
        anything reads the body; `upload` checks the token itself."""
        if not self.can_import(request):
            raise PermissionDenied
        if request.method != "POST":
            jobs = import_jobs.jobs_of(request.user.pk)
            return self.page(request, form=ImportForm(), jobs=jobs)
        directory = import_jobs.new_upload_directory()
        handler = SpoolUploadHandler(request, directory, settings.REGISTRY_IMPORT_MAX_BYTES)
        request.upload_handlers = [handler]
        try:
            return csrf_protect(self.upload)(request, directory, handler)
        finally:
            if not (directory / import_jobs.JOB_FILE).exists():
                import_jobs.discard_upload(directory)  # refused, or failed: keep nothing

    def upload(self, request, directory: Path, handler: SpoolUploadHandler) -> HttpResponse:
        from .. import tasks

        form = ImportForm(request.POST, request.FILES, too_large=handler.too_large)
        if not form.is_valid():
            return self.page(request, form=form)
        data = form.cleaned_data
        options = {
            "as_of": data["as_of"].isoformat() if data["as_of"] else None,
            "ofac_list": data["ofac_list"],
            "include": list(data["include"]),
            "partial": data["partial"],
            "force": data["force"],
            "all_programs": data["all_programs"],
        }
        job = import_jobs.job_create(
            directory=directory,
            user=request.user,
            format=data["format"],
            file_name=store_upload(form, directory),
            options=options,
        )
        tasks.import_dry_run.enqueue(job.id)
        return redirect("admin:registry_organization_import_job", job_id=job.id)

    def job_view(self, request: HttpRequest, job_id: str) -> HttpResponse:
        if not self.can_import(request):
            raise PermissionDenied
        try:
            job = import_jobs.job_load(job_id)
        except import_jobs.JobNotFound:
            job = None
        if job is None or job.user_id != request.user.pk:
            raise Http404("No such import (it may have been cleaned up): upload the file again.")
        if request.method == "POST" and "cancel" in request.POST:
            import_jobs.job_cancel(job)
            messages.info(request, "Import cancelled; the upload was deleted.")
            return redirect("admin:registry_organization_import")
        if request.method == "POST" and "apply" in request.POST:
            return self.confirm(request, job)
        waited = (timezone.now() - job.updated()).total_seconds()
        return self.page(
            request,
            job=job,
            refresh=REFRESH_SECONDS
            if job.state in {import_jobs.QUEUED, import_jobs.RUNNING}
            else None,
            slow_start=job.state == import_jobs.QUEUED and waited > SLOW_START_SECONDS,
        )

    def confirm(self, request: HttpRequest, job: import_jobs.ImportJob) -> HttpResponse:
        from .. import tasks

        try:
            import_jobs.job_confirm(job)
        except ValueError:
            messages.error(
                request, "That dry run cannot be applied any more; upload the file again."
            )
            return redirect("admin:registry_organization_import")
        tasks.import_apply.enqueue(job.id)
        return redirect("admin:registry_organization_import_job", job_id=job.id)
