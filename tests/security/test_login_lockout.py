"""Password guessing on the admin login is throttled and recorded (django-axes).

After AXES_FAILURE_LIMIT (5) failed logins for one account, or from one client address, every
further attempt is refused with a 429 page that says why and for how long, even with the right
password. The failures are kept where a superuser sees them in the admin, and `axes_reset`
unlocks. The client address is read as the API throttle reads it: X-Forwarded-For counts only
behind trusted proxies (REGISTRY_TRUSTED_PROXIES).
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "the-right-long-password-42"


@pytest.fixture
def analyst(django_user_model):
    return django_user_model.objects.create_user("analyst", password=PASSWORD, is_staff=True)


def log_in(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def fail(client, times: int, username: str = "analyst", **extra) -> list[int]:
    return [log_in(client, username, "a-wrong-guess", **extra).status_code for _ in range(times)]


def assert_locked_out(response) -> None:
    assert response.status_code == 429
    page = response.content.decode()
    assert "too many failed logins" in page
    assert f"Try again in {settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in page
    assert "axes_reset" in page
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()


def test_the_limit_is_a_few_failures():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_the_right_password_logs_in_before_the_limit(client, analyst):
    assert fail(client, settings.AXES_FAILURE_LIMIT - 1) == [200] * 4  # the form, with its error
    assert log_in(client, "analyst", PASSWORD).status_code == 302
    assert signed_in(client)


def test_after_the_limit_even_the_right_password_is_refused(client, analyst):
    statuses = fail(client, settings.AXES_FAILURE_LIMIT)
    assert statuses == [200] * 4 + [429]
    response = log_in(client, "analyst", PASSWORD)
    assert_locked_out(response)
    assert not signed_in(client)


def test_one_account_is_locked_whatever_the_address(client, analyst):
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(client, 1, REMOTE_ADDR=f"198.51.100.{number + 1}")
    assert_locked_out(log_in(client, "analyst", PASSWORD, REMOTE_ADDR="203.0.113.9"))


def test_one_address_is_locked_whatever_the_account(client, analyst):
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(client, 1, username=f"guess-{number}")
    assert_locked_out(log_in(client, "analyst", PASSWORD))
    # The same account from another address, with no failures of its own, gets in.
    assert log_in(client, "analyst", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_failures_are_visible_to_superusers_in_the_admin(client, analyst, django_user_model):
    fail(client, 2)
    assert AccessFailureLog.objects.filter(username="analyst").count() == 2
    boss = django_user_model.objects.create_superuser("boss", "", "another-long-password-1")
    client.force_login(boss)
    for url in ("/admin/axes/accessattempt/", "/admin/axes/accessfailurelog/"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "analyst" in page.content.decode(), url
    client.force_login(analyst)  # staff, but no permission on the login records
    assert client.get("/admin/axes/accessattempt/").status_code == 403


def test_a_superuser_unlocks_with_axes_reset(client, analyst):
    fail(client, settings.AXES_FAILURE_LIMIT)
    assert_locked_out(log_in(client, "analyst", PASSWORD))
    call_command("axes_reset", verbosity=0)
    assert not AccessAttempt.objects.exists()
    assert log_in(client, "analyst", PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_forged_forwarded_for_does_not_escape_the_lockout(client, analyst):
    """No trusted proxy (the default): X-Forwarded-For is the client's own claim, ignored."""
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(client, 1, username=f"guess-{number}", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = log_in(client, "analyst", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert_locked_out(response)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


@override_settings(REGISTRY_TRUSTED_PROXIES=1)
def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(client, analyst):
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(client, 1, username=f"guess-{number}", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    # That client is locked out; another one behind the same proxy is not. What a client
    # writes into the header itself (the left part) changes nothing.
    locked = log_in(
        client, "analyst", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7", **proxy
    )
    assert_locked_out(locked)
    other = log_in(client, "analyst", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy)
    assert other.status_code == 302
