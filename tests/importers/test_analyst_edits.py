"""An analyst's edit of a list's alias stands when the list is imported again (docs/importers.md,
"Analysts' edits"): an alias deleted in the admin is not given back, one renamed is neither given
back under its old name nor marked no longer listed; each is reported for review."""

import datetime as dt

import pytest
from django.urls import reverse

from registry.models import Alias, Identifier

from .conftest import SDN_ALT_ADD, run_import

pytestmark = pytest.mark.django_db

APRIL_25 = dt.date(2021, 4, 25)


def hizballah():
    return Identifier.objects.get(scheme="ofac-ent-num", value="4697").organization


def as_posted(form) -> dict:
    """A form's fields as the browser would post them unchanged."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None and value is not False:  # 0 is a value (a form count)
            data[form.add_prefix(name)] = "on" if value is True else value
    return data


def edit_in_admin(client, organization, changes: dict[str, str | None]) -> None:
    """Post the organization's admin page as it shows, with its aliases renamed or deleted as
    `changes` says (alias name -> new name, or None to delete)."""
    url = reverse("admin:registry_organization_change", args=[organization.pk])
    page = client.get(url).context
    data = as_posted(page["adminform"].form)
    for inline in page["inline_admin_formsets"]:
        formset = inline.formset
        data |= as_posted(formset.management_form)
        for form in formset.forms:  # the empty extra rows too, as the page holds them
            data |= as_posted(form)
            name = form.initial.get("name")
            if formset.prefix == "aliases" and name in changes:
                if changes[name] is None:
                    data[form.add_prefix("DELETE")] = "on"
                else:
                    data[form.add_prefix("name")] = changes[name]
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        (f.prefix, f.errors)
        for i in response.context["inline_admin_formsets"]
        for f in i.formset.forms
        if f.errors
    ]


def test_an_alias_deleted_or_renamed_in_the_admin_stays_so_after_a_reimport(staff_client):
    run_import("ofac-sdn-csv", SDN_ALT_ADD, as_of=APRIL_25)
    organization = hizballah()
    changes = {"PARTY OF GOD": None, "ISLAMIC JIHAD ORGANIZATION": "Islamic Jihad Organisation"}
    edit_in_admin(staff_client, organization, changes)
    names = set(organization.aliases.values_list("name", flat=True))
    assert "PARTY OF GOD" not in names and "Islamic Jihad Organisation" in names

    report = run_import("ofac-sdn-csv", SDN_ALT_ADD, as_of=APRIL_25)

    after = set(organization.aliases.values_list("name", flat=True))
    assert after == names
    renamed = organization.aliases.get(name="Islamic Jihad Organisation")
    assert renamed.delisted_on is None
    review = "\n".join(report.review)
    assert '"PARTY OF GOD" deleted by analyst' in review
    assert '"ISLAMIC JIHAD ORGANIZATION" renamed "Islamic Jihad Organisation" by analyst' in review
    assert not report.has_changes


def test_an_alias_the_import_itself_changed_is_not_an_analysts_edit():
    run_import("ofac-sdn-csv", SDN_ALT_ADD, as_of=APRIL_25)
    alias = hizballah().aliases.get(name="PARTY OF GOD")
    alias._change_reason = "import ofac-sdn-csv sdn.csv 2021-04-25"
    alias.delete()
    run_import("ofac-sdn-csv", SDN_ALT_ADD, as_of=APRIL_25)
    assert Alias.objects.filter(name="PARTY OF GOD", organization=hizballah()).exists()
