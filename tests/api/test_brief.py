"""Lists in brief (`?brief=true`): the parameter, and what a brief item holds (that it says what the
full item says is tests/resources/test_specs.py's)."""

import pytest

from tests.api.conftest import get_json
from tests.factories import OrganizationFactory, designate

pytestmark = pytest.mark.django_db

DESIGNATIONS = "/api/v1/designations/"
ORGANIZATIONS = "/api/v1/organizations/"


@pytest.mark.parametrize("value", ["maybe", "", "yes", "2"])
def test_a_bad_brief_value_is_refused(api, value):
    body = get_json(api, DESIGNATIONS, {"brief": value}, status=400)
    assert list(body["errors"]) == ["brief"]


BRIEF_KEYS = {
    "id",
    "url",
    "organization",
    "program",
    "authority",
    "status",
    "in_force",
    "unknown_because",
}


@pytest.mark.parametrize(
    ("value", "brief"), [("false", False), ("0", False), ("TRUE", True), ("1", True)]
)
def test_brief_reads_booleans(api, value, brief):
    designate(OrganizationFactory())
    item = get_json(api, DESIGNATIONS, {"brief": value})["results"][0]
    assert (set(item) == BRIEF_KEYS | {"designated_on", "revoked_on"}) is brief
    assert ("events" in item) is not brief
