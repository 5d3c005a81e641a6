"""`manage.py ensure_admin` (run by `make run`) holds DJANGO_SUPERUSER_PASSWORD to the admin's
password rules: a weak one is refused with one line, and no account is created."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("weak", ["admin", "12345678", "password", "qwerty123"])
def test_a_weak_password_is_refused_with_one_line(weak, monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", weak)
    with pytest.raises(CommandError) as refused:
        call_command("ensure_admin")
    message = str(refused.value)
    assert message.startswith("DJANGO_SUPERUSER_PASSWORD is refused:")
    assert "\n" not in message
    assert not django_user_model.objects.exists()


def test_the_reasons_are_the_admin_forms_own(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "admin")
    with pytest.raises(CommandError) as refused:
        call_command("ensure_admin")
    assert "too short" in str(refused.value)
    assert "too common" in str(refused.value)


def test_a_strong_password_creates_the_admin(monkeypatch, capsys, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "correct-horse-battery-staple-42")
    call_command("ensure_admin")
    assert "with DJANGO_SUPERUSER_PASSWORD" in capsys.readouterr().out
    request = RequestFactory().post("/admin/login/")
    user = authenticate(request, username="admin", password="correct-horse-battery-staple-42")
    assert user is not None and user.is_superuser


def test_without_a_password_one_is_generated_and_shown_once(monkeypatch, capsys):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("ensure_admin")
    out = capsys.readouterr().out
    password = out.split("with password: ")[1].split()[0]
    request = RequestFactory().post("/admin/login/")
    assert authenticate(request, username="admin", password=password) is not None
    call_command("ensure_admin")
    assert "exists already" in capsys.readouterr().out
