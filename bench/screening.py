"""Scenario 7, name screening (issue 20), on the benchmark's databases:

- `match`: POST /api/v1/match/ with one typed name a request, rotating over NAMES of them, at 32
  and 8 connections (wrk, bench/wrk/rotate.lua with BENCH_POST);
- `bulk`: POST /api/v1/match/bulk/ with a CSV of BULK_ROWS typed names (curl), its time and the
  server's peak memory meanwhile; then `manage.py screen` on the same file, its time and its
  peak RSS (the kernel's count for that process, os.wait4).

Typed names are made from the database's own organization names, deterministically (seeded): a
third as written, a third with one typing slip (a letter dropped, doubled or swapped with the
next), a third made up of words of two other organizations (most match nothing).
"""

import csv
import json
import os
import random
import sqlite3
import subprocess
import time
from pathlib import Path

from bench import procs

NAMES = 600  # typed names the match scenario rotates over
BULK_ROWS = int(os.environ.get("BENCH_BULK_ROWS", "10000"))  # issue 20 asks for 10,000


def database_names(backend: str, db: str, count: int, seed: int) -> list[str]:
    """`count` organization names of the database, picked at random (seeded)."""
    query = "SELECT name FROM registry_organization ORDER BY id"
    if backend == "sqlite":
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
            names = [row[0] for row in connection.execute(query)]
    else:
        import psycopg

        with psycopg.connect(db) as connection:
            names = [row[0] for row in connection.execute(query)]
    return random.Random(seed).sample(names, min(count, len(names)))


def slip(name: str, rng: random.Random) -> str:
    """`name` with one typing slip in one of its longer words."""
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 4] or [0]
    i = rng.choice(long)
    word = words[i]
    at = rng.randrange(1, max(2, len(word) - 1))
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:at] + word[at + 1 :]
    elif kind == 1:
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
    words[i] = word
    return " ".join(words)


def typed_names(backend: str, db: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = database_names(backend, db, count * 2, seed)
    typed = []
    for i in range(count):
        name = names[i]
        if i % 3 == 0:
            typed.append(name)
        elif i % 3 == 1:
            typed.append(slip(name, rng))
        else:
            other = names[(i * 7 + count) % len(names)].split()
            mixed = name.split()[: max(1, len(name.split()) // 2)] + other[len(other) // 2 :]
            typed.append(" ".join(mixed))
    return typed


def match(base: str, backend: str, db: str, args, work: Path, log) -> dict:
    bodies = [
        json.dumps({"queries": {"q": {"name": name}}}, ensure_ascii=False)
        for name in typed_names(backend, db, NAMES, args.seed)
    ]
    out = {"names": len(bodies)}
    for connections in (32, 8):
        label = f"registry-{backend}-match"
        result = procs.wrk(
            base,
            bodies,
            connections=connections,
            seconds=args.duration,
            workdir=work,
            label=label,
            probe=base + "/api/v1/",
            post_to="/api/v1/match/",
        )
        out[f"c{connections}"] = result
        log(f"  {label} c={connections}: {result['rps']} req/s, p99 {result['p99_ms']} ms")
    return out


def names_file(backend: str, db: str, seed: int, work: Path) -> Path:
    path = work / f"screen-{backend}-{BULK_ROWS}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name"])
        writer.writerows([name] for name in typed_names(backend, db, BULK_ROWS, seed + 1))
    return path


def bulk(base: str, pid: int, dataset, args, work: Path, log, python: Path, root: Path) -> dict:
    backend = dataset.backend
    source = names_file(backend, dataset.db, args.seed, work)
    out: dict = {"rows": BULK_ROWS}
    target = work / f"screened-{backend}-api.csv"
    cmd = ["curl", "-sS", "--max-time", "900", "-o", str(target)]
    cmd += ["-w", "%{http_code} %{time_total}"]
    cmd += ["-F", f"file=@{source}", base + "/api/v1/match/bulk/"]
    before = procs.memory_mb(pid)
    with procs.MemorySampler(pid) as sampler:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=960)
    code, seconds = done.stdout.split()
    out["api"] = {
        "http_status": int(code),
        "seconds": round(float(seconds), 1),
        "output_rows": sum(1 for _ in target.open(encoding="utf-8")) - 1,
        "server_memory_before": {k: round(v, 1) for k, v in before.items()},
        "server_memory_peak": {k: round(v, 1) for k, v in sampler.peak.items()},
    }
    log(f"  bulk {BULK_ROWS} names over the API on {backend}: {out['api']['seconds']} s")
    target.unlink()

    target = work / f"screened-{backend}-command.csv"
    started = time.monotonic()
    with (work / f"screen-{backend}.log").open("w") as log_file:
        process = subprocess.Popen(
            [str(python), "manage.py", "screen", str(source), "--out", str(target)],
            cwd=root,
            env=dataset.env(DJANGO_DEBUG="0"),
            stdout=log_file,
            stderr=log_file,
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    out["command"] = {
        "exit_status": process.returncode,
        "seconds": round(time.monotonic() - started, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "command": f".venv-serve/bin/python manage.py screen {source.name} --out results.csv",
    }
    log(f"  bulk {BULK_ROWS} names by the command on {backend}: {out['command']}")
    target.unlink(missing_ok=True)
    return out
