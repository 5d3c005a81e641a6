"""The benchmark's questions as plain SQL over the registry's own tables (SQLite and PostgreSQL).

The peers and the limits ask exactly what the API asks:

- LIST (scenario 1): the first 100 designations of one program in force on a day, in the API's
  order (organization name, program, designation date, id), with the organization's name, slug
  and countries, the program, authority and legal basis, the dates, and the timeline as it stood.
- SEARCH (scenario 2): the first 50 organizations, by name, whose name or any alias contains the
  text. `SEARCH_KEY_*` is the registry's own rule (the normalized `search_key` columns, computed
  by registry.normalize.search_key); `SEARCH_FTS_SQLITE` is what Datasette offers: an FTS5
  trigram index over the same names (case-insensitive; accents count, SQLite 3.40 has no
  remove_diacritics for trigrams).
- DETAIL (scenario 3): one organization with its aliases, countries, designations and events.
- EXPORT (scenario 4): every designation with the columns of the API's designation CSV
  (registry/api/columns.py), computed by the database: status and in-force on `:today`, dates
  shown with their precision, the review and petition clocks, the designating event's citation,
  the timeline. Ordered as the API orders it.

Placeholders are :name (sqlite3, Datasette) and %(name)s (psycopg); `pg()` converts.
"""

import re

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


def _countries(dialect: str) -> str:
    if dialect == "sqlite":
        return (
            "(SELECT group_concat(country_id, '; ') FROM (SELECT oc.country_id"
            " FROM registry_organizationcountry oc WHERE oc.organization_id = d.organization_id"
            " ORDER BY oc.role, oc.country_id))"
        )
    return (
        "(SELECT string_agg(oc.country_id, '; ' ORDER BY oc.role, oc.country_id)"
        " FROM registry_organizationcountry oc WHERE oc.organization_id = d.organization_id)"
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
        "SELECT d.id" + TABLES + " WHERE p.code = :program AND d.designated_on IS NOT NULL"
        f" AND d.designated_on <= {as_of} AND (d.revoked_on IS NULL OR d.revoked_on > {as_of})"
        " ORDER BY o.name, p.code, d.designated_on, d.id LIMIT 100"
    )
    return (
        "SELECT d.id, d.organization_id, o.slug AS organization_slug, o.name AS organization,"
        f" {_countries(dialect)} AS countries, p.code AS program, a.code AS authority,"
        " p.legal_basis, d.designated_on, d.designated_precision, d.last_reviewed_on,"
        f" {_events(dialect, as_of)} AS events" + TABLES + f" WHERE d.id IN ({page})"
        " ORDER BY o.name, p.code, d.designated_on, d.id"
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
    agg_alias="string_agg(al.name, '; ' ORDER BY al.name)",
    agg_country="string_agg(oc.country_id, '; ' ORDER BY oc.role, oc.country_id)",
)

# The registry's rule: the normalized key of the name or of any alias contains the normalized
# text (what the registry's search asks; :pattern is like_pattern(search_key(q))). One id
# list from two lookups: an OR of the two would scan every organization.
_KEY_WHERE = (
    " WHERE o.id IN (SELECT o2.id FROM registry_organization o2 WHERE o2.id IN ({matches})"
    " ORDER BY o2.name, o2.id LIMIT 50) ORDER BY o.name, o.id"
)
_KEY_LIKE = (
    "SELECT id FROM registry_organization WHERE search_key LIKE :pattern"
    " UNION SELECT organization_id FROM registry_alias WHERE search_key LIKE :pattern"
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
)
SEARCH_KEY_SQLITE = _ORG_SQLITE + _KEY_WHERE.format(matches=_KEY_LIKE)
SEARCH_KEY_SQLITE_FTS = _ORG_SQLITE + _KEY_WHERE.format(matches=_KEY_FTS)
SEARCH_KEY_PG = _ORG_PG + _KEY_WHERE.format(matches=_KEY_LIKE)

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
    " ORDER BY organization_id, name, id",
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
        true, false = "'true'", "'false'"
        updated = "replace(d.updated_at, ' ', 'T') || 'Z'"
        reviewed = "d.last_reviewed_on"
        urls = (
            "(SELECT group_concat(s.url, '; ') FROM registry_designationevent_sources es"
            " JOIN registry_source s ON s.id = es.source_id WHERE es.designationevent_id = ev.id"
            " AND s.url <> '')"
        )
    else:
        base = "greatest(d.designated_on, d.last_reviewed_on)"
        true, false = "'true'", "'false'"
        # Python's isoformat() drops a zero fraction of a second; so does this.
        updated = (
            "regexp_replace(to_char(d.updated_at AT TIME ZONE 'UTC',"
            " 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '[.]000000$', '') || 'Z'"
        )
        reviewed = "to_char(d.last_reviewed_on, 'YYYY-MM-DD')"
        urls = (
            "(SELECT string_agg(s.url, '; ' ORDER BY s.id)"
            " FROM registry_designationevent_sources es"
            " JOIN registry_source s ON s.id = es.source_id WHERE es.designationevent_id = ev.id"
            " AND s.url <> '')"
        )
    in_force = f"d.designated_on <= {today} AND (d.revoked_on IS NULL OR d.revoked_on > {today})"

    def clock(years: str) -> str:
        return (
            f"CASE WHEN {years} IS NOT NULL AND d.designated_on IS NOT NULL"
            f" AND d.revoked_on IS NULL THEN {_plus_years(base, years, dialect)} END"
        )

    return (
        "SELECT d.id, d.organization_id, o.slug AS organization_slug, o.name AS organization,"
        f" {_countries(dialect)} AS countries, p.code AS program, a.code AS authority,"
        " p.legal_basis,"
        f" CASE WHEN d.revoked_on IS NOT NULL AND d.revoked_on <= {today} THEN 'revoked'"
        f" WHEN d.designated_on > {today} THEN 'pending' ELSE 'active' END AS status,"
        f" CASE WHEN {in_force} THEN {true} ELSE {false} END AS in_force,"
        f" {_partial('d.designated_on', 'd.designated_precision', dialect)} AS designated_on,"
        " d.designated_precision,"
        f" {_partial('d.revoked_on', 'd.revoked_precision', dialect)} AS revoked_on,"
        " d.revoked_precision,"
        f" {reviewed} AS last_reviewed_on,"
        f" {clock('p.review_period_years')} AS next_review_due,"
        f" {clock('p.petition_period_years')} AS petition_opens_on,"
        " ev.citation, ev.document_number,"
        f" {urls} AS source_urls,"
        f" {_events(dialect, None)} AS events,"
        f" {updated} AS updated_at"
        + TABLES
        + " LEFT JOIN registry_designationevent ev ON ev.designation_id = d.id"
        " AND ev.kind = 'designated'"
        " ORDER BY o.name, p.code, d.designated_on, d.id"
    )


def pg(sql: str) -> str:
    """:name placeholders to psycopg's %(name)s (after doubling literal percent signs)."""
    return re.sub(r"(?<![:\w]):([a-z_]+)", r"%(\1)s", sql.replace("%", "%%"))


def literal(sql: str, params: dict[str, object]) -> str:
    """Placeholders replaced by quoted literals, for the command-line clients (psql, sqlite3)."""

    def quote(match: re.Match) -> str:
        return "'" + str(params[match.group(1)]).replace("'", "''") + "'"

    return re.sub(r"(?<![:\w]):([a-z_]+)", quote, sql)
