"""The name search: which organizations a text finds, best match first.

Every name of an organization (its primary name and each alias) is stored beside its search key
(`registry.normalize.search_key`: lower-case ASCII letters and digits, other scripts
transliterated). A text finds an organization when the text's key is held in one of its keys, and
the organization's **rank** is that of its best name:

    0    its primary name's key equals the text's
    0.25 an alias's key equals it ("ETA" finds Basque Fatherland and Liberty by its acronym)
    1    its primary name's key starts with it
    1.5  an alias's key starts with it
         (a name's leading article may be left out: "base" equals The Base, "qaida" al-Qa'ida;
         and the plural of the text's last word when the singular is a name: "talibans" equals
         the Taliban; `other_keys`)
    1.75 its primary name has the text's words at the start of a word ("action": National Action)
    2    a key contains it; a text of four letters or fewer in Latin letters only at the start
         of a word of the name ("hts" is HTS, not the "Knights Templar"; `short_text`)
    2.5  when no key holds the text: one of its names holds each of the text's words, in any
         order, but small ones ("of", "the", "al": nearly every name holds them; `word_keys`)
         ("jalisco cartel" and "cartel of jalisco" find Cártel de Jalisco Nueva Generación;
         "hizbul mujahidin" does not find al-Shabaab, whose names hold "hizbul" and "mujahidin"
         in two different names); the words of a bracketed part may be in another name of it
         ("Daesh (ISIS)": one name holds "daesh", another "isis"; `word_groups`); a plural word
         is asked for as its singular ("Tamil Tigers": "tamil", "tiger"); up to 0.4 more the
         less its closest name is like the whole text, when 50 organizations or fewer are found
         (`closest_first`)
    3-4  when neither: a name of similar spelling ("Lashkar e Toiba", "Hizbollah", "Abu Sayaf");
         the trigram index proposes candidates, rapidfuzz scores each (on the keys, on the words
         in any order, on each of the text's words against the name's, and a lone word of six
         letters or more against each word of the name: "tayiba"; `spelled_like`), or on how
         they sound, a little less (the consonant-key index proposes names spelled with other
         letters for the sounds: "hakkani"; `sounding_names`), and a score of at
         least 80 of 100 keeps it; the rank is 4 minus the score / 100. A name that is some of
         the text's words, two at least, as they run ("Lashkar e Taiba Pakistan", "Carteles
         Unidos de Michoacan": `names_within`), counts as a spelling 90 alike
    4.5  when none of these: each of the text's words held by one of its names, the names
         together ("liberty euskadi": Basque Fatherland and Liberty and its alias Euskadi Ta
         Askatasuna), or a lone word as its singular ("the Haqqanis": Haqqani Network)
    then when none of these either: the search for the text's telling words alone (its names
         holding them, not spelled alike: the whole text's spellings were asked), ranked as it
         ranks them: its distinctive words, since the text's other words only say what kind of
         body it is, who its members are or where it is ("Somali al-Shabaab militants", "Houthi
         rebels", "Abu Nidal group"), or, in a text with none but with a place that is no
         country, its words but those naming a country ("Gulf cartel Mexico": gulf cartel;
         `telling_words`, registry/words.py).
         When the telling words are a name, they are searched before similar spellings: "Hamas
         movement" is HAMAS, not the "HASM MOVEMENT"
    and last, a text with an English possessive is searched without it ("the Taliban's Haqqani
         network")

A text in Arabic or Hebrew script, which leave out short vowels, also finds the names with its
consonant key (registry/normalize.py: "حزب الله" and "Hizballah" are both "hzblh";
`consonant_names`, from an index over the key's expression on both databases, registry/sql.py's
ConsonantKey): rank 0 beside the names that hold the text, and with the similar spellings (score
100) when none does.

Results are ordered by rank, then name in any case, then id (`RANKED`), one per organization.
The API's `q`, the admin's search box and name screening all read `organizations_matching`
(screening also asks `similar_names` for spellings further away, `screening_candidates`); nothing
else searches names.

Each database answers "which keys hold this key" from an index (`held_ids`):
- PostgreSQL: pg_trgm GIN indexes over both `search_key` columns (migration 0002), which serve
  `LIKE '%key%'` and regular expressions;
- SQLite: FTS5 trigram tables over both columns (migration 0003), queried with MATCH.
Trigrams need three characters. A two-character key (`zs`, from the Arabic "زاسا") is in a longer
key always the start or the end of one of its trigrams (`zs?` or `?zs`, 72 at most), and a key of
two characters is found by equality. A single character is in most names: it reads the keys.
"""

import datetime as dt
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property

from django.db import connections, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import Case, Exists, F, FloatField, Lookup, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Concat, Least, Replace
from django.db.models.lookups import IContains
from rapidfuzz import fuzz

from ..models import Alias, Organization
from ..normalize import (
    LEADING_ARTICLES,
    SMALL_WORDS,
    consonant_key,
    feminine_ending,
    folded_words,
    key_after,
    name_parts,
    search_key,
    short_text,
    sounded,
    without_possessive,
    without_vowels,
)
from ..querysets import carried_q
from ..sql import ConsonantKey, by_name
from ..words import PLACE_COUNTRY, as_digits, consonant_readings, word_kind

KEY_CHARACTERS = string.ascii_lowercase + string.digits
KEY_CHARACTER_CLASS = "[a-z0-9]"  # the same characters, in a regular expression
TRIGRAM = 3
# Ties by name in any case: SQLite compares bytes, where "ISIS" comes before "al-Qa'ida".
RANKED = ("search_rank", by_name(), "id")

# Similar spelling: how many names the trigram index proposes, how close one must be (0-100),
# and how many organizations the answer keeps at most.
SIMILAR_CANDIDATES = 200
SIMILAR_THRESHOLD = 80
SIMILAR_MAX = 50
# PostgreSQL: the share of trigrams a name must share with the text for the index to propose it.
TRIGRAM_FLOOR = 0.15
# SQLite: how many of the text's trigrams (the rarest) the index is asked for.
RAREST_TRIGRAMS = 6
# PostgreSQL: the floors of the first, closer passes, and how many names a pass must propose to be
# enough. A long name shares a third of its trigrams with thousands ("... for the liberation
# of ..."), each checked in the table: a pass at half proposes tens (docs/benchmarks.md).
CLOSE_FLOORS = (0.5, 0.3)
ENOUGH_CLOSE = 20


def neighbouring_trigrams(key: str) -> list[str]:
    """The trigrams that start or end with `key` (two characters): one of them holds each
    place `key` appears in a longer search key."""
    return sorted({key + c for c in KEY_CHARACTERS} | {c + key for c in KEY_CHARACTERS})


@dataclass(frozen=True)
class Names:
    """The names a search reads: those of one database, every name a list ever gave an
    organization or, with a day, only the names it had that day (`carried_q`,
    registry/querysets.py: "TRF" finds Lashkar-e-Tayyiba only from the day it was added)."""

    using: str = "default"
    day: dt.date | None = None

    @property
    def vendor(self) -> str:
        return connections[self.using].vendor

    def aliases(self) -> QuerySet:
        aliases = Alias.objects.using(self.using)
        return aliases if self.day is None else aliases.filter(carried_q(self.day))

    @cached_property
    def alias_table(self) -> str:
        """The aliases as an SQL FROM item: the table, or the rule's query compiled, unordered
        (its only parameters are dates, written as literals so that the SQL around it keeps its
        own)."""
        if self.day is None:
            return "registry_alias"
        rows = self.aliases().order_by().values("id", "organization_id", "name", "search_key")
        sql, params = rows.query.get_compiler(self.using).as_sql()
        days = (dt.date.fromisoformat(str(day)).isoformat() for day in params)  # dates only
        return "(" + sql % tuple(f"'{day}'" for day in days) + ")"


def name_rows(names: Names) -> list[tuple[QuerySet, str]]:
    """The two tables of names, each with the field naming the organization a row names."""
    return [
        (Organization.objects.using(names.using), "pk"),
        (names.aliases(), "organization_id"),
    ]


# --- which keys hold the key: one index plan per database --------------------------------------


# Each plan is a few selects of organization ids, one per index; `held_ids` unites them and
# `any_held` asks whether any of them finds a row (EXISTS stops at the first one).
# Keys are letters and digits only, so a quoted trigram or key is a plain FTS5 phrase.
def sqlite_fts(names: Names) -> list[str]:
    return [
        "SELECT rowid FROM registry_organization_fts WHERE registry_organization_fts MATCH %s",
        f"SELECT a.organization_id FROM {names.alias_table} AS a WHERE a.id IN"
        " (SELECT rowid FROM registry_alias_fts WHERE registry_alias_fts MATCH %s)",
    ]


def name_selects(names: Names) -> list[str]:
    return [
        "SELECT id FROM registry_organization",
        f"SELECT organization_id FROM {names.alias_table} AS registry_alias",
    ]


def sqlite_match(key: str) -> str:
    """The FTS5 query for a key of two characters or more: the key itself as a phrase, or
    the trigrams that hold a two-character key."""
    if len(key) >= TRIGRAM:
        return f'"{key}"'
    return " OR ".join(f'"{trigram}"' for trigram in neighbouring_trigrams(key))


def held_selects(keys: list[str], names: Names) -> list[tuple[str, list[str]]]:
    """(sql, params) of each select of the ids of organizations with a name holding every key of
    `keys` (not empty; a key of one character only alone)."""
    vendor = names.vendor
    equal = [f"{select} WHERE search_key = %s" for select in name_selects(names)]
    if vendor == "sqlite" and min(map(len, keys)) >= TRIGRAM - 1:
        match = " AND ".join(f"({sqlite_match(key)})" for key in keys)
        selects = [(sql, [match]) for sql in sqlite_fts(names)]
        if len(keys) == 1 and len(keys[0]) < TRIGRAM:
            selects += [(sql, keys) for sql in equal]
        return selects
    conditions, params = [], []
    for key in keys:
        if vendor == "postgresql" and len(key) == TRIGRAM - 1:
            conditions.append("search_key ~ %s")
            params.append(f"({key}{KEY_CHARACTER_CLASS}|{KEY_CHARACTER_CLASS}{key})")
        else:  # a key is [a-z0-9]*: nothing in it needs escaping in a LIKE pattern
            conditions.append("search_key LIKE %s")
            params.append(f"%{key}%")
    where = " AND ".join(conditions)
    selects = [(f"{select} WHERE {where}", params) for select in name_selects(names)]
    if vendor == "postgresql" and len(keys) == 1 and len(keys[0]) == TRIGRAM - 1:
        selects += [(sql, keys) for sql in equal]
    return selects


def held_ids(groups: list[list[str]], names: Names) -> RawSQL:
    """The ids of the organizations with, for each group of keys, a name whose search key holds
    every key of the group (one name a group; for several groups, the intersection of each one's
    ids, each set wrapped in a sub-select, as SQLite nests no parenthesized compound selects)."""
    sets, params = [], []
    for keys in groups:
        selects = held_selects(keys, names)
        sets.append(" UNION ".join(sql for sql, _ in selects))
        params += [p for _, ps in selects for p in ps]
    if len(sets) == 1:
        return RawSQL(sets[0], params)
    return RawSQL(" INTERSECT ".join(f"SELECT * FROM ({sql}) AS h" for sql in sets), params)


class EqualsAny(Lookup):
    """`lhs = ANY(rhs)`, rhs an array (PostgreSQL)."""

    lookup_name = "equals_any"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def holding(groups: list[list[str]], names: Names) -> Q | Lookup:
    """The condition on an organization for "for each group of keys, one of its keys holds every
    key of the group" (`held_ids`).

    On PostgreSQL, `id = ANY(ARRAY(ids))` rather than `id IN (ids)`: the ids are gathered once
    and each organization is read by its primary key; given `IN`, the planner hashes the matches
    and joins them to every organization once it expects a few thousand (docs/benchmarks.md).
    One array per condition: two `= ANY` arrays of common words would test every id of one
    against the whole other, each in a loop the server cannot interrupt (100,000 x 100,000)."""
    ids = held_ids(groups, names)
    if names.vendor == "postgresql":
        return EqualsAny(F("pk"), RawSQL(f"ARRAY({ids.sql})", ids.params))
    return Q(pk__in=ids)


# --- the rank of a held key --------------------------------------------------------------------

# The organizations with a key equal to the text's, and those with a key starting with it: each
# set read once from the search-key B-tree indexes, so an organization's rank is two lookups in
# them rather than a test of each of its names. On SQLite a range serves the prefix (its LIKE
# ignores case and so skips the index); on PostgreSQL LIKE 'key%' uses the pattern index Django
# creates beside each indexed CharField. A key holds [a-z0-9] only, and "{" sorts after "z".
PREFIX = {
    "sqlite": ("(search_key >= %s AND search_key < %s)", lambda key: [key, key + "{"]),
    "postgresql": ("search_key LIKE %s", lambda key: [key + "%"]),
}
RANK = (
    'CASE WHEN "registry_organization"."search_key" IN ({keys}) THEN 0'
    ' WHEN "registry_organization"."id" IN ({alias_equal}) THEN 0.25'
    " WHEN ({name_prefix}) THEN 1"
    ' WHEN "registry_organization"."id" IN ({alias_prefix}) THEN 1.5'
    """ WHEN ' ' || REPLACE(REPLACE("registry_organization"."name", '-', ' '), '(', ' ')"""
    " {like} %s THEN 1.75 ELSE 2 END"
)
# The word-start test reads the primary name as written: LIKE ignores ASCII case on SQLite, ILIKE
# any case on PostgreSQL; a letter with an accent is not its plain letter there, so such a name
# ranks as one that merely contains the text.
LIKE = {"sqlite": "LIKE", "postgresql": "ILIKE"}


def other_keys(text: str, names: Names) -> list[str]:
    """The keys a name may hold in place of the text's: without its leading article ("the
    islamic state": "islamicstate"; a name need not write the article the text does), with its
    last word singular when that is a name (`singular`: "talibans" and "los talibanes" are the
    Taliban, whose name holds neither; not "hammas", whose "hamma" is in "Mohammad": a
    misspelling of HAMAS), and with its numbers in digits (registry/words.py, `as_digits`:
    "barrio dieciocho" is Barrio 18) when more than a number is left; each once; none when the
    text is nothing else."""
    words = folded_words(text).split()
    keys = []
    if len(words) >= 2 and words[0] in LEADING_ARTICLES:
        words = words[1:]
        keys.append("".join(words))
    one = "".join([*words[:-1], singular(words[-1])]) if words else ""
    if one != "".join(words) and is_a_name(one, names):
        keys.append(one)
    digits = "".join(as_digits(words))
    if digits != "".join(words) and not digits.isdigit():
        keys.append(digits)
    return list(dict.fromkeys(keys))


def name_words(field: str = "name") -> Expression:
    """A name's words as a short text is searched for in them: a space first, its hyphens,
    brackets and slashes read as spaces and apostrophes left out (" al Qaida" for "al-Qa'ida")."""
    words: Expression = Concat(Value(" "), F(field))
    for old, new in (("-", " "), ("(", " "), ("/", " "), ("'", ""), ("\u2019", "")):
        words = Replace(words, Value(old), Value(new))
    return words


def at_word_start(key: str, names: Names, others: list[str]) -> Q:
    """The condition on an organization for "one of its names (of those `names` reads) starts
    with `key` (or one of the text's `other_keys`), after a leading article or not, or has a word
    starting with it" (case ignored, accents not): a short text is asked for there only ("hts"
    is HTS's, not a piece of "Knights Templar"). Django lookups, not SQL naming the tables, so
    that it holds inside a subquery too."""
    keys = [key, *others]
    starts = [key, *(article + key for article in LEADING_ARTICLES), *others]
    prefix = Q(*(Q(search_key__startswith=start) for start in starts), _connector=Q.OR)
    word = Q(*(IContains(name_words(), " " + k) for k in keys), _connector=Q.OR)
    aliases = names.aliases().filter(prefix | word, organization=OuterRef("pk"))
    return prefix | word | Q(Exists(aliases))


def held_rank(key: str, names: Names, text: str = "") -> RawSQL:
    """For an organization with a name holding `key`: 0 when its primary name's key equals it,
    0.25 when an alias's does ("The Base" is a group's name and a translation of al-Qa'ida's), 1
    when its primary name's key starts with it, 1.5 when an alias's does ("islamic" finds the
    Islamic Movement of Uzbekistan before the Caucasus Emirate, whose alias is the Islamic
    Emirate of the Caucasus), 1.75 when its primary name has the text's words at the start of one
    of its words ("action" finds National Action before the DFLP, whose alias is the "Hawatmeh
    Faction"; `text` as typed), else 2; a name's leading article may be left out of the text
    (`LEADING_ARTICLES`), and the text's article or plural need not be in the name
    (`other_keys`)."""
    condition, prefix_params = PREFIX.get(names.vendor, PREFIX["postgresql"])
    keys = [key, *(article + key for article in LEADING_ARTICLES), *other_keys(text, names)]
    marks = ", ".join(["%s"] * len(keys))
    prefixes = " OR ".join([condition] * len(keys))
    aliases = name_selects(names)[1]
    sql = RANK.format(
        like=LIKE.get(names.vendor, "ILIKE"),
        keys=marks,
        alias_equal=f"{aliases} WHERE search_key IN ({marks})",
        name_prefix=prefixes.replace("search_key", '"registry_organization"."search_key"'),
        alias_prefix=f"{aliases} WHERE {prefixes}",
    )
    starts = [param for k in keys for param in prefix_params(k)]
    word_start = f"% {words}%" if (words := folded_words(text)) else None  # NULL: no word
    params = [*keys, *keys, *starts, *starts, word_start]
    return RawSQL(sql, params, output_field=FloatField())


# --- similar spelling ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SimilarName:
    organization_id: int
    name: str
    score: float  # 0-100


def trigrams(key: str) -> list[str]:
    return sorted({key[i : i + TRIGRAM] for i in range(len(key) - TRIGRAM + 1)})


def rarest_trigrams(cursor, keys: list[str]) -> list[str]:
    """SQLite: the RAREST_TRIGRAMS of `keys` held by the fewest names (fts5vocab, migration 0010);
    trigrams no name holds are left out."""
    marks = ", ".join(["%s"] * len(keys))
    cursor.execute(
        f"SELECT term, sum(doc) FROM (SELECT term, doc FROM registry_organization_fts_vocab"
        f" WHERE term IN ({marks}) UNION ALL SELECT term, doc FROM registry_alias_fts_vocab"
        f" WHERE term IN ({marks})) GROUP BY term ORDER BY sum(doc), term LIMIT %s",
        [*keys, *keys, RAREST_TRIGRAMS],
    )
    return [term for term, _ in cursor.fetchall()]


@contextmanager
def local_settings(using: str, settings: dict[str, str] | None = None) -> Iterator[CursorWrapper]:
    """A cursor whose PostgreSQL settings (`settings`, and any `SET LOCAL` run with it) last
    until the block ends: on PostgreSQL it runs in a transaction of its own. SQLite has no such
    settings, and a transaction there would take the write lock (IMMEDIATE, config/settings.py):
    every search would wait for the others, and for an import's."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if settings:
            calls = ", ".join(["set_config(%s, %s, true)"] * len(settings))
            cursor.execute(f"SELECT {calls}", [v for item in settings.items() for v in item])
        yield cursor


def candidate_names(
    key: str, names: Names, limit: int = SIMILAR_CANDIDATES, floor: float = TRIGRAM_FLOOR
) -> list[tuple]:
    """(organization id, name, key) of the names the trigram index finds closest to `key`.

    PostgreSQL: those sharing at least `floor` of their trigrams with it, most first. SQLite: the
    best ranked (bm25) of the names holding one of its RAREST_TRIGRAMS: a typing slip changes at
    most three trigrams, and a common trigram ("the") would make the index rank most names."""
    aliases = names.alias_table
    with local_settings(names.using) as cursor:
        if names.vendor == "postgresql":
            # pg_trgm's `%`, served by the GIN indexes; SET LOCAL lasts for this transaction only.
            # A pass at a closer floor reads far fewer rows; a wider one runs only when the
            # closer proposes too few names.
            floors = {f for f in CLOSE_FLOORS if f > floor} | {floor}
            for threshold in sorted(floors, reverse=True):
                cursor.execute(f"SET LOCAL pg_trgm.similarity_threshold = {float(threshold)}")
                cursor.execute(
                    "SELECT * FROM (SELECT id, name, search_key, similarity(search_key, %s) AS s"
                    " FROM registry_organization WHERE search_key %% %s"
                    " UNION ALL SELECT organization_id, name, search_key,"
                    f" similarity(search_key, %s) FROM {aliases} AS a WHERE search_key %% %s)"
                    " AS n ORDER BY s DESC LIMIT %s",
                    [key, key, key, key, limit],
                )
                rows = cursor.fetchall()
                if len(rows) >= ENOUGH_CLOSE:
                    break
            return [row[:3] for row in rows]
        else:
            rarest = rarest_trigrams(cursor, trigrams(key))
            if not rarest:
                return []
            match = " OR ".join(f'"{t}"' for t in rarest)
            cursor.execute(
                "SELECT o.id, o.name, o.search_key FROM registry_organization o WHERE o.id IN"
                " (SELECT rowid FROM registry_organization_fts WHERE registry_organization_fts"
                " MATCH %s ORDER BY rank LIMIT %s)"
                f" UNION ALL SELECT a.organization_id, a.name, a.search_key FROM {aliases} AS a"
                " WHERE a.id IN (SELECT rowid FROM registry_alias_fts WHERE registry_alias_fts"
                " MATCH %s ORDER BY rank LIMIT %s)",
                [match, limit, match, limit],
            )
        return [row[:3] for row in cursor.fetchall()]


def similarity(text_words: str, name_words: str) -> float:
    """0-100: how alike two names are spelled, on their keys, on their words in any order, and
    on the text's words found in the name (each given as `folded_words` makes them)."""
    return max(
        fuzz.ratio(text_words.replace(" ", ""), name_words.replace(" ", "")),
        fuzz.token_sort_ratio(text_words, name_words),
        words_within(text_words.split(), name_words.split()),
    )


def shared_words(text_words: str, name_words: str) -> float:
    """0-100: `similarity`, or how alike the two are once the words they share are set apart
    (rapidfuzz's token set ratio), when more: "lobos gang" and "los lobos" share "lobos". Name
    screening proposes names by it, and scores each itself; the search does not, since a name
    holding one of the text's words would be as close as one holding them all."""
    return max(similarity(text_words, name_words), fuzz.token_set_ratio(text_words, name_words))


def words_within(text: list[str], name: list[str]) -> float:
    """0-100: how well each of the text's words (two at least, small ones left out) is spelled
    like a word of the name, weighted by its length: the text is part of the name, written with
    a slip ("Abu Sayaf" in "Abu Sayyaf Group", "Hizbul Mujahidin" in "Hizbul Mujahideen")."""
    words = [w for w in text if w not in SMALL_WORDS]
    if len(words) < 2:
        return 0.0
    found = sum(len(w) * max(fuzz.ratio(w, n) for n in name) for w in words)
    return found / sum(len(w) for w in words)


LONE_WORD_LETTERS = 6  # a text of one word this long may be one word of a name, misspelled
LONE_WORD_SHORTFALL = 5  # ... and is then 5 points (of 100) less alike than the name it spells
SOUND_SHORTFALL = 3  # a name sounding as the text is 3 points less alike than one spelled as it


def spelled_like(text_words: str, name_words: str) -> float:
    """0-100: `similarity`, or, for a text of one word LONE_WORD_LETTERS long at least, how alike
    it is to the name's closest word, a little less than a name it spells: "tayiba" is in
    "Lashkar-e-Tayyiba", "atomwafen" in "Atomwaffen Division", and "hezbolah" is Hezbollah before
    Hezbollah al-Nujaba. A shorter word is alike too many words. The search's measure; name
    screening proposes by `shared_words` and scores each name itself."""
    words = [w for w in text_words.split() if w not in SMALL_WORDS]
    lone = 0.0
    if len(words) == 1 and len(words[0]) >= LONE_WORD_LETTERS:
        lone = max((fuzz.ratio(words[0], n) for n in name_words.split()), default=0.0)
        lone -= LONE_WORD_SHORTFALL
    return max(similarity(text_words, name_words), lone)


def similar_names(
    text: str,
    names: Names,
    threshold: float = SIMILAR_THRESHOLD,
    floor: float = TRIGRAM_FLOOR,
    measure: Callable[[str, str], float] = spelled_like,
) -> list[SimilarName]:
    """The best-scoring name of each organization whose names the indexes propose for `text`
    (the trigram index, by spelling; the consonant-key index, by sound: `sounding_names`), at
    `threshold` or above by `measure` of their spellings or, when more alike, their sounds
    less SOUND_SHORTFALL (registry/normalize.py, `sounded`: "hakkani" is spelled 71 of 100
    like "haqqani", and sounds as it), best first."""
    key = search_key(text)
    if len(key) < TRIGRAM:
        return []
    words = folded_words(text)
    sound = sounded(words)

    def alike(name: str) -> float:
        name_words = folded_words(name)
        by_sound = measure(sound, sounded(name_words)) - SOUND_SHORTFALL
        return max(measure(words, name_words), by_sound)

    proposed = [row[:2] for row in candidate_names(key, names, floor=floor)]
    proposed += sounding_names(text, names)
    scored = [(organization_id, name, alike(name)) for organization_id, name in proposed]
    scored += [(n.organization_id, n.name, n.score) for n in consonant_names(text, names)]
    best: dict[int, SimilarName] = {}
    for organization_id, name, score in scored:
        if score >= threshold and score > getattr(best.get(organization_id), "score", -1):
            best[organization_id] = SimilarName(organization_id, name, score)
    return sorted(best.values(), key=lambda n: (-n.score, n.name, n.organization_id))


def sounding_names(text: str, names: Names, limit: int = SIMILAR_CANDIDATES) -> list[tuple]:
    """(organization id, name) of the names whose consonant key (registry/normalize.py) starts
    with that of a text in a script with vowels, read from the consonant-key indexes by range:
    names spelled with other letters for the same sounds ("hakkani", "Haqqani Network": "hkn",
    "hknhrk"), which share few trigrams. A text in Arabic or Hebrew script is read by its
    consonants already (`consonant_names`)."""
    reading = consonant_key(search_key(text))
    if len(reading) < TRIGRAM or without_vowels(text):
        return []
    after = key_after(reading)
    found: list[tuple] = []
    for rows, owner in name_rows(names):
        keyed = rows.annotate(consonants=ConsonantKey("search_key"))
        keyed = keyed.filter(consonants__gte=reading)
        keyed = keyed.filter(consonants__lt=after) if after else keyed
        found += keyed.values_list(owner, "name")[:limit]
    return found


CONSONANT_PREFIX_LETTERS = 5  # a reading this long also finds the keys starting with it
CONSONANT_PREFIX_SCORE = 90  # how alike (0-100) such a name counts among similar spellings
SHORTER_READING = 0.5  # the rank of a name equal to the text read without its first words
SHORTER_READING_LETTERS = 4  # ... of this many letters at least: "כך" (Kach) is not "KHK"


@dataclass(frozen=True)
class ConsonantName:
    organization_id: int
    name: str
    score: float  # 0-100
    rank: float  # 0: a key equal to the text's, 0.5: to a shorter reading, 1: starting with one


def consonant_names(
    text: str, names: Names, limit: int = SIMILAR_CANDIDATES
) -> list[ConsonantName]:
    """The names a text in Arabic or Hebrew script finds by its consonants (none for a text in
    other scripts), read from the consonant-key indexes by equality and by range (keys are
    letters and digits, which every collation orders alike):

    - rank 0, score 100 or how alike the two keys are: the name's consonant key is the text's
      (`consonant_readings`, registry/words.py), or that without its last "h" when the text
      ends with the feminine ending Arabic writes and a romanization may leave out ("القاعدة",
      "al-Qaida");
    - rank 0.5: the same for the text read without its first words, four letters or more
      ("كتائب حزب الله": Kata'ib Hizballah first, then Hizballah; "כך" is not "KHK");
    - rank 1, score 90: the name's key starts with a reading of five letters or more ("كتائب
      عبد الله عزام" is read "bdlhzm" without its "brigades", and the Abdallah Azzam Brigades'
      key is "bdlhzmbrjds")."""
    readings = [r for r in consonant_readings(text) if len(r) >= TRIGRAM]
    h_less = feminine_ending(text)
    equal = {
        k: 0.0 if i == 0 else SHORTER_READING
        for i, r in reversed(list(enumerate(readings)))
        for k in ((r, r.removesuffix("h")) if h_less else (r,))
        if len(r) >= (TRIGRAM if i == 0 else SHORTER_READING_LETTERS) and len(k) >= TRIGRAM
    }
    found: list[ConsonantName] = []
    for rows, owner in name_rows(names):
        keyed = rows.annotate(consonants=ConsonantKey("search_key"))
        same = keyed.filter(consonants__in=list(equal)).values_list(owner, "name", "consonants")
        found += [
            ConsonantName(pk, name, max(fuzz.ratio(r, other) for r in readings), equal[other])
            for pk, name, other in same[:limit]
        ]
        for reading in readings:
            if len(reading) < CONSONANT_PREFIX_LETTERS:
                continue
            longer = keyed.filter(consonants__gt=reading)
            after = key_after(reading)
            longer = longer.filter(consonants__lt=after) if after else longer
            found += [
                ConsonantName(pk, name, CONSONANT_PREFIX_SCORE, 1.0)
                for pk, name in longer.values_list(owner, "name")[:limit]
            ]
    return found


def consonant_ranks(text: str, names: Names) -> dict[int, float]:
    """Each organization `consonant_names` finds, with its best rank."""
    ranks: dict[int, float] = {}
    for found in consonant_names(text, names):
        ranks[found.organization_id] = min(found.rank, ranks.get(found.organization_id, 1.0))
    return ranks


def consonant_order(ranks: dict[int, float], default: Expression) -> Case:
    """`default`, or the organization's rank in `ranks` when less."""
    return Case(
        *(
            When(
                pk__in=[pk for pk, r in ranks.items() if r == rank],
                then=Least(Value(rank), default),
            )
            for rank in sorted(set(ranks.values()))
        ),
        default=default,
        output_field=FloatField(),
    )


# PostgreSQL: how "is the text held" is planned. For its pattern, never generically: once psycopg
# has prepared the statement (config/settings.py), a generic plan cannot know the pattern and
# reads both tables whole. And through the trigram indexes only: an EXISTS invites the planner to
# bet on meeting a match early while walking the table or the keys' B-tree, a bet lost when the
# text is rare ("shk": 131,455 aliases read, 11 ms, against 0.6 ms through the index).
HELD_PLAN = {
    "plan_cache_mode": "force_custom_plan",
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    "enable_indexonlyscan": "off",
}


def any_held(key: str, names: Names) -> bool:
    """Whether any name in the registry holds `key` (else the search answers similar names)."""
    selects = held_selects([key], names)
    with local_settings(names.using, HELD_PLAN) as cursor:
        cursor.execute(
            "SELECT " + " OR ".join(f"EXISTS ({sql})" for sql, _ in selects),
            [p for _, params in selects for p in params],
        )
        return bool(cursor.fetchone()[0])


EVERY_WORD = 2.5
ACROSS_NAMES = 4.5
EVERY_WORD_IDS = 500  # at most this many ids found by every word are carried as values


PLURAL_LETTERS = 6  # a word this long ending in "s" is asked for without it
# ... and one longer ending in "es" after these letters, without "es", as Spanish writes the
# plural of a word ending in them ("carteles", "talibanes", "paramilitares")
PLURAL_ES_AFTER = "lnr"


def word_keys(text: str) -> list[str]:
    """The keys of the text's words that tell names apart, each once: not a small word ("of",
    "the", "al": registry/normalize.py) nor a single character ("e" in "Lashkar e Toiba"), which
    nearly every name holds; all its words of two characters or more when it has no other. A
    plural is asked for as its singular, which the plural holds: people name a group by its
    members ("the Haqqanis", "Houthis", "Tamil Tigers")."""
    words = [w for w in folded_words(text).split() if len(w) >= 2]
    telling = [w for w in words if w not in SMALL_WORDS] or words
    return list(dict.fromkeys(map(singular, telling)))


def singular(word: str) -> str:
    """The word without its plural ending: "tigers" tiger, "talibanes" taliban; a shorter word,
    or one ending in "ss", as it is."""
    if len(word) < PLURAL_LETTERS or not word.endswith("s") or word.endswith("ss"):
        return word
    if len(word) > PLURAL_LETTERS and word.endswith("es") and word[-3] in PLURAL_ES_AFTER:
        return word[:-2]
    return word[:-1]


def word_groups(text: str) -> list[list[str]]:
    """The text's `word_keys` in the groups one name must hold together: the words beside its
    brackets, and those of each bracketed part ("Daesh (ISIS)": daesh; isis), each of which may
    be another name of the organization."""
    outside, inside = name_parts(text)
    parts = [outside, *inside] if search_key(outside) and inside else [text]
    return [keys for keys in map(word_keys, parts) if keys]


# --- the search --------------------------------------------------------------------------------


def organizations_matching(
    text: str,
    organizations: QuerySet | None = None,
    similar: list[SimilarName] | None = None,
    day: dt.date | None = None,
) -> QuerySet:
    """The organizations (of `organizations`, all by default) that `text` finds, annotated with
    `search_rank` (see the module docstring); order them with `RANKED`. `day`: by the names
    they had that day (`Names`), not every name they were ever given. `similar`: the names of
    similar spelling the caller has already asked for `text` (at a lower threshold and floor:
    name screening), read instead of asking the index again."""
    organizations = Organization.objects.all() if organizations is None else organizations
    names = Names(organizations.db, day)
    found = found_by(text, organizations, names, similar)
    plain = without_possessive(text)
    if plain != text and not found.exists():  # "the Taliban's Haqqani network"
        return found_by(plain, organizations, names)
    return found


def found_by(
    text: str,
    organizations: QuerySet,
    names: Names,
    similar: list[SimilarName] | None = None,
) -> QuerySet:
    """`organizations_matching`, for the text as typed."""
    key = search_key(text)
    nothing = organizations.none().annotate(search_rank=Value(0.0))
    if not key:
        return nothing
    same = consonant_ranks(text, names)
    others = other_keys(text, names)
    if any_held(key, names) or any(any_held(other, names) for other in others):
        # "the islamic state": the names holding it, and those holding "islamic state"
        holders = organizations.filter(holding([[key]], names))
        for other in others:
            holders = holders | organizations.filter(holding([[other]], names))
        if short_text(text, key):  # "hts": HTS's names, not the "Knights Templar"
            holders = holders.filter(at_word_start(key, names, others))
        if not same:
            return holders.annotate(search_rank=held_rank(key, names, text))
        # as good as the same key: "طالبان" is the Taliban, not only in the TTP's Urdu name
        order = consonant_order(same, held_rank(key, names, text))
        return (holders | organizations.filter(pk__in=same)).annotate(search_rank=order)
    if same:
        return organizations.filter(pk__in=same).annotate(
            search_rank=consonant_order(same, Value(1.0))
        )
    groups = word_groups(text)
    words = [word for group in groups for word in group]
    if len(words) > 1:
        held = held_by_names(organizations, groups, EVERY_WORD, text, names)
        if held is not None:
            return held
    telling = telling_words(text)
    fewer = bool(telling) and len(telling) < len(folded_words(text).split())
    if fewer and is_a_name(search_key(" ".join(telling)), names):
        # A name that is the text's telling words is nearer than one spelled like the whole:
        # "Hamas movement" is HAMAS, not the "HASM MOVEMENT" (Harakat Sawa'd Misr), and in
        # scripts without short vowels the same consonants in another order are another word
        # ("حركة حماس" is HAMAS, not "حركة حسم"); unless a name spelled like the whole spells
        # each telling word too, with a slip: "Kataib Hizbullah" is Kata'ib Hizballah.
        if similar is None:
            similar = similar_names(text, names)
        if not any(n.score >= SIMILAR_THRESHOLD and spells_each(telling, n.name) for n in similar):
            return organizations_matching(" ".join(telling), organizations, [], names.day)
    if similar is None:
        similar = similar_names(text, names)
    similar = [n for n in similar if n.score >= SIMILAR_THRESHOLD][:SIMILAR_MAX]
    scores: dict[int, float] = dict.fromkeys(names_within(text, names), NAME_WITHIN)
    for n in reversed(similar):  # best last: an organization keeps its best name's score
        scores[n.organization_id] = max(n.score, scores.get(n.organization_id, 0.0))
    if scores:
        rank = Case(
            *(When(pk=pk, then=Value(4 - score / 100)) for pk, score in scores.items()),
            output_field=FloatField(),
        )
        return organizations.filter(pk__in=list(scores)).annotate(search_rank=rank)
    # Each word alone is asked for here, so only words of three letters or more: a two-letter one
    # ("ib" of "Kata'ib") is in a great many names, each read.
    apart = [[word] for word in words if len(word) >= TRIGRAM]
    if len(apart) > 1 or (apart and apart[0][0] not in folded_words(text).split()):
        held = held_by_names(organizations, apart, ACROSS_NAMES, text, names)
        if held is not None:
            return held
    if fewer:
        # its words held, as above; not its spellings, which the whole text's already were
        return organizations_matching(" ".join(telling), organizations, [], names.day)
    return nothing


SLIP = 85  # how alike (0-100) a word and another's spelling of it are at least


def spells_each(words: list[str], name: str) -> bool:
    """Whether the name has a word spelled like each of `words`, or with a slip ("hizbullah",
    "hizballah")."""
    name_words = folded_words(name).split()
    return all(any(fuzz.ratio(w, n) >= SLIP for n in name_words) for w in words)


NAME_WITHIN = 90.0  # a name the text holds word for word counts as a spelling this alike (0-100)


def names_within(text: str, names: Names) -> set[int]:
    """The organizations with a name that is a run of two words or more of the text (not the
    whole text): the text is a name and more ("Carteles Unidos de Michoacan", "Lashkar e Taiba
    Pakistan"). The runs' keys are looked up in the keys' B-tree indexes, one query a table."""
    words = folded_words(text).split()
    runs = {
        search_key(" ".join(words[i:j]))
        for i in range(len(words))
        for j in range(i + 2, len(words) + 1)
        if j - i < len(words)
    } - {""}
    if not runs:
        return set()
    return {
        pk
        for rows, owner in name_rows(names)
        for pk in rows.filter(search_key__in=list(runs)).values_list(owner, flat=True)
    }


def is_a_name(key: str, names: Names) -> bool:
    """Whether a name or an alias has this search key (read from the keys' B-tree indexes)."""
    return any(rows.filter(search_key=key).exists() for rows, _ in name_rows(names))


def telling_words(text: str) -> list[str]:
    """The text's words that tell names apart (registry/words.py): not small or generic words
    nor places ("Somali al-Shabaab militants": shabaab); in a text with none, but with a place
    that is no country, its words but those naming a country ("Gulf cartel Mexico": gulf
    cartel; not "Muslim Council of Britain", generic words alone)."""
    words = folded_words(text).split()
    distinctive = [w for w in words if word_kind(w) in ("distinctive", "number")]
    if distinctive:
        return distinctive
    rest = [w for w in words if w not in PLACE_COUNTRY]
    return rest if any(word_kind(w) == "place" for w in rest) else []


def held_by_names(
    organizations: QuerySet, groups: list[list[str]], rank: float, text: str, names: Names
) -> QuerySet | None:
    """The organizations with, for each group of keys, a name holding the group's every key
    (`holding`), annotated with `rank`; None when there are none.

    The ids are read once, to know whether there are any; when they are few, the answer (its
    count, its page) reads them rather than the index again, and the closest of them to the text
    come first (`closest_first`)."""
    held = organizations.filter(holding(groups, names))
    ids = list(held.values_list("pk", flat=True)[: EVERY_WORD_IDS + 1])
    if not ids:
        return None
    if len(ids) > EVERY_WORD_IDS:
        return held.annotate(search_rank=Value(rank))
    order = closest_first(ids, text, rank, names) if len(ids) > 1 else Value(rank)
    return organizations.filter(pk__in=ids).annotate(search_rank=order)


CLOSEST_IDS = 50  # up to this many organizations found by their words are ranked by closeness
CLOSENESS_SPREAD = 250  # a name 100 points away ranks 0.4 after one spelled as the text


def closeness(text_words: str, name_words: str) -> float:
    """0-100: how alike a text and a name are as wholes (both as `folded_words` makes them)."""
    return max(
        fuzz.ratio(text_words.replace(" ", ""), name_words.replace(" ", "")),
        fuzz.token_sort_ratio(text_words, name_words),
    )


def closest_first(ids: list[int], text: str, rank: float, names: Names) -> Case | Value:
    """`rank`, and up to 0.4 more the less alike the organization's closest name is to the
    whole text (its key, or its words in any order; not `similarity`, for which a name holding
    each word is as close as the text itself): "popular front for liberation of palestine" is the
    PFLP's name but for "the", and the PFLP-General Command's with two words more."""
    if len(ids) > CLOSEST_IDS:
        return Value(rank)
    words = folded_words(text)
    outside, inside = name_parts(text)
    # With brackets, each part may be another name ("Daesh (ISIS)"): also how alike each part
    # is to the closest name, averaged, so two names spelled as the parts beat one name holding
    # both words among others ("DAESH TUNISIA" and "ISIS-TUNISIA").
    parts = [folded_words(p) for p in (outside, *inside)] if search_key(outside) and inside else []
    closest: dict[int, float] = {}
    by_part: dict[int, list[float]] = {}
    for rows, owner in name_rows(names):
        rows = rows.filter(**{f"{owner}__in": ids}).order_by()
        for pk, name in rows.values_list(owner, "name"):
            folded = folded_words(name)
            closest[pk] = max(closest.get(pk, 0.0), closeness(words, folded))
            best = by_part.setdefault(pk, [0.0] * len(parts))
            for i, part in enumerate(parts):
                best[i] = max(best[i], closeness(part, folded))
    for pk, best in by_part.items():
        if best:
            closest[pk] = max(closest[pk], sum(best) / len(best))
    return Case(
        *(
            When(pk=pk, then=Value(rank + (100 - score) / CLOSENESS_SPREAD))
            for pk, score in closest.items()
        ),
        default=Value(rank),
        output_field=FloatField(),
    )


# --- name screening ----------------------------------------------------------------------------

# Screening scores every candidate itself (registry/screening/): it asks for spellings further
# away than the search shows, and for them even when some name holds the text ("Hezbolla" is
# held in "Kataib Hezbollah", and is spelled like "Hizballah").
# On PostgreSQL the index proposes names sharing a tenth of their trigrams ("hezbolla" and
# "hizballah" share "  h" and "lla" of 17).
SCREENING_SIMILAR_THRESHOLD = 60
SCREENING_TRIGRAM_FLOOR = 0.1


def screening_candidates(
    text: str, organizations: QuerySet, limit: int, day: dt.date | None = None
) -> list[int]:
    """The ids of the organizations (of `organizations`) that name screening scores for `text`
    (by the names they had on `day`, `Names`): the search's best `limit`
    (`organizations_matching`), then up to `limit` more of similar spelling, best first."""
    close = similar_names(
        text,
        Names(organizations.db, day),
        SCREENING_SIMILAR_THRESHOLD,
        SCREENING_TRIGRAM_FLOOR,
        measure=shared_words,
    )
    found = organizations_matching(text, organizations, close, day).order_by(*RANKED)
    ids = list(found.values_list("pk", flat=True)[:limit])
    similar = [n.organization_id for n in close[:limit]]
    if similar:
        allowed = set(organizations.filter(pk__in=similar).values_list("pk", flat=True))
        ids += [pk for pk in similar if pk in allowed]
    return list(dict.fromkeys(ids))
