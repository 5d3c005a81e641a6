"""The README's commands work as typed, in a fresh clone, after `make run`.

The repository's HEAD is cloned into a temporary directory; every line of README.md's ```sh
blocks is read and sorted by COMMANDS below: `make run` is started in the background (on a port
of this suite's own) and waited for, the safe commands are run in the clone in README order, and
the rest are skipped for the reason given. A README line that no rule matches fails the test, so
a new command is either run here or skipped with a reason. The environment is a user's: no
DJANGO_* variable (the management commands must find the secret key `make run` wrote), and
DATABASE_URL only when the suite runs on PostgreSQL (a throwaway database).

What is substituted in a README line before it runs is all in PLACEHOLDERS.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.servers import ROOT, free_port, is_postgres, throwaway_database

pytestmark = pytest.mark.live

# README text -> what runs in its place. {port} is the free port this test serves on.
PLACEHOLDERS = {
    # A slice of OFAC's list of 2022-05-20 (80 entities, fewer than the seeds' OFAC entries): as
    # for the UN slice below, --partial is how a user imports a slice.
    "path/to/sdn.csv": "tests/data/ofac_sdn_csv_pairs/sdn_2022-05-20.csv --partial",
    # A slice of the UN list (15 entries; the seeds hold 42 UN listings): imported whole it looks
    # cut and is refused, as it should be; --partial is how a user imports a slice.
    "path/to/consolidated.xml": (
        "tests/data/un_sc_consolidated_xml_2024-09-26/consolidated.xml --partial"
    ),
    "127.0.0.1:8000": "127.0.0.1:{port}",  # the curl examples' server
}

SUITE = "the test suite itself (this test is part of it)"


@dataclass(frozen=True)
class Rule:
    pattern: str  # a regular expression that matches the whole README line
    action: str  # "serve" (make run, in the background), "set" (a shell variable), "run", "skip"
    reason: str = ""


# In order: the first rule whose pattern matches a line decides.
COMMANDS = [
    Rule(r"make run\b.*", "serve"),
    Rule(r"make test\b.*", "skip", SUITE),
    Rule(r"DATABASE_URL=\S+ make test\b.*", "skip", SUITE),
    Rule(r"make install\b.*", "skip", "builds .venv/, which this suite runs from"),
    Rule(r"make browser-deps\b.*", "skip", "installs chromium with apt-get (root)"),
    Rule(r"\.venv/bin/pytest\b.*", "skip", SUITE),
    Rule(r"make (load|fuzz)\b.*", "skip", "minutes of load or fuzzing; their smoke runs are tests"),
    Rule(
        r"make eval-match\b.*",
        "skip",
        "minutes, and nomenklatura from PyPI into var/eval-venv; tests/screening/"
        "test_eval_harness.py tests the harness's registry side",
    ),
    Rule(r"API=\S+", "set"),
    Rule(r"curl .*", "run"),
    Rule(r"\.venv-serve/bin/python manage\.py import_list .*", "run"),
    Rule(r"\.venv-serve/bin/python manage\.py export_csv .*", "run"),
    Rule(r"\.venv-serve/bin/python manage\.py export_ftm .*", "run"),
    # the restore into a new SQLite file of the clone's var/, as the README types it
    Rule(r"DATABASE_URL=\S+ \.venv-serve/bin/python manage\.py (migrate|import_csv)\b.*", "run"),
    Rule(
        r"\.venv-serve/bin/python manage\.py import_csv .*",
        "skip",
        "restores only into an empty database; tests/importers/test_dump.py restores a dump",
    ),
]

# curl as the README types it, reporting the status and the body's size after the body.
CURL = (
    "curl() { command curl --silent --show-error "
    "--write-out '\\n@@ %{http_code} %{size_download}\\n' \"$@\"; }\n"
)


def readme_commands(readme: str) -> list[str]:
    """Every command line in the README's ```sh blocks (continuation lines joined)."""
    lines = []
    for block in re.findall(r"^```sh\n(.*?)^```", readme, flags=re.S | re.M):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                lines.append(line.strip())
    return lines


def rule_for(line: str) -> Rule | None:
    command = line.split("  #")[0].strip()  # the comment after a command is not part of it
    return next((rule for rule in COMMANDS if re.fullmatch(rule.pattern, command)), None)


def substitute(line: str, port: int) -> str:
    for text, replacement in PLACEHOLDERS.items():
        line = line.replace(text, replacement.format(port=port))
    return line


def user_environment(database_url: str | None) -> dict[str, str]:
    """A shell a user opens: no Django or test variable from this process."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "REGISTRY_"))
        and key not in {"DATABASE_URL", "VIRTUAL_ENV"}
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 900) -> None:
    """Until `url` answers 200 (the first `make run` installs .venv-serve/ first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make run exited ({process.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1)
    pytest.fail(f"make run did not serve {url} within {timeout}s:\n{log.read_text()[-4000:]}")


def test_every_readme_command_is_known():
    """Each ```sh line of the README is run or skipped by a rule of COMMANDS."""
    lines = readme_commands((ROOT / "README.md").read_text())
    assert any(line.startswith("curl") for line in lines)
    assert [line for line in lines if rule_for(line) is None] == []


def test_the_readme_commands_work_in_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    lines = readme_commands((clone / "README.md").read_text())
    port = free_port()
    base_url = os.environ.get("DATABASE_URL")
    with throwaway_database(tmp_path, base_url) as database_url:
        # On SQLite `make run` uses the clone's var/ as the README says; on PostgreSQL a
        # throwaway database stands in for the user's.
        env = user_environment(database_url if is_postgres(base_url) else None)
        ran, skipped = run_readme(lines, clone, env, port, tmp_path)
    assert any(line.startswith("make run") for line in ran)
    assert any(line.startswith("curl") for line in ran)
    assert any("--dry-run" in line for line in ran)
    assert any("export_csv" in line for line in ran)
    assert any("import_csv" in line for line in ran)
    assert all(reason for reason in skipped.values())


def run_readme(lines, clone: Path, env, port: int, tmp_path: Path):
    ran, skipped, variables = [], {}, ""
    log = tmp_path / "make-run.log"
    server = None
    try:
        for line in lines:
            rule = rule_for(line)
            command = substitute(line, port)
            if rule.action == "skip":
                skipped[line] = rule.reason
                continue
            if rule.action == "serve":
                with open(log, "w") as output:
                    server = subprocess.Popen(
                        ["bash", "-c", command],
                        cwd=clone,
                        env={**env, "PORT": str(port)},
                        stdout=output,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,  # make, its shell and gunicorn: one group to stop
                    )
                wait_for(f"http://127.0.0.1:{port}/admin/login/", server, log)
            elif rule.action == "set":
                variables += command + "\n"
            else:
                assert server is not None, f"{line}: the README runs it before `make run`"
                check(line, run_line(CURL + variables + command, clone, env), clone)
            ran.append(line)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)
    return ran, skipped


def run_line(script: str, clone: Path, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", script], cwd=clone, env=env, capture_output=True, text=True, timeout=300
    )


def check(line: str, result: subprocess.CompletedProcess, clone: Path) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{line}\n{output[-3000:]}"
    if line.startswith("curl"):
        reports = re.findall(r"^@@ (\d{3}) (\d+)$", result.stdout, flags=re.M)
        assert reports, f"{line}\n{output[-3000:]}"
        for status, size in reports:
            assert 200 <= int(status) < 300 and int(size) > 0, f"{line}: {status}, {size} bytes"
    if "--dry-run" in line:
        assert "DRY RUN (nothing was written)" in result.stdout, output[-3000:]
    if "export_csv" in line:
        target = line.split("export_csv")[1].split()[0]
        assert (clone / target / "manifest.json").exists(), output[-3000:]
