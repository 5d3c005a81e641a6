"""The database's own speed on the benchmark's questions: no HTTP, no framework.

    python -m bench.limits loop --backend sqlite --db FILE --params P --query list --seconds 10
    python -m bench.limits export --backend postgresql --db DSN --out FILE
    python -m bench.limits reference --backend sqlite --db FILE --params P

`loop` runs one question (list, search_key, search_fts, detail) over its rotating parameters in a
closed loop, in K processes, and prints requests/s and latency percentiles. `export` streams the
designations export through Python's csv writer (the floor for any Python server). `reference`
prints the ids each question returns, to check that every server answers the same. Each command
prints one JSON object.
"""

import argparse
import csv
import datetime as dt
import json
import multiprocessing
import os
import sqlite3
import time
from pathlib import Path

import django

from bench import sql

# The registry's own search plan (registry/selectors/search.py) is imported, and it belongs to a
# Django app: the app is set up once (no database is opened here but the benchmark's own).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
django.setup()

from registry.normalize import search_key  # noqa: E402
from registry.selectors.search import sqlite_match  # noqa: E402


def connect(backend: str, db: str, autocommit: bool = True):
    if backend == "sqlite":
        return sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    import psycopg

    return psycopg.connect(db, autocommit=autocommit)


def statements(
    query: str, backend: str, params: dict, fts_tables: bool = False
) -> list[tuple[str, list[dict]]]:
    """[(sql, [parameters per rotation step])] for one question; `fts_tables`: the SQLite file
    has the registry's FTS5 tables over the search keys."""
    dialect = "sqlite" if backend == "sqlite" else "postgresql"

    def native(text: str) -> str:
        return text if backend == "sqlite" else sql.pg(text)

    if query == "list":
        values = [{"program": p["program"], "as_of": p["as_of"]} for p in params["list"]]
        return [(native(sql.list_sql(dialect)), values)]
    if query == "search_key":
        texts = [p["q"] for p in params["search"]]
        keys = [search_key(text) for text in texts]
        if backend == "sqlite" and fts_tables and min(map(len, keys)) >= 2:
            values = [{"phrase": sqlite_match(search_key(t)), **sql.key_params(t)} for t in texts]
            return [(sql.SEARCH_KEY_SQLITE_FTS, values)]
        values = [sql.key_params(text) for text in texts]
        text = sql.SEARCH_KEY_SQLITE if backend == "sqlite" else sql.SEARCH_KEY_PG
        return [(native(text), values)]
    if query == "search_fts":
        return [(sql.SEARCH_FTS_SQLITE, [{"q": p["q"]} for p in params["search"]])]
    if query == "detail":
        values = [{"id": i} for i in params["detail"]]
        return [(native(text), values) for text in sql.DETAIL]
    raise ValueError(query)


def _percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def _worker(backend, db, steps, seconds, offset, queue):
    connection = connect(backend, db)
    cursor = connection.cursor()
    latencies, i = [], offset
    rotation = len(steps[0][1])
    end = time.perf_counter() + seconds
    while (start := time.perf_counter()) < end:
        for text, values in steps:
            cursor.execute(text, values[i % rotation])
            cursor.fetchall()
        latencies.append(time.perf_counter() - start)
        i += 1
    queue.put(latencies)


def has_key_fts(backend: str, db: str) -> bool:
    if backend != "sqlite":
        return False
    connection = connect(backend, db)
    name = "registry_alias_fts"
    found = connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    connection.close()
    return found is not None


def loop(args) -> dict:
    params = json.loads(Path(args.params).read_text(encoding="utf-8"))
    steps = statements(args.query, args.backend, params, has_key_fts(args.backend, args.db))
    # warm-up: every parameter once, so the measured loop reads from the cache as servers do
    connection = connect(args.backend, args.db)
    cursor = connection.cursor()
    for text, values in steps:
        for value in values:
            cursor.execute(text, value)
            cursor.fetchall()
    connection.close()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [
        context.Process(
            target=_worker, args=(args.backend, args.db, steps, args.seconds, k * 7, queue)
        )
        for k in range(args.procs)
    ]
    for worker in workers:
        worker.start()
    latencies = sorted(x for _ in workers for x in queue.get())
    for worker in workers:
        worker.join()
    return {
        "query": args.query,
        "backend": args.backend,
        "procs": args.procs,
        "seconds": args.seconds,
        "requests": len(latencies),
        "rps": len(latencies) / args.seconds,
        "p50_ms": _percentile(latencies, 50) * 1e3,
        "p99_ms": _percentile(latencies, 99) * 1e3,
    }


def export(args) -> dict:
    dialect = "sqlite" if args.backend == "sqlite" else "postgresql"
    text = sql.export_sql(dialect)
    today = {"today": dt.datetime.now(dt.UTC).date().isoformat()}
    started = time.perf_counter()
    rows = 0
    connection = connect(args.backend, args.db, autocommit=False)  # a server-side cursor
    with open(args.out, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        if args.backend == "sqlite":
            cursor = connection.execute(text, today)
        else:
            cursor = connection.cursor(name="export")
            cursor.itersize = 2000
            cursor.execute(sql.pg(text), today)
        header = False
        while batch := cursor.fetchmany(2000):
            if not header:
                writer.writerow([column[0] for column in cursor.description])
                header = True
            writer.writerows(batch)
            rows += len(batch)
    return {"seconds": time.perf_counter() - started, "rows": rows}


def reference(args) -> dict:
    params = json.loads(Path(args.params).read_text(encoding="utf-8"))
    out = {}
    connection = connect(args.backend, args.db)
    cursor = connection.cursor()
    queries = ["list", "search_key"] + (["search_fts"] if args.backend == "sqlite" else [])
    for query in queries:
        [(text, values)] = statements(
            query, args.backend, params, has_key_fts(args.backend, args.db)
        )
        out[query] = []
        for value in values:
            cursor.execute(text, value)
            out[query].append([row[0] for row in cursor.fetchall()])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("loop", "export", "reference"):
        command = commands.add_parser(name)
        command.add_argument("--backend", choices=["sqlite", "postgresql"], required=True)
        command.add_argument("--db", required=True, help="SQLite file or PostgreSQL DSN")
        if name != "export":
            command.add_argument("--params", required=True)
        if name == "loop":
            choices = ["list", "search_key", "search_fts", "detail"]
            command.add_argument("--query", choices=choices, required=True)
            command.add_argument("--seconds", type=float, default=10)
            command.add_argument("--procs", type=int, default=1)
        if name == "export":
            command.add_argument("--out", required=True)
    args = parser.parse_args()
    print(json.dumps({"loop": loop, "export": export, "reference": reference}[args.command](args)))


if __name__ == "__main__":
    main()
