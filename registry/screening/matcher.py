"""Name screening: which designated organizations a typed name may be, scored, explained, on a day.

For each query the candidates are the organizations the registry's one name search finds
(`screening_candidates`, registry/selectors/search.py: the index-served search the API's `q`
runs, and the names of similar spelling it proposes), among those with a designation in force on
the query's day (`as_of`, or today: the in-force rule of registry/querysets.py), found by the
names they had that day (`carried_q`, the same file). The best `CANDIDATES` of each are scored on
every name they had that day (registry/screening/scoring.py); those scoring `RESULT_FLOOR` or
more are returned, best first, `match` telling whether they reach the threshold. Each result
shows the organization in brief and its designations in force that day, as the organization and
designation resources declare them (registry/resources/): nothing is re-declared here.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from ..dates import ReferenceDay
from ..models import Alias, Designation, Organization
from ..querysets import carried_q
from ..resources import designations, organizations
from ..resources.spec import Context, Spec
from ..selectors.search import screening_candidates
from ..selectors.state import last_write
from .scoring import (
    ACRONYM,
    ALGORITHM,
    WEAK,
    OrganizationScore,
    as_written,
    names_a_country,
    score_organization,
)

DEFAULT_THRESHOLD = 0.8
DEFAULT_LIMIT = 5
MAX_LIMIT = 50
MAX_QUERIES = 100
CANDIDATES = 50  # how many of the search's best candidates are scored
RESULT_FLOOR = 0.5  # below this a candidate is not shown at all


@dataclass(frozen=True)
class Query:
    name: str
    country: str | None = None  # ISO alpha-2, upper case
    as_of: dt.date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "as_of": self.as_of.isoformat() if self.as_of else None,
        }


def data_version() -> str:
    """The registry's state: the time of its newest write (what the change feed has reached)."""
    written, _ = last_write()
    return written.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if written else "empty"


def candidates(query: Query, reference: ReferenceDay) -> list[int]:
    """The ids of the organizations in force on the day that the name search proposes."""
    in_force = Designation.objects.in_force(on=reference.day).filter(organization=OuterRef("pk"))
    designated = Organization.objects.filter(Exists(in_force))
    return screening_candidates(query.name, designated, CANDIDATES, reference.day)


# The kinds of alias the comparator reads apart (registry/screening/scoring.py: `compare_name`).
COMPARED_APART = {Alias.Kind.WEAK: WEAK, Alias.Kind.ACRONYM: ACRONYM}


def names_and_kinds(
    ids: list[int], day: dt.date
) -> tuple[dict[int, list[str]], dict[int, dict[str, str]]]:
    """Each organization's names on `day` (its primary name first, then the aliases it had that
    day), and the kind of those of them that are weak aliases or acronyms (a name held as both a
    strong alias and a weak one is read as strong)."""
    names: dict[int, list[str]] = {}
    kinds: dict[int, dict[str, str]] = {}
    for pk, name in Organization.objects.filter(pk__in=ids).values_list("pk", "name"):
        names.setdefault(pk, []).insert(0, name)
    aliases = Alias.objects.filter(carried_q(day), organization_id__in=ids).order_by("name", "id")
    for pk, name, kind in aliases.values_list("organization_id", "name", "kind"):
        names.setdefault(pk, []).append(name)
        if kind in COMPARED_APART:
            kinds.setdefault(pk, {})[name] = COMPARED_APART[kind]
    for pk, apart in kinds.items():
        for name in [n for n in apart if names[pk].count(n) > 1]:
            del apart[name]  # also the primary name, or an alias of another kind
    return names, kinds


def names_of(ids: list[int], day: dt.date) -> dict[int, list[str]]:
    """Each organization's names on `day`: its primary name first, then its aliases."""
    return names_and_kinds(ids, day)[0]


def designations_in_force(ids: list[int], context: Context) -> dict[int, list[dict]]:
    """The designations in force on the context's day of each organization, as an organization
    shows them nested."""
    found = (
        Designation.objects.in_force(on=context.reference.day)
        .filter(organization_id__in=ids)
        .order_by("program__code", "id")
        .values_list("organization_id", "pk")
    )
    owners = {pk: owner for owner, pk in found}
    grouped: dict[int, list[dict]] = {}
    shown = designations.RESOURCE.json(list(owners), context, designations.SPEC.NESTED)
    for designation in shown:
        grouped.setdefault(owners[designation["id"]], []).append(designation)
    return grouped


@dataclass
class Ranking:
    """A query's candidates scored on the day, best first (`RESULT_FLOOR` or more), with the
    names each had that day (its primary name first) and the briefs read to compare countries."""

    context: Context
    scored: list[tuple[int, OrganizationScore]]
    names: dict[int, list[str]]
    briefs: dict[int, dict]


def rank(query: Query, today: dt.date, request: Any = None) -> Ranking:
    """Every candidate scored. The organizations' briefs are read here only when the query
    gives a country or its name names one ("El Salvador"), which the scores compare with the
    brief's countries."""
    reference = ReferenceDay.of(query.as_of, today)
    context = Context(reference=reference, request=request)
    ids = candidates(query, reference)
    names, kinds = names_and_kinds(ids, reference.day)
    by_country = bool(query.country) or names_a_country(query.name)
    briefs = organizations_brief(ids if by_country else [], context)
    scored = []
    for pk in ids:
        countries = briefs[pk]["countries"] if by_country else []
        result = score_organization(
            query.name, query.country, names.get(pk, []), countries, kinds.get(pk, {})
        )
        if result.score >= RESULT_FLOOR:
            scored.append((pk, result))
    scored = as_written(query.name, scored)
    scored.sort(key=lambda s: (-s[1].score, names[s[0]][0], s[0]))
    return Ranking(context, scored, names, briefs)


def screen_query(
    query: Query, threshold: float, limit: int, today: dt.date, request: Any = None
) -> dict[str, Any]:
    """The response to one query: the query as read, and its best `limit` results, each with
    the organization in brief, the reasons for its score and its designations in force."""
    ranking = rank(query, today, request)
    shown = [pk for pk, _ in ranking.scored[:limit]]
    briefs = ranking.briefs or organizations_brief(shown, ranking.context)
    in_force = designations_in_force(shown, ranking.context)
    results = [
        {
            "organization": briefs[pk],
            "score": result.score,
            "match": result.score >= threshold,
            "matched_name": result.named.name,
            "explanations": [reason.as_dict() for reason in result.explanations],
            "designations": in_force.get(pk, []),
        }
        for pk, result in ranking.scored[:limit]
    ]
    return {"query": query.as_dict(), "results": results}


def organizations_brief(ids: list[int], context: Context) -> dict[int, dict]:
    """The organizations in brief, by id."""
    return {row["id"]: row for row in organizations.RESOURCE.json(ids, context, Spec.BRIEF)}


def screen(
    queries: Mapping[str, Query],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int = DEFAULT_LIMIT,
    today: dt.date,
    request: Any = None,
) -> dict[str, Any]:
    """The answer to a batch of queries (keyed as the client keyed them), without its receipt."""
    version = data_version()
    responses = {
        key: screen_query(query, threshold, limit, today, request) for key, query in queries.items()
    }
    return {
        "responses": responses,
        "threshold": threshold,
        "limit": limit,
        "algorithm": ALGORITHM,
        "data_version": version,
    }
