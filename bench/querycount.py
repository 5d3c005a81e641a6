"""Scenario 6: how many SQL queries one API request costs, at page sizes 10 and 500.

    DATABASE_URL=... .venv/bin/python -m bench.querycount --params P

Runs the API in-process (Django's test client, production settings) against the benchmark
database and counts the queries of each list request. A list whose count grows with the page size
runs a query per row (N+1). Prints one JSON object.
"""

import argparse
import json
import os
from pathlib import Path
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGE_SIZES = (10, 500)


def requests(params: dict) -> dict[str, str]:
    listing, term = params["list"][0], params["search"][0]
    filters = {"program": listing["program"], "as_of": listing["as_of"]}
    return {
        "designations ?program&as_of": "/api/v1/designations/?" + urlencode(filters),
        "designations (all)": "/api/v1/designations/?",
        "organizations ?q": "/api/v1/organizations/?" + urlencode({"q": term["q"]}),
        "organizations ?program&as_of": "/api/v1/organizations/?" + urlencode(filters),
        "organizations (all)": "/api/v1/organizations/?",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--params", type=Path, required=True)
    args = parser.parse_args()
    params = json.loads(args.params.read_text(encoding="utf-8"))
    client = Client(HTTP_HOST="127.0.0.1")
    out = {}
    for label, path in requests(params).items():
        row = {}
        # A process's first request also fills its caches (programs, content types): warm up
        # first, so the two sizes compare queries per page, not a first request with a later one.
        client.get(f"{path}&page_size=1" if not path.endswith("?") else f"{path}page_size=1")
        for size in PAGE_SIZES:
            url = (
                f"{path}&page_size={size}" if not path.endswith("?") else f"{path}page_size={size}"
            )
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            body = response.json() if response.status_code == 200 else {}
            row[str(size)] = {
                "status": response.status_code,
                "rows": len(body.get("results", [])),
                "queries": len(queries),
            }
        statuses = {row[str(size)]["status"] for size in PAGE_SIZES}
        row["same"] = statuses == {200} and row["10"]["queries"] == row["500"]["queries"]
        row["path"] = path
        out[label] = row
    print(json.dumps(out))


if __name__ == "__main__":
    main()
