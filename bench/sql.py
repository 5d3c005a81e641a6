"""The benchmark's questions as plain SQL over the registry's own tables (SQLite and PostgreSQL).

The peers and the limits ask exactly what the API asks:

- LIST (scenario 1): the first 100 designations of one program in force on a day, in the API's
  order (organization name with case ignored, program, designation date, id), with the
  organization's name, slug and countries, the program, authority and legal basis, the dates, and
  the timeline as it stood.
- SEARCH (scenario 2): the first 50 organizations, best match first (a name or alias equal to the
  text, starting with it, containing it; then by name), whose name or any alias contains the
  text. `SEARCH_KEY_*` is the registry's own rule (the normalized `search_key` columns, computed
  by registry.normalize.search_key; registry/selectors/search.py); `SEARCH_FTS_SQLITE` is what
  Datasette offers: an FTS5 trigram index over the same names, by name (case-insensitive;
  accents count, SQLite 3.40 has no remove_diacritics for trigrams).
- DETAIL (scenario 3): one organization with its aliases, countries, designations and events.
- EXPORT (scenario 4): every designation with the columns of the API's designation CSV
  (registry/resources/designations.py), computed by the database: status and in-force on
  `:today` (unknown inside a month or year a partial date leaves open), dates shown with their
  precision, the review and petition clocks, the designating event's citation, the timeline.
  Ordered as the API orders it.

The in-force rule here is the registry's (registry/querysets.py), written out in SQL for the
peers and the limits; tests/bench/test_harness.py holds the two to the same answers.

Placeholders are :name (sqlite3, Datasette) and %(name)s (psycopg); `pg()` converts.
"""

import re

from registry.normalize import (
    LEADING_ARTICLES,
    feminine_ending,
    folded_words,
    key_after,
    search_key,
    short_text,
)
from registry.sql import ConsonantKey
from registry.words import consonant_readings

# --- pieces shared by both dialects ----------------------------------------------------------

TABLES = """
FROM registry_designation d
JOIN registry_organization o ON o.id = d.organization_id
JOIN registry_program p ON p.id = d.program_id
JOIN registry_authority a ON a.id = p.authority_id"""


def _partial(column: str, precision: str, dialect: str) -> str:
    """A date as the registry shows it: YYYY, YYYY-MM or YYYY-MM-DD after its precision."""
    if dialect == "sqlite":
        year, month, day = f"substr({column}, 1, 4)", f"substr({column}, 1, 7)", column
    else:
        year = f"to_char({column}, 'YYYY')"
        month = f"to_char({column}, 'YYYY-MM')"
        day = f"to_char({column}, 'YYYY-MM-DD')"
    return f"CASE {precision} WHEN 'year' THEN {year} WHEN 'month' THEN {month} ELSE {day} END"


def _whole_start(day: str, unit: str, dialect: str) -> str:
    """The first day of the latest month (or year) wholly past by the end of `day`."""
    if dialect == "sqlite":
        return f"date({day}, '+1 day', 'start of {unit}', '-1 {unit}')"
    return f"CAST(date_trunc('{unit}', CAST({day} AS date) + 1) - interval '1 {unit}' AS date)"


def _passed(column: str, day: str, dialect: str) -> str:
    """The partial date `<column>_on` has wholly passed by the end of `day`."""
    date, precision = f"d.{column}_on", f"d.{column}_precision"
    month, year = _whole_start(day, "month", dialect), _whole_start(day, "year", dialect)
    return (
        f"({date} <= {day} AND ({precision} = 'day'"
        f" OR ({precision} = 'month' AND {date} <= {month})"
        f" OR ({precision} = 'year' AND {date} <= {year})))"
    )


def in_force(day: str, dialect: str) -> str:
    """Certainly in force on `day` (registry/querysets.py's `in_force_q`)."""
    return (
        f"{_passed('designated', day, dialect)} AND (d.revoked_on IS NULL OR d.revoked_on > {day})"
    )


def not_in_force(day: str, dialect: str) -> str:
    return f"(d.designated_on > {day} OR {_passed('revoked', day, dialect)})"


def _countries(dialect: str) -> str:
    """The organization's country codes, each once under its first role, by role then code."""
    first_role = (
        "NOT EXISTS (SELECT 1 FROM registry_organizationcountry twin WHERE twin.organization_id"
        " = oc.organization_id AND twin.country_id = oc.country_id AND twin.role < oc.role)"
    )
    if dialect == "sqlite":
        return (
            "(SELECT group_concat(country_id, '; ') FROM (SELECT oc.country_id"
            " FROM registry_organizationcountry oc WHERE oc.organization_id = d.organization_id"
            f" AND {first_role} ORDER BY oc.role, oc.country_id))"
        )
    return (
        "(SELECT string_agg(oc.country_id, '; ' ORDER BY oc.role, oc.country_id)"
        " FROM registry_organizationcountry oc WHERE oc.organization_id = d.organization_id"
        f" AND {first_role})"
    )


def _events(dialect: str, until: str | None) -> str:
    """The timeline: "designated 2001-10-08; revoked 2010-01" (up to `until`, when given)."""
    when = f" AND e.effective_on <= {until}" if until else ""
    text = (
        "trim(e.kind || ' ' || coalesce("
        + _partial("e.effective_on", "e.effective_precision", dialect)
        + ", ''))"
    )
    if dialect == "sqlite":
        return (
            f"(SELECT group_concat(t, '; ') FROM (SELECT {text} AS t"
            f" FROM registry_designationevent e WHERE e.designation_id = d.id{when}"
            " ORDER BY e.effective_on IS NOT NULL, e.effective_on, e.id))"
        )
    return (
        f"(SELECT string_agg({text}, '; ' ORDER BY e.effective_on NULLS FIRST, e.id)"
        f" FROM registry_designationevent e WHERE e.designation_id = d.id{when})"
    )


# --- scenario 1: the filtered list page ------------------------------------------------------


def list_sql(dialect: str) -> str:
    # The page is chosen first (ids only), then its columns are read: the per-row subqueries
    # run for 100 rows, not for every designation in force (SQLite computes the select list
    # before it sorts).
    as_of = ":as_of"
    page = (
        "SELECT d.id" + TABLES + f" WHERE p.code = :program AND {in_force(as_of, dialect)}"
        " ORDER BY lower(o.name), p.code, d.designated_on, d.id LIMIT 100"
    )
    return (
        "SELECT d.id, d.organization_id, o.slug AS organization_slug, o.name AS organization,"
        f" {_countries(dialect)} AS countries, p.code AS program, a.code AS authority,"
        " p.legal_basis, d.designated_on, d.designated_precision, d.last_reviewed_on,"
        f" {_events(dialect, as_of)} AS events" + TABLES + f" WHERE d.id IN ({page})"
        " ORDER BY lower(o.name), p.code, d.designated_on, d.id"
    )


# --- scenario 2: search ----------------------------------------------------------------------

_ORG_COLUMNS = (
    "SELECT o.id, o.slug, o.name,"
    " (SELECT {agg_alias} FROM registry_alias al WHERE al.organization_id = o.id) AS aliases,"
    " (SELECT {agg_country} FROM registry_organizationcountry oc"
    " WHERE oc.organization_id = o.id) AS countries"
    " FROM registry_organization o"
)
_ORG_SQLITE = _ORG_COLUMNS.format(
    agg_alias="group_concat(al.name, '; ')", agg_country="group_concat(oc.country_id, '; ')"
)
_ORG_PG = _ORG_COLUMNS.format(
    agg_alias="string_agg(al.name, '; ' ORDER BY lower(al.name), al.id)",
    agg_country="string_agg(oc.country_id, '; ' ORDER BY oc.role, oc.country_id)",
)

# The registry's rule: the normalized key of the name or of any alias contains the normalized
# text (what the registry's search asks; :pattern is like_pattern(search_key(q))). One id
# list from two lookups: an OR of the two would scan every organization.
# The rank (registry/selectors/search.py, held_rank): 0 when the primary name's key equals the
# text's, 0.25 when an alias's does, 1 when the primary name's starts with it, 1.5 when an
# alias's does, 1.75 when the primary name has the text's words at a word's start, else 2; the
# aliases' sets read once from the search-key indexes (a range on SQLite, LIKE 'key%' on
# PostgreSQL's pattern index).
# A name's leading article may be left out of the text (LEADING_ARTICLES): :a0... are the key
# after each article, :a0p... the same as LIKE prefixes. Then 1.75 when the primary name, as
# written, has the text's words at a word's start (:words, "% national action%").
_PREFIX = {
    "min": "(search_key >= {k} AND search_key < {k} || '{{')",
    "LEAST": "search_key LIKE {k}p",
}
_LIKE = {"min": "LIKE", "LEAST": "ILIKE"}
# :bare is the text's key without its own leading article ("{", which no key is, when it has
# none): the registry also finds the names holding it (without_article); the bench's terms have
# no leading article, so the matches below leave that out and the rank reads it as the registry.
_KEYS = [":key", *(f":a{i}" for i in range(len(LEADING_ARTICLES))), ":bare"]


def _prefixes(least: str) -> str:
    # on PostgreSQL, :key's own LIKE prefix is :prefix
    template = _PREFIX[least]
    return " OR ".join(
        template.format(k=k) if least == "min" or k != ":key" else "search_key LIKE :prefix"
        for k in _KEYS
    )


# A text in Arabic or Hebrew script also finds the names by its consonant readings (the
# registry's consonant_names: registry/words.py's consonant_readings, read from the indexes over
# registry/sql.py's ConsonantKey expression, written here as they write it): a key equal to the
# text's whole reading, rank 0; to a reading without its first words, 0.5; starting with a
# reading of five letters or more, 1. :c0 is the whole reading, :c1 and :c2 the shorter ones,
# each beside its "h"-less form and its range; a reading the text lacks is "{", which no key is.
# The ids are a common table read at the top of the statement: the expression's 27 nested
# replace() calls, inside the subqueries below, would overflow SQLite's parser stack.
_CONSONANTS = ConsonantKey.template % {"expressions": "search_key"}
READINGS = 3


def _consonant_selects(where: str, rank: str) -> list[str]:
    return [
        f"SELECT {column}, {rank} FROM {table} WHERE {where}"
        for column, table in (
            ("id", "registry_organization"),
            ("organization_id", "registry_alias"),
        )
    ]


_CONSONANT_IDS = "WITH same_consonants(id, rank) AS ({}) ".format(
    " UNION ALL ".join(
        _consonant_selects(f"{_CONSONANTS} IN (:c0, :c0_h)", "0")
        + _consonant_selects(f"{_CONSONANTS} IN (:c1, :c1_h, :c2, :c2_h)", "0.5")
        + [
            select
            for i in range(READINGS)
            for select in _consonant_selects(
                f"{_CONSONANTS} > :c{i}_start AND {_CONSONANTS} < :c{i}_after", "1"
            )
        ]
    )
)
_SAME_CONSONANTS = "SELECT id FROM same_consonants"


def _rank(org: str, least: str) -> str:
    prefix = _prefixes(least)
    own_prefix = prefix.replace("search_key", f"{org}.search_key")
    keys = ", ".join(_KEYS)
    name = f"' ' || REPLACE(REPLACE({org}.name, '-', ' '), '(', ' ')"
    return (
        f"CASE WHEN {org}.search_key IN ({keys}) OR {org}.id IN ({_SAME_CONSONANTS} WHERE rank = 0)"
        " THEN 0"
        f" WHEN {org}.id IN (SELECT organization_id FROM registry_alias"
        f" WHERE search_key IN ({keys})) THEN 0.25"
        f" WHEN {org}.id IN ({_SAME_CONSONANTS} WHERE rank = 0.5) THEN 0.5"
        f" WHEN {own_prefix} OR {org}.id IN ({_SAME_CONSONANTS}) THEN 1"
        f" WHEN {org}.id IN (SELECT organization_id FROM registry_alias WHERE {prefix}) THEN 1.5"
        f" WHEN {name} {_LIKE[least]} :words THEN 1.75"
        " ELSE 2 END"
    )


# A short text in Latin letters (registry: short_text, :short 1) counts only where a name starts
# with it (as the rank's prefixes read it: :key, after an article, :bare) or has a word starting
# with :key or :bare (:word_start, :word_start_bare: "% hts%"), its hyphens, brackets and slashes
# read as spaces and apostrophes left out (registry: at_word_start, name_words).
def _name_words(column: str) -> str:
    words = f"' ' || {column}"
    for old, new in (("-", " "), ("(", " "), ("/", " "), ("''", ""), ("\u2019", "")):
        words = f"REPLACE({words}, '{old}', '{new}')"
    return words


def _word_start(org: str, least: str) -> str:
    prefix = _prefixes(least)
    like = _LIKE[least]
    words = [
        f"{_name_words(column)} {like} {param}"
        for column in (f"{org}.name", "name")
        for param in (":word_start", ":word_start_bare")
    ]
    own = " OR ".join([prefix.replace("search_key", f"{org}.search_key"), *words[:2]])
    alias = " OR ".join([prefix, *words[2:]])
    return (
        f" AND (:short = 0 OR {own} OR {org}.id IN"
        f" (SELECT organization_id FROM registry_alias WHERE {alias}))"
    )


_KEY_WHERE = (
    " WHERE o.id IN (SELECT o2.id FROM registry_organization o2 WHERE o2.id IN ({matches})"
    "{word_start} ORDER BY {rank2}, lower(o2.name), o2.id LIMIT 50)"
    " ORDER BY {rank}, lower(o.name), o.id"
)
_KEY_LIKE = (
    "SELECT id FROM registry_organization WHERE search_key LIKE :pattern"
    " UNION SELECT organization_id FROM registry_alias WHERE search_key LIKE :pattern"
    f" UNION {_SAME_CONSONANTS}"
)
# On SQLite the registry keeps FTS5 trigram tables over the search keys (migration 0003);
# :phrase is registry.selectors.search.sqlite_match(key), :key the key, whose equality finds a
# key of two characters (no trigram). Same answer as the LIKE for keys of 2 characters or more.
_KEY_FTS = (
    "SELECT rowid FROM registry_organization_fts WHERE registry_organization_fts MATCH :phrase"
    " UNION SELECT a.organization_id FROM registry_alias a WHERE a.id IN"
    " (SELECT rowid FROM registry_alias_fts WHERE registry_alias_fts MATCH :phrase)"
    " UNION SELECT id FROM registry_organization WHERE search_key = :key"
    " UNION SELECT organization_id FROM registry_alias WHERE search_key = :key"
    f" UNION {_SAME_CONSONANTS}"
)
_SQLITE_RANKS = {
    "rank": _rank("o", "min"),
    "rank2": _rank("o2", "min"),
    "word_start": _word_start("o2", "min"),
}
_PG_RANKS = {
    "rank": _rank("o", "LEAST"),
    "rank2": _rank("o2", "LEAST"),
    "word_start": _word_start("o2", "LEAST"),
}
SEARCH_KEY_SQLITE = (
    _CONSONANT_IDS + _ORG_SQLITE + _KEY_WHERE.format(matches=_KEY_LIKE, **_SQLITE_RANKS)
)
SEARCH_KEY_SQLITE_FTS = (
    _CONSONANT_IDS + _ORG_SQLITE + _KEY_WHERE.format(matches=_KEY_FTS, **_SQLITE_RANKS)
)
SEARCH_KEY_PG = _CONSONANT_IDS + _ORG_PG + _KEY_WHERE.format(matches=_KEY_LIKE, **_PG_RANKS)


def key_params(text: str) -> dict[str, str]:
    """The parameters of SEARCH_KEY_* for a searched text."""
    key = search_key(text)
    readings = [r for r in consonant_readings(text) if len(r) >= 3][:READINGS]
    params = {"key": key, "prefix": f"{key}%", "pattern": like_pattern(key)}
    for i, article in enumerate(LEADING_ARTICLES):
        params[f"a{i}"], params[f"a{i}p"] = article + key, f"{article}{key}%"
    words = folded_words(text).split()
    bare = "".join(words[1:]) if len(words) > 1 and words[0] in LEADING_ARTICLES else "{"
    params["bare"], params["barep"] = bare, f"{bare}%"
    params["words"] = f"% {' '.join(words)}%" if words else None
    params["short"], params["word_start"] = int(short_text(text, key)), f"% {key}%"
    params["word_start_bare"] = f"% {bare}%" if bare != "{" else None
    for i in range(READINGS):
        # too short to be asked for, or not a reading of the text (registry: consonant_names)
        reading = readings[i] if i < len(readings) else "{"
        shorter = reading.removesuffix("h") if feminine_ending(text) else reading
        if i and len(reading) < 4:  # a shorter reading is asked for from four letters
            reading = shorter = "{"
        params[f"c{i}"] = reading
        params[f"c{i}_h"] = shorter if len(shorter) >= 3 else "{"
        starts = len(reading) >= 5 and reading != "{"
        params[f"c{i}_start"] = reading if starts else "{"
        params[f"c{i}_after"] = (key_after(reading) or "{") if starts else "{"
    return params


# Datasette's way: FTS5 trigram over the same names (organization names and aliases).
FTS_TABLE = "bench_names_fts"
FTS_SETUP_SQLITE = f"""
DROP TABLE IF EXISTS {FTS_TABLE};
CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(name, organization_id UNINDEXED, tokenize='trigram');
INSERT INTO {FTS_TABLE}(name, organization_id)
  SELECT name, id FROM registry_organization
  UNION ALL SELECT name, organization_id FROM registry_alias;
"""
SEARCH_FTS_SQLITE = (
    _ORG_SQLITE + " WHERE o.id IN (SELECT o2.id FROM registry_organization o2"
    f" WHERE o2.id IN (SELECT organization_id FROM {FTS_TABLE}"
    f" WHERE {FTS_TABLE} MATCH '\"' || replace(:q, '\"', '\"\"') || '\"')"
    " ORDER BY o2.name, o2.id LIMIT 50) ORDER BY o.name, o.id"
)


def like_pattern(key: str) -> str:
    """A LIKE pattern for "contains": a search key is [a-z0-9]*, so nothing needs escaping."""
    return f"%{key}%"


# --- scenario 3: one organization ------------------------------------------------------------

DETAIL = [
    "SELECT id, slug, name, kind, description, created_at, updated_at"
    " FROM registry_organization WHERE id = :id",
    "SELECT name, kind, script, language FROM registry_alias WHERE organization_id = :id"
    " ORDER BY organization_id, lower(name), id",
    "SELECT oc.country_id, c.name, oc.role, oc.confidence FROM registry_organizationcountry oc"
    " JOIN registry_country c ON c.code = oc.country_id WHERE oc.organization_id = :id"
    " ORDER BY oc.role, oc.country_id",
    "SELECT d.id, p.code, p.name, p.legal_basis, a.code, d.designated_on, d.designated_precision,"
    " d.revoked_on, d.revoked_precision, d.last_reviewed_on"
    + TABLES
    + " WHERE d.organization_id = :id ORDER BY p.code, d.designated_on, d.id",
    "SELECT e.designation_id, e.kind, e.signed_on, e.effective_on, e.effective_precision,"
    " e.citation, e.document_number FROM registry_designationevent e"
    " JOIN registry_designation d ON d.id = e.designation_id WHERE d.organization_id = :id"
    " ORDER BY e.designation_id, e.effective_on, e.id",
]


# --- scenario 4: the designations CSV --------------------------------------------------------


def _plus_years(column: str, years: str, dialect: str) -> str:
    """`column` + `years` years; 29 February falls back to 28 February (registry.dates)."""
    if dialect == "sqlite":
        target = f"(CAST(substr({column}, 1, 4) AS INTEGER) + {years})"
        return (
            f"CASE WHEN substr({column}, 6, 5) = '02-29'"
            f" THEN date(printf('%04d-02-28', {target})) ELSE date({column}, '+' || {years}"
            " || ' years') END"
        )
    return f"to_char({column} + make_interval(years => {years}), 'YYYY-MM-DD')"


def export_sql(dialect: str) -> str:
    today = ":today"
    if dialect == "sqlite":
        base = "max(d.designated_on, coalesce(d.last_reviewed_on, d.designated_on))"
        updated = "replace(d.updated_at, ' ', 'T') || 'Z'"
        urls = (
            "(SELECT group_concat(url, '; ') FROM (SELECT s.url FROM"
            " registry_designationevent_sources es JOIN registry_source s ON s.id = es.source_id"
            " WHERE es.designationevent_id = ev.id AND s.url <> '' ORDER BY s.key))"
        )
    else:
        base = "greatest(d.designated_on, d.last_reviewed_on)"
        # Python's isoformat() drops a zero fraction of a second; so does this.
        updated = (
            "regexp_replace(to_char(d.updated_at AT TIME ZONE 'UTC',"
            " 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '[.]000000$', '') || 'Z'"
        )
        urls = (
            "(SELECT string_agg(s.url, '; ' ORDER BY s.key)"
            " FROM registry_designationevent_sources es"
            " JOIN registry_source s ON s.id = es.source_id WHERE es.designationevent_id = ev.id"
            " AND s.url <> '')"
        )
    certainly_in = in_force(today, dialect)
    certainly_out = not_in_force(today, dialect)
    designated = _partial("d.designated_on", "d.designated_precision", dialect)
    revoked = _partial("d.revoked_on", "d.revoked_precision", dialect)

    # the last review's precision, and the clocks' at the precision of the day they run from
    review_precision = (
        "(SELECT e.effective_precision FROM registry_designationevent e"
        " WHERE e.designation_id = d.id AND e.kind = 'reviewed'"
        " ORDER BY e.effective_on DESC, e.id DESC LIMIT 1)"
    )
    reviewed = _partial("d.last_reviewed_on", review_precision, dialect)
    base_precision = (
        f"CASE WHEN d.last_reviewed_on > d.designated_on THEN {review_precision}"
        " ELSE d.designated_precision END"
    )

    def clock(years: str) -> str:
        due = _plus_years(base, years, dialect)  # YYYY-MM-DD text on both databases
        return (
            f"CASE WHEN {years} > 0 AND d.designated_on IS NOT NULL"
            f" AND d.revoked_on IS NULL THEN CASE {base_precision}"
            f" WHEN 'year' THEN substr({due}, 1, 4) WHEN 'month' THEN substr({due}, 1, 7)"
            f" ELSE {due} END END"
        )

    return (
        "SELECT d.id, d.organization_id, o.slug AS organization_slug, o.name AS organization,"
        f" {_countries(dialect)} AS countries, p.code AS program, p.name AS program_name,"
        " p.legal_basis, a.code AS authority,"
        f" CASE WHEN {_passed('revoked', today, dialect)} THEN 'revoked'"
        f" WHEN d.designated_on > {today} THEN 'pending'"
        f" WHEN {certainly_in} THEN 'active' ELSE 'unknown' END AS status,"
        f" CASE WHEN {certainly_in} THEN 'true' WHEN {certainly_out} THEN 'false' END AS in_force,"
        f" CASE WHEN ({certainly_in}) OR {certainly_out} THEN NULL"
        " WHEN d.designated_on IS NULL THEN 'its designation date is not known'"
        f" WHEN NOT {_passed('designated', today, dialect)}"
        f" THEN 'designated in ' || {designated} || ': the day is not known'"
        f" ELSE 'revoked in ' || {revoked} || ': the day is not known' END AS unknown_because,"
        f" {designated} AS designated_on, d.designated_precision,"
        f" {revoked} AS revoked_on, d.revoked_precision,"
        f" {reviewed} AS last_reviewed_on,"
        f" {clock('p.review_period_years')} AS next_review_due,"
        f" {clock('p.petition_period_years')} AS petition_opens_on,"
        " coalesce(ev.citation, '') AS citation, coalesce(ev.document_number, '')"
        " AS document_number,"
        f" {urls} AS source_urls,"
        f" {_events(dialect, None)} AS events,"
        f" {updated} AS updated_at"
        + TABLES
        + " LEFT JOIN registry_designationevent ev ON ev.designation_id = d.id"
        " AND ev.kind = 'designated'"
        " ORDER BY lower(o.name), p.code, d.designated_on, d.id"
    )


def pg(sql: str) -> str:
    """:name placeholders to psycopg's %(name)s (after doubling literal percent signs)."""
    return re.sub(r"(?<![:\w]):([a-z_][a-z0-9_]*)", r"%(\1)s", sql.replace("%", "%%"))


def literal(sql: str, params: dict[str, object]) -> str:
    """Placeholders replaced by quoted literals, for the command-line clients (psql, sqlite3)."""

    def quote(match: re.Match) -> str:
        return "'" + str(params[match.group(1)]).replace("'", "''") + "'"

    return re.sub(r"(?<![:\w]):([a-z_][a-z0-9_]*)", quote, sql)
