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
# the briefs and the ideal-point routes need the default UN ideal-point fit, which takes longer than the
# client's 10 s read timeout on a busy machine the first time: fit it before the cases run (kept in memory)
import multivector as _mv  # noqa: E402

_mv.ideal_points(2, 2019)
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
    # correctness, not speed: a cold brief on a busy machine may take longer than the client's 10 s default
    response = case.call_and_validate(checks=CHECKS, timeout=300)
    assert response.status_code < 500


# ---------------------------------------------------------------- pages (not in the OpenAPI document)

from urllib.parse import quote  # noqa: E402

from fastapi.testclient import TestClient  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PAGE_CLIENT = TestClient(APP, raise_server_exceptions=False)
names = st.sampled_from(["705", "KZK", "Kazakstan", "GDR", "Bavaria", "2", "sco", "nato", "un", "pcb", "", " ", "%", "../x"]) | st.text(max_size=12)
years = st.none() | st.integers(min_value=-10, max_value=3000) | st.sampled_from(["abc", "1991.5", ""])


@given(
    page=st.sampled_from(["state", "organization", "compare", "dyad", "search", "whatif"]),
    name=names, other=names, start=years, end=years,
    channel=st.sampled_from(["institutional", "diplomatic", "x"]),
    measure=st.sampled_from(["full", "evenness", "tilt", "hedging", "dominant_share", "joins", "gdp"]),
    pillars=st.lists(st.sampled_from(["russia", "china", "usa", "eu", "turkey", "atlantis", "a.toml", "/etc/x"]), max_size=3),
)
@settings(max_examples=MAX_EXAMPLES * 10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_pages_never_fail_on_user_input(page, name, other, start, end, channel, measure, pillars):
    params = {k: v for k, v in {"from": start, "to": end}.items() if v is not None}
    if page == "state":
        url, params = f"/state/{quote(name or '705', safe='')}", {**params, "channel": channel, "pillars": pillars}
    elif page == "organization":
        url = f"/organization/{quote(name or 'sco', safe='')}"
    elif page == "compare":
        url, params = "/compare", {**params, "states": f"{name},{other}", "measure": measure, "channel": channel}
    elif page == "dyad":
        url, params = "/dyad", {**params, "a": name, "b": other}
    elif page == "whatif":
        url, params = "/whatif", {"state": name, "year": start, "join": other, "leave": ",".join(pillars)}
    else:
        url, params = "/search", {"q": name}
    r = PAGE_CLIENT.get(url, params=params, follow_redirects=False)
    assert r.status_code < 500, (url, params, r.text[:300])
    if r.status_code >= 400:
        assert "Traceback" not in r.text
