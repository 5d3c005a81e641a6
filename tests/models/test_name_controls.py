"""A name holding a bidirectional override (U+202E shows its letters reversed, which can disguise
it) is refused with a field error, as an import refuses a file holding one."""

import pytest
from django.core.exceptions import ValidationError

from registry.models import Alias, Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Organization, Alias])
def test_a_name_with_a_bidi_override_is_a_field_error(model):
    name = "\u202eHAMAS"
    if model is Organization:
        instance = Organization(name=name, slug="reversed")
    else:
        instance = Alias(organization=OrganizationFactory(), name=name)
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    assert "U+202E" in raised.value.message_dict["name"][0]


def test_isolates_and_marks_around_arabic_are_kept():
    alias = Alias(organization=OrganizationFactory(), name="\u2067حماس\u2069")
    alias.full_clean()
