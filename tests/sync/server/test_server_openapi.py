"""`tessera-server openapi` prints the /v1 document, interactive docs off or not, with every error status."""

from __future__ import annotations

import json

from tests.sync.server.conftest import Cli


def test_the_document_lists_each_endpoints_error_answers(cli: Cli) -> None:
    code, out, _ = cli("openapi")
    assert code == 0
    doc = json.loads(out)
    assert doc["info"]["version"] == "v1"
    operations = {(method, path): op for path, ops in doc["paths"].items() for method, op in ops.items()}
    assert operations[("get", "/healthz")]["responses"].keys() == {"200"}
    for (method, path), op in operations.items():
        if path == "/healthz":
            continue
        statuses = set(op["responses"])
        assert {"200", "401", "422"} <= statuses, (method, path)  # behind auth, bounded input
        if method == "post":
            assert "413" in statuses, path  # every body is bounded
        error = op["responses"]["401"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorBody"}, (method, path)
    assert "429" in operations[("post", "/v1/register")]["responses"]
    assert "400" in operations[("get", "/v1/sync/pull")]["responses"]
