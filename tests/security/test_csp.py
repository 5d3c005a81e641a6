"""Every page carries a Content-Security-Policy that allows no inline script and nothing from
another origin (django-csp; the browser tests show the pages still work under it)."""

import pytest

pytestmark = pytest.mark.django_db

HTML_PAGES = [
    "/admin/",
    "/admin/registry/organization/",
    "/admin/registry/organization/add/",
    "/admin/password_change/",
    "/api/docs/",
]


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("url", HTML_PAGES)
def test_every_html_page_has_a_strict_policy(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_login_page_has_it(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert directives(response)["script-src"] == ["'self'"]


def test_the_docs_page_has_no_inline_script(client):
    page = client.get("/api/docs/").content.decode()
    for tag in page.split("<script")[1:]:
        assert tag.lstrip().startswith("src="), tag[:80]
    assert client.get("/api/docs/?script=")["Content-Type"] == "application/javascript"


def test_error_pages_have_it_too(client):
    assert "Content-Security-Policy" in client.get("/admin/nope/")
    assert "Content-Security-Policy" in client.get("/api/v1/nope/")
