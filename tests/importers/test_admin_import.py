"""The admin import page: upload, the dry run in the worker, its diff, confirm; staff only,
CSRF-protected, the upload limited while it arrives and never left behind."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile, StopFutureHandlers
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from registry.admin.imports import SpoolUploadHandler
from registry.models import Identifier, Organization
from registry.services import import_jobs
from tests.worker import run_queued_tasks

from .conftest import PAIRS, UN_XML

pytestmark = pytest.mark.django_db

URL = reverse("admin:registry_organization_import")


@pytest.fixture(autouse=True)
def spool(settings, tmp_path):
    settings.REGISTRY_IMPORT_DIR = tmp_path / "imports"
    return settings.REGISTRY_IMPORT_DIR


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def dry_run(client, path=PAIRS / "sdn_2021-11-23.csv", **fields):
    data = {"format": "ofac-sdn-csv", "as_of": "2021-11-23", "file": upload(path), **fields}
    return client.post(URL, data)


def job_of(response) -> import_jobs.ImportJob:
    assert response.status_code == 302, response.content.decode()[:2000]
    return import_jobs.job_load(response.url.rstrip("/").rsplit("/", 1)[1])


def test_the_organization_list_links_to_the_import(staff_client):
    page = staff_client.get(reverse("admin:registry_organization_changelist"))
    assert URL in page.content.decode()
    form = staff_client.get(URL)
    assert form.status_code == 200 and b"Dry run" in form.content


def test_the_dry_run_runs_in_the_worker_and_nothing_is_written_until_applied(
    staff_client, table_census
):
    before = table_census()
    response = dry_run(staff_client)
    job = job_of(response)
    assert job.path.exists() and job.state == "queued"
    assert table_census() == before  # the request only stored the file and queued the task
    waiting = staff_client.get(response.url).content.decode()
    assert "dry run queued" in waiting and 'http-equiv="refresh"' in waiting

    assert run_queued_tasks() == 1
    preview = staff_client.get(response.url).content.decode()
    assert "Dry run: what the import would change" in preview
    assert "78 organizations added" in preview and "AUM SHINRIKYO [4691]" in preview
    assert "http-equiv" not in preview  # done: the page stops reloading
    assert table_census() == before

    confirm = staff_client.post(response.url, {"apply": "1"})
    assert confirm.status_code == 302 and Organization.objects.count() == 0
    assert run_queued_tasks() == 1
    done = staff_client.get(response.url).content.decode()
    assert "import applied" in done and "78 organizations added" in done
    aum = Identifier.objects.get(scheme="ofac-ent-num", value="4691").organization
    assert aum.history.get().history_user.username == "analyst"
    assert Organization.objects.count() == 78
    assert not job.path.exists()  # the upload is gone once imported
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    listed = staff_client.get(URL).content.decode()  # found again from the upload page
    assert f'href="{response.url}"' in listed and "import applied" in listed


def test_an_xml_list_needs_no_date(staff_client):
    response = staff_client.post(URL, {"format": "un-xml", "file": upload(UN_XML)})
    run_queued_tasks()
    assert "EGYPTIAN ISLAMIC JIHAD [QDe.003]" in staff_client.get(response.url).content.decode()


def test_only_a_previewed_job_of_ones_own_can_be_applied(
    staff_client, django_user_model, table_census
):
    response = dry_run(staff_client)
    early = staff_client.post(response.url, {"apply": "1"}, follow=True)  # not previewed yet
    assert "cannot be applied" in early.content.decode()
    run_queued_tasks()
    before = table_census()
    other = django_user_model.objects.create_superuser("other", "", "a-long-test-password")
    client = Client()
    client.force_login(other)
    assert client.get(response.url).status_code == 404
    assert client.post(response.url, {"apply": "1"}).status_code == 404
    assert staff_client.post(URL + "not-a-job/", {"apply": "1"}).status_code == 404
    assert run_queued_tasks() == 0 and table_census() == before


def test_cancel_deletes_the_upload(staff_client):
    job = job_of(dry_run(staff_client))
    run_queued_tasks()
    staff_client.post(
        reverse("admin:registry_organization_import_job", args=[job.id]), {"cancel": "1"}
    )
    assert not job.path.exists()
    assert import_jobs.job_load(job.id).state == "cancelled"


def test_a_csv_without_its_date_is_a_form_error_and_keeps_nothing(staff_client, spool):
    no_date = dry_run(staff_client, as_of="")
    assert no_date.status_code == 200
    assert "The legacy CSV carries no date" in no_date.content.decode()
    assert list(spool.iterdir()) == []  # the refused upload was not kept


def test_a_broken_file_fails_in_the_worker_and_says_why(staff_client, table_census):
    before = table_census()
    response = staff_client.post(
        URL,
        {
            "format": "un-xml",
            "file": SimpleUploadedFile("consolidated.xml", b"<CONSOLIDATED_LIST>"),
        },
    )
    job = job_of(response)
    run_queued_tasks()
    page = staff_client.get(response.url).content.decode()
    assert "dry run failed" in page and "cut or malformed" in page
    assert not job.path.exists()
    assert table_census() == before


def test_an_upload_past_the_limit_is_refused_as_it_arrives(staff_client, settings, spool):
    settings.REGISTRY_IMPORT_MAX_BYTES = 10_000
    big = SimpleUploadedFile("sdn.csv", b"x" * 200_000)
    response = staff_client.post(
        URL, {"format": "ofac-sdn-csv", "as_of": "2021-11-23", "file": big}
    )
    assert response.status_code == 200
    assert "Larger than the 10,000-byte limit for an import." in response.content.decode()
    assert list(spool.iterdir()) == [] and not DBTaskResult.objects.exists()


def test_the_upload_handler_stops_storing_past_the_limit(rf, tmp_path):
    handler = SpoolUploadHandler(rf.post("/"), tmp_path, limit=100)
    with pytest.raises(StopFutureHandlers):  # Django's handlers keep no copy of their own
        handler.new_file("file", "sdn.csv", "text/csv", None)
    assert handler.receive_data_chunk(b"a" * 60, 0) is None
    assert (tmp_path / "upload-file").exists()
    with pytest.raises(SkipFile):  # the rest of the upload is read and dropped
        handler.receive_data_chunk(b"a" * 60, 60)
    assert not (tmp_path / "upload-file").exists() and handler.too_large == ["file"]
    with pytest.raises(SkipFile):  # a field the form does not have is never stored
        handler.new_file("other", "x.csv", "text/csv", None)


def test_anonymous_and_non_staff_users_are_sent_to_the_login(client, django_user_model):
    assert client.get(URL).status_code == 302
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-pass-1"))
    response = client.post(URL, {"format": "un-xml", "file": upload(UN_XML)})
    assert response.status_code == 302 and "/login/" in response.url
    assert not DBTaskResult.objects.exists()


def test_staff_without_the_add_rights_are_refused(client, django_user_model, spool):
    clerk = django_user_model.objects.create_user("clerk", password="x" * 20, is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_organization"))
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"format": "un-xml", "file": upload(UN_XML)}).status_code == 403
    assert not DBTaskResult.objects.exists() and not spool.exists()


def test_a_post_without_the_csrf_token_is_refused(django_user_model, spool):
    user = django_user_model.objects.create_superuser("csrf", "", "a-long-test-password")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(URL, {"format": "un-xml", "file": upload(UN_XML)})
    assert response.status_code == 403
    assert not DBTaskResult.objects.exists() and list(spool.iterdir()) == []
