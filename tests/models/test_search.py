"""Name search: case, accents, punctuation and script ignored; the indexes follow every write."""

import pytest

from registry.models import Alias, Organization
from registry.services.organizations import alias_add
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    return list(Organization.objects.search(text).values_list("name", flat=True))


@pytest.fixture
def cjng():
    organization = OrganizationFactory(name="Cártel de Jalisco Nueva Generación")
    alias_add(organization=organization, name="C.J.N.G.", kind="acronym", reason="test")
    alias_add(organization=organization, name="Картель Халиско", kind="translation", reason="t")
    return organization


@pytest.mark.parametrize(
    "text",
    ["cartel de jalisco", "CARTEL DE JALISCO NUEVA GENERACION", "cjng", "C-J-N-G", "Картель", "jn"],
)
def test_any_spelling_finds_the_organization(cjng, text):
    assert found(text) == [cjng.name]


def test_nothing_for_blank_or_unknown_text(cjng):
    assert found("   ") == []
    assert found("zzzz") == []


def test_the_search_follows_renames_and_deletes(cjng):
    alias = Alias.objects.get(name="C.J.N.G.")
    alias.name = "Los Mencho"
    alias.save()
    assert found("cjng") == []
    assert found("mencho") == [cjng.name]
    alias.delete()
    assert found("mencho") == []
    cjng.name = "Nuevo Nombre del Cartel"
    cjng.save()
    assert found("jalisco") == []
    assert found("nuevo nombre") == [cjng.name]
