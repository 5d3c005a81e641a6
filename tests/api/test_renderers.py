"""The JSON renderer writes what DRF's own JSONRenderer writes, byte for byte, only faster."""

import datetime as dt
import decimal

import pytest
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st
from rest_framework import renderers as drf

from registry.api.renderers import JSONRenderer
from tests.factories import OrganizationFactory

# Every value a representation or an error can hold: text (any script, U+2028 and U+2029
# included), 64-bit integers, booleans, null, dates and times, nested in lists and objects. No
# floats: the registry has none, and orjson writes some exponents its own way (1.5e-7).
scalars = (
    st.text()
    | st.sampled_from(["\u2028", "a\u2029b", "é", "—", "\x00", "</script>"])
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.booleans()
    | st.none()
    | st.dates()
    | st.datetimes(timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=-5))]))
    | st.times()
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


@given(documents)
def test_the_bytes_are_drfs_for_any_document(document):
    assert JSONRenderer().render(document) == drf.JSONRenderer().render(document)


def test_lazy_text_tuples_and_none_are_written_as_drf_writes_them():
    document = {"message": gettext_lazy("This field is required."), "pair": (1, "x"), 3: None}
    assert JSONRenderer().render(document) == drf.JSONRenderer().render(document)
    assert JSONRenderer().render(None) == b""


def test_a_pretty_printed_answer_is_still_drfs():
    document = {"a": [1, {"b": dt.date(2025, 11, 24)}], "c": decimal.Decimal("1.50")}
    media_type = "application/json; indent=2"
    ours = JSONRenderer().render(document, media_type, {})
    assert ours == drf.JSONRenderer().render(document, media_type, {})
    assert ours.startswith(b'{\n  "a"')


@pytest.mark.django_db
def test_the_api_escapes_line_separators_in_a_name(api):
    organization = OrganizationFactory(name="Line\u2028Separator")
    response = api.get(f"/api/v1/organizations/{organization.pk}/")
    assert response.status_code == 200
    assert b"Line\\u2028Separator" in response.content
    assert "\u2028".encode() not in response.content
    assert response.json()["name"] == "Line\u2028Separator"
