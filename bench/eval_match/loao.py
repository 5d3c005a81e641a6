"""Leave one alias out: can the registry find an organization by a name it does not hold?

For every alias of every organization with a designation in force on the day, the alias is
deleted inside a transaction that is rolled back, and screened by the registry's own matcher
(`screen_query`, the function behind POST /api/v1/match/) as a client would send it. The
organization should come first (recall@1) and be a match at the threshold.

An alias whose key (registry/normalize.py) equals that of a name the organization keeps is found
by the key alone ("HAMAS" once "Hamas" remains): the non-trivial cases are the others. An alias
whose key is also a name of another organization in force ("Islamic Jihad") cannot be told apart
by its name: those are counted too (`shared`). Needs Django set up.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from registry.models import Alias, Designation, Organization
from registry.normalize import search_key
from registry.screening.matcher import Query, names_of, screen_query

from .metrics import share

LIMIT = 5  # results asked for, as the API's default


def in_force_names(today: dt.date, organizations=None) -> dict[int, list[str]]:
    """The names the matcher scores (primary first, then every alias) of each organization
    (of `organizations`, all by default) with a designation in force on `today`."""
    organizations = Organization.objects.all() if organizations is None else organizations
    in_force = Designation.objects.in_force(on=today).filter(organization=OuterRef("pk"))
    ids = list(organizations.filter(Exists(in_force)).order_by("pk").values_list("pk", flat=True))
    names = names_of(ids, today)
    return {pk: names[pk] for pk in ids}


@dataclass(frozen=True)
class HiddenAlias:
    alias_id: int
    alias: str
    organization_id: int
    organization: str  # its primary name
    kind: str  # the alias's kind: strong, weak, former, acronym, translation
    trivial: bool  # the alias's key is also the key of a name the organization keeps
    shared: bool  # the alias's key is the key of a name of another organization in force


def without(names: list[str], alias: str) -> list[str]:
    """An organization's names without the alias (its primary name, first, always stays)."""
    return names[:1] + [n for n in names[1:] if n != alias]


def hidden_alias_cases(names: dict[int, list[str]]) -> list[HiddenAlias]:
    """One case per alias of the organizations of `names` (as `in_force_names` gives them)."""
    owners: dict[str, set[int]] = {}
    for pk, held in names.items():
        for name in held:
            owners.setdefault(search_key(name), set()).add(pk)
    aliases = (
        Alias.objects.filter(organization_id__in=list(names))
        .order_by("organization_id", "name", "id")
        .values_list("pk", "organization_id", "name", "kind")
    )
    cases = []
    for alias_id, pk, name, kind in aliases:
        key = search_key(name)
        remaining = without(names[pk], name)
        cases.append(
            HiddenAlias(
                alias_id=alias_id,
                alias=name,
                organization_id=pk,
                organization=names[pk][0],
                kind=kind,
                trivial=key in {search_key(n) for n in remaining},
                shared=bool(owners.get(key, set()) - {pk}),
            )
        )
    return cases


@dataclass(frozen=True)
class Outcome:
    """Where the expected organization landed for one query."""

    first_id: int | None
    first_name: str | None
    first_score: float | None
    expected_score: float | None  # None: not among the results
    first: bool
    matched: bool


def registry_outcome(answer: dict, expected: int) -> Outcome:
    """The outcome of a `screen_query` answer."""
    results = answer["results"]
    top = results[0] if results else None
    mine = next((r for r in results if r["organization"]["id"] == expected), None)
    return Outcome(
        first_id=top["organization"]["id"] if top else None,
        first_name=top["organization"]["name"] if top else None,
        first_score=top["score"] if top else None,
        expected_score=mine["score"] if mine else None,
        first=bool(top) and top["organization"]["id"] == expected,
        matched=bool(mine) and mine["match"],
    )


def screen_hidden(case: HiddenAlias, threshold: float, today: dt.date) -> Outcome:
    """Screen the alias with the alias deleted; the deletion is rolled back."""
    with transaction.atomic():
        Alias.objects.filter(pk=case.alias_id).delete()
        answer = screen_query(Query(name=case.alias), threshold, LIMIT, today)
        transaction.set_rollback(True)
    return registry_outcome(answer, case.organization_id)


def peer_outcome(
    ranked: dict, expected: int, threshold: float, names: dict[int, list[str]]
) -> Outcome:
    """The outcome of a peer's rank answer (bench/eval_match/peers.py)."""
    top = ranked["top"][0] if ranked["top"] else None
    score = ranked["expected"]
    return Outcome(
        first_id=top[0] if top else None,
        first_name=names[top[0]][0] if top else None,
        first_score=top[1] if top else None,
        expected_score=score,
        first=bool(top) and top[0] == expected,
        matched=score is not None and score >= threshold,
    )


def summary(pairs: Iterable[tuple[HiddenAlias, Outcome]]) -> dict:
    """Counts for all cases, the non-trivial ones, and the non-trivial ones no other
    organization in force shares."""
    pairs = list(pairs)
    subsets = {
        "all": pairs,
        "non_trivial": [(c, o) for c, o in pairs if not c.trivial],
        "non_trivial_not_shared": [(c, o) for c, o in pairs if not c.trivial and not c.shared],
    }
    counts = {}
    for label, subset in subsets.items():
        first = sum(o.first for _, o in subset)
        matched = sum(o.matched for _, o in subset)
        counts[label] = {
            "aliases": len(subset),
            "first": first,
            "recall_at_1": share(first, len(subset)),
            "matched": matched,
            "match_rate": share(matched, len(subset)),
        }
    counts["recall_at_1_by_kind"] = {
        kind: share(sum(o.first for c, o in pairs if c.kind == kind), n)
        for kind, n in sorted(Counter(c.kind for c, _ in pairs).items())
    }
    return counts


def misses(pairs: Iterable[tuple[HiddenAlias, Outcome]]) -> list:
    """The cases where the organization was not first or not a match: what was hidden, what was
    expected, and what came first."""
    shown = []
    for case, outcome in pairs:
        if outcome.first and outcome.matched:
            continue
        shown.append(
            {
                **{k: v for k, v in asdict(case).items() if k != "alias_id"},
                "expected_score": outcome.expected_score,
                "first": outcome.first_name,
                "first_score": outcome.first_score,
                "was_first": outcome.first,
                "matched": outcome.matched,
            }
        )
    return shown
