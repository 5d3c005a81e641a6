"""Shared fixtures: the seeded registry and a logged-in analyst."""

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    """The registry as `make run` seeds it (rolled back after the test)."""
    call_command("seed", verbosity=0)


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("analyst", "", "a-long-test-password")
    client.force_login(user)
    return client
