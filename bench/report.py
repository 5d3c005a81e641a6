"""Results of a run: do two CSV exports say the same, which targets are met, the markdown table."""

import csv
import hashlib
from pathlib import Path

from registry.cells import restore_cell

START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
P99_BOUND_MS = 100
MEMORY_BOUND_MB = 150
# Name screening (issue 20): one name at c=8, and 10,000 names in bulk on 2 cores.
MATCH_P99_BOUND_MS = 50
BULK_SECONDS_BOUND = 60
BULK_ROWS_BOUND = 10_000
BULK_MEMORY_BOUND_MB = 200


# --- CSV equivalence -------------------------------------------------------------------------


def _rows(path: Path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = [restore_cell(name) for name in next(reader)]
        for row in reader:
            yield header, [restore_cell(cell) for cell in row]


def compare_csv(reference: Path, other: Path) -> dict:
    """Same rows (by id), same cells in the columns both have, same order?"""
    if not other.exists() or other.stat().st_size == 0:
        return {"equal": False, "detail": "empty export"}
    seen: dict[str, str] = {}
    order = hashlib.sha256()
    columns = None
    for header, row in _rows(reference):
        if columns is None:
            with open(other, newline="", encoding="utf-8") as handle:
                theirs = next(csv.reader(handle))
            columns = [name for name in header if name in theirs]
            index = [header.index(name) for name in columns]
        order.update(row[0].encode() + b",")
        seen[row[0]] = hashlib.sha1("\x1f".join(row[i] for i in index).encode()).hexdigest()
    if columns is None:
        return {"equal": False, "detail": "empty reference"}
    rows = different = missing = 0
    first = None
    their_order = hashlib.sha256()
    for header, row in _rows(other):
        rows += 1
        index = [header.index(name) for name in columns]
        key = row[header.index("id")]
        their_order.update(key.encode() + b",")
        digest = hashlib.sha1("\x1f".join(row[i] for i in index).encode()).hexdigest()
        want = seen.pop(key, None)
        if want is None:
            missing += 1
        elif want != digest:
            different += 1
            first = first or key
    return {
        "equal": not (different or missing or seen),
        "rows": rows,
        "columns_compared": len(columns),
        "rows_differing": different,
        "rows_unknown": missing,
        "rows_absent": len(seen),
        "first_differing_id": first,
        "same_order": order.hexdigest() == their_order.hexdigest(),
    }


# --- targets ---------------------------------------------------------------------------------


def _get(data: dict, *path, default=None):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return default
        data = data[key]
    return data


def screening_targets(add, backend: str, reg: dict) -> None:
    p99 = _get(reg, "match", "c8", "p99_ms")
    if p99 is not None:
        bound = MATCH_P99_BOUND_MS
        add(7, backend, f"match p99 at c=8 < {bound} ms", p99, bound, p99 < bound)
    for way in ("api", "command"):
        run = _get(reg, "bulk", way)
        if not run:
            continue
        rows = reg["bulk"]["rows"]
        ok = run.get("http_status", 200) == 200 and run.get("exit_status", 0) == 0
        seconds = run["seconds"]
        bound = round(BULK_SECONDS_BOUND * rows / BULK_ROWS_BOUND, 1)  # the target's pace
        what = f"bulk {rows:,} names ({way}) < {bound:g} s (60 s a 10,000)"
        add(7, backend, what, seconds, bound, ok and seconds < bound)
        memory = run.get("peak_rss_mb") or _get(run, "server_memory_peak", "rss_max_process_mb")
        if memory is not None:
            bound = BULK_MEMORY_BOUND_MB
            add(7, backend, f"bulk ({way}) peak RSS < {bound} MB", memory, bound, memory < bound)


def targets(results: dict) -> list[dict]:
    out = []

    def add(scenario, backend, what, value, bound, met, peer=None):
        ratio = round(value / peer, 2) if isinstance(value, int | float) and peer else None
        out.append(
            {
                "scenario": scenario,
                "backend": backend,
                "target": what,
                "value": value,
                "bound": bound,
                "ratio_to_peer": ratio,
                "met": met,
            }
        )

    datasette = _get(results, "sqlite", "datasette", default={})
    pg_copy = _get(results, "postgresql", "limits", "csv", "seconds")
    for backend in ("sqlite", "postgresql"):
        reg = _get(results, backend, "registry")
        if reg:
            for n, scenario in ((1, "list"), (1, "list_brief"), (2, "search"), (2, "search_brief")):
                question = scenario.removesuffix("_brief")
                name = f"{question} in brief" if scenario != question else question
                rps, peer = (
                    _get(reg, scenario, "c32", "rps"),
                    _get(datasette, question, "c32", "rps"),
                )
                if rps is not None and peer:
                    add(
                        n,
                        backend,
                        f"{name} req/s at c=32 >= Datasette",
                        rps,
                        peer,
                        rps >= peer,
                        peer,
                    )
                p99 = _get(reg, scenario, "c8", "p99_ms")
                if p99 is not None and not _get(reg, scenario, "c8", "rps"):
                    p99 = "no answer within the run"
                    add(n, backend, f"{name} p99 at c=8 < 100 ms", p99, P99_BOUND_MS, False)
                elif p99 is not None:
                    add(
                        n,
                        backend,
                        f"{name} p99 at c=8 < 100 ms",
                        p99,
                        P99_BOUND_MS,
                        p99 < P99_BOUND_MS,
                    )
            detail, listing = _get(reg, "detail", "c32", "rps"), _get(reg, "list", "c32", "rps")
            if detail is not None and listing:
                bound = round(3 * listing, 1)
                add(
                    3,
                    backend,
                    "detail req/s >= 3x list req/s",
                    detail,
                    bound,
                    detail >= bound,
                    listing,
                )
            csv_run = reg.get("csv")
            if csv_run:
                seconds = csv_run["seconds"] if csv_run["complete"] else None
                if pg_copy and seconds is not None:
                    bound = round(2 * pg_copy, 2)
                    add(
                        4,
                        backend,
                        "CSV time <= 2x psql \\copy",
                        seconds,
                        bound,
                        seconds <= bound,
                        pg_copy,
                    )
                elif seconds is None:
                    add(4, backend, "CSV time <= 2x psql \\copy", "incomplete", None, False)
                peak = _get(csv_run, "memory_peak", "pss_sum_mb")
                if peak is not None:
                    add(
                        4,
                        backend,
                        "CSV peak server memory (PSS) < 150 MB",
                        peak,
                        MEMORY_BOUND_MB,
                        peak < MEMORY_BOUND_MB,
                    )
                add(
                    4,
                    backend,
                    "CSV same rows as the database's dump",
                    csv_run["same_rows_as_limit"]["equal"],
                    True,
                    csv_run["same_rows_as_limit"]["equal"],
                )
            screening_targets(add, backend, reg)
        for _n, sizes in sorted(results.get("scales", {}).items(), key=lambda kv: int(kv[0])):
            csv_run = _get(sizes, backend, "registry", "csv")
            if csv_run:
                rows = sizes[backend]["rows"]
                peak = _get(csv_run, "memory_peak", "pss_sum_mb")
                add(
                    4,
                    backend,
                    f"CSV peak server memory (PSS) < 150 MB at {rows:,} designations",
                    peak,
                    MEMORY_BOUND_MB,
                    peak is not None and peak < MEMORY_BOUND_MB,
                )
                copy = _get(sizes, "postgresql", "limits", "csv", "seconds")
                if copy and csv_run["complete"]:
                    bound = round(2 * copy, 2)
                    add(
                        4,
                        backend,
                        f"CSV time <= 2x psql \\copy at {rows:,} designations",
                        csv_run["seconds"],
                        bound,
                        csv_run["seconds"] <= bound,
                        copy,
                    )
                elif not csv_run["complete"]:
                    add(
                        4,
                        backend,
                        f"CSV time <= 2x psql \\copy at {rows:,} designations",
                        "incomplete",
                        None,
                        False,
                    )
        imported = _get(results, backend, "import")
        if imported:
            ratio = imported["reimport_over_import"]
            add(5, backend, "re-import <= 1/3 of import time", ratio, 0.333, ratio <= 1 / 3)
        queries = _get(results, backend, "queries")
        if queries:
            same = all(row["same"] for row in queries.values())
            counts = "; ".join(
                f"{k}: {v['10']['queries']}/{v['500']['queries']}" for k, v in queries.items()
            )
            add(
                6,
                backend,
                "queries per request equal at page_size 10 and 500",
                counts,
                "equal",
                same,
            )
    return out


# --- markdown --------------------------------------------------------------------------------


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"
    return str(value)


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _load_rows(results: dict) -> list[list]:
    rows = []
    for scenario in ("list", "search", "detail"):
        for backend, shape in [(b, s) for s in ("", "_brief") for b in ("sqlite", "postgresql")]:
            reg = _get(results, backend, "registry", scenario + shape)
            if reg:
                same = _get(results, backend, "registry", f"{scenario}{shape}_same_ids")
                rows.append(
                    [
                        scenario,
                        f"registry on {backend}" + (" (?brief=true)" if shape else ""),
                        reg["c32"]["rps"],
                        reg["c32"]["p50_ms"],
                        reg["c32"]["p99_ms"],
                        reg["c8"]["rps"],
                        reg["c8"]["p99_ms"],
                        reg["c32"]["non_2xx"] + reg["c32"]["socket_errors"],
                        same,
                    ]
                )
        peer = _get(results, "sqlite", "datasette", scenario)
        if peer:
            same = _get(results, "sqlite", "datasette", f"{scenario}_same_ids") or _get(
                results, "sqlite", "datasette", f"{scenario}_same_ids_as_fts"
            )
            rows.append(
                [
                    scenario,
                    "Datasette (canned query)",
                    peer["c32"]["rps"],
                    peer["c32"]["p50_ms"],
                    peer["c32"]["p99_ms"],
                    peer["c8"]["rps"],
                    peer["c8"]["p99_ms"],
                    peer["c32"]["non_2xx"] + peer["c32"]["socket_errors"],
                    same,
                ]
            )
    return rows


def _screening_rows(results: dict) -> list[list]:
    rows = []
    for backend in ("sqlite", "postgresql"):
        match = _get(results, backend, "registry", "match")
        bulk = _get(results, backend, "registry", "bulk", default={})
        if not match and not bulk:
            continue
        ways = []
        for way in ("api", "command"):
            run = bulk.get(way)
            if run:
                memory = run.get("peak_rss_mb") or _get(
                    run, "server_memory_peak", "rss_max_process_mb"
                )
                ways.append(f"{way}: {bulk['rows']:,} names in {run['seconds']} s, {memory} MB")
        c32, c8 = (match or {}).get("c32", {}), (match or {}).get("c8", {})
        rows.append(
            [
                backend,
                c32.get("rps"),
                c32.get("p99_ms"),
                c8.get("rps"),
                c8.get("p99_ms"),
                c32.get("non_2xx", 0) + c32.get("socket_errors", 0) if c32 else None,
                "; ".join(ways),
            ]
        )
    return rows


def _limit_rows(results: dict) -> list[list]:
    rows = []
    names = {
        "list": "list",
        "search_key": "search (registry's search keys: FTS5 on SQLite, trigram GIN on PostgreSQL)",
        "search_fts": "search (FTS5 trigram)",
        "detail": "detail (5 queries)",
    }
    for backend in ("sqlite", "postgresql"):
        limits = _get(results, backend, "limits", default={})
        for key, label in names.items():
            if key in limits:
                one, two = limits[key]["procs1"], limits[key]["procs2"]
                rows.append([label, backend, two["rps"], one["rps"], one["p50_ms"], one["p99_ms"]])
    return rows


def _csv_rows(results: dict) -> list[list]:
    rows = []
    pg_copy = _get(results, "postgresql", "limits", "csv", "seconds")
    for backend in ("sqlite", "postgresql"):
        limit = _get(results, backend, "limits", "csv")
        if limit:
            rows.append(
                [
                    limit["tool"],
                    limit["seconds"],
                    None,
                    limit["mbytes"],
                    None,
                    None,
                    None,
                    _ratio(limit["seconds"], pg_copy),
                ]
            )
            floor = _get(results, backend, "limits", "csv_python_floor")
            rows.append(
                [
                    f"Python csv.writer over {backend} (floor)",
                    floor["seconds"],
                    None,
                    None,
                    None,
                    None,
                    None,
                    _ratio(floor["seconds"], pg_copy),
                ]
            )
        for server, run in (
            (f"registry on {backend}", _get(results, backend, "registry", "csv")),
            ("Datasette (view, _stream=on)", _get(results, backend, "datasette", "csv")),
        ):
            if run:
                peak = run.get("memory_peak", {})
                rows.append(
                    [
                        server,
                        run["seconds"] if run["complete"] else "incomplete",
                        run["first_byte_s"],
                        run["mbytes"],
                        peak.get("pss_sum_mb"),
                        peak.get("rss_max_process_mb"),
                        run["same_rows_as_limit"]["equal"],
                        _ratio(run["seconds"], pg_copy),
                    ]
                )
    return rows


def _ratio(value, peer):
    return round(value / peer, 2) if isinstance(value, int | float) and peer else None


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"### Run {results['run']}",
        "",
        f"{results['date']} · {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB · Linux "
        f"{m['kernel']} · Python {m['python']} · SQLite {m['sqlite']} · PostgreSQL "
        f"{m['postgresql']} · {m['wrk']} · load average at start "
        f"{', '.join(f'{x:.1f}' for x in results['load_average_start'])}, at end "
        f"{', '.join(f'{x:.1f}' for x in results['load_average_end'])} · {results['wall_seconds']}"
        f" s wall. wrk: 2 threads, {results['settings']['duration']} s per run. Registry at commit"
        f" {results.get('commit', '?')}"
        + (" with uncommitted changes" if results.get("uncommitted_registry_files") else "")
        + ".",
        "",
    ]
    sizes = results.get("sizes", {})
    if sizes:
        backend, rows = next(iter(sizes.items()))
        lines.append(
            f"Data (n={results['settings']['n']}, seed {results['settings']['seed']}, same in "
            f"every database): {rows['organization']:,} organizations, {rows['alias']:,} aliases, "
            f"{rows['organizationcountry']:,} country links, {rows['designation']:,} designations "
            f"({rows['designation_revoked']:,} revoked), {rows['designationevent']:,} events, "
            f"{rows['history_rows']:,} history rows."
        )
        lines.append("")
    lines += ["#### Targets", ""]
    lines += _table(
        ["#", "backend", "target", "value", "bound", "ratio to peer", "met"],
        [
            [
                t["scenario"],
                t["backend"],
                t["target"],
                t["value"],
                t["bound"],
                t["ratio_to_peer"],
                t["met"],
            ]
            for t in results.get("targets", [])
        ],
    )
    lines += ["#### Requests (scenarios 1–3)", ""]
    lines += _table(
        [
            "scenario",
            "server",
            "c=32 req/s",
            "c=32 p50 ms",
            "c=32 p99 ms",
            "c=8 req/s",
            "c=8 p99 ms",
            "errors",
            "same ids as SQL",
        ],
        _load_rows(results),
    )
    lines += ["#### Name screening (scenario 7)", ""]
    lines += _table(
        ["backend", "c=32 req/s", "c=32 p99 ms", "c=8 req/s", "c=8 p99 ms", "errors", "bulk"],
        _screening_rows(results),
    )
    lines += ["Database limits (raw SQL in a closed loop, no HTTP):", ""]
    lines += _table(
        ["question", "database", "q/s, 2 processes", "q/s, 1 process", "p50 ms", "p99 ms"],
        _limit_rows(results),
    )
    lines += ["#### Designations CSV (scenario 4)", ""]
    lines += _table(
        [
            "export",
            "seconds",
            "first byte s",
            "MB",
            "peak server PSS MB",
            "largest process RSS MB",
            "same rows as the dump",
            "time / psql \\copy",
        ],
        _csv_rows(results),
    )
    rows = []
    for n, sizes in sorted(results.get("scales", {}).items(), key=lambda kv: int(kv[0])):
        for backend, size in sizes.items():
            run, limit = size["registry"].get("csv", {}), size["limits"]["csv"]
            peak = run.get("memory_peak", {})
            rows.append(
                [
                    n,
                    size["rows"],
                    backend,
                    limit["tool"],
                    limit["seconds"],
                    run.get("seconds") if run.get("complete") else "incomplete",
                    _ratio(run.get("seconds"), limit["seconds"]),
                    peak.get("pss_sum_mb"),
                    peak.get("rss_max_process_mb"),
                    run.get("same_rows_as_limit", {}).get("equal"),
                ]
            )
    if rows:
        lines += ["The same export at other sizes:", ""]
        lines += _table(
            [
                "organizations",
                "designations",
                "database",
                "limit",
                "limit s",
                "registry s",
                "registry / limit",
                "peak server PSS MB",
                "largest process RSS MB",
                "same rows",
            ],
            rows,
        )
    queries = [(b, _get(results, b, "queries")) for b in ("sqlite", "postgresql")]
    rows = [
        [b, label, row["10"]["queries"], row["500"]["queries"], row["same"]]
        for b, q in queries
        if q
        for label, row in q.items()
    ]
    if rows:
        lines += ["#### SQL queries per request (scenario 6)", ""]
        lines += _table(["backend", "request", "page_size=10", "page_size=500", "same"], rows)
    rows = []
    for backend in ("sqlite", "postgresql"):
        imported = _get(results, backend, "import")
        if imported:
            rows.append(
                [
                    backend,
                    imported["import"]["seconds"],
                    imported["import"]["peak_rss_mb"],
                    imported["reimport"]["seconds"],
                    imported["reimport"]["peak_rss_mb"],
                    imported["reimport_over_import"],
                ]
            )
    lines += ["#### OFAC sdn.csv import (scenario 5)", ""]
    if rows:
        lines += _table(
            [
                "backend",
                "import s",
                "import peak RSS MB",
                "re-import s",
                "re-import peak RSS MB",
                "re-import / import",
            ],
            rows,
        )
    else:
        lines += [f"Not run: {results.get('import_skipped', 'not asked for')}.", ""]
    return "\n".join(lines)


def update_docs(path: Path, markdown_text: str) -> None:
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{path}: the markers {START} / {END} are missing")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{START}\n{markdown_text}\n{END}{tail}", encoding="utf-8")
