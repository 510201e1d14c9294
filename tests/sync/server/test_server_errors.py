"""The server's error bodies carry the same stable code and parameters as the CLI's errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.core.errors import Code, InvalidInput, TesseraError, UnknownCard


@pytest.mark.parametrize(("error", "status"), [(UnknownCard(card="*********0063"), 409),
                                               (InvalidInput(Code.RECEIPT_LENGTH), 422)])
def test_a_refusal_inside_a_request_answers_with_its_code(tmp_path: Path, error: TesseraError,
                                                          status: int) -> None:
    from starlette.requests import Request
    from starlette.responses import JSONResponse

    from sync.protocol import ErrorBody
    from sync.server.app import create_app
    from sync.server.db import ServerDB

    db = ServerDB(f"sqlite:///{tmp_path / 'server.db'}")
    try:
        handler = create_app(db, tmp_path).exception_handlers[TesseraError]
        answer = handler(Request({"type": "http", "method": "GET", "path": "/", "headers": []}), error)
    finally:
        db.dispose()
    assert isinstance(answer, JSONResponse) and answer.status_code == status
    assert ErrorBody.model_validate_json(bytes(answer.body)) == ErrorBody(error=str(error.code),
                                                                          message=error.message,
                                                                          params=error.params)
