"""Every registered admin page as staff, the anonymous redirect, and flat changelist queries."""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from registry.models import Alias, Designation, Organization
from registry.services.organizations import alias_add
from tests.factories import OrganizationFactory, ProgramFactory, designate

pytestmark = pytest.mark.django_db

REGISTRY_MODELS = [m for m in admin.site._registry if m._meta.app_label == "registry"]


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def sample():
    organization = OrganizationFactory(name="Cártel de Jalisco Nueva Generación")
    alias_add(organization=organization, name="CJNG", kind=Alias.Kind.ACRONYM, reason="test")
    return designate(organization, on=dt.date(2025, 2, 20))


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_add_and_change_pages_render_for_staff(staff_client, sample, model):
    assert staff_client.get(url(model, "changelist")).status_code == 200
    assert staff_client.get(url(model, "changelist"), {"q": "cartel"}).status_code == 200
    if admin.site._registry[model].has_add_permission(staff_client.request().wsgi_request):
        assert staff_client.get(url(model, "add")).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert staff_client.get(url(model, "change", obj.pk)).status_code == 200
        assert staff_client.get(url(model, "history", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", REGISTRY_MODELS, ids=lambda m: m._meta.model_name)
def test_anonymous_is_sent_to_login(client, model):
    response = client.get(url(model, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "term", ["cartel de jalisco", "CARTEL DE JALISCO NUEVA GENERACION", "cjng"]
)
def test_search_ignores_case_accents_and_punctuation(staff_client, sample, term):
    response = staff_client.get(url(Organization, "changelist"), {"q": term})
    assert list(response.context["cl"].result_list) == [sample.organization]


def test_organization_changelist_queries_do_not_grow(staff_client, django_assert_max_num_queries):
    program = ProgramFactory()

    def load(n):
        for _ in range(n):
            designate(OrganizationFactory(), program)

    load(5)
    with django_assert_max_num_queries(20) as small:
        staff_client.get(url(Organization, "changelist"))
    load(45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get(url(Organization, "changelist"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get(url(Designation, "changelist"))


def test_designations_and_events_cannot_be_deleted(staff_client, sample):
    response = staff_client.post(url(Designation, "delete", sample.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Designation.objects.filter(pk=sample.pk).exists()


def test_organization_with_designations_is_deleted_by_superusers_only(
    client, django_user_model, sample
):
    staff = django_user_model.objects.create_user("clerk", password="pw-long-enough", is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__endswith="organization"))
    client.force_login(staff)
    organization = sample.organization
    response = client.post(url(Organization, "delete", organization.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Organization.objects.filter(pk=organization.pk).exists()
