"""Property-based fuzzing of the REST API from its own OpenAPI document (schemathesis).

For every operation, schemathesis generates valid and invalid parameter
combinations; every answer must be a non-5xx, carry a documented status and
content type, and match the documented schema (errors included: one JSON
error shape). Bounded: a fixed number of examples per operation.
"""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis import checks  # noqa: E402

from multivector.web import create_app  # noqa: E402

#: Examples per operation; raise with MULTIVECTOR_FUZZ_EXAMPLES for a longer run.
MAX_EXAMPLES = int(os.environ.get("MULTIVECTOR_FUZZ_EXAMPLES", "20"))

APP = create_app(warm_up=False, cache_entries=0)  # no answer cache: every case reaches the code
schema = schemathesis.openapi.from_asgi("/api/openapi.json", APP)

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, print_blob=True,
          suppress_health_check=list(HealthCheck))
def test_api_survives_fuzzing(case):
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code < 500
