"""Scenario 5: the full OFAC sdn.csv import, then the same file again (nothing to change).

The file comes from SDN_CSV (the harness never reads a path of its own choosing); it is copied,
with its alt.csv / add.csv when they sit beside it, into the run's scratch directory. Each backend
gets a fresh, seeded registry (`manage.py seed`, as `make run` leaves it) in a database of its own
(var/bench/.../import.sqlite3, or PostgreSQL bench_import); `manage.py import_list` then runs twice
under /usr/bin/time, which gives the wall time and the peak resident memory of each run.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_NAME = "bench_import"


def _copy(source: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    for name in (source.name, "alt.csv", "add.csv"):
        candidate = source.with_name(name)
        if candidate.exists():
            shutil.copy(candidate, into / name)
    return into / source.name


def _database(backend: str, work: Path) -> str:
    if backend == "sqlite":
        path = work / "import.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    for statement in (f'DROP DATABASE IF EXISTS "{PG_NAME}"', f'CREATE DATABASE "{PG_NAME}"'):
        subprocess.run(["psql", "-X", "-q", f"{PG}/postgres", "-c", statement], check=True)
    return f"{PG}/{PG_NAME}"


def _timed(cmd: list[str], env: dict) -> dict:
    time_file = Path(env["BENCH_TIME_FILE"])
    done = subprocess.run(
        ["/usr/bin/time", "-o", str(time_file), "-f", "%e %M", *cmd],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
    seconds, peak_kb = time_file.read_text().split()[-2:]
    summary = [line for line in done.stdout.splitlines() if line.strip()][:8]
    return {"seconds": float(seconds), "peak_rss_mb": round(int(peak_kb) / 1024, 1), "out": summary}


def measure(backend: str, args, work: Path, log) -> dict:
    source = Path(args.sdn_csv)
    if not source.exists():
        sys.exit(f"bench: SDN_CSV={source} does not exist")
    path = _copy(source, work / "sdn")
    env = dict(
        os.environ,
        DATABASE_URL=_database(backend, work),
        DJANGO_SECRET_KEY="bench-import",
        BENCH_TIME_FILE=str(work / "time.txt"),
    )
    for step in (["migrate", "-v0"], ["seed", "-v0"]):
        subprocess.run(
            [PYTHON, "manage.py", *step], cwd=ROOT, env=env, check=True, capture_output=True
        )
    command = [PYTHON, "manage.py", "import_list", "ofac-sdn-csv", str(path)]
    command += ["--as-of", args.sdn_as_of]
    first = _timed(command, env)
    log(f"  import {backend}: {first['seconds']} s, {first['peak_rss_mb']} MB")
    again = _timed(command, env)
    log(f"  re-import {backend}: {again['seconds']} s, {again['peak_rss_mb']} MB")
    return {
        "file": source.name,
        "bytes": source.stat().st_size,
        "as_of": args.sdn_as_of,
        "import": first,
        "reimport": again,
        "reimport_over_import": round(again["seconds"] / first["seconds"], 3),
    }
