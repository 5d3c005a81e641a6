"""Name search: case, accents, punctuation and script ignored; the indexes follow every write."""

import pytest
from django.db import connection

from registry.models import Alias, Organization
from registry.normalize import LEADING_ARTICLES, consonant_key, key_after, search_key
from registry.selectors.search import RANKED, organizations_matching
from registry.services.organizations import alias_add
from registry.sql import ConsonantKey
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    return list(organizations_matching(text).order_by(*RANKED).values_list("name", flat=True))


@pytest.fixture
def cjng():
    organization = OrganizationFactory(name="Cártel de Jalisco Nueva Generación")
    alias_add(organization=organization, name="C.J.N.G.", kind="acronym", reason="test")
    alias_add(organization=organization, name="Картель Халиско", kind="translation", reason="t")
    return organization


@pytest.mark.parametrize(
    "text",
    [
        "cartel de jalisco",
        "CARTEL DE JALISCO NUEVA GENERACION",
        "cjng",
        "C-J-N-G",
        "Картель",
        "cj",
        "🇲🇽 CJNG",  # symbols are no words: the flag is not "mx", an emoji not its name
        "cartel de jalisco 🙂",
    ],
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


def word_starts(name: str) -> list[str]:
    """The name's words as the search reads them for a short text: hyphens, brackets and slashes
    are spaces, apostrophes nothing."""
    for old, new in (("-", " "), ("(", " "), ("/", " "), ("'", ""), ("\u2019", "")):
        name = name.replace(old, new)
    return name.lower().split()


def by_reading_every_key(key: str) -> list[str]:
    """The names holding `key` (one to three characters): a key of theirs starts with it (after
    a leading article, "Al-Qaida"), or one of their words does."""
    found = []
    for name in NAMES:
        names = [name, *ALIASES.get(name, [])]
        keys = [search_key(n) for n in names]
        starts = any(k.startswith((key, *(a + key for a in LEADING_ARTICLES))) for k in keys)
        words = any(w.startswith(key) for n in names for w in word_starts(n))
        if any(key in k for k in keys) and (starts or words):
            found.append(name)
    return sorted(found)


def fragments() -> list[str]:
    """Every key fragment of one to three characters in the names, and some in none."""
    keys = {search_key(n) for n in NAMES} | {search_key(a) for v in ALIASES.values() for a in v}
    found = {k[i : i + size] for k in keys for size in (1, 2, 3) for i in range(len(k) - size + 1)}
    return sorted(found | {"x", "zz", "9z", "qzq"})


def test_short_fragments_find_what_reading_every_key_finds(named):
    # One and two characters take other index paths than three (registry/selectors/search.py);
    # a short text in Latin letters is asked for at a word's start only.
    for fragment in fragments():
        assert sorted(found(fragment)) == by_reading_every_key(fragment), fragment


# --- ranking: exact, then prefix, then contains, then every word, then similar spelling ---------


@pytest.fixture
def ranked_names():
    """Names built so that one text ("eta") is an acronym of one, the start of another and
    inside a third; and names for the other tiers."""
    made = {}
    for name, aliases in {
        "Basque Fatherland and Liberty": ["ETA", "Euskadi Ta Askatasuna"],
        "Etaireia Group": [],
        "Armed Proletarian Justice": ["Proletariat Front"],  # "proletariat": contains "eta"
        "Cártel de Jalisco Nueva Generación": ["CJNG"],
        "Lashkar-e-Tayyiba": ["Lashkar e Taiba"],
        "Hizballah": [],
    }.items():
        made[name] = OrganizationFactory(name=name)
        for alias in aliases:
            alias_add(organization=made[name], name=alias, kind="strong", reason="test")
    return made


def ranks(text: str) -> list[tuple[str, float]]:
    found = organizations_matching(text).order_by(*RANKED)
    return [(name, float(rank)) for name, rank in found.values_list("name", "search_rank")]


def test_an_exact_alias_comes_before_a_prefix_and_a_contained_key(ranked_names):
    assert ranks("ETA") == [
        ("Basque Fatherland and Liberty", 0.25),  # an alias
        ("Etaireia Group", 1.0),
    ]  # not "proletarian", "lashkaretayyiba": a short text inside a word (below)
    # five letters or more are found inside a word too
    assert ranks("letar") == [("Armed Proletarian Justice", 2.0)]


def test_a_short_latin_text_is_found_at_a_word_start_only(ranked_names):
    knights = OrganizationFactory(name="La Nueva Familia Michoacana")
    alias_add(organization=knights, name="Knights Templar", kind="strong", reason="test")
    nusrah = OrganizationFactory(name="al-Nusrah Front")
    alias_add(organization=nusrah, name="HTS", kind="strong", reason="test")
    ira = OrganizationFactory(name="New Irish Republican Army")
    alias_add(organization=ira, name="Real IRA", kind="strong", reason="test")
    OrganizationFactory(name="Irish People's Liberation Organisation")
    # "hts" is a whole alias of one, a piece of "Knights" in the other
    assert ranks("hts") == [("al-Nusrah Front", 0.25)]
    # "PLO" only inside "IPLO"'s words: nothing, rather than a group that is not the PLO
    assert ranks("PLO") == []
    # a word of an alias ("Real IRA"), its start after a hyphen and an apostrophe ("al-Qa'ida")
    assert ranks("IRA") == [("New Irish Republican Army", 2.0)]
    jund = OrganizationFactory(name="Jund Group")
    alias_add(organization=jund, name="Jund al-Qa'ida", kind="strong", reason="test")
    assert ranks("qaid") == [("Jund Group", 2.0)]


def test_one_result_per_organization_with_its_best_name(ranked_names):
    # "eta" is in two names of Basque Fatherland and Liberty: it comes once, by its best one
    assert [name for name, _ in ranks("eta")].count("Basque Fatherland and Liberty") == 1


def test_a_name_that_starts_with_the_text_comes_before_one_that_contains_it(ranked_names):
    OrganizationFactory(name="Liberty Zebra Front")
    assert ranks("liberty") == [
        ("Liberty Zebra Front", 1.0),
        ("Basque Fatherland and Liberty", 1.75),  # a word of its name, not its start
    ]


def test_a_primary_name_that_starts_with_the_text_comes_before_an_alias_that_does(db):
    emirate = OrganizationFactory(name="Caucasus Emirate")
    alias_add(
        organization=emirate, name="Islamic Emirate of the Caucasus", kind="strong", reason="t"
    )
    OrganizationFactory(name="Islamic Movement of Uzbekistan")
    assert ranks("islamic") == [("Islamic Movement of Uzbekistan", 1), ("Caucasus Emirate", 1.5)]


def test_a_primary_name_equal_to_the_text_comes_before_an_alias_equal_to_it(db):
    qaida = OrganizationFactory(name="al-Qa'ida")
    alias_add(organization=qaida, name="The Base", kind="translation", reason="t")
    OrganizationFactory(name="The Base")
    assert ranks("the base") == [("The Base", 0), ("al-Qa'ida", 0.25)]


def test_a_names_leading_article_may_be_left_out(db):
    # "qaida" held by ISIS's alias "Jama'at al-Tawhid wa'al-Jihad ... al-Qaida" came first, by
    # name; "base" by its alias "The Organization Base of Jihad" before The Base
    isis = OrganizationFactory(name="ISIS")
    alias_add(organization=isis, name="The Organization Base of Jihad/Mesopotamia", reason="t")
    alias_add(organization=isis, name="Tanzim Qa'idat al-Jihad fi Bilad al-Rafidayn", reason="t")
    alias_add(organization=isis, name="Tanzeem Qa'idat al Jihad", reason="t")
    alias_add(organization=isis, name="al-Qaida Group of Jihad in Iraq", reason="t")
    qaida = OrganizationFactory(name="al-Qa'ida")
    alias_add(organization=qaida, name="The Base", kind="translation", reason="t")
    OrganizationFactory(name="The Base")
    OrganizationFactory(name="El Tren de Aragua")
    OrganizationFactory(name="Los Zetas")

    assert ranks("base") == [("The Base", 0), ("al-Qa'ida", 0.25), ("ISIS", 2)]
    assert ranks("qaida")[:2] == [("al-Qa'ida", 0), ("ISIS", 1.5)]
    assert ranks("qaida group of jihad") == [("ISIS", 1.5)]
    assert ranks("tren de aragua") == [("El Tren de Aragua", 0)]
    assert ranks("zeta")[0] == ("Los Zetas", 1)


def test_a_name_with_the_text_at_a_words_start_comes_before_one_holding_it_inside_a_word(db):
    dflp = OrganizationFactory(name="Democratic Front for the Liberation of Palestine")
    alias_add(organization=dflp, name="Hawatmeh Faction", reason="t")
    OrganizationFactory(name="Palestine Action")
    OrganizationFactory(name="Liberation Tigers of Tamil Eelam")
    eta = OrganizationFactory(name="Basque Fatherland and Liberty")
    alias_add(organization=eta, name="ETA militar", reason="t")

    assert ranks("action") == [("Palestine Action", 1.75), (dflp.name, 2)]
    assert ranks("tamil") == [("Liberation Tigers of Tamil Eelam", 1.75), (eta.name, 2)]
    assert ranks("tamil eelam")[0] == ("Liberation Tigers of Tamil Eelam", 1.75)


def test_the_texts_own_leading_article_need_not_be_in_the_name(db):
    # "the islamic state" found only the names holding it whole, another group's among them
    isis = OrganizationFactory(name="ISIS")
    alias_add(organization=isis, name="Islamic State", reason="t")
    somalia = OrganizationFactory(name="ISIS-Somalia")
    alias_add(organization=somalia, name="Wilayat of the Islamic State in Somalia", reason="t")
    assert ranks("the islamic state") == [("ISIS", 0.25), ("ISIS-Somalia", 2)]
    assert ranks("islamic state") == [("ISIS", 0.25), ("ISIS-Somalia", 2)]


def test_ties_go_by_name_in_any_case(db):
    # SQLite compares bytes: "ISIS" came before "al-Qa'ida" for "qaed"
    OrganizationFactory(name="Banner Example")
    OrganizationFactory(name="al-Example Brigade")
    assert ranks("xampl") == [("al-Example Brigade", 2), ("Banner Example", 2)]


def test_every_word_in_another_order_when_no_key_holds_the_text(ranked_names):
    assert ranks("jalisco cartel") == [("Cártel de Jalisco Nueva Generación", 2.5)]


def test_every_word_leaves_out_small_words_no_name_needs(ranked_names):
    # "of" is in no name of the cartel: a small word tells no name apart and is not asked for
    assert ranks("cartel of jalisco") == [("Cártel de Jalisco Nueva Generación", 2.5)]


def test_every_word_needs_each_word_held(ranked_names):
    assert ranks("jalisco nueva cartel") == [("Cártel de Jalisco Nueva Generación", 2.5)]
    assert ranks("jalisco liberty") == []  # each word is held, by different organizations


@pytest.mark.parametrize("carried", [500, 1])
def test_every_word_finds_the_same_when_its_ids_are_too_many_to_carry(
    ranked_names, monkeypatch, carried
):
    # Up to EVERY_WORD_IDS ids are read once and carried; past that the answer asks the index again
    monkeypatch.setattr("registry.selectors.search.EVERY_WORD_IDS", carried)
    OrganizationFactory(name="Nueva Jalisco Cartel Front")
    found = organizations_matching("jalisco nueva cartel")
    assert found.count() == 2
    # (carried, they are ranked closest first: `test_names_holding_every_word_come_closest_first`)
    assert sorted(o.name for o in found) == [
        "Cártel de Jalisco Nueva Generación",
        "Nueva Jalisco Cartel Front",
    ]


def test_every_word_is_one_set_of_ids(ranked_names, monkeypatch):
    # One id set for all the words: two `= ANY(ARRAY(...))` conditions made PostgreSQL test
    # each id of one array against the whole other (minutes for common words at 100,000 names).
    # (With no ids carried, the answer is the query that asks the index.)
    monkeypatch.setattr("registry.selectors.search.EVERY_WORD_IDS", 0)
    query = str(organizations_matching("jalisco nueva cartel").query)
    on_id = ('"registry_organization"."id" IN (', '"registry_organization"."id" = ANY(')
    assert sum(query.count(condition) for condition in on_id) == 1


def test_every_word_is_held_by_one_name(ranked_names):
    # "liberty" is in the primary name and "euskadi" in an alias: two names, not one holding both
    assert ranks("liberty fatherland") == [("Basque Fatherland and Liberty", 2.5)]
    assert [rank for _, rank in ranks("liberty euskadi")] != [2.5]
    # a bracketed part may be another of its names: "Daesh (ISIS)", "Liberty (Euskadi)"
    assert ranks("liberty (euskadi)") == [("Basque Fatherland and Liberty", 2.5)]
    assert ranks("fatherland [eta]") == [("Basque Fatherland and Liberty", 2.5)]


def test_names_spelled_as_the_bracketed_parts_come_before_one_holding_both_words(db):
    isis = OrganizationFactory(name="ISIS")
    alias_add(organization=isis, name="Daesh", kind="strong", reason="test")
    tunisia = OrganizationFactory(name="Jund al-Khilafah in Tunisia")
    for name in ("DAESH TUNISIA", "ISIS-TUNISIA"):
        alias_add(organization=tunisia, name=name, kind="strong", reason="test")
    # both hold "daesh" in one name and "isis" in another; ISIS has a name spelled as each part
    for text in ("Daesh (ISIS)", "ISIS [Daesh]"):
        assert [name for name, _ in ranks(text)] == ["ISIS", tunisia.name]


def test_a_text_listing_names_of_one_body_finds_it_first(db):
    isis = OrganizationFactory(name="ISIS")
    for name in ("ISIL", "Daesh"):
        alias_add(organization=isis, name=name, kind="strong", reason="test")
    OrganizationFactory(name="ISIS-K")
    hamas = OrganizationFactory(name="HAMAS")
    alias_add(organization=hamas, name="Islamic Resistance Movement", kind="strong", reason="test")
    for text in ("ISIL a.k.a. ISIS", "ISIS / ISIL / Daesh", "Daesh (aka ISIL)"):
        assert [name for name, _ in ranks(text)][:1] == ["ISIS"]
    assert [name for name, _ in ranks("Hamas; Islamic Resistance Movement")] == ["HAMAS"]


def test_names_holding_every_word_come_closest_first(db):
    gc = OrganizationFactory(name="PFLP-General Command")
    long = "Popular Front for the Liberation of Palestine-General Command"
    alias_add(organization=gc, name=long, kind="strong", reason="test")
    pflp = OrganizationFactory(name="Popular Front for the Liberation of Palestine")
    # both hold every word; the PFLP's name is the text but for "the", the other's two words more
    found = ranks("Popular Front for Liberation of Palestine")
    assert [name for name, _ in found] == [pflp.name, "PFLP-General Command"]
    assert 2.5 < found[0][1] < found[1][1] < 3  # after a held key, before similar spellings


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Lashkar e Toiba", "Lashkar-e-Tayyiba"), ("Hizbollah", "Hizballah")],
)
def test_similar_spelling_when_nothing_holds_the_text(ranked_names, typed, expected):
    (name, rank), *rest = ranks(typed)
    assert name == expected and 3 < rank < 4
    assert rest == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Abu Sayaf", "Abu Sayyaf Group"), ("Hizbul Mujahidin", "Hizbul Mujahideen")],
)
def test_a_part_of_a_name_written_with_a_slip_is_similar(db, typed, expected):
    # no key holds the text, no name holds every word, and the whole name is too long for the
    # text's spelling to be close: the text's words are each close to one of its words
    for name in ("Abu Sayyaf Group", "Hizbul Mujahideen", "Harakat al-Shabaab al-Mujahideen"):
        OrganizationFactory(name=name)
    (name, rank), *_ = ranks(typed)
    assert name == expected and 3 < rank < 4


def test_words_held_by_several_names_come_after_similar_spelling(db):
    # "afghan" in one name, "taliban" in another: found only when no name is spelled alike
    taliban = OrganizationFactory(name="Taliban")
    alias_add(
        organization=taliban, name="Islamic Emirate of Afghanistan", kind="strong", reason="t"
    )
    OrganizationFactory(name="Liberty Front")
    assert ranks("Emirate Taliban") == [("Taliban", 4.5)]
    assert ranks("liberty taliban") == []  # each word is held, by different organizations
    # the text's telling word (not the place) is a name: it is asked for alone, first
    assert ranks("Afghanistan Taliban") == [("Taliban", 0.0)]
    # a name holding every word comes alone
    OrganizationFactory(name="Taliban Front of Afghanistan")
    assert ranks("Afghanistan Taliban") == [("Taliban Front of Afghanistan", 2.5)]


def test_a_plural_finds_the_name_that_is_its_singular(db):
    OrganizationFactory(name="Haqqani Network")
    OrganizationFactory(name="HAMAS")
    OrganizationFactory(name="Jaish-e-Mohammed")  # "mohammed" holds "hamme", not "hamma"
    taliban = OrganizationFactory(name="Taliban")
    ttp = OrganizationFactory(name="Tehrik-e Taliban Pakistan")
    alias_add(organization=ttp, name="talibans pakistanais", kind="translation", reason="t")
    alias_add(organization=ttp, name="talibanes pakistaníes", kind="translation", reason="t")
    # the name that is the singular comes before one holding the plural as written, in English
    # and in Spanish ("-es" after l, n, r)
    for text in ("talibans", "Talibanes", "los talibanes"):
        assert ranks(text)[:2] == [(taliban.name, 0), (ttp.name, 1.5)], text
    # a singular that is no name is not asked for: a lone word is spelled like a word of the
    # name (3-4) before it is read as a plural (4.5)
    (name, rank), *_ = ranks("the Haqqanis")
    assert name == "Haqqani Network" and 3 < rank < 4
    # a misspelling is read as one, before its "s" is taken for a plural ("hamma" is in
    # "Mohammad", no name)
    OrganizationFactory(name="Harakat Mohammad")
    (name, rank), *_ = ranks("Hammas")
    assert name == "HAMAS" and 3 < rank < 4


def test_a_lone_word_misspelled_finds_the_name_holding_it(db):
    OrganizationFactory(name="Lashkar-e-Tayyiba")
    OrganizationFactory(name="Taliban")
    OrganizationFactory(name="Atomwaffen Division")
    OrganizationFactory(name="Abu Sayyaf Group")
    assert [name for name, _ in ranks("tayiba")][:1] == ["Lashkar-e-Tayyiba"]
    assert [name for name, _ in ranks("atomwafen")] == ["Atomwaffen Division"]
    assert [name for name, _ in ranks("sayyaff")] == ["Abu Sayyaf Group"]
    # a shorter word is alike too many words of other names to be read so
    assert ranks("tayba") == []


def test_numbers_written_in_words_find_the_name_in_digits(db):
    OrganizationFactory(name="Barrio 18")
    OrganizationFactory(name="Revolutionary Organization 17 November")
    OrganizationFactory(name="One Nation Party")
    assert ranks("Barrio Dieciocho") == [("Barrio 18", 0)]  # Spanish, as the gangs are named
    assert ranks("seventeen november") == [("Revolutionary Organization 17 November", 2)]
    # a text that is a number alone is read as written: "1" is held by too many names
    assert ranks("one") == [("One Nation Party", 1)]


def test_a_name_spelled_as_it_sounds_is_a_similar_spelling(db):
    OrganizationFactory(name="Haqqani Network")
    OrganizationFactory(name="Hakan Holding")
    OrganizationFactory(name="Hakimi Company")
    # "hakkani" is spelled 71 of 100 like "haqqani", and sounds as it; "hakan" less so
    assert ranks("hakkani")[0] == ("Haqqani Network", 4 - (100 - 5 - 3) / 100)
    assert [name for name, _ in ranks("hakkani")] == ["Haqqani Network", "Hakan Holding"]
    assert [name for name, _ in ranks("hakkani network")] == ["Haqqani Network"]


def test_plural_words_are_asked_for_as_their_singular(db):
    OrganizationFactory(name="Liberation Tiger of Tamil Eelam")
    assert ranks("tamil tigers") == [("Liberation Tiger of Tamil Eelam", 2.5)]


def test_words_that_only_say_what_or_where_a_body_is_are_left_out_last(db):
    OrganizationFactory(name="al-Shabaab")
    OrganizationFactory(name="Abu Nidal Organization")
    OrganizationFactory(name="Somali Football Federation")
    houthis = OrganizationFactory(name="Ansarallah")
    alias_add(organization=houthis, name="Houthis", kind="strong", reason="t")
    # what the press adds: members ("militants", "rebels"), a kind of body, a place
    assert ranks("Somali al-Shabaab militants") == [("al-Shabaab", 3.1)]  # a name it holds
    assert ranks("Houthi rebels") == [("Ansarallah", 1.5)]  # an alias starts with "houthi"
    assert ranks("Abu Nidal group") == [("Abu Nidal Organization", 1)]
    # a word no name holds, which tells names apart, still finds nothing
    assert ranks("Somali Shabaab Bakery") == []


def test_nothing_similar_is_nothing(ranked_names):
    assert ranks("Bank of Portugal") == []


def test_the_api_answers_best_match_first_unless_ordered(ranked_names, client):
    def names(**params):
        response = client.get("/api/v1/organizations/", {"brief": "true", **params})
        assert response.status_code == 200, response.content
        return [item["name"] for item in response.json()["results"]]

    assert names(q="eta") == ["Basque Fatherland and Liberty", "Etaireia Group"]
    assert names(q="eta", ordering="-name") == ["Etaireia Group", "Basque Fatherland and Liberty"]
    assert names(q="proleta") == ["Armed Proletarian Justice"]
    assert names(q="lashkar e toiba") == ["Lashkar-e-Tayyiba"]


def test_the_admin_search_box_answers_best_match_first(ranked_names, admin_client):
    response = admin_client.get("/admin/registry/organization/", {"q": "eta"})
    page = response.content.decode()
    positions = [page.index(name) for name in ("Basque Fatherland", "Etaireia")]
    assert positions == sorted(positions)
    assert "Armed Prolet" not in page  # "eta" inside "proletariat": a short text at a word's start


# --- names typed in Arabic or Hebrew script: their consonants -----------------------------------

LATIN_ONLY = {
    "Boko Haram": [],
    "Taliban": [],
    "Tehrik-e Taliban Pakistan": ["تحریک طالبان پاکستان"],
    "Jaish-e-Mohammed": [],
    "Al-Qaida": [],
    "Hizballah": ["Hezbollah"],
    "Kata'ib Hizballah": [],
    "Abdallah Azzam Brigades": [],
    "Ansar al-Islam": [],
    "Zeynabiyoun Brigade": ["Zeynabiyyun"],
}


@pytest.fixture
def latin_only(db):
    for name, aliases in LATIN_ONLY.items():
        organization = OrganizationFactory(name=name)
        for alias in aliases:
            alias_add(organization=organization, name=alias, kind="strong", reason="test")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("بوكو حرام", "Boko Haram"),  # "bwkw hrm" once transliterated: no Latin name holds it
        ("جيش محمد", "Jaish-e-Mohammed"),
        ("القاعدة", "Al-Qaida"),  # the feminine ending "h" that the romanization leaves out
        ("חיזבאללה", "Hizballah"),  # Hebrew
    ],
)
def test_a_name_in_arabic_or_hebrew_script_finds_its_latin_names_by_consonants(
    latin_only, typed, expected
):
    assert found(typed) == [expected]


@pytest.mark.parametrize(
    "typed, expected",
    [
        # the kind of body named first, as Arabic and Persian write it, then the name
        ("تنظيم القاعدة", ["Al-Qaida"]),  # "organization"
        ("جماعة أنصار الإسلام", ["Ansar al-Islam"]),  # "group"; "ansar" is part of the name
        ("لشکر زینبیون", ["Zeynabiyoun Brigade"]),  # Persian "army"
        # the name's consonants start with the text's: the Latin name adds "brigades"
        ("كتائب عبد الله عزام", ["Abdallah Azzam Brigades"]),
        # the whole text's consonants first, those read without its first word after
        ("كتائب حزب الله", ["Kata'ib Hizballah", "Hizballah"]),
    ],
)
def test_a_name_in_arabic_script_is_read_without_the_words_naming_its_kind_first(
    latin_only, typed, expected
):
    assert found(typed) == expected


def test_in_arabic_script_a_name_of_the_distinctive_words_beats_a_spelling_of_the_whole(db):
    # "حركة حماس" (the Hamas movement) is spelled like "حركة حسم" (the HASM movement) but for
    # two consonants in another order; without short vowels that is another word
    hamas = OrganizationFactory(name="HAMAS")
    alias_add(organization=hamas, name="حماس", kind="strong", reason="test")
    hasm = OrganizationFactory(name="Harakat Sawa'd Misr")
    alias_add(organization=hasm, name="حركة حسم", kind="strong", reason="test")
    assert found("حركة حماس") == ["HAMAS"]
    assert found("حركة حسم") == ["Harakat Sawa'd Misr"]


def test_the_same_consonants_rank_with_a_name_equal_to_the_text(latin_only):
    # TTP's Urdu name holds "طالبان"; the Taliban, with no Arabic name at all, is the name typed
    assert found("طالبان") == ["Taliban", "Tehrik-e Taliban Pakistan"]


def test_latin_text_is_not_read_by_its_consonants(latin_only):
    assert found("bkhrm") == []  # Boko Haram's consonant key, typed in Latin letters


def test_the_database_and_python_agree_on_every_consonant_key(db):
    names = [*LATIN_ONLY, "Phalange Libanaise", "Qods Force", "Aum Shinrikyo", "Ñandú 13", "ییی"]
    for name in names:
        OrganizationFactory(name=name)
    keys = Organization.objects.annotate(c=ConsonantKey("search_key")).values_list("name", "c")
    assert dict(keys) == {name: consonant_key(search_key(name)) for name in names}


def test_the_keys_starting_with_a_key_end_before_the_key_after_it():
    assert key_after("bdlhzm") == "bdlhzn"
    assert key_after("hzbz") == "hzc"  # "hzbz..." all come before "hzc"
    assert key_after("ms9") == "msa"  # digits come before letters
    assert key_after("zz") == ""  # nothing after: no upper bound


@pytest.mark.parametrize(
    "lookup", [{"c__in": ["hzblh"]}, {"c__gt": "bdlhzm", "c__lt": key_after("bdlhzm")}]
)
def test_the_consonant_key_is_read_from_its_index(db, lookup):
    # by equality, and by range for the keys starting with a reading
    query = Alias.objects.annotate(c=ConsonantKey("search_key")).filter(**lookup)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "alias_consonant_key" in plan
