"""httpx client of the /v1 protocol. Knows no database: models in, models out.

Errors are sorted by what the caller should do:
``Unreachable`` (network, timeout, 5xx: retry later with backoff),
``AuthRefused`` (401/403: the token is gone or revoked; a person must act),
``Refused`` (other 4xx: this request will never succeed as sent).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from sync.protocol import (
    API,
    SERVER_TIME_HEADER,
    ContactLookup,
    DailyReport,
    ErrorBody,
    Health,
    MemberState,
    PullPage,
    PushRequest,
    PushResponse,
    RedeemRequest,
    RedeemResponse,
    RegisterRequest,
    RegisterResponse,
    SaleOut,
    VoucherOut,
    VoucherUse,
)

log = logging.getLogger("tessera.sync")

M = TypeVar("M", bound=BaseModel)
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)


class SyncError(Exception):
    def __init__(self, message: str, *, code: str = "sync_error", status: int | None = None,
                 params: dict[str, str | int] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.params = params or {}  # the refusal's parameters, as the server's error body gave them


class Unreachable(SyncError):
    """The server could not be reached or failed; try again later."""


class AuthRefused(SyncError):
    """The server refused our credentials (unknown, revoked, wrong store)."""


class Refused(SyncError):
    """The server understood and refused the request."""


@dataclass(frozen=True)
class NotModified:
    """A pull answered 304: nothing new since the page the terminal last got."""

    server_time: datetime | None


class SyncClient:
    def __init__(self, base_url: str, token: str | None = None, *,
                 timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
                 transport: httpx.BaseTransport | None = None, verify: bool | str = True) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {"User-Agent": f"tessera-sync/{API}"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout,
                                  transport=transport, verify=verify)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- endpoints -------------------------------------------------------------

    def health(self) -> Health:
        return self._call("GET", "/healthz", Health)

    def register(self, code: str, region: str | None = None) -> RegisterResponse:
        """``region``: the store region expected (refused, code unspent, if the store's is another)."""
        request = RegisterRequest(code=code, region=region)
        return self._call("POST", f"/{API}/register", RegisterResponse,
                          json=request.model_dump(exclude_none=True))

    def push(self, request: PushRequest) -> PushResponse:
        return self._call("POST", f"/{API}/sync/push", PushResponse, content=request.model_dump_json(),
                          headers={"Content-Type": "application/json"})

    def pull(self, cursor: str, *, limit: int | None = None, program_version: int = 0) -> PullPage:
        page = self.pull_changed(cursor, limit=limit, program_version=program_version)
        assert isinstance(page, PullPage)  # no tag sent: never "not modified"
        return page

    def pull_changed(self, cursor: str, *, limit: int | None = None, program_version: int = 0,
                     etag: str = "") -> PullPage | NotModified:
        """The page after ``cursor``, or NotModified when ``etag`` (the last page's) still names it."""
        params: dict[str, Any] = {"cursor": cursor, "program_version": program_version}
        if limit is not None:
            params["limit"] = limit
        headers = {"If-None-Match": etag} if etag else {}
        response = self._send("GET", f"/{API}/sync/pull", params=params, headers=headers)
        if response.status_code == 304:
            return NotModified(_server_time(response))
        return self._parse(response, PullPage)

    def redeem(self, request: RedeemRequest, *, timeout: float) -> RedeemResponse:
        """One redemption confirmed by the server, waiting at most ``timeout`` seconds in all."""
        return self._call("POST", f"/{API}/redeem", RedeemResponse, content=request.model_dump_json(),
                          headers={"Content-Type": "application/json"},
                          timeout=httpx.Timeout(timeout / 3))  # connect + write + read: within timeout

    def sale(self, receipt: str, *, timeout: float) -> SaleOut | None:
        """The store's sale of a receipt, as the server recorded it (None: the store has no such sale)."""
        try:
            return self._call("GET", f"/{API}/sales", SaleOut, params={"receipt": receipt},
                              timeout=httpx.Timeout(timeout / 3))
        except Refused as exc:
            if exc.status == 404:
                return None
            raise

    def voucher(self, code: str, *, timeout: float) -> VoucherOut | None:
        """The server's record of a voucher (None: it knows none of that code in this store)."""
        try:
            return self._call("GET", f"/{API}/vouchers/{code}", VoucherOut,
                              timeout=httpx.Timeout(timeout / 3))
        except Refused as exc:
            if exc.status == 404:
                return None
            raise

    def use_voucher(self, code: str, *, timeout: float) -> VoucherUse | None:
        """Use a voucher: ``taken`` if this call used it (None: the server knows no such voucher)."""
        try:
            return self._call("POST", f"/{API}/vouchers/{code}/use", VoucherUse,
                              timeout=httpx.Timeout(timeout / 3))
        except Refused as exc:
            if exc.status == 404:
                return None
            raise

    def daily_report(self, day: date, *, timeout: float) -> DailyReport:
        """The whole store's figures of ``day`` (the store's own day), with their breakdowns."""
        return self._call("GET", f"/{API}/reports/daily", DailyReport, params={"date": day.isoformat()},
                          timeout=httpx.Timeout(timeout / 3))

    def lookup(self, card: str) -> MemberState | None:
        try:
            return self._call("GET", f"/{API}/members/{card}", MemberState)
        except Refused as exc:
            if exc.status == 404:
                return None
            raise

    def contact_lookup(self, phone: str | None, email: str | None, *,
                       timeout: float | None = None) -> ContactLookup:
        """The store's members already holding this phone or e-mail (``timeout``: this request's)."""
        params = {k: v for k, v in (("phone", phone), ("email", email)) if v}
        extra: dict[str, Any] = {"timeout": timeout} if timeout is not None else {}
        return self._call("GET", f"/{API}/members/lookup", ContactLookup, params=params, **extra)

    # --- plumbing ----------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._http.request(method, path, **kwargs)
        except (httpx.ReadError, httpx.RemoteProtocolError):
            # A kept-alive connection the server closed while idle fails the next request before the
            # server saw it: a GET is sent again once, on a new connection (a push is not: its replay
            # is harmless, but whether it was applied is for the next sync to learn).
            if method != "GET":
                raise
            return self._http.request(method, path, **kwargs)

    def _call(self, method: str, path: str, model: type[M], **kwargs: Any) -> M:
        return self._parse(self._send(method, path, **kwargs), model)

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._request(method, path, **kwargs)
        except httpx.TimeoutException as exc:
            raise Unreachable(f"server timed out ({type(exc).__name__})", code="timeout") from exc
        except httpx.TransportError as exc:  # connect refused, reset, closed mid-answer, protocol error
            raise Unreachable(f"server unreachable ({type(exc).__name__})", code="unreachable") from exc

    def _parse(self, response: httpx.Response, model: type[M]) -> M:
        if response.status_code >= 500:
            raise Unreachable(f"server error {response.status_code}: {_message(response)}",
                              code="server_error", status=response.status_code)
        if response.status_code in (401, 403):
            raise AuthRefused(_message(response), code=_code(response, "unauthorized"),
                              status=response.status_code)
        if response.status_code >= 400:
            body = _error(response)
            raise Refused(_message(response), code=_code(response, "refused"), status=response.status_code,
                          params=dict(body.params) if body else None)
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise Unreachable(f"unexpected answer from the server: {exc.error_count()} invalid fields",
                              code="bad_answer") from exc


def _server_time(response: httpx.Response) -> datetime | None:
    try:
        return datetime.fromisoformat(response.headers.get(SERVER_TIME_HEADER, ""))
    except ValueError:
        return None


def _error(response: httpx.Response) -> ErrorBody | None:
    try:
        return ErrorBody.model_validate_json(response.content)
    except ValidationError:
        return None


def _message(response: httpx.Response) -> str:
    body = _error(response)
    return body.message if body else f"HTTP {response.status_code}"


def _code(response: httpx.Response, default: str) -> str:
    body = _error(response)
    return body.error if body else default
