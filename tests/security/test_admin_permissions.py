"""Every admin URL, read and written, by everyone who is not an analyst.

The admin is the registry's only write path for people. Anonymous visitors and signed-in users who
are not staff must be sent to the login page (or refused) on every page the admin serves, for
every registered model, and a POST must change nothing. Staff without model permissions are
refused every model page. The URL list is built from the admin's own registry, so a model
registered later is covered without editing this file.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, URLResolver, reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")

# Plausible form data, so that a POST the admin wrongly accepted would really write something.
FORM_DATA = {
    "post": "yes",  # confirms a delete
    "name": "Written by an outsider",
    "code": "ZZ-OUTSIDER",
    "slug": "written-by-an-outsider",
    "key": "written-by-an-outsider",
    "title": "Written by an outsider",
    "username": "outsider",
    "password1": "an-outsider-password-1",
    "password2": "an-outsider-password-1",
    "old_password": "whatever",
    "new_password1": "an-outsider-password-1",
    "new_password2": "an-outsider-password-1",
}


def url_names(patterns) -> list[str]:
    """The names of every named URL in `patterns`, nested includes too."""
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names += url_names(pattern.url_patterns)
        elif pattern.name:
            names.append(pattern.name)
    return names


def arguments_needed(name: str) -> int:
    """How many URL arguments `name` takes (an object pk; a history row id after it)."""
    for count in range(3):
        try:
            reverse(name, args=["1"] * count)
        except NoReverseMatch:
            continue
        return count
    raise AssertionError(f"cannot build admin URL {name}")


def model_views() -> list[tuple[str, str, int]]:
    """(model label, url name, arguments) for every URL each registered ModelAdmin serves,
    its own extra views (history detail, password form, import pages) included."""
    return [
        (model._meta.label, f"admin:{name}", arguments_needed(f"admin:{name}"))
        for model, model_admin in admin.site._registry.items()
        for name in url_names(model_admin.urls)
    ]


MODEL_VIEWS = model_views()
APP_LABELS = sorted({model._meta.app_label for model in admin.site._registry})
SITE_VIEWS = [
    ("admin:index", []),
    *[("admin:app_list", [app]) for app in APP_LABELS],
    ("admin:autocomplete", []),
    ("admin:password_change", []),
    ("admin:password_change_done", []),
    ("admin:jsi18n", []),
    ("admin:view_on_site", "object"),
]
PUBLIC_VIEWS = {"admin:login", "admin:logout"}  # open to all by design


def model_url(objects, label: str, name: str, arguments: int) -> str:
    if arguments == 0:
        return reverse(name)
    obj = objects[label]
    pk = obj.user_id if label == "authtoken.TokenProxy" else obj.pk  # the proxy's pk is the user
    if arguments == 2:
        return reverse(name, args=[pk, obj.history.latest().history_id])
    return reverse(name, args=[pk])


def site_url(objects, name: str, args) -> str:
    if args == "object":
        organization = objects["registry.Organization"]
        content_type = ContentType.objects.get_for_model(organization)
        return reverse(name, args=[content_type.pk, organization.pk])
    return reverse(name, args=args)


def all_urls(objects) -> list[str]:
    urls = [model_url(objects, *view) for view in MODEL_VIEWS]
    return urls + [site_url(objects, *view) for view in SITE_VIEWS]


def test_every_admin_url_is_under_test():
    served = {f"admin:{name}" for name in url_names(admin.site.get_urls())}
    tested = {name for _, name, _ in MODEL_VIEWS} | {name for name, _ in SITE_VIEWS}
    assert served - tested - PUBLIC_VIEWS == set()


def test_the_url_list_covers_every_registered_model():
    labels = {label for label, _, _ in MODEL_VIEWS}
    assert labels == {model._meta.label for model in admin.site._registry}
    assert {"registry.Organization", "registry.Designation", "auth.User"} <= labels
    names = {name for _, name, _ in MODEL_VIEWS}
    for view in ("changelist", "add", "change", "history", "delete", "simple_history"):
        assert f"admin:registry_organization_{view}" in names


def assert_sent_to_login(response, url: str) -> None:
    assert response.status_code == 302, f"{url}: {response.status_code}"
    assert response["Location"].startswith(LOGIN), f"{url}: to {response['Location']}"


@pytest.mark.parametrize("view", MODEL_VIEWS, ids=lambda v: v[1].removeprefix("admin:"))
def test_anonymous_is_sent_to_login_and_writes_nothing(client, one_of_each, row_counts, view):
    url = model_url(one_of_each, *view)
    before = row_counts()
    assert_sent_to_login(client.get(url), url)
    assert_sent_to_login(client.post(url, FORM_DATA), url)
    assert row_counts() == before


@pytest.mark.parametrize("view", SITE_VIEWS, ids=lambda v: v[0].removeprefix("admin:"))
def test_anonymous_is_sent_to_login_on_site_pages(client, one_of_each, row_counts, view):
    url = site_url(one_of_each, *view)
    before = row_counts()
    assert_sent_to_login(client.get(url), url)
    assert_sent_to_login(client.post(url, FORM_DATA), url)
    assert row_counts() == before


def test_signed_in_non_staff_user_gets_no_admin_page(
    client, one_of_each, nonstaff_user, row_counts
):
    client.force_login(nonstaff_user)
    before = row_counts()
    for url in all_urls(one_of_each):
        for response in (client.get(url), client.post(url, FORM_DATA)):
            if response.status_code != 403:
                assert_sent_to_login(response, url)
    assert row_counts() == before


def test_staff_without_permissions_is_refused_every_model_page(
    client, one_of_each, staff_without_permissions, row_counts
):
    client.force_login(staff_without_permissions)
    before = row_counts()
    for view in MODEL_VIEWS:
        url = model_url(one_of_each, *view)
        assert client.get(url).status_code == 403, url
        assert client.post(url, FORM_DATA).status_code == 403, url
    # The index opens (they are staff) but lists nothing to open.
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert index.context["app_list"] == []
    assert row_counts() == before


def test_the_check_can_fail_a_superuser_does_get_in(client, one_of_each, django_user_model):
    """The same URLs open for a superuser, so the refusals above are about who asks."""
    boss = django_user_model.objects.create_superuser("boss", "", "a-long-test-password")
    client.force_login(boss)
    refused = {
        name
        for label, name, arguments in MODEL_VIEWS
        if client.get(model_url(one_of_each, label, name, arguments)).status_code != 200
    }
    # Designations end by revocation and countries are ISO data: nobody deletes them. Login
    # records are written by logins (django-axes), never added by hand; the task queue's admin
    # (django-tasks-db) only shows tasks; an import job's page takes a job's id, not an
    # organization's (404 here; tests/importers/test_admin_import.py opens real ones).
    assert refused == {
        "admin:registry_designation_delete",
        "admin:registry_country_delete",
        "admin:axes_accessattempt_add",
        "admin:axes_accessfailurelog_add",
        "admin:axes_accesslog_add",
        "admin:django_tasks_database_dbtaskresult_add",
        "admin:django_tasks_database_dbtaskresult_delete",
        "admin:registry_organization_import_job",
    }
