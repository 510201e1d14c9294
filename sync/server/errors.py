"""Errors the HTTP layer turns into ``ErrorBody`` answers."""

from __future__ import annotations

from pos_app.core.errors import InvalidInput, TesseraError


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 params: dict[str, str | int] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.params = params or {}


def unauthorized(message: str = "missing or unknown token") -> ApiError:
    return ApiError(401, "unauthorized", message)


def forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def refusal(exc: TesseraError) -> ApiError:
    """A core refusal raised inside a request: its stable code and English sentence, as the CLI shows them.

    The rules refused (``DomainError``) -> 409; the input is malformed (``InvalidInput``) -> 422, like a
    request that does not match the wire format.
    """
    return ApiError(422 if isinstance(exc, InvalidInput) else 409, str(exc.code), exc.message, exc.params)
