"""A bounded load on the API: `make load` (python -m tests.e2e.load).

gunicorn with production settings (2 workers) serves a seeded throwaway SQLite database on
127.0.0.1; LOAD_CONNECTIONS client threads (default 32), each with its own keep-alive
http.client connection, request the organization list and the search `?q=cartel` in turn for
LOAD_SECONDS (default 30). Requests per second, latency percentiles and errors (any status but
200, any exception) go to bench/results/load.json and the terminal; the exit status is 1 when
there was any error. The throttles are off for the run (REGISTRY_THROTTLE_ANON=off): the
load comes from one address, and the point is to measure the API, not the throttle.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from tests.e2e.servers import ROOT, RegistryServer, throwaway_database

PATHS = ["/api/v1/organizations/", "/api/v1/organizations/?q=cartel"]
RESULTS = ROOT / "bench" / "results" / "load.json"
# The fuzzer and the load test are each one very busy client from one address: the throttles
# (which have their own tests) are off so that these measure the API, not the throttle (a
# raised rate would still keep a timestamp per request, tens of thousands in the shared cache).
BUSY_CLIENT = {"REGISTRY_THROTTLE_ANON": "off", "REGISTRY_THROTTLE_USER": "off"}


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def run_load(base_url: str, *, seconds: float, connections: int, paths=PATHS) -> dict:
    """Hit `paths` from `connections` threads for `seconds`; figures per path and overall."""
    host, port = base_url.removeprefix("http://").split(":")
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    lock = threading.Lock()
    start_gate = threading.Barrier(connections + 1)
    deadline_box: list[float] = []

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        mine: dict[str, list[float]] = defaultdict(list)
        my_errors: dict[str, list[str]] = defaultdict(list)
        turn = number
        start_gate.wait()
        deadline = deadline_box[0]
        while time.monotonic() < deadline:
            path = paths[turn % len(paths)]
            turn += 1
            began = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Accept": "application/json"})
                response = connection.getresponse()
                body = response.read()
                elapsed = time.perf_counter() - began
                if response.status != 200 or not body.startswith(b"{"):
                    my_errors[path].append(f"HTTP {response.status}")
                else:
                    mine[path].append(elapsed)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()  # reopened by the next request
            except (OSError, http.client.HTTPException) as exc:
                my_errors[path].append(type(exc).__name__)
                connection.close()
        connection.close()
        with lock:
            for path, values in mine.items():
                latencies[path].extend(values)
            for path, values in my_errors.items():
                errors[path].extend(values)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    deadline_box.append(time.monotonic() + seconds)
    began = time.monotonic()
    start_gate.wait()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began

    def figures(values: list[float], failed: list[str]) -> dict:
        ordered = sorted(values)
        return {
            "requests": len(values) + len(failed),
            "ok": len(values),
            "errors": len(failed),
            "error_kinds": dict(sorted({kind: failed.count(kind) for kind in failed}.items())),
            "requests_per_second": round((len(values) + len(failed)) / wall, 1),
            "latency_ms": {
                "mean": round(statistics.fmean(ordered) * 1000, 1) if ordered else 0.0,
                "p50": round(percentile(ordered, 0.50) * 1000, 1),
                "p90": round(percentile(ordered, 0.90) * 1000, 1),
                "p99": round(percentile(ordered, 0.99) * 1000, 1),
                "max": round(ordered[-1] * 1000, 1) if ordered else 0.0,
            },
        }

    every_latency = [v for values in latencies.values() for v in values]
    every_error = [e for values in errors.values() for e in values]
    return {
        "seconds": round(wall, 1),
        "connections": connections,
        "overall": figures(every_latency, every_error),
        "paths": {path: figures(latencies[path], errors[path]) for path in paths},
    }


def git_commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() or "unknown"


def main() -> int:
    seconds = float(os.environ.get("LOAD_SECONDS", "30"))
    connections = int(os.environ.get("LOAD_CONNECTIONS", "32"))
    workers = int(os.environ.get("LOAD_WORKERS", "2"))
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="registry-load-") as tmp:
        workdir = Path(tmp)
        # The seeded SQLite database `make run` serves, whatever DATABASE_URL says.
        with throwaway_database(workdir, base_url="") as database_url:
            server = RegistryServer(
                database_url, workdir=workdir, workers=workers, extra_env=BUSY_CLIENT
            )
            print(f"Preparing a seeded SQLite database in {workdir} ...", flush=True)
            server.prepare()
            with server.running():
                print(
                    f"Load: {connections} connections for {seconds:.0f} s on {server.url} "
                    f"({', '.join(PATHS)}); gunicorn, {workers} workers, production settings",
                    flush=True,
                )
                run_load(server.url, seconds=2, connections=4)  # warm up the workers
                figures = run_load(server.url, seconds=seconds, connections=connections)
    report = {
        "what": "bounded load on the read API (tests/e2e/load.py, `make load`)",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "server": {
            "app_server": f"gunicorn, {workers} sync workers, 127.0.0.1",
            "settings": "production (DJANGO_DEBUG=0); HTTPS-only settings off for plain HTTP",
            "database": "SQLite (seeded, throwaway)",
            "throttle": "REGISTRY_THROTTLE_ANON and REGISTRY_THROTTLE_USER off for the run",
        },
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            # Other work on the machine shares its CPUs with the server: read the figures with it.
            "load_average_1min_before": round(load_before, 2),
        },
        **figures,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    overall = figures["overall"]
    for path, numbers in figures["paths"].items():
        latency = numbers["latency_ms"]
        print(
            f"{path:40} {numbers['requests_per_second']:8.1f} req/s  p50 {latency['p50']:7.1f} ms"
            f"  p99 {latency['p99']:7.1f} ms  errors {numbers['errors']}"
        )
    print(
        f"{'overall':40} {overall['requests_per_second']:8.1f} req/s  "
        f"p50 {overall['latency_ms']['p50']:7.1f} ms  p99 {overall['latency_ms']['p99']:7.1f} ms"
        f"  errors {overall['errors']} of {overall['requests']}"
    )
    print(f"Figures written to {RESULTS.relative_to(ROOT)}")
    return 1 if overall["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
