"""API test helpers: JSON and CSV requests (the fixtures live in tests/conftest.py)."""

import csv
import io


def get_json(api, url, params=None, status=200):
    response = api.get(url, params or {})
    assert response.status_code == status, (response.status_code, response.content[:2000])
    return response.json()


def results(api, url, params=None) -> list[dict]:
    """Every result of a list, following pages of 500."""
    params = {**(params or {}), "page_size": 500}
    body = get_json(api, url, params)
    items = list(body["results"])
    page = 1
    while body["next"]:
        page += 1
        body = get_json(api, url, {**params, "page": page})
        items.extend(body["results"])
    return items


def get_csv(api, url, params=None, **headers) -> tuple[object, list[list[str]]]:
    response = api.get(url, {**(params or {}), "format": "csv"}, **headers)
    assert response.status_code == 200, response.content[:2000]
    text = b"".join(response.streaming_content).decode("utf-8")
    return response, list(csv.reader(io.StringIO(text, newline="")))
