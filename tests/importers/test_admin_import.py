"""The admin import page: upload, dry-run diff, confirm; staff only, CSRF-protected."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from registry.admin.imports import SESSION_KEY
from registry.models import Identifier, Organization

from .conftest import PAIRS, UN_XML

pytestmark = pytest.mark.django_db

URL = reverse("admin:registry_organization_import")


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def dry_run(client, path=PAIRS / "sdn_2021-11-23.csv", **fields):
    data = {"format": "ofac-sdn-csv", "as_of": "2021-11-23", "file": upload(path), **fields}
    return client.post(URL, data)


def test_the_organization_list_links_to_the_import(staff_client):
    page = staff_client.get(reverse("admin:registry_organization_changelist"))
    assert URL in page.content.decode()
    form = staff_client.get(URL)
    assert form.status_code == 200 and b"Dry run" in form.content


def test_upload_shows_the_diff_and_writes_nothing_until_applied(staff_client, table_census):
    before = table_census()
    preview = dry_run(staff_client)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Dry run: what the import would change" in text
    assert "99 organizations added" in text and "AUM SHINRIKYO [4691]" in text
    assert table_census() == before
    stash = staff_client.session[SESSION_KEY]
    stashed_file = Path(stash["dir"]) / stash["file"]
    assert stashed_file.exists()

    done = staff_client.post(URL, {"apply": "1", "token": stash["token"]})
    assert done.status_code == 200 and "Imported" in done.content.decode()
    aum = Identifier.objects.get(scheme="ofac-ent-num", value="4691").organization
    assert aum.history.get().history_user.username == "analyst"
    assert Organization.objects.count() == 99
    assert not stashed_file.exists() and SESSION_KEY not in staff_client.session


def test_an_xml_list_needs_no_date(staff_client):
    preview = staff_client.post(URL, {"format": "un-xml", "file": upload(UN_XML)})
    assert "EGYPTIAN ISLAMIC JIHAD [QDe.003]" in preview.content.decode()


def test_a_stale_or_forged_token_applies_nothing(staff_client, table_census):
    dry_run(staff_client)
    before = table_census()
    response = staff_client.post(URL, {"apply": "1", "token": "forged"}, follow=True)
    assert "That preview has expired" in response.content.decode()
    assert table_census() == before


def test_cancel_deletes_the_upload(staff_client):
    dry_run(staff_client)
    stash = staff_client.session[SESSION_KEY]
    staff_client.post(URL, {"cancel": "1"})
    assert not Path(stash["dir"]).exists() and SESSION_KEY not in staff_client.session


def test_a_csv_without_its_date_and_a_broken_file_are_form_errors(staff_client, table_census):
    before = table_census()
    no_date = dry_run(staff_client, as_of="")
    assert "The legacy CSV carries no date" in no_date.content.decode()
    broken = staff_client.post(
        URL,
        {
            "format": "un-xml",
            "file": SimpleUploadedFile("consolidated.xml", b"<CONSOLIDATED_LIST>"),
        },
    )
    assert "cut or malformed" in broken.content.decode()
    assert table_census() == before


def test_anonymous_and_non_staff_users_are_sent_to_the_login(client, django_user_model):
    assert client.get(URL).status_code == 302
    client.force_login(django_user_model.objects.create_user("reader", password="a-long-pass-1"))
    response = client.post(URL, {"format": "un-xml", "file": upload(UN_XML)})
    assert response.status_code == 302 and "/login/" in response.url
    assert not Organization.objects.exists()


def test_staff_without_the_add_rights_are_refused(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="x" * 20, is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_organization"))
    client.force_login(clerk)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"format": "un-xml", "file": upload(UN_XML)}).status_code == 403


def test_a_post_without_the_csrf_token_is_refused(django_user_model):
    user = django_user_model.objects.create_superuser("csrf", "", "a-long-test-password")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(URL, {"format": "un-xml", "file": upload(UN_XML)})
    assert response.status_code == 403
    assert not Organization.objects.exists()
