"""Datasette, set up as a user would set it up to answer the registry's questions.

It serves the registry's own SQLite file. What a Datasette user adds to that file: an FTS5 trigram
index over every name (organization names and aliases), and a view with the columns of the
designations CSV for its streamed CSV export. The canned queries ask what the API asks
(bench/sql.py).
Datasette is installed in its own virtualenv (bench/.venv), never in the project's.
"""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from bench import sql

EXPORT_VIEW = "bench_designations_export"
VENV = Path(__file__).resolve().parent / ".venv"
DATASETTE_VERSION = "0.65.*"


def ensure_datasette() -> Path:
    """bench/.venv/bin/datasette, installed from PyPI on first use."""
    binary = VENV / "bin" / "datasette"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        pip = [str(VENV / "bin" / "pip"), "install", "--quiet"]
        subprocess.run([*pip, f"datasette=={DATASETTE_VERSION}"], check=True)
    return binary


def drop_export_view(db: Path) -> None:
    connection = sqlite3.connect(db)
    try:
        connection.execute(f"DROP VIEW IF EXISTS {EXPORT_VIEW}")
        connection.commit()
    finally:
        connection.close()


def prepare_sqlite(db: Path) -> dict:
    """Add the FTS index and the export view to the SQLite file (once per file)."""
    connection = sqlite3.connect(db)
    try:
        names = connection.execute(
            "SELECT (SELECT count(*) FROM registry_organization)"
            " + (SELECT count(*) FROM registry_alias)"
        ).fetchone()[0]
        has = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'bench_%'"
            )
        }
        if sql.FTS_TABLE not in has or (
            connection.execute(f"SELECT count(*) FROM {sql.FTS_TABLE}").fetchone()[0] != names
        ):
            connection.executescript(sql.FTS_SETUP_SQLITE)
        view = sql.export_sql("sqlite").replace(":today", "date('now')")
        # Datasette pages a view with LIMIT/OFFSET; without ORDER BY each page is cheap.
        view = view[: view.rindex(" ORDER BY")]
        connection.executescript(
            f"DROP VIEW IF EXISTS {EXPORT_VIEW}; CREATE VIEW {EXPORT_VIEW} AS {view};"
        )
        connection.commit()
    finally:
        connection.close()
    return {"fts_rows": names}


def metadata(path: Path) -> Path:
    canned = {
        "list_designations": {
            "title": "Designations of a program in force on a day",
            "sql": sql.list_sql("sqlite"),
        },
        "search_names": {
            "title": "Organizations whose name or an alias contains the text",
            "sql": sql.SEARCH_FTS_SQLITE,
        },
    }
    content = {"title": "Registry (benchmark peer)", "databases": {"registry": {"queries": canned}}}
    path.write_text(json.dumps(content, indent=1), encoding="utf-8")
    return path


def command(db: Path, meta: Path, port: int) -> list[str]:
    """`datasette serve`, with the export cap lifted so the CSV is whole (default cap: 100 MB)."""
    return [
        str(ensure_datasette()),
        "serve",
        str(db),
        "-m",
        str(meta),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "max_csv_mb",
        "0",
        "--setting",
        "sql_time_limit_ms",
        "10000",
    ]


def paths(params: dict) -> dict[str, list[str]]:
    from urllib.parse import urlencode

    return {
        "list": [
            "/registry/list_designations.json?"
            + urlencode({"program": p["program"], "as_of": p["as_of"], "_shape": "array"})
            for p in params["list"]
        ],
        "search": [
            "/registry/search_names.json?" + urlencode({"q": p["q"], "_shape": "array"})
            for p in params["search"]
        ],
        "csv": [f"/registry/{EXPORT_VIEW}.csv?_stream=on&_size=max"],
    }
