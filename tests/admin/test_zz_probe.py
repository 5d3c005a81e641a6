import pytest
pytestmark = pytest.mark.django_db
URLS = ["/admin/registry/organization/", "/admin/registry/designation/", "/admin/registry/alias/"]
@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("q", ["\x00", "%", "x" * 10000])
def test_admin_search(staff_client, url, q):
    r = staff_client.get(url, {"q": q})
    assert r.status_code < 500
