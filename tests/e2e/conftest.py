"""Fixtures for tests that meet the registry as its users do: a real Chromium on the admin, and
servers started on 127.0.0.1 from a throwaway database for the fuzzer and the load test.

The browser is Debian's chromium (`make browser-deps` installs it); Playwright's own browser
download is never used. Screenshots go to test-artifacts/ (git-ignored).
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.load import BUSY_CLIENT
from tests.e2e.servers import RegistryServer, free_port, throwaway_database

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop open in this thread (it runs on greenlets, so
    # the test's ORM calls stay synchronous); Django would refuse them without this switch.
    # It is set for the browser tests only and restored after them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Screenshots:
    """Numbered screenshots of one test's steps, in test-artifacts/<test name>/."""

    def __init__(self, page, directory: Path) -> None:
        self.page = page
        self.directory = directory
        self.count = 0

    def __call__(self, step: str) -> Path:
        self.count += 1
        path = self.directory / f"{self.count:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


def is_csp_violation(message) -> bool:
    """A console message in which Chromium reports a blocked script, style, image or request."""
    return message.type == "error" and "Content Security Policy" in message.text


@pytest.fixture
def page(browser, request):
    """A fresh page. Every page it opens must run under the Content-Security-Policy: a
    violation reported in the console fails the test (`page.csp_violations` lists them)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(f"{page.url}: {message.text}")
            if is_csp_violation(message)
            else None
        ),
    )
    directory = ARTIFACTS / "browser" / request.node.name
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    page.shots = Screenshots(page, directory)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and (report.failed or hasattr(report, "wasxfail")):
        page.shots("failed")  # the state the test stopped in
    context.close()
    if not request.node.get_closest_marker("csp_violation_expected"):
        assert page.csp_violations == [], "Content-Security-Policy violations in the console"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, on 127.0.0.1 and a port of this suite's own."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(f"127.0.0.1:{free_port()}")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def registry_server(tmp_path_factory) -> Iterator[RegistryServer]:
    """gunicorn with production settings on a seeded throwaway database (SQLite, or PostgreSQL
    when DATABASE_URL names one), on a port of its own."""
    workdir = tmp_path_factory.mktemp("server")
    with throwaway_database(workdir) as database_url:
        server = RegistryServer(database_url, workdir=workdir, extra_env=BUSY_CLIENT)
        server.prepare()
        with server.running():
            yield server
