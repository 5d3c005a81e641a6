"""`make bench`: the registry next to Datasette and the database's own limits, in one run.

    .venv/bin/python -m bench.run [--n 100000] [--backends sqlite,postgresql] [--docs]

Steps, each bounded in time: load the generated data into SQLite and PostgreSQL through the
registry's write path (cached per size and seed under var/bench/), measure the limits (sqlite3
-csv, psql \\copy, raw SQL loops), serve the same SQLite file with Datasette, serve the registry
with gunicorn (production settings, 2 workers) on each database, load every server with wrk from
this machine (127.0.0.1 only), count SQL queries per request, and, with SDN_CSV set, time the
OFAC import. Results: bench/results/<run>.json and .md; --docs also rewrites the results section
of docs/benchmarks.md. See docs/benchmarks.md for the scenarios and every knob.
"""

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from bench import imports, peers, procs, report, screening, sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
WORK = Path(os.environ.get("BENCH_WORK", ROOT / "var" / "bench"))
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# The registry is served from the runtime-only virtualenv `make run` uses (Makefile, SERVE_VENV).
SERVE_BIN = ROOT / ".venv-serve" / "bin"
PORTS = {"sqlite": 8110, "postgresql": 8111, "datasette": 8120}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(cmd, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    done = subprocess.run(cmd, **kwargs)
    if check and done.returncode != 0:
        raise RuntimeError(f"{cmd[:6]} failed ({done.returncode}):\n{(done.stderr or '')[-3000:]}")
    return done


def psql(*args: str, db: str = "postgres") -> str:
    return run(["psql", "-X", "-qtA", f"{PG}/{db}", *args]).stdout.strip()


# --- data --------------------------------------------------------------------------------------


class Dataset:
    """One loaded database: where it is, the questions to ask it, what it holds."""

    def __init__(self, backend: str, n: int, seed: int):
        self.backend, self.n, self.seed = backend, n, seed
        self.dir = WORK / f"n{n}-s{seed}" / backend
        self.pg_name = f"bench_n{n}_s{seed}"
        self.file = self.dir / "registry.sqlite3"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.file}" if self.backend == "sqlite" else f"{PG}/{self.pg_name}"

    @property
    def db(self) -> str:
        """What sqlite3 / psycopg / psql take."""
        return str(self.file) if self.backend == "sqlite" else self.url

    def manifest(self) -> dict | None:
        path = self.dir / "manifest.json"
        if not path.exists():
            return None
        manifest = json.loads(path.read_text())
        if self.backend == "sqlite":
            present = self.file.exists()
        else:
            comment = psql(
                "-c",
                f"SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                f" WHERE datname = '{self.pg_name}'",
            )
            present = comment == f"bench {manifest['fingerprint']}"
        return manifest if present else None

    def params(self) -> dict:
        return json.loads((self.dir / "params.json").read_text(encoding="utf-8"))

    def env(self, **extra: str) -> dict:
        return dict(os.environ, DATABASE_URL=self.url, DJANGO_SECRET_KEY=SECRET, **extra)

    def start_load(self) -> subprocess.Popen | None:
        from bench import generate

        manifest = self.manifest()
        if manifest and manifest.get("generator_version") == generate.GENERATOR_VERSION:
            return None
        log(f"loading {self.backend} n={self.n} (first run for this size; cached afterwards)")
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        if self.backend == "postgresql":  # only databases this harness names bench_n*_s*
            psql("-c", f'DROP DATABASE IF EXISTS "{self.pg_name}"')
            psql("-c", f'CREATE DATABASE "{self.pg_name}"')
        cmd = [PYTHON, "-m", "bench.load", "--n", str(self.n), "--seed", str(self.seed)]
        return procs.start([*cmd, "--out", str(self.dir)], self.dir / "load.log", self.env(), ROOT)

    def finish_load(self) -> None:
        manifest = json.loads((self.dir / "manifest.json").read_text())
        if self.backend == "postgresql":
            psql(
                "-c", f"COMMENT ON DATABASE \"{self.pg_name}\" IS 'bench {manifest['fingerprint']}'"
            )

    def migrate(self) -> None:
        """New migrations (an index, say) apply to the cached data instead of reloading it."""
        if self.backend == "sqlite" and self.file.exists():
            # SQLite rebuilds a table to add a NOT NULL column, and refuses to while a view reads
            # it: the Datasette export view goes first (prepare_sqlite makes it again).
            peers.drop_export_view(self.file)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=self.env())
        if self.backend == "postgresql":
            # A migration that rewrites rows (0005 fills a column) clears the visibility map, and
            # index-only scans (the in-force COUNT) visit the heap until a VACUUM; autovacuum may
            # be off, as on the bench machine. A no-op when nothing changed.
            psql("-c", "VACUUM (ANALYZE)", db=self.pg_name)


def prepare(backends: list[str], n: int, seed: int) -> dict[str, Dataset]:
    sets = {backend: Dataset(backend, n, seed) for backend in backends}
    loading = {b: p for b, p in ((b, s.start_load()) for b, s in sets.items()) if p}
    for backend, process in loading.items():
        if process.wait() != 0:
            tail = (sets[backend].dir / "load.log").read_text()[-2000:]
            raise RuntimeError(f"loading {backend} failed:\n{tail}")
        procs.STARTED.remove(process)
        sets[backend].finish_load()
    for dataset in sets.values():
        dataset.migrate()
        if dataset.backend == "sqlite":  # what a Datasette user adds: FTS index, export view
            peers.prepare_sqlite(dataset.file)
    return sets


SECRET = secrets.token_urlsafe(40)


# --- limits ------------------------------------------------------------------------------------


def export_literal(dialect: str) -> str:
    return sql.literal(sql.export_sql(dialect), {"today": dt.datetime.now(dt.UTC).date()})


def cli_dump(dataset: Dataset, out: Path) -> list[str]:
    if dataset.backend == "sqlite":
        return ["sqlite3", "-csv", "-header", str(dataset.file), export_literal("sqlite")]
    copy = f"\\copy ({export_literal('postgresql')}) to stdout with (format csv, header)"
    return ["psql", "-X", "-q", dataset.url, "-c", copy]


def limits(dataset: Dataset, args, work: Path, loops: bool = True) -> dict:
    out: dict = {}
    name = "sqlite3 -csv" if dataset.backend == "sqlite" else "psql \\copy"
    dump = work / f"limit-{dataset.backend}.csv"
    times = []
    for _ in range(3):
        started = time.perf_counter()
        with open(dump, "w") as handle:
            run(cli_dump(dataset, dump), stdout=handle, capture_output=False)
        times.append(time.perf_counter() - started)
    out["csv"] = {"tool": name, "seconds": round(sorted(times)[1], 2), "runs": len(times)}
    out["csv"]["mbytes"] = round(dump.stat().st_size / 1e6, 1)
    common = ["--backend", dataset.backend, "--db", dataset.db]
    floor = work / "python-floor.csv"
    done = run([PYTHON, "-m", "bench.limits", "export", *common, "--out", str(floor)], cwd=ROOT)
    out["csv_python_floor"] = {k: round(v, 2) for k, v in json.loads(done.stdout).items()}
    floor.unlink()
    params = ["--params", str(dataset.dir / "params.json")]
    queries = ["list", "search_key", "detail"] + (
        ["search_fts"] if dataset.backend == "sqlite" else []
    )
    if not loops:
        queries = []
    for query in queries:
        for processes in (1, 2):
            cmd = [PYTHON, "-m", "bench.limits", "loop", *common, *params, "--query", query]
            cmd += ["--seconds", str(args.limit_seconds), "--procs", str(processes)]
            result = json.loads(run(cmd, cwd=ROOT).stdout)
            out.setdefault(query, {})[f"procs{processes}"] = {
                k: round(result[k], 2) for k in ("rps", "p50_ms", "p99_ms")
            }
    log(f"  limits {dataset.backend}: {json.dumps(out)}")
    return out


def reference(dataset: Dataset) -> dict:
    cmd = [PYTHON, "-m", "bench.limits", "reference", "--backend", dataset.backend]
    cmd += ["--db", dataset.db, "--params", str(dataset.dir / "params.json")]
    return json.loads(run(cmd, cwd=ROOT).stdout)


# --- servers -----------------------------------------------------------------------------------


def measure(base: str, paths: list[str], args, work: Path, label: str, probe: str) -> dict:
    out = {}
    for connections in (32, 8):
        result = procs.wrk(
            base,
            paths,
            connections=connections,
            seconds=args.duration,
            workdir=work,
            label=label,
            probe=base + probe,
        )
        out[f"c{connections}"] = result
        log(f"  {label} c={connections}: {result['rps']} req/s, p99 {result['p99_ms']} ms")
    return out


def same_ids(got: list[list[int]], want: list[list[int]]) -> str:
    return f"{sum(g == w for g, w in zip(got, want, strict=True))}/{len(want)}"


def datasette(dataset: Dataset, params: dict, ref: dict, args, work: Path) -> dict:
    out: dict = {}
    meta = peers.metadata(work / "datasette-metadata.json")
    port = PORTS["datasette"]
    server = procs.start(peers.command(dataset.file, meta, port), work / "datasette.log")
    base = f"http://127.0.0.1:{port}"
    try:
        out["ready_s"] = round(procs.wait_ready(base + "/-/versions.json", server), 1)
        out["version"] = procs.get_json(base + "/-/versions.json")["datasette"]["version"]
        urls = peers.paths(params)
        if "csv" in args.scenarios:
            out["csv"] = procs.download(
                base + urls["csv"][0], work / "datasette.csv", args.csv_timeout, server.pid
            )
            reference = work / "limit-sqlite.csv"  # written by the `limits` scenario
            if reference.exists():
                out["csv"]["same_rows_as_limit"] = report.compare_csv(
                    reference, work / "datasette.csv"
                )
        got = [[r["id"] for r in procs.get_json(base + p)] for p in urls["list"]]
        out["list_same_ids"] = same_ids(got, ref["list"])
        got = [[r["id"] for r in procs.get_json(base + p)] for p in urls["search"]]
        out["search_same_ids_as_fts"] = same_ids(got, ref["search_fts"])
        out["list"] = measure(base, urls["list"], args, work, "datasette-list", "/-/versions.json")
        out["search"] = measure(
            base, urls["search"], args, work, "datasette-search", "/-/versions.json"
        )
    finally:
        procs.stop(server)
    return out


def registry_paths(params: dict) -> dict[str, list[str]]:
    paths = {
        "list": [
            "/api/v1/designations/?"
            + urlencode({"program": p["program"], "as_of": p["as_of"], "page_size": 100})
            for p in params["list"]
        ],
        "search": [
            "/api/v1/organizations/?" + urlencode({"q": p["q"], "page_size": 50})
            for p in params["search"]
        ],
        "detail": [f"/api/v1/organizations/{i}/" for i in params["detail"]],
        "csv": ["/api/v1/designations/?format=csv"],
    }
    for name in ("list", "search"):  # the same questions, answered in brief
        paths[f"{name}_brief"] = [f"{path}&brief=true" for path in paths[name]]
    return paths


def gunicorn(dataset: Dataset, port: int, work: Path) -> subprocess.Popen:
    env = dataset.env(
        DJANGO_DEBUG="0",
        DJANGO_SECURE_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        REGISTRY_THROTTLE_ANON="off",
        REGISTRY_THROTTLE_USER="off",
    )
    if not (SERVE_BIN / "gunicorn").exists():
        raise SystemExit(f"{SERVE_BIN} is missing: `make bench` installs it (Makefile, SERVE_VENV)")
    cmd = [str(SERVE_BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"]  # as make run
    cmd += ["--workers", "2"]
    cmd += ["--bind", f"127.0.0.1:{port}", "--timeout", "600"]
    return procs.start(cmd, work / f"gunicorn-{dataset.backend}.log", env, ROOT)


def registry(
    dataset: Dataset, params: dict, ref: dict, args, work: Path, csv_only: bool = False
) -> dict:
    port = PORTS[dataset.backend]
    server = gunicorn(dataset, port, work)
    base = f"http://127.0.0.1:{port}"
    urls = registry_paths(params)
    out: dict = {}
    try:
        out["ready_s"] = round(procs.wait_ready(base + "/api/v1/", server), 1)
        out["idle_memory"] = {k: round(v, 1) for k, v in procs.memory_mb(server.pid).items()}
        if "csv" in args.scenarios:
            # A server in service, not a fresh one: both workers serve list pages first. A
            # worker's first request imports what the views need (DRF's optional extras among
            # them) and its heap keeps what its pages allocated: 25 MB more than a fresh
            # worker, so a fresh server's peak depended on which worker took the export.
            procs.wrk(
                base,
                urls["list"] + urls["list_brief"],
                connections=4,
                seconds=3,
                workdir=work,
                label="warm-up",
                probe=base + "/api/v1/",
            )
            out["warm_memory"] = {k: round(v, 1) for k, v in procs.memory_mb(server.pid).items()}
            csv = work / f"registry-{dataset.backend}.csv"
            out["csv"] = procs.download(base + urls["csv"][0], csv, args.csv_timeout, server.pid)
            limit = work / f"limit-{dataset.backend}.csv"
            out["csv"]["same_rows_as_limit"] = report.compare_csv(limit, csv)
            csv.unlink()
            log(f"  registry {dataset.backend} csv: {json.dumps(out['csv'])}")
        if csv_only:
            return out
        pages = [procs.get_json(base + p) for p in urls["list"]]
        out["list_same_ids"] = same_ids(
            [[r["id"] for r in p["results"]] for p in pages], ref["list"]
        )
        out["list_counts_match"] = all(
            page["count"] == p["in_force"] for page, p in zip(pages, params["list"], strict=True)
        )
        pages = [procs.get_json(base + p) for p in urls["search"]]
        got = [[r["id"] for r in p["results"]] for p in pages]
        out["search_same_ids"] = same_ids(got, ref["search_key"])
        if dataset.backend == "sqlite":
            out["search_same_ids_as_datasette_fts"] = same_ids(got, ref["search_fts"])
            overlap = [
                len(set(g) & set(w)) / max(1, len(set(g) | set(w)))
                for g, w in zip(got, ref["search_fts"], strict=True)
            ]
            out["search_overlap_with_datasette_fts"] = round(sum(overlap) / len(overlap), 2)
        for scenario in ("list", "search"):
            pages = [procs.get_json(base + p) for p in urls[f"{scenario}_brief"]]
            got = [[r["id"] for r in p["results"]] for p in pages]
            out[f"{scenario}_brief_same_ids"] = same_ids(
                got, ref["list" if scenario == "list" else "search_key"]
            )
        for scenario in ("list", "list_brief", "search", "search_brief", "detail"):
            if scenario.removesuffix("_brief") in args.scenarios:
                label = f"registry-{dataset.backend}-{scenario}"
                out[scenario] = measure(base, urls[scenario], args, work, label, "/api/v1/")
        if "match" in args.scenarios:
            out["match"] = screening.match(base, dataset.backend, dataset.db, args, work, log)
        if "bulk" in args.scenarios:
            python = SERVE_BIN / "python"
            out["bulk"] = screening.bulk(base, server.pid, dataset, args, work, log, python, ROOT)
        out["vm_hwm_mb"] = round(procs.memory_mb(server.pid)["rss_max_process_mb"], 1)
    finally:
        procs.stop(server)
    return out


def querycount(dataset: Dataset) -> dict:
    env = dataset.env(DJANGO_DEBUG="0", DJANGO_SECURE_HTTPS="0", DJANGO_ALLOWED_HOSTS="127.0.0.1")
    env.update(REGISTRY_THROTTLE_ANON="off", REGISTRY_THROTTLE_USER="off")
    cmd = [PYTHON, "-m", "bench.querycount", "--params", str(dataset.dir / "params.json")]
    return json.loads(run(cmd, cwd=ROOT, env=env).stdout)


# --- the run -----------------------------------------------------------------------------------


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((x.split(":", 1)[1].strip() for x in cpuinfo if x.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next(int(x.split()[1]) for x in meminfo if x.startswith("MemTotal"))
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": psql("-c", "SHOW server_version"),
        "wrk": run(["wrk", "-v"], check=False).stdout.split("\n")[0][:40],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    env = os.environ.get
    parser.add_argument("--n", type=int, default=int(env("N", "100000")), help="organizations")
    parser.add_argument("--seed", type=int, default=int(env("SEED", "42")))
    parser.add_argument("--backends", default=env("BACKENDS", "sqlite,postgresql"))
    default_scenarios = "limits,datasette,list,search,detail,csv,queries,import,match,bulk"
    parser.add_argument("--scenarios", default=env("SCENARIOS", default_scenarios))
    parser.add_argument("--duration", type=int, default=int(env("DURATION", "15")))
    parser.add_argument("--limit-seconds", type=int, default=int(env("LIMIT_SECONDS", "5")))
    parser.add_argument("--csv-timeout", type=int, default=int(env("CSV_TIMEOUT", "300")))
    parser.add_argument("--sdn-csv", default=env("SDN_CSV", ""), help="OFAC sdn.csv to import")
    parser.add_argument("--sdn-as-of", default=env("SDN_AS_OF", "2024-05-03"))
    parser.add_argument("--label", default=env("LABEL", ""), help="suffix of the result files")
    parser.add_argument(
        "--scales",
        default=env("SCALES", "5000"),
        help="other sizes (organizations) at which only the CSV export is measured",
    )
    parser.add_argument("--docs", action="store_true", help="rewrite docs/benchmarks.md results")
    args = parser.parse_args()
    args.scenarios = set(args.scenarios.split(","))
    args.scales = [int(n) for n in args.scales.split(",") if n.strip() and int(n) != args.n]
    if "csv" not in args.scenarios:
        args.scales = []
    backends = args.backends.split(",")
    for tool in ("wrk", "curl", "sqlite3", "psql"):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} is missing (make bench installs wrk with apt-get)")
    signal.signal(signal.SIGTERM, lambda *_: (procs.stop_all(), sys.exit(143)))
    started = time.time()
    run_id = time.strftime("%Y%m%d-%H%M") + f"-n{args.n}" + (f"-{args.label}" if args.label else "")
    work = WORK / "runs" / run_id
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "run": run_id,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "commit": run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=False
        ).stdout.strip(),
        "uncommitted_registry_files": run(
            ["git", "status", "--porcelain", "registry", "config"], cwd=ROOT, check=False
        ).stdout.split("\n")[:-1],
        "load_average_start": os.getloadavg(),
        "settings": {k: v for k, v in vars(args).items() if k != "scenarios"},
    }
    results["settings"]["scenarios"] = sorted(args.scenarios)
    results["settings"]["scales"] = args.scales
    if (
        "postgresql" in backends
        and run(["psql", "-X", f"{PG}/postgres", "-c", "SELECT 1"], check=False).returncode
    ):
        log(f"PostgreSQL does not answer at {PG}: measuring SQLite only")
        backends.remove("postgresql")
        results["postgresql_skipped"] = f"no PostgreSQL server at {PG}"
    try:
        datasets = prepare(backends, args.n, args.seed)
        results["sizes"] = {b: d.manifest()["rows"] for b, d in datasets.items()}
        results["load_seconds"] = {b: d.manifest()["seconds"] for b, d in datasets.items()}
        for backend, dataset in datasets.items():
            log(f"== {backend}")
            params, ref = dataset.params(), reference(dataset)
            section = results.setdefault(backend, {})
            if "limits" in args.scenarios or "csv" in args.scenarios:
                section["limits"] = limits(dataset, args, work)
            if backend == "sqlite" and "datasette" in args.scenarios:
                log("== datasette")
                section["datasette"] = datasette(dataset, params, ref, args, work)
            if args.scenarios & {"list", "search", "detail", "csv", "match", "bulk"}:
                log(f"== registry on {backend}")
                try:
                    section["registry"] = registry(dataset, params, ref, args, work)
                except RuntimeError as error:  # a broken server must not lose the other figures
                    section["registry_error"] = str(error)
                    log(f"  registry on {backend} failed: {error}")
            if "queries" in args.scenarios:
                section["queries"] = querycount(dataset)
            if "import" in args.scenarios and args.sdn_csv:
                log(f"== import on {backend}")
                section["import"] = imports.measure(backend, args, work, log)
        for n in args.scales:
            log(f"== designations CSV at n={n} (scenario 4 at another size)")
            for backend, dataset in prepare(backends, n, args.seed).items():
                section = results.setdefault("scales", {}).setdefault(str(n), {})
                section[backend] = {
                    "rows": dataset.manifest()["rows"]["designation"],
                    "limits": limits(dataset, args, work, loops=False),
                    "registry": registry(dataset, dataset.params(), {}, args, work, csv_only=True),
                }
        if "import" in args.scenarios and not args.sdn_csv:
            results["import_skipped"] = "SDN_CSV not set (path to the OFAC sdn.csv of 2024-05-03)"
    finally:
        procs.stop_all()
    results["load_average_end"] = os.getloadavg()
    results["wall_seconds"] = round(time.time() - started)
    results["targets"] = report.targets(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{run_id}.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    markdown = report.markdown(results)
    (RESULTS / f"{run_id}.md").write_text(markdown, encoding="utf-8")
    if args.docs:
        report.update_docs(ROOT / "docs" / "benchmarks.md", markdown)
    print(markdown)
    log(f"results: {RESULTS / run_id}.json and .md ({results['wall_seconds']} s)")


if __name__ == "__main__":
    main()
