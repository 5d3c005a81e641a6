"""An analyst's session in the admin, in a real Chromium against a live server.

Log in; find Cártel de los Soles by typing its name without the accent; open it and its two
designations with their events; add an organization with an alias and a designation; try to
revoke a designation before it began and see the error next to the date, with nothing saved;
screen names pasted as a document writes them; log out. Every step leaves a screenshot in
test-artifacts/browser/.
"""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from registry.models import Designation, DesignationEvent, Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-browser-test-password"


@pytest.fixture
def analyst(django_user_model):
    call_command("seed", verbosity=0)  # live-server tests run on an emptied database
    return django_user_model.objects.create_superuser("analyst", "", PASSWORD)


def log_in(page: Page, base: str) -> None:
    """Through the login form, as a person does (not a forced session)."""
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.shots("login-form")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_contain_text("Designation registry")
    expect(page.locator("#user-tools")).to_contain_text("analyst")
    page.shots("logged-in")


def pick_autocomplete(page: Page, row, text: str, option: str) -> None:
    """Choose `option` in the admin's select2 autocomplete inside `row` by typing `text`."""
    row.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=option).first.click()


@pytest.fixture
def signed_in(live_server, page, analyst) -> Page:
    log_in(page, live_server.url)
    return page


def open_organization(page: Page, base: str, search: str, name: str, *, only: bool = True) -> str:
    """Search the organization changelist as a user types, open the first hit (the only one,
    unless `only` is False); its URL."""
    page.goto(f"{base}/admin/")
    page.click("a[href='/admin/registry/organization/']")
    page.locator("#searchbar").press_sequentially(search)
    page.press("#searchbar", "Enter")
    results = page.locator("#result_list tbody tr")
    if only:
        expect(results).to_have_count(1)
    expect(results.first).to_contain_text(name)
    page.shots("search-results")
    results.first.locator("th a").click()
    expect(page.locator("#id_name")).to_have_value(name)
    return page.url


def open_designation(page: Page, organization_url: str, program: str) -> str:
    page.goto(organization_url)
    row = page.locator("#designations-group tr", has_text=program)
    row.locator("td.original a").click()  # "View" (events are edited on the designation page)
    expect(page.locator(".field-program")).to_contain_text(program)
    return page.url


def test_an_analyst_finds_cartel_de_los_soles_reads_its_designations_and_logs_out(
    live_server, signed_in
):
    page, base = signed_in, live_server.url
    organization_url = open_organization(page, base, "cartel de los soles", "Cártel de los Soles")

    # Its page lists both designations, each with its date.
    designations = page.locator("#designations-group")
    expected = {"US-SDGT": "2025-07-25", "US-FTO": "2025-11-24"}
    for code, day in expected.items():
        expect(designations.locator("tr", has_text=code)).to_contain_text(day)
    expect(designations.locator("tr.has_original")).to_have_count(2)
    page.shots("organization-page")

    # Each designation's page shows its events.
    for code, day in expected.items():
        open_designation(page, organization_url, code)
        expect(page.locator(".field-designated")).to_contain_text(day)
        events = page.locator("#events-group")
        expect(events.locator("select[name$='-kind']").first).to_have_value("designated")
        expect(events.locator("input[name$='-effective_on']").first).to_have_value(day)
        page.shots(f"designation-{code}")

    page.locator("#logout-form button").click()
    expect(page.locator("#content")).to_contain_text("Logged out")
    page.shots("logged-out")
    page.goto(f"{base}/admin/registry/organization/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))


def test_an_analyst_adds_an_organization_with_an_alias_and_a_designation(live_server, signed_in):
    page = signed_in
    page.goto(f"{live_server.url}/admin/registry/organization/add/")
    page.locator("#id_name").press_sequentially("Frente Ejemplo de Prueba")
    expect(page.locator("#id_slug")).to_have_value("frente-ejemplo-de-prueba")  # prepopulated
    page.fill("#id_aliases-0-name", "FEP")
    page.select_option("#id_aliases-0-kind", "acronym")
    page.locator("#designations-group .add-row a").click()
    new_row = page.locator("#designations-group tr.dynamic-designations").first
    pick_autocomplete(page, new_row.locator(".field-program"), "US-FTO", "US-FTO")
    page.fill("#id_designations-0-effective_on", "2026-01-15")
    page.select_option("#id_designations-0-effective_precision", "day")
    page.fill("#id_designations-0-citation", "91 FR 1234")
    page.shots("add-organization-form")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("Frente Ejemplo de Prueba")
    page.shots("organization-added")

    added = Organization.objects.get(slug="frente-ejemplo-de-prueba")
    assert list(added.aliases.values_list("name", "kind")) == [("FEP", "acronym")]
    (designation,) = added.designations.select_related("program")
    assert designation.program.code == "US-FTO"
    assert designation.designated_on.isoformat() == "2026-01-15"
    assert list(designation.events.values_list("kind", "citation")) == [
        ("designated", "91 FR 1234")
    ]

    # The analyst finds it again by its alias, with its designation on its page: first, before
    # the names that only hold those letters ("Free Life Party": "...li-fe-p-arty").
    open_organization(page, live_server.url, "fep", "Frente Ejemplo de Prueba", only=False)
    expect(page.locator("#designations-group tr", has_text="US-FTO")).to_contain_text("2026-01-15")
    page.shots("organization-found-by-alias")


def test_a_revocation_dated_before_its_designation_is_refused_next_to_the_date(
    live_server, signed_in
):
    page = signed_in
    soles = Organization.objects.get(slug="cartel-de-los-soles")
    fto = Designation.objects.get(organization=soles, program__code="US-FTO")
    events_before = DesignationEvent.objects.count()
    history_before = fto.history.count()

    page.goto(f"{live_server.url}/admin/registry/designation/{fto.pk}/change/")
    page.locator("#events-group .add-row a").click()
    new_event = page.locator("#events-group .dynamic-events").last
    new_event.locator("select[name$='-kind']").select_option("revoked")
    new_event.locator("input[name$='-effective_on']").fill("2025-01-01")
    page.shots("revocation-before-designation")
    page.click("input[name=_save]")

    expect(page.locator(".errornote")).to_be_visible()
    refused = page.locator("#events-group .dynamic-events").last
    field_error = refused.locator(".field-effective_on .errorlist")
    expect(field_error).to_contain_text("cannot take effect before the designation")
    expect(field_error).to_contain_text("2025-11-24")
    expect(refused.locator("input[name$='-effective_on']")).to_have_value("2025-01-01")
    page.shots("revocation-refused")

    fto.refresh_from_db()
    assert fto.revoked_on is None
    assert DesignationEvent.objects.count() == events_before
    assert fto.history.count() == history_before


def test_an_analyst_screens_names_as_a_document_writes_them(live_server, signed_in):
    page, base = signed_in, live_server.url
    page.goto(f"{base}/admin/registry/organization/")
    page.click("text=Screen names")
    expect(page.locator("h1")).to_contain_text("Screen names")

    # A bad country is named next to its field, and the names typed are kept.
    page.locator("#id_names").fill("Hezbolla\nCartel Jalisco Nueva Generacion\nAcme Widgets Ltd")
    page.fill("#id_country", "XX")
    page.click("input[name=screen]")
    expect(page.locator(".field-country .errorlist")).to_contain_text("ISO 3166-1")
    expect(page.locator("#id_names")).to_have_value(
        "Hezbolla\nCartel Jalisco Nueva Generacion\nAcme Widgets Ltd"
    )
    page.shots("screen-names-error")

    page.fill("#id_country", "")
    page.click("input[name=screen]")
    results = page.locator(".screen-result")
    expect(results).to_have_count(3)
    hezbolla = results.nth(0)
    expect(hezbolla.locator("tbody tr").first).to_contain_text("Hizballah")
    expect(hezbolla.locator("tbody tr").first.locator(".match")).to_have_text("match")
    expect(hezbolla).to_contain_text("sound alike")
    expect(results.nth(1).locator("tbody tr").first).to_contain_text("Jalisco Nueva Generación")
    expect(results.nth(2)).to_contain_text("No designated organization scored")
    expect(page.locator("#screen-meta .receipt")).not_to_be_empty()
    page.shots("screen-names-results")

    # A candidate links to its organization's page.
    hezbolla.locator("tbody tr").first.locator("a").click()
    expect(page.locator("#id_name")).to_have_value("Hizballah")
