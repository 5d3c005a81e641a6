"""Admin: import an official list from an upload — upload, read the dry-run diff, confirm.

The page lives under the organization admin (/admin/registry/organization/import/, a button on the
organization list). Staff with the rights to add organizations and designations upload a file
and pick its format; the import runs as a dry run and shows its diff; "Apply" runs the same import
for real, as the signed-in user (history records who). Between the two steps the upload waits in a
private temporary directory whose path is kept in the server-side session, never in the form, and
the file's sha256 is checked again before anything is written. Cancelling deletes it.
"""

import datetime as dt
import secrets
import shutil
import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.text import get_valid_filename

from ..importers import ENTRY_TYPES, FORMATS, MAX_BYTES, ParseError, parse_file
from ..models import Organization
from .organizations import OrganizationAdmin

SESSION_KEY = "registry_import"
TEMP_PREFIX = "registry-import-"
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
    partial = forms.BooleanField(
        required=False, help_text="An extract (e.g. one program): revoke nothing it lacks."
    )
    force = forms.BooleanField(
        required=False,
        help_text="Import even with more than 20% fewer entities than the registry holds "
        "from this list (what is missing is revoked).",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("format") == "ofac-sdn-csv" and not cleaned.get("as_of"):
            self.add_error("as_of", "The legacy CSV carries no date: give the list's date.")
        for name in ("file", "alt_file", "add_file"):
            upload = cleaned.get(name)
            if upload and upload.size > MAX_BYTES:
                self.add_error(name, f"Larger than the {MAX_BYTES:,}-byte limit.")
        return cleaned


def save_upload(upload, target: Path) -> None:
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def stash_path(stash: dict) -> Path:
    """The stashed upload, only if it is one of ours (the session is server-side, but be sure)."""
    directory = Path(stash["dir"]).resolve()
    if directory.parent != Path(tempfile.gettempdir()).resolve() or not directory.name.startswith(
        TEMP_PREFIX
    ):
        raise PermissionDenied("not an import upload")
    return directory / stash["file"]


def discard(request: HttpRequest) -> None:
    stash = request.session.pop(SESSION_KEY, None)
    if stash:
        shutil.rmtree(stash_path(stash).parent, ignore_errors=True)


def import_service():
    """The import service, loaded on the first upload rather than in every web worker (with the
    parsers it brings pycountry and tqdm: megabytes a worker serving the API never uses)."""
    from ..services.imports import ImportAborted, import_list

    return ImportAborted, import_list


def parse_stash(stash: dict):
    return parse_file(
        stash["format"],
        stash_path(stash),
        ofac_list=stash["ofac_list"] or None,
        require_eof=not stash["force"],
        include=frozenset(stash["include"]),
    )


class OrganizationImportAdmin(OrganizationAdmin):
    """The organization admin, plus the official-list import page."""

    change_list_template = "admin/registry/organization/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="registry_organization_import"), *super().get_urls()]

    def can_import(self, request: HttpRequest) -> bool:
        return (
            request.user.is_active
            and request.user.is_staff
            and (request.user.has_perms(REQUIRED_PERMISSIONS))
        )

    def changelist_view(self, request, extra_context=None):
        extra = {"can_import_lists": self.can_import(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.can_import(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import an official list",
        }
        if request.method == "POST" and "cancel" in request.POST:
            discard(request)
            messages.info(request, "Import cancelled; the upload was deleted.")
            return redirect("admin:registry_organization_import")
        if request.method == "POST" and "apply" in request.POST:
            return self.apply(request, context)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            return self.preview(request, form, context)
        return TemplateResponse(
            request, "admin/registry/import_list.html", {**context, "form": form}
        )

    def preview(self, request: HttpRequest, form: ImportForm, context: dict) -> HttpResponse:
        discard(request)  # one pending upload per session
        data = form.cleaned_data
        directory = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        if data["format"] == "ofac-sdn-csv":
            name = "sdn.csv"  # alt.csv and add.csv are read from beside it
            for field, companion in (("alt_file", "alt.csv"), ("add_file", "add.csv")):
                if data.get(field):
                    save_upload(data[field], directory / companion)
        else:
            name = get_valid_filename(Path(data["file"].name).name) or "list.xml"
        save_upload(data["file"], directory / name)
        stash = {
            "token": secrets.token_urlsafe(16),
            "dir": str(directory),
            "file": name,
            "format": data["format"],
            "as_of": data["as_of"].isoformat() if data["as_of"] else None,
            "ofac_list": data["ofac_list"],
            "include": list(data["include"]),
            "partial": data["partial"],
            "force": data["force"],
        }
        ImportAborted, import_list = import_service()
        try:
            parsed = parse_stash(stash)
            report = import_list(parsed, dry_run=True, **self.options(stash))
        except (ParseError, ImportAborted) as exc:
            shutil.rmtree(directory, ignore_errors=True)
            form.add_error(None, str(exc))
            return TemplateResponse(
                request, "admin/registry/import_list.html", {**context, "form": form}
            )
        stash["sha256"] = parsed.sha256
        request.session[SESSION_KEY] = stash
        return TemplateResponse(
            request,
            "admin/registry/import_list.html",
            {**context, "report": report, "token": stash["token"], "stage": "preview"},
        )

    def apply(self, request: HttpRequest, context: dict) -> HttpResponse:
        stash = request.session.get(SESSION_KEY)
        if not stash or not secrets.compare_digest(stash["token"], request.POST.get("token", "")):
            messages.error(request, "That preview has expired; upload the file again.")
            return redirect("admin:registry_organization_import")
        ImportAborted, import_list = import_service()
        try:
            parsed = parse_stash(stash)
            if parsed.sha256 != stash["sha256"]:
                raise ImportAborted("the uploaded file changed since the preview")
            report = import_list(parsed, user=request.user, **self.options(stash))
        except (ParseError, ImportAborted) as exc:
            discard(request)
            messages.error(request, f"Nothing was imported: {exc}")
            return redirect("admin:registry_organization_import")
        discard(request)
        messages.success(request, f"Imported {report.file_name}: {report.counts_line()}.")
        return TemplateResponse(
            request,
            "admin/registry/import_list.html",
            {**context, "report": report, "stage": "done"},
        )

    @staticmethod
    def options(stash: dict) -> dict:
        return {
            "as_of": dt.date.fromisoformat(stash["as_of"]) if stash["as_of"] else None,
            "force": stash["force"],
            "partial": stash["partial"],
        }


admin.site.unregister(Organization)
admin.site.register(Organization, OrganizationImportAdmin)
