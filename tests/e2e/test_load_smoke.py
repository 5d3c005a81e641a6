"""A few seconds of the load test (`make load` runs the full 30 s at 32 connections): the
harness works, and concurrent readers of the organization list and search get no error."""

import pytest

from tests.e2e.load import PATHS, run_load

pytestmark = pytest.mark.live


def test_concurrent_readers_get_no_error(registry_server):
    figures = run_load(registry_server.url, seconds=3, connections=8)
    assert figures["overall"]["errors"] == 0, figures["overall"]["error_kinds"]
    for path in PATHS:
        assert figures["paths"][path]["ok"] > 0, path


def test_the_harness_counts_errors(registry_server):
    """A path that answers 404 is counted as errors, so the zero above means something."""
    figures = run_load(registry_server.url, seconds=1, connections=2, paths=["/api/v1/nope/"])
    assert figures["overall"]["ok"] == 0
    assert figures["overall"]["errors"] > 0
    assert figures["overall"]["error_kinds"] == {"HTTP 404": figures["overall"]["errors"]}
