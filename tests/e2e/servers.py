"""Start the registry as production runs it, on 127.0.0.1, from a throwaway database.

Used by the fuzzer, the permission checks over HTTP and the load test (`make load`). The server
is gunicorn with production settings (debug off, a random secret key, the security middleware
on); only the HTTPS-only settings are relaxed, because it speaks plain HTTP on the loopback.
The database is a SQLite file in a temporary directory, or, when DATABASE_URL names PostgreSQL,
a database created for the run next to it and dropped afterwards. Nothing here touches a
database anyone keeps.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# The ports this suite may use (others belong to `make run` and other suites); TEST_PORTS=8200-8219
# gives it another range. Under pytest-xdist (`make test` runs two workers) each worker takes every
# n-th port of it, so two workers never pick the same free port at the same moment; 15 each, as a
# port a load test used stays in TIME_WAIT (taken, for free_port) for a minute after it. Not the
# benchmark's 8110-8120 (bench/run.py).
_first, _, _last = os.environ.get("TEST_PORTS", "8130-8159").partition("-")
_worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
PORTS = range(int(_first) + _worker, int(_last or _first) + 1, _workers)


def free_port() -> int:
    """The first port of PORTS that can be bound without SO_REUSEADDR (as Django's live server
    binds): a port still in TIME_WAIT after a load run counts as taken."""
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1} on 127.0.0.1")


def is_postgres(url: str | None) -> bool:
    return bool(url) and url.split(":", 1)[0] in {"postgres", "postgresql", "pgsql"}


@contextlib.contextmanager
def throwaway_database(workdir: Path, base_url: str | None = None) -> Iterator[str]:
    """A DATABASE_URL for an empty database that is removed afterwards."""
    base_url = base_url if base_url is not None else os.environ.get("DATABASE_URL")
    if not is_postgres(base_url):
        yield f"sqlite:///{workdir / 'registry.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(base_url)
    # A name of its own per call: one test process opens several (the session's server, the
    # proxy and throttle tests' servers), and a shared name let one drop another's database.
    name = f"{parts.path.lstrip('/') or 'postgres'}_e2e_{os.getpid()}_{secrets.token_hex(4)}"
    # CREATE/DROP DATABASE from the maintenance database: the named one may not exist (pytest
    # creates only test_<name>).
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RegistryServer:
    """gunicorn serving the registry with production settings on a seeded database."""

    def __init__(
        self,
        database_url: str,
        *,
        workdir: Path,
        workers: int = 2,
        port: int | None = None,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.workers = workers
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Throttle counters in a cache of this server's own (the production default is var/cache/).
        cache = {"REGISTRY_CACHE_DIR": str(workdir / "cache")}
        self.env = production_env(database_url, {**cache, **(extra_env or {})})
        self.log = workdir / f"gunicorn-{self.port}.log"

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self) -> None:
        """Migrate and seed, as `make run` does."""
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("seed", "-v", "0")

    @contextlib.contextmanager
    def running(self) -> Iterator[RegistryServer]:
        with open(self.log, "w") as log:
            process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "-c",
                    "config/gunicorn.py",  # as `make run` serves
                    "config.wsgi",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--timeout",
                    "60",
                    "--access-logfile",
                    "-",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                self.wait_until_up(process)
                yield self
            finally:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    def wait_until_up(self, process: subprocess.Popen, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/admin/login/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer on {self.url} within {timeout}s")

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


def production_env(database_url: str, extra: dict[str, str]) -> dict[str, str]:
    """Production settings for plain HTTP on 127.0.0.1 (no test-only DJANGO_* default leaks in)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_SECURE_HTTPS="0",  # plain HTTP on the loopback; everything else as in production
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_PLAIN_STATIC="1",  # no collectstatic into the shared var/static
        DATABASE_URL=database_url,
    )
    env.update(extra)
    return env
