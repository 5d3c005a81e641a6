"""POST /api/v1/match/bulk/: a CSV of typed names uploaded, a CSV of candidates streamed back;
a malformed row is named by its line and the others are still screened; a file that cannot be
read is a 400 naming `file`, on the seeded registry."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.api import match

URL = "/api/v1/match/bulk/"
NAMES = (
    "name,country,as_of\r\n"
    "Hezbolla,,\r\n"
    "Cartel Jalisco Nueva Generacion,MX,\r\n"
    ",MX,\r\n"
    "Hamas,XX,\r\n"
    '=HYPERLINK("x"),,\r\n'
    "Ansarallah,,2021-01-18\r\n"
    "Ansarallah,,2021-01-19\r\n"
)


def upload(text: str | bytes, name: str = "names.csv") -> SimpleUploadedFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def screened(response) -> list[dict]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body, newline="")))


def test_a_csv_of_typed_names_comes_back_screened(seeded_db, client):
    rows = screened(client.post(URL, {"file": upload(NAMES)}))

    firsts = {row["line"]: row for row in rows if row["rank"] == "1"}
    assert firsts["2"]["organization"] == "Hizballah" and firsts["2"]["match"] == "true"
    assert firsts["3"]["organization"].startswith("Cártel de Jalisco")
    assert firsts["8"]["organization"] == "Ansarallah" and firsts["8"]["match"] == "true"
    # the day before its FTO and SDGT listings Ansarallah was no candidate
    assert all(row["organization"] != "Ansarallah" for row in rows if row["line"] == "7")
    errors = {row["line"]: row["error"] for row in rows if row["error"]}
    assert errors["4"].startswith("name:") and errors["5"].startswith("country:")
    # a name a spreadsheet would run as a formula is echoed inert
    assert next(r for r in rows if r["line"] == "6")["name"].startswith("'=")
    assert len({row["data_version"] for row in rows}) == 1
    assert all(int(row["rank"]) <= 3 for row in rows if row["rank"])


def test_threshold_and_limit_apply(seeded_db, client):
    rows = screened(client.post(URL, {"file": upload(NAMES), "threshold": "1", "limit": "1"}))
    assert all(row["rank"] in ("", "1") for row in rows)
    hezbolla = next(row for row in rows if row["line"] == "2")
    assert hezbolla["match"] == "false"  # "Hezbolla" is not any of Hizballah's names exactly


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "file", "No file was submitted"),
        ({"file": "nom\r\nHamas\r\n"}, "file", "`name` column"),
        ({"file": b"name\r\nHezbo\xfflla\r\n"}, "file", "Line 2 is not UTF-8"),
        ({"file": "name\r\nHamas\r\n", "threshold": "2"}, "threshold", "less than or equal"),
        ({"file": "name\r\nHamas\r\n", "limit": "0"}, "limit", "greater than or equal"),
        ({"file": "name\r\nHamas\r\n", "treshold": "0.5"}, "treshold", "Unknown field"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_400_naming_the_field(
    seeded_db, client, data, field, message
):
    if "file" in data:
        data = {**data, "file": upload(data["file"])}
    response = client.post(URL, data)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert message in " ".join(errors[field])


def test_too_many_rows_is_a_400(seeded_db, client, monkeypatch):
    monkeypatch.setattr(match, "MAX_BULK_ROWS", 3)
    response = client.post(URL, {"file": upload("name\r\na\r\nb\r\nc\r\nd\r\n")})
    assert response.status_code == 400
    assert "At most 3 rows" in response.json()["errors"]["file"][0]


def test_the_endpoint_is_read_only_and_documented(seeded_db, client):
    assert client.get(URL).status_code == 405
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/match/bulk/"]["post"]
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert "text/csv" in operation["responses"]["200"]["content"]


def test_a_quote_left_open_spoils_only_its_own_line(seeded_db, client):
    rows = screened(client.post(URL, {"file": upload('name\r\n"Hamas\r\nHizballah\r\nISIS\r\n')}))
    errors = {row["line"]: row["error"] for row in rows if row["error"]}
    assert list(errors) == ["2"] and errors["2"].startswith("not a CSV row")
    firsts = {row["line"]: row["organization"] for row in rows if row["rank"] == "1"}
    assert firsts == {"3": "Hizballah", "4": "ISIS"}


def test_a_row_without_a_name_is_reported_and_a_column_named_twice_refused(seeded_db, client):
    rows = screened(client.post(URL, {"file": upload("name,country\r\n   ,MX\r\n,\r\nHamas,\r\n")}))
    errors = {row["line"]: row["error"] for row in rows if row["error"]}
    assert sorted(errors) == ["2", "3"] and all(e.startswith("name:") for e in errors.values())
    refused = client.post(URL, {"file": upload("name,name\r\nHamas,Hezbollah\r\n")})
    assert refused.status_code == 400
    assert "names name twice" in refused.json()["errors"]["file"][0]


def test_the_header_is_read_whatever_its_case(seeded_db, client):
    rows = screened(client.post(URL, {"file": upload("Name,Country\r\nHamas,PS\r\n")}))
    assert rows[0]["organization"] == "HAMAS" and rows[0]["country"] == "PS"
