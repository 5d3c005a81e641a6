"""The screening benchmark's typed names (bench/screening.py): made from the database's names,
the same for the same seed, a third as written, a third one slip away, a third made up; and its
targets read from a run's results."""

import sqlite3

from rapidfuzz.distance import Levenshtein

from bench import report, screening


def database(tmp_path, count=90):
    path = tmp_path / "registry.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE registry_organization (id INTEGER PRIMARY KEY, name TEXT)")
        connection.executemany(
            "INSERT INTO registry_organization (name) VALUES (?)",
            [(f"Frente Armado Numero{i:03d} del Norte",) for i in range(count)],
        )
    return str(path)


def test_typed_names_are_seeded_and_mixed(tmp_path):
    db = database(tmp_path)
    names = screening.typed_names("sqlite", db, 30, seed=7)
    assert names == screening.typed_names("sqlite", db, 30, seed=7)
    assert names != screening.typed_names("sqlite", db, 30, seed=8)
    stored = set(screening.database_names("sqlite", db, 90, seed=1))
    as_written, slipped = names[0::3], names[1::3]
    assert all(name in stored for name in as_written)
    assert all(name not in stored for name in slipped)
    assert all(min(Levenshtein.distance(name, s) for s in stored) in (1, 2) for name in slipped)


def test_a_smaller_file_is_held_to_the_same_pace():
    registry = {"bulk": {"rows": 2000, "command": {"exit_status": 0, "seconds": 20.0}}}
    found = []
    report.screening_targets(lambda *row, **_: found.append(row), "sqlite", registry)
    (target,) = [row for row in found if row[2].startswith("bulk 2,000")]
    assert target[4] == 12.0 and target[5] is False


def test_screening_targets_are_read_from_a_run():
    registry = {
        "match": {"c8": {"p99_ms": 61.0}},
        "bulk": {
            "rows": 10000,
            "api": {"http_status": 200, "seconds": 41.0, "server_memory_peak": {}},
            "command": {"exit_status": 0, "seconds": 39.5, "peak_rss_mb": 120.0},
        },
    }
    found = []
    report.screening_targets(lambda *row, **_: found.append(row), "sqlite", registry)
    met = {row[2]: row[5] for row in found}
    assert met["match p99 at c=8 < 50 ms"] is False
    assert met["bulk 10,000 names (api) < 60 s (60 s a 10,000)"] is True
    assert met["bulk (command) peak RSS < 200 MB"] is True
