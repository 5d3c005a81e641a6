"""The evaluation harness of `make eval-match` (bench/eval_match/) counts what it claims to count:
a hidden alias is really hidden while it is screened and back afterwards, trivial and shared
aliases are told apart, negatives that match are counted and listed, and the pair figures are
precision, recall and F1. The peers' side needs var/eval-venv and is run by `make eval-match`
only."""

import datetime as dt

import pytest

from bench.eval_match import loao, negatives
from bench.eval_match.metrics import best_f1, confusion, mean_absolute_error
from registry.models import Alias, Organization
from registry.screening.matcher import DEFAULT_THRESHOLD, Query, screen_query

TODAY = dt.date(2026, 12, 5)


def test_precision_recall_and_f1_of_scores_against_labels():
    scores = [0.95, 0.85, 0.82, 0.6, 0.3]
    labels = [True, False, True, True, False]
    at = confusion(scores, labels, 0.8)
    assert (at["tp"], at["fp"], at["fn"], at["tn"]) == (2, 1, 1, 1)
    assert at["precision"] == at["recall"] == at["f1"] == pytest.approx(2 / 3, abs=1e-4)
    # at 0.6 every match is found and one non-match is taken: P 3/4, R 1, F1 6/7
    best = best_f1(scores, labels)
    assert best["threshold"] == 0.5 and best["f1"] == pytest.approx(6 / 7, abs=1e-4)
    assert mean_absolute_error([100, 90, 80], [100, 88, 85]) == pytest.approx(7 / 3, abs=0.01)


@pytest.fixture
def hizballah(seeded_db):
    return Organization.objects.get(name="Hizballah")


def cases_of(*organizations):
    pks = [o.pk for o in organizations]
    names = loao.in_force_names(TODAY, Organization.objects.filter(pk__in=pks))
    return names, loao.hidden_alias_cases(names)


def test_a_hidden_alias_is_found_by_the_names_that_remain(hizballah):
    names, cases = cases_of(hizballah)
    assert names[hizballah.pk][0] == "Hizballah"
    assert len(cases) == hizballah.aliases.count() == len(names[hizballah.pk]) - 1
    case = next(c for c in cases if c.alias == "Hizbollah")
    assert not case.trivial  # "hizbollah" is none of the remaining keys

    shown = screen_query(Query(name="Hizbollah"), DEFAULT_THRESHOLD, 5, TODAY)
    assert shown["results"][0]["score"] == 1.0  # held: the same key

    outcome = loao.screen_hidden(case, DEFAULT_THRESHOLD, TODAY)
    assert outcome.first and outcome.matched
    assert outcome.first_name == "Hizballah"
    assert DEFAULT_THRESHOLD <= outcome.expected_score < 1.0  # found by another spelling
    assert Alias.objects.filter(pk=case.alias_id, name="Hizbollah").exists()  # rolled back


def test_an_alias_with_no_spelling_in_common_is_a_miss_and_listed(hizballah):
    _, cases = cases_of(hizballah)
    case = next(c for c in cases if c.alias == "PARTY OF GOD")
    outcome = loao.screen_hidden(case, DEFAULT_THRESHOLD, TODAY)
    assert not (outcome.first and outcome.matched)
    [miss] = loao.misses([(case, outcome)])
    assert miss["alias"] == "PARTY OF GOD" and miss["organization"] == "Hizballah"
    assert miss["first"] == outcome.first_name


def test_trivial_and_shared_aliases_are_flagged(hizballah):
    Alias.objects.create(organization=hizballah, name="HIZBALLAH")  # the primary name's key
    Alias.objects.create(organization=hizballah, name="Ha-mas")  # another organization's key
    names, cases = cases_of(hizballah, Organization.objects.get(name="HAMAS"))
    flags = {c.alias: (c.trivial, c.shared) for c in cases if c.organization == "Hizballah"}
    assert flags["HIZBALLAH"] == (True, False)
    assert flags["Ha-mas"] == (False, True)
    assert flags["Hizbollah"] == (False, False)
    assert {c.organization for c in cases} == {"Hizballah", "HAMAS"}


def test_the_summary_counts_each_subset():
    def case(trivial, shared):
        return loao.HiddenAlias(
            0, "a", 1, "Org", "acronym" if trivial else "strong", trivial, shared
        )

    def outcome(first, matched):
        return loao.Outcome(1 if first else 2, "x", 0.9, 0.9, first, matched)

    pairs = [
        (case(True, False), outcome(True, True)),
        (case(False, True), outcome(False, True)),
        (case(False, False), outcome(True, False)),
        (case(False, False), outcome(True, True)),
    ]
    counts = loao.summary(pairs)
    assert counts["all"] == {
        "aliases": 4,
        "first": 3,
        "recall_at_1": 0.75,
        "matched": 3,
        "match_rate": 0.75,
    }
    assert (counts["non_trivial"]["aliases"], counts["non_trivial"]["first"]) == (3, 2)
    assert counts["non_trivial_not_shared"]["recall_at_1"] == 1.0
    assert counts["non_trivial_not_shared"]["match_rate"] == 0.5
    assert counts["recall_at_1_by_kind"] == {"acronym": 1.0, "strong": 0.666667}
    assert len(loao.misses(pairs)) == 2


def test_negatives_that_match_are_counted_with_and_without_their_country(seeded_db, tmp_path):
    path = tmp_path / "negatives.csv"
    path.write_text(
        "name,country,category,shares_with,source\n"
        "Hizbollah,LB,test,Hizballah,a designated name: must count as matched\n"
        "International Committee of the Red Cross,CH,humanitarian,,\n"
        "Sunrise Bakery,XX,company,,\n",
        encoding="utf-8",
    )
    rows, problems = negatives.read_negatives(path)
    assert [r.country for r in rows] == ["LB", "CH", None]
    assert problems == ["line 4: country 'XX' is not ISO alpha-2"]

    found = negatives.screen_negatives(rows, DEFAULT_THRESHOLD, TODAY)
    assert found["without_country"] == {"names": 3, "matched": 1, "share": 0.333333}
    assert found["with_country"] == {"names": 2, "matched": 1, "share": 0.5}
    [matched] = found["matched"]
    assert matched["name"] == "Hizbollah"
    assert matched["without_country"]["organization"] == "Hizballah"


def test_a_negatives_file_without_its_columns_is_refused(tmp_path):
    path = tmp_path / "negatives.csv"
    path.write_text("name,country\nAcme,US\n", encoding="utf-8")
    with pytest.raises(ValueError, match="category, shares_with, source"):
        negatives.read_negatives(path)
