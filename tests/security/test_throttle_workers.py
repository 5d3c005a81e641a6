"""One throttle for all workers: gunicorn with two workers, as `make run` serves, answers the
121st anonymous request in a minute with 429 (REGISTRY_THROTTLE_ANON's default, 120/min).

Which worker takes a request is the kernel's choice, so the test makes it certain that both
take some: a first connection sends half a request and holds its worker (a sync worker serves
one connection at a time), the other worker serves the next 60, then the first request is
finished. With a cache per process neither worker could have counted 120 (one saw 60 + k, the
other 1 + 59 - k), so the 121st would pass; with the shared cache it is refused whichever
worker takes it. The access log (worker pid per line) shows that both served.
"""

import re
import socket
import urllib.error
import urllib.request

import pytest

from tests.e2e.servers import RegistryServer, throwaway_database

pytestmark = pytest.mark.live

PATH = "/api/v1/programs/"
ACCESS_LOG = {"GUNICORN_CMD_ARGS": "--access-logformat 'served-by %(p)s %(U)s %(s)s'"}


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("throttle")
    with throwaway_database(workdir) as database_url:
        server = RegistryServer(database_url, workdir=workdir, workers=2, extra_env=ACCESS_LOG)
        server.manage("migrate", "--noinput", "-v", "0")
        with server.running():
            yield server


def test_the_121st_anonymous_request_in_a_minute_is_refused(server):
    assert status_of(server.url + "/admin/login/") == 200  # the start-up probe: not the API
    held = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    try:
        # Half a request: the worker that accepts it waits for the rest (accept order is FIFO).
        held.sendall(f"GET {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
        statuses = [status_of(server.url + PATH) for _ in range(60)]  # all by the other worker
        held.sendall(b"Connection: close\r\n\r\n")
        reply = held.makefile("rb").readline().decode()
    finally:
        held.close()
    assert reply.startswith("HTTP/1.1 200"), reply
    statuses += [status_of(server.url + PATH) for _ in range(59)]
    assert statuses == [200] * 119  # with the held one: 120 answered
    assert status_of(server.url + PATH) == 429
    assert status_of(server.url + PATH) == 429

    served = re.findall(rf"served-by <(\d+)> {PATH} (\d{{3}})", server.log_tail(chars=10**6))
    workers_ok = {pid for pid, status in served if status == "200"}
    assert len(workers_ok) == 2, served[:5]
