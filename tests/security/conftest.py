"""Fixtures for the permission and deployment checks: one object of every kind, users of every
rank below staff, and a snapshot of every table's row count (a write that slipped through shows
up as a changed count: every registry save adds a history row, every admin save a log entry)."""

from collections.abc import Callable

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token

from registry.tasks import cleanup_imports
from tests.factories import CountryFactory, OrganizationFactory, SourceFactory, designate

PASSWORD = "a-long-test-password-for-permission-checks"
LOGIN = {
    "username": "token-owner",
    "ip_address": "192.0.2.1",
    "user_agent": "test",
    "http_accept": "*/*",
    "path_info": "/admin/login/",
}


def count_rows() -> dict[str, int]:
    """Rows in every table the project writes to (sessions excluded: logging in creates one)."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label != "sessions"
    }


@pytest.fixture
def row_counts() -> Callable[[], dict[str, int]]:
    return count_rows


@pytest.fixture
def one_of_each(db, django_user_model) -> dict[str, object]:
    """One saved object for every model the admin registers, keyed by its label."""
    designation = designate(OrganizationFactory(name="Cártel de los Soles"))
    owner = django_user_model.objects.create_user("token-owner", password=PASSWORD)
    objects = {
        "registry.Designation": designation,
        "registry.Organization": designation.organization,
        "registry.Program": designation.program,
        "registry.Authority": designation.program.authority,
        "registry.Country": CountryFactory(code="VE"),
        "registry.Source": SourceFactory(),
        "auth.User": owner,
        "auth.Group": Group.objects.create(name="analysts"),
        "authtoken.TokenProxy": Token.objects.create(user=owner),
        # What django-axes records of logins (a failure, the lockout counter, a success).
        "axes.AccessFailureLog": AccessFailureLog.objects.create(**LOGIN),
        "axes.AccessAttempt": AccessAttempt.objects.create(
            **LOGIN, get_data="", post_data="username=token-owner", failures_since_start=1
        ),
        "axes.AccessLog": AccessLog.objects.create(**LOGIN),
        # the task queue's admin (django-tasks-db): a queued task
        "django_tasks_database.DBTaskResult": cleanup_imports.enqueue().db_result,
    }
    return objects


@pytest.fixture
def nonstaff_user(django_user_model):
    """A registered, active user who is not staff (what any sign-up would give)."""
    return django_user_model.objects.create_user("reader", password=PASSWORD)


@pytest.fixture
def staff_without_permissions(django_user_model):
    """Staff may open the admin, but holds no model permission."""
    return django_user_model.objects.create_user("intern", password=PASSWORD, is_staff=True)
