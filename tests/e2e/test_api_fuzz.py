"""The API fuzzed from its own OpenAPI schema, against gunicorn on a throwaway database.

Every operation in /api/schema/ gets generated requests, valid ones (positive) and invalid ones
(negative), and every response goes through schemathesis's checks: no server error, and status
codes, content types, headers and bodies as the schema documents them. It runs on SQLite, and on
PostgreSQL when DATABASE_URL names one. CI uses a fixed seed and FUZZ_EXAMPLES (default 25)
examples per operation and mode; `make fuzz` runs 1000. The throttles are off for the run
(REGISTRY_THROTTLE_ANON=off), since a fuzzer is one very busy client; throttling has its own
tests.

The operations are listed at collection time from the same schema generator the server uses
(one test per operation and mode, named after it); each test then fuzzes that operation as the
served /api/schema/ describes it, and a test checks that both lists agree. (schemathesis's own
lazy pytest loader does not run under pytest 9, so hypothesis drives its strategies here.)

A 414 counts as a refusal of invalid data (gunicorn refuses a URL that long before Django sees
it). One check is replaced: schemathesis counts any 400 to a schema-valid request as a failure, but
the registry refuses well-formed values that name nothing (`country=QQ`, `program=NOPE`) with a
400 by design (docs/api.md: strict filters); such a 400 must name the parameter instead.
"""

import os

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, seed, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.live

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("FUZZ_SEED", "20251124"))
METHODS = {"get", "head", "options", "post", "put", "patch", "delete", "trace"}


def generated_operations() -> list[str]:
    """Each operation of the schema the server will serve, as "METHOD /path"."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    )


OPERATIONS = generated_operations()


# A refusal of invalid data is any of schemathesis's default statuses, or the 414 that gunicorn
# gives a request line longer than 4,094 bytes (documented in the schema).
REFUSALS = ["400", "401", "403", "404", "405", "406", "409", "414", "415", "422", "428", "429"]
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"negative_data_rejection": {"expected-statuses": [*REFUSALS, "5xx"]}}}
)


@pytest.fixture(scope="module")
def api_schema(registry_server):
    return schemathesis.openapi.from_url(
        f"{registry_server.url}/api/schema/", config=CONFIG, timeout=30
    )


def test_the_served_schema_lists_the_operations_under_test(api_schema):
    served = sorted(result.ok().label for result in api_schema.get_all_operations())
    assert served == OPERATIONS
    assert "GET /api/v1/organizations/" in served
    assert len(served) >= 12  # six resources, list and detail


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("label", OPERATIONS)
def test_every_operation_survives_generated_requests(api_schema, label, mode):
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, f"{label} is not in the served schema"
    statuses: list[int] = []

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,  # the same cases on every run, not replays of a local history
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case):
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance], timeout=30)
        statuses.append(response.status_code)
        assert response.status_code < 500
        if mode is GenerationMode.POSITIVE and response.status_code == 400:
            # A well-formed value that names nothing (country=QQ, a body with no query) is
            # refused by design; the answer must say which parameter or body field was wrong.
            body = case.body if isinstance(case.body, dict) else {}
            sent = {*(case.query or {}), *(case.path_parameters or {}), *body}
            named = " ".join([*response.json().get("errors", {}), response.json()["detail"]])
            assert any(str(name) in named for name in sent), response.text

    fuzz()
    assert statuses, f"{label}: no request was sent"
