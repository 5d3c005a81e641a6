"""X-Forwarded-Proto and X-Forwarded-For are believed only behind configured proxies.

Served as `make run` serves (gunicorn, production settings, plain HTTP on 127.0.0.1): by default a
client that claims `X-Forwarded-Proto: https` still gets http:// links in `next` and `url`, and
the request is not secure; X-Forwarded-For does not change its throttle key. With
REGISTRY_TRUSTED_PROXIES=1 the proxy's headers are believed: https links, and the forwarded
address is the client. (The login lockout's reading of the address: test_login_lockout.py.)
"""

import json
import urllib.request

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from registry.proxies import client_address
from tests.e2e.servers import RegistryServer, throwaway_database

HTTPS = {"X-Forwarded-Proto": "https"}
PAGE = "/api/v1/organizations/?page_size=1"


def get_json(url: str, headers: dict[str, str]) -> dict:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def request_with(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_by_default_no_proxy_header_is_believed():
    assert settings.REGISTRY_TRUSTED_PROXIES == 0
    assert settings.SECURE_PROXY_SSL_HEADER is None
    assert client_address(request_with("203.0.113.5", "192.0.2.1")) == "203.0.113.5"
    secure_claim = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert not secure_claim.is_secure()


@override_settings(REGISTRY_TRUSTED_PROXIES=2)
def test_behind_n_proxies_the_nth_hop_from_the_end_is_the_client():
    # The client wrote "192.0.2.66"; proxy 1 added 198.51.100.7 (the client), proxy 2 10.0.0.1.
    request = request_with("10.0.0.2", "192.0.2.66, 198.51.100.7, 10.0.0.1")
    assert client_address(request) == "198.51.100.7"
    assert client_address(request_with("10.0.0.2", "198.51.100.7")) == "198.51.100.7"
    assert client_address(request_with("10.0.0.2")) == "10.0.0.2"  # no header: the peer


@pytest.fixture(scope="module")
def seeded_database(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("proxies")
    with throwaway_database(workdir) as database_url:
        RegistryServer(database_url, workdir=workdir).prepare()
        yield database_url, workdir


def serve(seeded_database, name: str, **env: str) -> RegistryServer:
    database_url, workdir = seeded_database
    (workdir / name).mkdir()
    return RegistryServer(database_url, workdir=workdir / name, extra_env=env)


@pytest.mark.live
def test_a_clients_https_claim_is_ignored_by_default(seeded_database):
    with serve(seeded_database, "default").running() as server:
        plain = get_json(server.url + PAGE, {})
        claimed = get_json(server.url + PAGE, HTTPS)
    assert plain["next"].startswith("http://127.0.0.1:")
    assert claimed["next"] == plain["next"]
    assert claimed["results"][0]["url"].startswith("http://127.0.0.1:")


@pytest.mark.live
def test_behind_a_trusted_proxy_its_https_header_is_believed(seeded_database):
    with serve(seeded_database, "trusted", REGISTRY_TRUSTED_PROXIES="1").running() as server:
        plain = get_json(server.url + PAGE, {})
        proxied = get_json(server.url + PAGE, HTTPS)
    assert plain["next"].startswith("http://127.0.0.1:")
    assert proxied["next"].startswith("https://127.0.0.1:")
    assert proxied["results"][0]["url"].startswith("https://127.0.0.1:")


@pytest.mark.live
def test_a_forged_forwarded_for_does_not_reset_the_throttle(seeded_database):
    with serve(seeded_database, "forged", REGISTRY_THROTTLE_ANON="3/min").running() as server:
        statuses = []
        for number in range(4):
            request = urllib.request.Request(
                server.url + "/api/v1/programs/",
                headers={"X-Forwarded-For": f"192.0.2.{number}"},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
    assert statuses == [200, 200, 200, 429]
