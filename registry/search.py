"""The name search's plan: which index finds the organizations whose keys contain a key.

The rule is `OrganizationQuerySet.search`'s: an organization matches when the search key of its
name or of any alias (registry.normalize.search_key) contains the searched key. A search key
holds only the characters `KEY_CHARACTERS`. This module, ending in `organization_condition`,
says how each database answers that from an index instead of reading every key:

- PostgreSQL: pg_trgm GIN indexes over both `search_key` columns (migration 0002), which serve
  `LIKE '%key%'` and regular expressions.
- SQLite: FTS5 trigram tables over both columns (migration 0003), queried with MATCH.

Trigrams need three characters. A key of two (`zs`, from the Arabic "زاسا") still has an index
path: in a key of three characters or more, it is always the start or the end of a trigram
(`zs?` or `?zs`, `?` any key character, 72 trigrams at most), and a shorter key that holds it is
the key itself (the btree index on `search_key`). Measured at 100,000 organizations: 7 ms instead
of 46 ms on SQLite, 5 instead of 19 ms on PostgreSQL (docs/benchmarks.md, scenario 2). A single
character is in most names and reads the keys (LIKE): there an index would read as much.
"""

import string

from django.db.models import F, Lookup, Q
from django.db.models.expressions import RawSQL

KEY_CHARACTERS = string.ascii_lowercase + string.digits
KEY_CHARACTER_CLASS = "[a-z0-9]"  # the same characters, in a regular expression
TRIGRAM = 3


def neighbouring_trigrams(key: str) -> list[str]:
    """The trigrams that start or end with `key` (two characters): one of them holds each
    place `key` appears in a longer search key."""
    return sorted({key + c for c in KEY_CHARACTERS} | {c + key for c in KEY_CHARACTERS})


# --- SQLite: FTS5 ------------------------------------------------------------------------------

# Keys are letters and digits only, so a quoted trigram or key is a plain FTS5 phrase.
SQLITE_FTS = (
    "SELECT rowid FROM registry_organization_fts WHERE registry_organization_fts MATCH %s "
    "UNION SELECT a.organization_id FROM registry_alias a WHERE a.id IN "
    "(SELECT rowid FROM registry_alias_fts WHERE registry_alias_fts MATCH %s)"
)
SQLITE_EQUAL = (
    " UNION SELECT id FROM registry_organization WHERE search_key = %s"
    " UNION SELECT organization_id FROM registry_alias WHERE search_key = %s"
)


def sqlite_match(key: str) -> str:
    """The FTS5 query for a key of two characters or more: the key itself as a phrase, or
    the trigrams that hold a two-character key."""
    if len(key) >= TRIGRAM:
        return f'"{key}"'
    return " OR ".join(f'"{trigram}"' for trigram in neighbouring_trigrams(key))


def sqlite_ids(key: str) -> RawSQL:
    """The ids of the matching organizations, for a key of two characters or more."""
    match = sqlite_match(key)
    if len(key) >= TRIGRAM:
        return RawSQL(SQLITE_FTS, [match, match])
    return RawSQL(SQLITE_FTS + SQLITE_EQUAL, [match, match, key, key])


# --- PostgreSQL (and any key on a database without a plan of its own): a condition -------------


def key_condition(key: str, vendor: str) -> Q:
    """The condition on a `search_key` column for "contains `key`", in the form the database's
    trigram index serves (PostgreSQL needs a regular expression for two characters)."""
    if vendor == "postgresql" and len(key) == TRIGRAM - 1:
        held = f"({key}{KEY_CHARACTER_CLASS}|{KEY_CHARACTER_CLASS}{key})"
        return Q(search_key__regex=held) | Q(search_key=key)
    return Q(search_key__contains=key)


# --- the plan --------------------------------------------------------------------------------


def organization_ids(key: str, vendor: str):
    """The ids of the organizations whose name or any alias has a search key containing `key`
    (not empty), as a subquery for `pk__in`, read from the index `vendor`'s database has."""
    if vendor == "sqlite" and len(key) >= TRIGRAM - 1:
        return sqlite_ids(key)
    from .models import Alias, Organization  # the model modules import this one

    # One id list from two index-served lookups (trigram GIN on PostgreSQL); an OR of the two
    # conditions would make the planner scan every organization.
    condition = key_condition(key, vendor)
    # .order_by(): the models' default orderings are not allowed inside a UNION subquery
    by_name = Organization.objects.filter(condition).values("pk").order_by()
    by_alias = Alias.objects.filter(condition).values("organization_id").order_by()
    return by_name.union(by_alias)


class EqualsAny(Lookup):
    """`lhs = ANY(rhs)`, rhs an array (PostgreSQL)."""

    lookup_name = "equals_any"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def organization_condition(key: str, vendor: str) -> Q | Lookup:
    """The condition on an organization for "its name or an alias contains `key`" (not empty).

    On PostgreSQL, `id = ANY(ARRAY(ids))` rather than `id IN (ids)`: the ids are gathered once
    and each organization is read by its primary key. Given `IN`, the planner hashes the matches
    and joins them to all 100,000 organizations in name order once it expects a few thousand
    (`zs`, 2,448 matches: 17.9 against 11.5 ms for a page and its count; every bench term is as
    fast or faster, docs/benchmarks.md, scenario 2)."""
    ids = organization_ids(key, vendor)
    if vendor == "postgresql":
        # Imported here: django.contrib.postgres loads psycopg, which SQLite never needs.
        from django.contrib.postgres.expressions import ArraySubquery

        return EqualsAny(F("pk"), ArraySubquery(ids))
    return Q(pk__in=ids)
