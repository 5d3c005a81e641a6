"""The benchmark harness asks fair questions: its data is deterministic and its database limit
exports exactly what the API exports (bench/, docs/benchmarks.md)."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.db import connection

from bench import generate, limits, report, sql
from bench.load import reference_rows, write_chunk
from registry.models import Designation, Organization
from registry.normalize import search_key, short_text
from registry.services.organizations import alias_add
from tests.factories import OrganizationFactory


def records(n: int, seed: int) -> list[generate.OrgRecord]:
    return list(generate.organizations(n, seed))


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    first, again, other = (generate.ParamCollector(300, s) for s in (1, 1, 2))
    for collector, seed in ((first, 1), (again, 1), (other, 2)):
        for record in generate.organizations(300, seed):
            collector.add(record)
    assert first.fingerprint() == again.fingerprint() != other.fingerprint()
    assert first.params() == again.params()


def test_the_data_has_the_promised_shape():
    data = records(2000, 42)
    designations = [d for r in data for d in r.designations]
    revoked = [d for d in designations if any(e.kind == "revoked" for e in d.events)]
    scripts = {alias[2] for r in data for alias in r.aliases}
    names = " ".join(alias[0] for r in data for alias in r.aliases)

    assert 2.5 < sum(len(r.aliases) for r in data) / len(data) < 3.5
    assert 1.8 < len(designations) / len(data) < 2.2
    assert 0.17 < len(revoked) / len(designations) < 0.23
    assert {"Latin", "Arabic", "Cyrillic"} <= scripts
    assert all(ch in names for ch in "éóüÑØ«&/(")


@pytest.mark.django_db
def test_the_limit_export_is_the_api_csv(client, tmp_path: Path):
    write_chunk(records(60, 7), reference_rows())
    assert Organization.objects.count() == 60
    assert Designation.objects.filter(revoked_on__isnull=False).exists()

    response = client.get("/api/v1/designations/?format=csv")
    assert response.status_code == 200
    api = tmp_path / "api.csv"
    api.write_bytes(b"".join(response.streaming_content))

    today = {"today": dt.datetime.now(dt.UTC).date().isoformat()}
    raw = connection.connection  # the test's own transaction sees the rows
    if connection.vendor == "sqlite":
        cursor = raw.execute(sql.export_sql("sqlite"), today)
    else:
        cursor = raw.cursor()
        cursor.execute(sql.pg(sql.export_sql("postgresql")), today)
    rows = cursor.fetchall()
    limit = tmp_path / "limit.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column[0] for column in cursor.description])
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    limit.write_text(buffer.getvalue(), encoding="utf-8")

    # The database's dump is the API's CSV: same columns, same rows, same cells, same order.
    assert api.read_text(encoding="utf-8").splitlines()[0].split(",") == [
        column[0] for column in cursor.description
    ]
    same = report.compare_csv(limit, api)
    assert same["equal"], same
    assert same["columns_compared"] == 24
    assert same["rows"] == Designation.objects.count()
    assert same["same_order"]


@pytest.mark.django_db
def test_the_limit_search_is_the_api_search(client):
    write_chunk(records(60, 7), reference_rows())
    names = Organization.objects.values_list("search_key", flat=True)
    # Fragments of two, three and five characters, as the bench's terms have (`zs` among them).
    terms = sorted({key[i : i + size] for key in names[:6] for size in (2, 3, 5) for i in (0, 2)})
    # Arabic script: held by one name, and the consonants of another (rank 0), of a third's start
    OrganizationFactory(name="Hizballah")
    kataib = OrganizationFactory(name="Kataib Hizballah")
    alias_add(organization=kataib, name="كتائب حزب الله", kind="strong", reason="test")
    terms.append("حزب الله")
    # read without its first word ("كتائب": brigades), and a name whose consonants start with it
    OrganizationFactory(name="Hizballah Brigades")
    terms.append("كتائب حزب الله")
    [(text, values)] = limits.statements(
        "search_key", connection.vendor, {"search": [{"q": t} for t in terms]}, fts_tables=True
    )
    raw = connection.connection  # the test's own transaction sees the rows
    for term, parameters in zip(terms, values, strict=True):
        if connection.vendor == "sqlite":
            got = [row[0] for row in raw.execute(text, parameters)]
        else:
            cursor = raw.cursor()
            cursor.execute(text, parameters)
            got = [row[0] for row in cursor.fetchall()]
        api = client.get("/api/v1/organizations/", {"q": term, "page_size": 50, "brief": "true"})
        assert got == [item["id"] for item in api.json()["results"]], term
        # a short Latin fragment from inside a word finds nothing (short_text), in both
        assert got or short_text(term, search_key(term)), term
