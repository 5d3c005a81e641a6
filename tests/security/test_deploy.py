"""Production settings pass Django's deployment checklist, and refuse to start without a secret.

Each check runs `manage.py` in a fresh process with a clean environment (the test settings set
test-only defaults in this process's environment; production gets none of them).
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process: no DJANGO_* variable unless given here."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)  # the checks need no database; never touch the test one
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    # Not the checkout's var/secret_key, which `make run` may have written.
    env["DJANGO_SECRET_KEY_FILE"] = str(ROOT / "var" / "no-such-secret-key-file")
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def random_secret() -> str:
    return secrets.token_urlsafe(48)  # 64 characters


def test_deploy_checklist_passes_with_production_defaults():
    env = production_env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=random_secret())
    assert len(env["DJANGO_SECRET_KEY"]) == 64
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checklist_catches_relaxed_https_settings():
    """The same command fails when HTTPS protection is switched off, so it can fail at all."""
    env = production_env(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=random_secret(), DJANGO_SECURE_HTTPS="0"
    )
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr, result.stderr


def test_deploy_checklist_catches_a_weak_secret_key():
    env = production_env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="too-short")
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W009" in result.stderr


@pytest.mark.parametrize("debug", ["0", None], ids=["DJANGO_DEBUG=0", "DJANGO_DEBUG unset"])
def test_settings_refuse_to_start_without_a_secret_key(debug):
    env = production_env() if debug is None else production_env(DJANGO_DEBUG=debug)
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
    assert result.stderr.startswith("manage.py: ") and "Traceback" not in result.stderr


def test_the_key_make_run_generated_is_read_when_the_variable_is_unset(tmp_path):
    """Commands run after `make run` (README: import_list, export_csv...) sign with its key."""
    key_file = tmp_path / "secret_key"
    key_file.write_text(random_secret() + "\n")
    env = production_env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY_FILE=str(key_file))
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == key_file.read_text().strip()
    # The variable, when set, wins over the file.
    env["DJANGO_SECRET_KEY"] = "from-the-environment-" + random_secret()
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env=env,
    )
    assert result.stdout.strip() == env["DJANGO_SECRET_KEY"]


def test_an_empty_key_file_is_no_key(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("\n")
    result = manage("check", env=production_env(DJANGO_SECRET_KEY_FILE=str(key_file)))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr  # the reason alone, on one line


def test_debug_mode_alone_may_run_without_a_secret_key():
    """Local development (DJANGO_DEBUG=1) is the one case that needs no secret."""
    result = manage("check", env=production_env(DJANGO_DEBUG="1"))
    assert result.returncode == 0, result.stderr


def test_the_api_schema_validates_without_warnings_under_production_settings(tmp_path):
    env = production_env(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=random_secret())
    target = tmp_path / "schema.yaml"
    result = manage("spectacular", "--validate", "--fail-on-warn", "--file", str(target), env=env)
    assert result.returncode == 0, result.stderr
    assert "/api/v1/organizations/" in target.read_text()


def test_a_proxy_count_that_is_not_a_number_is_refused():
    env = production_env(DJANGO_SECRET_KEY=random_secret(), REGISTRY_TRUSTED_PROXIES="yes")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "REGISTRY_TRUSTED_PROXIES='yes'" in result.stderr
