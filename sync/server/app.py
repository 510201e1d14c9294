"""The FastAPI application of the loyalty server (/healthz and /v1)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from pos_app.base.clock import Clock, utc_now
from pos_app.core.errors import TesseraError
from pos_app.core.limits import MAX_EMAIL, MAX_PHONE_INPUT, MAX_SAFE, MAX_VERSION
from sync.protocol import (
    API,
    DEFAULT_PAGE,
    SERVER_TIME_HEADER,
    ErrorBody,
    Health,
    OpPayload,
    PushRequest,
    RedeemRequest,
    RegisterRequest,
    RegisterResponse,
)
from sync.server import (
    admin,
    auth,
    expiry,
    housekeeping,
    insight,
    keys,
    pull,
    push,
    redeem,
    reports,
    storesales,
    vouchers,
)
from sync.server.bodylimit import BodyLimit
from sync.server.console import pages as console_pages
from sync.server.console import snapshots as console_snapshots
from sync.server.db import RawUnavailable, ServerDB
from sync.server.errors import ApiError, forbidden, refusal
from sync.server.memberweb import pages as memberweb_pages
from sync.server.memberweb import senders
from sync.server.memberweb.senders import CodeSender
from sync.server.throttle import FREE_FAILURES, Throttle

log = logging.getLogger("tessera.server")
# The days a report may ask for: what a loyalty program can have (dates past these overflow date arithmetic).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2199, 12, 31)
DAY_PATTERN = r"^2[01][0-9]{2}-"  # the same range, said in the document (JSON Schema bounds no date)
DAY_BOUNDS: dict[str, Any] = {"ge": FIRST_DAY, "le": LAST_DAY, "json_schema_extra": {"pattern": DAY_PATTERN}}
CURSOR = r"^([0-9]{1,15}:[0-9a-f-]{0,36})?$"  # "<change seq>:<member id>", as pull hands them out


ERROR_STATUSES = {
    400: "a parameter is not one this server handed out (a pull cursor)",
    401: "no token, an unknown or revoked one, or a wrong registration code",
    403: "the token may not do this (another store's data, a terminal-only endpoint, a reports-only token)",
    404: "no such member, sale or voucher",
    409: "refused by the loyalty rules (the body's code says which)",
    413: "the request body is over its bound (too_large, max_bytes)",
    422: "the request does not match /v1, or a value is out of range",
    429: "too many failed attempts from this address (retry_after)",
}


def document(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with the bodies FastAPI cannot see: the push is parsed from the raw body
    (much faster for 500 ops), and an op's payload is an OpPayload however it travels."""
    doc = get_openapi(title=app.title, version=app.version, routes=app.routes)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for model in (PushRequest, OpPayload):
        shape = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(shape.pop("$defs", {}))
        schemas[model.__name__] = shape
    # Unknown keys are ignored, but every whole number anywhere in a payload must fit 2^53 (PushOp says so).
    bounded = {"minimum": -MAX_SAFE, "maximum": MAX_SAFE}
    any_json = {"$ref": "#/components/schemas/BoundedJSON"}
    schemas["BoundedJSON"] = {"anyOf": [
        {"type": "integer", **bounded}, {"type": "number", **bounded},
        {"type": ["string", "boolean", "null"]}, {"type": "array", "items": any_json},
        {"type": "object", "additionalProperties": any_json}]}
    for name in ("OpPayload", "MemberIn", "EntryIn", "StaffIn"):  # what a payload holds
        schemas[name]["additionalProperties"] = {"$ref": "#/components/schemas/BoundedJSON"}
    payload = {"$ref": "#/components/schemas/OpPayload"}
    schemas["PushOp"]["properties"]["payload"] = payload
    schemas["RedeemRequest"]["properties"]["payload"] = payload
    push_body = {"schema": {"$ref": "#/components/schemas/PushRequest"}}
    doc["paths"][f"/{API}/sync/push"]["post"]["requestBody"] = {
        "required": True, "content": {"application/json": push_body}}
    return doc


NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "nothing new since the answer whose tag If-None-Match names (no body; ETag and "
                         f"{SERVER_TIME_HEADER} headers)"}}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers an endpoint gives, for the OpenAPI document: each an ErrorBody."""
    return {status: {"model": ErrorBody, "description": ERROR_STATUSES[status]} for status in statuses}


def _json(model: BaseModel) -> Response:
    return Response(content=model.model_dump_json(), media_type="application/json")


def current_caller(request: Request, authorization: Annotated[str | None, Header()] = None) -> auth.Caller:
    db: ServerDB = request.app.state.db
    with db.read() as session:
        return auth.authenticate(session, authorization)


Caller = Annotated[auth.Caller, Depends(current_caller)]


def _hourly(db: ServerDB, now: datetime) -> None:
    expiry.run_logged(db, now)
    housekeeping.run_logged(db, now)


async def expire_periodically(db: ServerDB, clock: Clock, every: float) -> None:
    """Expire due points (and prune spent codes and sessions) now, then every ``every`` seconds, until
    cancelled (the server stops)."""
    loop = asyncio.get_running_loop()
    while True:
        run = loop.run_in_executor(None, _hourly, db, clock())
        try:
            await asyncio.shield(run)
        except asyncio.CancelledError:
            await run  # a run under way commits or rolls back before the database is closed
            raise
        await asyncio.sleep(every)


def expiry_lifespan(db: ServerDB, clock: Clock, every: float | None, warm_health: bool = False) -> Any:
    """The app's lifespan: the expiry task runs while the server serves (none when ``every`` is None);
    with ``warm_health`` the console's chain figures are computed behind the start."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm_health:
            console_snapshots.warm_up(db, clock)
        task = asyncio.create_task(expire_periodically(db, clock, every)) if every else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
                with suppress(asyncio.CancelledError):
                    await task

    return lifespan


def create_app(db: ServerDB, data_dir: Path, *, clock: Clock = utc_now,
               expire_every: float | None = expiry.EXPIRE_EVERY,
               code_sender: CodeSender | None = None, warm_health: bool = False) -> FastAPI:
    """The API and the member page; ``expire_every`` seconds between expiry runs (None: no expiry task);
    ``code_sender`` takes the member page's sign-in codes out (None: recorded only); ``warm_health``
    (``serve``): the HQ dashboard's chain figures computed as the server starts."""
    app = FastAPI(title="Tessera loyalty server", version=API, docs_url=None, redoc_url=None,
                  openapi_url=None, lifespan=expiry_lifespan(db, clock, expire_every, warm_health))
    published = keys.published(data_dir)
    app.state.db = db

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(BodyLimit)  # before any parsing, on every endpoint (register included)
    app.include_router(memberweb_pages.router(db, data_dir, clock, code_sender or senders.record_only))
    app.include_router(console_pages.router(db, clock))

    @app.exception_handler(ApiError)
    def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        body = ErrorBody(error=exc.code, message=exc.message, params=exc.params)
        return JSONResponse(body.model_dump(), status_code=exc.status)

    @app.exception_handler(TesseraError)
    def core_refusal(request: Request, exc: TesseraError) -> JSONResponse:
        return api_error(request, refusal(exc))

    @app.exception_handler(StarletteHTTPException)
    def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI's own answers (a body that is not JSON, an unknown path or method) in the /v1 error body;
        # a body that cannot be parsed is a request that does not match /v1, like any other (422).
        status = 422 if exc.status_code == 400 else exc.status_code
        code = {404: "not_found", 405: "method_not_allowed", 422: "bad_request"}.get(status, "http_error")
        body = ErrorBody(error=code, message=f"request does not match /{API}: {exc.detail}"
                         if status == 422 else str(exc.detail))
        return JSONResponse(body.model_dump(), status_code=status, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    def bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        message = f"request does not match /{API}: {where} {first.get('msg', '')}"
        body = ErrorBody(error="bad_request", message=message)
        return JSONResponse(body.model_dump(), status_code=422)

    @app.get("/healthz")
    def healthz() -> Response:
        return _json(Health(ok=True, server_time=clock()))

    registrations = Throttle(db)

    @app.post(f"/{API}/register", responses=errors(401, 409, 413, 422, 429))
    def register(body: RegisterRequest, request: Request) -> Response:
        now = clock()
        address = request.client.host if request.client else "unknown"
        registrations.check(address, now)
        try:
            answer = _register(body, now)
        except ApiError as exc:
            if exc.status == 401:  # a wrong or spent code: a guess, maybe (never log the code itself)
                failures = registrations.failed(address, now)
                # a mistyped code is news; a run of them is someone guessing, and is slowed down
                level = logging.WARNING if failures > FREE_FAILURES else logging.INFO
                log.log(level, "registration refused from %s: %s (%d failures in a row)", address, exc.code,
                        failures)
            raise
        registrations.succeeded(address)
        log.info("terminal %s registered from %s", answer.terminal_id, address)
        return _json(answer)

    def _register(body: RegisterRequest, now: datetime) -> RegisterResponse:
        def work(session: Any) -> RegisterResponse:
            terminal, token = auth.register(session, body.code, now, body.region)
            region, tz = auth.store_zone(session, terminal.store_id)
            return RegisterResponse(token=token, terminal_id=terminal.id, terminal_name=terminal.name,
                                    store_id=terminal.store_id, server_time=now, region=region, tz=tz)

        return db.run_write(work, attempts=1)

    @app.post(f"/{API}/sync/push", responses=errors(401, 403, 413, 422))
    async def sync_push(request: Request, who: Caller) -> Response:
        terminal_id, store_id = auth.require_terminal(who)
        try:  # pydantic parses the raw JSON directly: much faster than dict first for 500 ops
            body = PushRequest.model_validate_json(await request.body())
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from None
        answer = await run_in_threadpool(push.push, db, terminal_id, store_id, body, clock)
        return _json(answer)

    @app.post(f"/{API}/redeem", responses=errors(401, 403, 404, 409, 413, 422))
    def redeem_online(body: RedeemRequest, who: Caller) -> Response:
        terminal_id, store_id = auth.require_terminal(who)
        return _json(redeem.redeem(db, terminal_id, store_id, body, clock))

    @app.get(f"/{API}/sync/pull", responses={**errors(400, 401, 403, 422), **NOT_MODIFIED})
    async def sync_pull(cursor: Annotated[str, Query(max_length=80, pattern=CURSOR)] = "",
                        limit: Annotated[int, Query(ge=1)] = DEFAULT_PAGE,  # more than MAX_PAGE: MAX_PAGE
                        program_version: Annotated[int, Query(ge=0, le=MAX_VERSION)] = 0,
                        if_none_match: Annotated[str | None, Header(max_length=200)] = None,
                        authorization: Annotated[str | None, Header()] = None) -> Response:
        # The tills' most frequent request, mostly answered 304: the token and the stamp are read on one
        # worker thread on a bare DBAPI connection (the Caller dependency would cost a thread hop, a
        # session about ten times the look-ups); a page is built in one snapshot.
        def work() -> pull.Pulled:
            if if_none_match is not None:  # most often a till that has everything: answered off a session
                try:
                    with db.raw_read() as reader:
                        quick = pull.not_modified(reader, authorization, cursor, limit, program_version,
                                                  published, clock, if_none_match)
                except RawUnavailable as exc:  # a stale connection (the database restarted): dropped
                    log.warning("idle pull off a session failed (%s): answered through a session", exc)
                    quick = None
                if quick:
                    return quick
            with db.read() as session:
                terminal_id, store_id = auth.require_terminal(auth.authenticate(session, authorization))
                return pull.pull(session, terminal_id, store_id, cursor, limit, program_version, published,
                                 clock, if_none_match)

        pulled = await run_in_threadpool(work)
        if pulled.page is None:  # nothing new since the answer that tag names: no page built, none sent
            return Response(status_code=304, headers={"ETag": pulled.tag,
                                                      SERVER_TIME_HEADER: pulled.server_time.isoformat()})
        response = _json(pulled.page)
        if pulled.tag:
            response.headers["ETag"] = pulled.tag
        return response

    # Before /members/{card}: "lookup" is not a card.
    @app.get(f"/{API}/members/lookup", responses=errors(401, 403, 422))
    def contact_lookup(who: Caller, phone: Annotated[str | None, Query(max_length=MAX_PHONE_INPUT)] = None,
                       email: Annotated[str | None, Query(max_length=MAX_EMAIL)] = None) -> Response:
        _terminal_id, store_id = auth.require_terminal(who)
        return _json(pull.contact_lookup(db, store_id, phone, email))

    @app.get(f"/{API}/members/{{card}}", responses=errors(401, 403, 404, 422))
    def member(card: str, who: Caller) -> Response:
        if not who.reads_members:
            raise forbidden("this token may read reports only, not members' personal data")
        store = None if who.kind == auth.HQ else who.store_id
        return _json(pull.lookup(db, store, who.terminal_id, card, clock))

    @app.get(f"/{API}/reports/daily", responses=errors(401, 403, 422))
    def daily(who: Caller, day: Annotated[date, Query(alias="date", ge=FIRST_DAY, le=LAST_DAY,
                                                      json_schema_extra={"pattern": DAY_PATTERN})],
              store: Annotated[str | None, Query(max_length=64)] = None) -> Response:
        if who.is_terminal:
            store = store or who.store_id
        if not who.may_read_store(store) and not (store is None and who.kind == auth.HQ):
            raise forbidden("this token may read only its own store's reports")
        with db.read() as session:
            return _json(reports.daily(session, day, store))

    @app.get(f"/{API}/reports/health", responses=errors(401, 403, 409, 422))
    def program_health(who: Caller, store: Annotated[str | None, Query(max_length=64)] = None,
                       start: Annotated[date | None, Query(alias="from", **DAY_BOUNDS)] = None,
                       end: Annotated[date | None, Query(alias="to", **DAY_BOUNDS)] = None) -> Response:
        if who.kind != auth.HQ:
            raise forbidden("program health is for HQ tokens")
        with db.read() as session:
            return _json(insight.health(session, store, start, end, clock()))

    @app.get(f"/{API}/conflicts", responses=errors(401, 422))
    def conflict_list(who: Caller, store: str | None = None) -> JSONResponse:
        if who.is_terminal:
            store = who.store_id
        return JSONResponse(admin.conflicts(db, store))

    @app.get(f"/{API}/sales", responses=errors(401, 403, 404, 422))
    def store_sale(who: Caller, receipt: Annotated[str, Query(min_length=1, max_length=64)],
                   store: str | None = None) -> Response:
        """The store's sale of a receipt (any spelling), for a refund on another of its terminals."""
        terminal_id, store_id = auth.require_terminal(who)
        if store is not None and store != store_id:
            raise forbidden("a terminal reads only its own store's sales")
        return _json(storesales.fetch(db, store_id, terminal_id, receipt, clock))

    @app.get(f"/{API}/vouchers/{{code}}", responses=errors(401, 403, 404, 422))
    def voucher(code: str, who: Caller) -> Response:
        _terminal_id, store_id = auth.require_terminal(who)
        return _json(vouchers.lookup(db, store_id, code, clock()))

    @app.post(f"/{API}/vouchers/{{code}}/use", responses=errors(401, 403, 404, 409, 413, 422))
    def voucher_use(code: str, who: Caller) -> Response:
        terminal_id, store_id = auth.require_terminal(who)
        return _json(vouchers.use(db, terminal_id, store_id, code, clock()))

    return app
