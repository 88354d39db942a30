"""Property test of the API against its own OpenAPI document (schemathesis): no request the document
allows, valid or not, may produce a server error, and every response must match its schema.

Schemathesis's pytest plugin does not run under pytest 9, so its Hypothesis strategies are driven
directly, one operation at a time.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from web import create_app

schemathesis = pytest.importorskip("schemathesis")

EXAMPLES = 60


def operations(index_path):
    app = create_app({"INDEX_PATH": index_path, "TESTING": True})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def fuzz(op) -> list[int]:
    """Run generated requests against one operation; the status codes seen."""
    seen: list[int] = []

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=op.as_strategy())
    def check(case):
        response = case.call()
        assert response.status_code < 500, (response.status_code, case.path, case.query)
        if response.status_code in (200, 400, 404, 503):
            case.validate_response(response)
        seen.append(response.status_code)

    check()
    return seen


def test_api_never_fails_and_matches_its_document(corpus_index):
    ops = operations(str(corpus_index.path))
    assert {op.path for op in ops} >= {"/api/v1/search", "/api/v1/articles/{article_id}", "/api/v1/health"}
    for op in ops:
        statuses = fuzz(op)
        assert statuses and max(statuses) < 500, (op.path, statuses)
