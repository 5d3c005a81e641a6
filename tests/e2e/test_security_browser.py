"""The pages work under the Content-Security-Policy, and password guessing is stopped, in a
real Chromium against a live server.

The `page` fixture (conftest.py) fails any test whose console reports a CSP violation; the first
test shows that it does notice one. Swagger UI at /api/docs/ lists the operations and runs one;
the login-record pages of the admin open; five wrong passwords lock the account, and the right
one is then refused with a page that says why.
"""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-test-password"


@pytest.fixture
def analyst(django_user_model):
    call_command("seed", verbosity=0)
    return django_user_model.objects.create_superuser("analyst", "", PASSWORD)


def submit_login(page: Page, base: str, password: str) -> None:
    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", password)
    page.click("input[type=submit]")


@pytest.mark.csp_violation_expected
def test_the_console_watch_catches_a_violation(live_server, page):
    """An inline script under the registry's policy is refused, and the fixture sees it."""
    probe = f"{live_server.url}/csp-probe/"
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    header = "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": header},
            body="<p>probe</p><script>document.title = 'ran'</script>",
        ),
    )
    page.goto(probe)
    expect(page.locator("p")).to_have_text("probe")
    assert page.title() != "ran"
    assert any("inline script" in violation for violation in page.csp_violations)


def test_swagger_ui_lists_the_operations_and_runs_one(live_server, page, analyst):
    page.goto(f"{live_server.url}/api/docs/")
    operation = page.locator(".opblock", has_text="/api/v1/programs/").first
    expect(operation).to_be_visible()
    expect(page.locator(".opblock", has_text="/api/v1/organizations/").first).to_be_visible()
    page.shots("swagger-ui")
    operation.locator(".opblock-summary").click()
    operation.locator("button.try-out__btn").click()
    operation.locator("button.execute").click()
    live = operation.locator(".live-responses-table")
    expect(live.locator("tbody .response-col_status").first).to_have_text("200")
    expect(live).to_contain_text("US-FTO")
    page.shots("swagger-ui-executed")


def test_a_superuser_reads_the_login_records_in_the_admin(live_server, page, analyst):
    submit_login(page, live_server.url, "a-wrong-guess")
    expect(page.locator(".errornote")).to_be_visible()
    submit_login(page, live_server.url, PASSWORD)
    expect(page.locator("#user-tools")).to_contain_text("analyst")
    page.goto(f"{live_server.url}/admin/axes/accessfailurelog/")
    expect(page.locator("#result_list")).to_contain_text("analyst")
    page.shots("access-failures")
    page.goto(f"{live_server.url}/admin/axes/accessattempt/")
    expect(page.locator("#result_list")).to_contain_text("analyst")
    page.shots("access-attempts")


def test_five_wrong_passwords_lock_the_account_the_right_one_is_then_refused(
    live_server, page, analyst
):
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        submit_login(page, live_server.url, f"wrong-guess-{attempt}")
        expect(page.locator(".errornote")).to_contain_text("correct username and password")
    submit_login(page, live_server.url, "wrong-guess-last")
    expect(page.locator("#lockout-message")).to_contain_text("too many failed logins")
    page.shots("locked-out")

    submit_login(page, live_server.url, PASSWORD)
    message = page.locator("#lockout-message")
    expect(message).to_contain_text("too many failed logins")
    expect(message).to_contain_text(re.compile(r"Try again in \d+ minutes"))
    page.shots("right-password-refused")
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))  # not signed in

    call_command("axes_reset", verbosity=0)  # what a superuser runs to unlock
    submit_login(page, live_server.url, PASSWORD)
    expect(page.locator("#user-tools")).to_contain_text("analyst")
    page.shots("unlocked")
