"""CSV parsed back with the csv module equals the JSON of the same query (seeded data)."""

import pytest
from django.http import StreamingHttpResponse

from registry.exports.cells import restore_cell
from tests.api.conftest import get_csv, results

pytestmark = pytest.mark.django_db


def joined(values) -> str:
    return "; ".join(str(v) for v in values)


def text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def designation_summary(d: dict) -> str:
    summary = f"{d['program']} {d['status']}"
    if d["designated_on"]:
        summary += f" {d['designated_on']}" + (f"/{d['revoked_on']}" if d["revoked_on"] else "")
    return summary


def flat_organization(o: dict) -> list:
    return [
        o["id"],
        o["slug"],
        o["name"],
        o["kind"],
        joined(a["name"] for a in o["aliases"]),
        joined(dict.fromkeys(c["code"] for c in o["countries"])),
        joined(f"{i['scheme']}:{i['value']}" for i in o["identifiers"]),
        joined(sorted({d["program"] for d in o["designations"] if d["in_force"]})),
        joined(designation_summary(d) for d in o["designations"]),
        joined(c["title"] for c in o["legal_consequences"]),
        o["updated_at"],
    ]


def flat_designation(d: dict) -> list:
    return [
        d["id"],
        d["organization"]["id"],
        d["organization"]["slug"],
        d["organization"]["name"],
        joined(d["organization"]["countries"]),
        d["program"],
        d["authority"],
        d["legal_basis"],
        d["status"],
        d["in_force"],
        d["designated_on"],
        d["designated_precision"],
        d["revoked_on"],
        d["revoked_precision"],
        d["last_reviewed_on"],
        d["next_review_due"],
        d["petition_opens_on"],
        d["citation"],
        d["document_number"],
        joined(d["source_urls"]),
        joined(f"{e['kind']} {e['effective_on'] or ''}".strip() for e in d["events"]),
        d["updated_at"],
    ]


FLATTEN = {
    "organizations": flat_organization,
    "designations": flat_designation,
    "countries": lambda c: [c["code"], c["name"], c["organizations_in_force"]],
    "programs": lambda p: [
        p["code"],
        p["name"],
        p["authority"],
        p["authority_name"],
        p["legal_basis"],
        p["url"],
        p["review_period_years"],
        p["petition_period_years"],
        joined(c["title"] for c in p["consequences"]),
    ],
    "authorities": lambda a: [a["code"], a["name"], a["country"], a["url"], joined(a["programs"])],
    "legal-consequences": lambda c: [
        c["id"],
        c["program"],
        c["authority"],
        c["kind"],
        c["title"],
        c["citation"],
        c["summary"],
        c["source_url"],
    ],
}

HEADERS = {
    "organizations": "id,slug,name,kind,aliases,countries,identifiers,programs_in_force,"
    "designations,legal_consequences,updated_at",
    "designations": "id,organization_id,organization_slug,organization,countries,program,"
    "authority,legal_basis,status,in_force,designated_on,designated_precision,revoked_on,"
    "revoked_precision,last_reviewed_on,next_review_due,petition_opens_on,citation,"
    "document_number,source_urls,events,updated_at",
    "countries": "code,name,organizations_in_force",
    "programs": "code,name,authority,authority_name,legal_basis,url,review_period_years,"
    "petition_period_years,consequences",
    "authorities": "code,name,country,url,programs",
    "legal-consequences": "id,program,authority,kind,title,citation,summary,source_url",
}


@pytest.mark.parametrize(
    ("resource", "params"),
    [
        ("organizations", {}),
        ("organizations", {"program": "US-FTO", "as_of": "2025-11-24"}),
        ("organizations", {"q": "cartel", "ordering": "-name"}),
        ("designations", {}),
        ("designations", {"as_of": "2022-05-19", "program": "US-FTO"}),
        ("designations", {"status": "revoked"}),
        ("countries", {}),
        ("countries", {"as_of": "2025-03-01", "designated": "true"}),
        ("programs", {}),
        ("authorities", {}),
        ("legal-consequences", {}),
    ],
)
def test_csv_equals_json(api, seeded_db, resource, params):
    url = f"/api/v1/{resource}/"
    expected = [[text(v) for v in FLATTEN[resource](item)] for item in results(api, url, params)]
    assert expected, "the seeded data should answer this query"
    response, rows = get_csv(api, url, params)
    assert ",".join(rows[0]) == HEADERS[resource]
    assert [[restore_cell(cell) for cell in row] for row in rows[1:]] == expected


def test_csv_is_streamed_whole_with_a_file_name(api, seeded_db):
    response, rows = get_csv(api, "/api/v1/organizations/", {"page_size": 1})
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="organizations-')
    assert response["Content-Disposition"].endswith('.csv"')
    assert len(rows) - 1 == len(results(api, "/api/v1/organizations/")) > 50


def test_accept_header_chooses_csv(api, seeded_db):
    response = api.get("/api/v1/designations/", {"program": "US-FTO"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"id,organization_id,")
    assert b"\r\n" in body  # RFC 4180 line endings


def test_detail_as_csv_is_one_row(api, seeded_db):
    (soles,) = results(api, "/api/v1/organizations/", {"slug": "cartel-de-los-soles"})
    _, rows = get_csv(api, f"/api/v1/organizations/{soles['id']}/")
    assert len(rows) == 2
    assert rows[1][1] == "cartel-de-los-soles"
