"""Name search: case, accents, punctuation and script ignored; the indexes follow every write."""

import pytest

from registry.models import Alias, Organization
from registry.normalize import search_key
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


# Names whose keys hold short fragments at the start, inside, at the end, and as the whole key.
NAMES = ["ZS", "Zsa Group", "Bazs Front", "Ozsar", "Al-Qaida", "A.Q.", "Q", "Frente 13", "Ñandú"]
ALIASES = {"Ozsar": ["زاسا", "Az"], "Frente 13": ["F-13"], "Q": ["Кью"]}


@pytest.fixture
def named():
    for name in NAMES:
        organization = OrganizationFactory(name=name)
        for alias in ALIASES.get(name, []):
            alias_add(organization=organization, name=alias, kind="strong", reason="test")


def by_reading_every_key(key: str) -> list[str]:
    keys = {name: {search_key(name), *map(search_key, ALIASES.get(name, []))} for name in NAMES}
    return sorted(name for name, held in keys.items() if any(key in k for k in held))


def fragments() -> list[str]:
    """Every key fragment of one to three characters in the names, and some in none."""
    keys = {search_key(n) for n in NAMES} | {search_key(a) for v in ALIASES.values() for a in v}
    found = {k[i : i + size] for k in keys for size in (1, 2, 3) for i in range(len(k) - size + 1)}
    return sorted(found | {"x", "zz", "9z", "qzq"})


def test_short_fragments_find_what_reading_every_key_finds(named):
    # One and two characters take other index paths than three (registry/search.py).
    for fragment in fragments():
        assert sorted(found(fragment)) == by_reading_every_key(fragment), fragment
