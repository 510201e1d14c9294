"""The member page's routes under ``/m/``: sign-in, the member's home, the rotating QR code, sign-out.

Server-rendered (Jinja2 templates in ``resources/memberweb``), one style sheet and one small script of
our own, nothing from elsewhere: the Content-Security-Policy allows this origin only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from pos_app.base.clock import Clock, zone_named
from pos_app.core.errors import TesseraError, UnknownCard
from sync.server import web
from sync.server.db import ServerDB
from sync.server.errors import ApiError
from sync.server.memberweb import account, view
from sync.server.memberweb.login import SESSION_LIFETIME, Login, issue_code
from sync.server.memberweb.senders import CodeSender

log = logging.getLogger("tessera.server.memberweb")
SITE = "memberweb"
COOKIE = "tessera_member"
LANG_COOKIE = "tessera_lang"
STATIC = {"style.css": "text/css; charset=utf-8", "qr.js": "text/javascript; charset=utf-8"}


def language(request: Request) -> str:
    return web.language(request, LANG_COOKIE)


def translator(lang: str) -> Callable[..., str]:
    return web.translator(SITE, lang)


class Pages:
    def __init__(self, db: ServerDB, data_dir: Path, clock: Clock, sender: CodeSender) -> None:
        self.db, self.data_dir, self.clock, self.sender = db, data_dir, clock, sender
        self.login = Login(db)
        self._signer: tuple[str, Any] | None = None  # the QR key, read from its file once

    def signer(self) -> tuple[str, Any] | None:
        if self._signer is None:
            self._signer = view.signing_key(self.data_dir)
        return self._signer

    def render(self, request: Request, name: str, status: int = 200, *, zone: str | None = None,
               **values: Any) -> HTMLResponse:
        lang = language(request)
        where: ZoneInfo | None = zone_named(zone)

        def day(at: datetime | None) -> str:
            return "" if at is None else at.astimezone(where).date().isoformat()

        values.setdefault("program", "Tessera")
        html = web.environment(SITE).get_template(name).render(t=translator(lang), lang=lang,
                                                               languages=web.LANGUAGES, day=day, **values)
        response = HTMLResponse(html, status_code=status, headers=web.HEADERS)
        if request.query_params.get("lang") in web.CODES:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/m", samesite="strict",
                                secure=True)
        return response

    def member(self, request: Request) -> str | None:
        return self.login.member_of(request.cookies.get(COOKIE), self.clock())

    def signin_page(self, request: Request, status: int = 200, **values: Any) -> HTMLResponse:
        values.setdefault("card", "")
        return self.render(request, "signin.html", status, message=values.pop("message", ""),
                           error=values.pop("error", ""), **values)

    async def send_code(self, request: Request) -> HTMLResponse:
        t = translator(language(request))
        card = (await web.form(request)).get("card", "").strip()
        address = web.client_address(request)
        try:
            issued = issue_code(self.db, card, self.clock(), address)
        except UnknownCard:  # said as if sent: the page does not tell which cards exist
            return self.signin_page(request, message=t("code_sent"), card=card[:20])
        except TesseraError:  # not a card number (too short, mistyped)
            return self.signin_page(request, 400, error=t("bad_card"), card="")
        except ApiError as exc:
            return self.signin_page(request, exc.status, error=t("too_many"), card=card[:20])
        self.sender(issued)
        return self.signin_page(request, message=t("code_sent"), card=issued.card)

    async def sign_in(self, request: Request) -> Response:
        t = translator(language(request))
        fields = await web.form(request)
        card, code = fields.get("card", "").strip(), fields.get("code", "")[:12]
        address = web.client_address(request)
        try:
            signed = self.login.sign_in(card, code, self.clock(), address)
        except TesseraError:  # not a card number (too short, mistyped)
            return self.signin_page(request, 400, error=t("bad_card"))
        except ApiError as exc:
            error = t("too_many") if exc.status == 429 else t("bad_code")
            return self.signin_page(request, exc.status, error=error, card=card[:20])
        response = RedirectResponse("/m/", status_code=303, headers=web.HEADERS)
        response.set_cookie(COOKIE, signed.token, max_age=int(SESSION_LIFETIME.total_seconds()), path="/m",
                            httponly=True, secure=True, samesite="strict")
        return response

    def home_page(self, request: Request) -> HTMLResponse:
        return self.home(request)

    def home(self, request: Request, status: int = 200, error: str = "") -> HTMLResponse:
        member_id = self.member(request)
        if member_id is None:
            t = translator(language(request))
            message = t("deleted") if "deleted" in request.query_params else (
                t("signed_out") if "out" in request.query_params else "")
            return self.signin_page(request, message=message)
        with self.db.read() as session:
            shown = view.home(session, member_id, self.clock())
        if shown is None:
            return self.signin_page(request)
        return self.render(request, "home.html", status, home=shown, program=shown.program, zone=shown.zone,
                           error=error)

    def qr_page(self, request: Request) -> Response:
        if self.member(request) is None:
            return RedirectResponse("/m/", status_code=303, headers=web.HEADERS)
        with self.db.read() as session:
            program = view.program_name(session)
        return self.render(request, "qr.html", program=program)

    def qr_codes(self, request: Request) -> JSONResponse:
        member_id = self.member(request)
        if member_id is None:
            return JSONResponse({"error": "signed_out"}, status_code=401, headers=web.HEADERS)
        with self.db.read() as session:
            codes = view.qr_codes(session, member_id, self.signer(), self.clock())
        return JSONResponse({"codes": codes}, headers=web.HEADERS)

    async def consent(self, request: Request) -> Response:
        member_id = self.member(request)
        if member_id is not None:
            wanted = (await web.form(request)).get("consent") == "on"
            account.set_consent(self.db, member_id, wanted, self.clock(), web.client_address(request))
        return RedirectResponse("/m/", status_code=303, headers=web.HEADERS)

    def data(self, request: Request) -> Response:
        member_id = self.member(request)
        if member_id is None:
            return JSONResponse({"error": "signed_out"}, status_code=401, headers=web.HEADERS)
        mine = account.export(self.db, member_id, self.clock(), web.client_address(request))
        body = json.dumps(mine, ensure_ascii=False, indent=1)
        return Response(body, media_type="application/json", headers={
            **web.HEADERS, "Content-Disposition": 'attachment; filename="my-loyalty-data.json"'})

    async def delete(self, request: Request) -> Response:
        member_id = self.member(request)
        if member_id is None:
            return RedirectResponse("/m/", status_code=303, headers=web.HEADERS)
        if (await web.form(request)).get("confirm") != "yes":
            return self.home(request, 400, error=translator(language(request))("delete_needs_confirm"))
        account.delete(self.db, member_id, self.clock(), web.client_address(request))
        log.info("a member deleted their account on the member page")
        response = RedirectResponse("/m/?deleted=1", status_code=303, headers=web.HEADERS)
        response.delete_cookie(COOKIE, path="/m", httponly=True, secure=True, samesite="strict")
        return response

    def sign_out(self, request: Request) -> Response:
        self.login.sign_out(request.cookies.get(COOKIE), self.clock())
        response = RedirectResponse("/m/?out=1", status_code=303, headers=web.HEADERS)
        response.delete_cookie(COOKIE, path="/m", httponly=True, secure=True, samesite="strict")
        return response


def router(db: ServerDB, data_dir: Path, clock: Clock, sender: CodeSender) -> APIRouter:
    pages = Pages(db, data_dir, clock, sender)
    routes = APIRouter(prefix="/m", include_in_schema=False)
    routes.add_api_route("/", pages.home_page, methods=["GET"])
    routes.add_api_route("/consent", pages.consent, methods=["POST"])
    routes.add_api_route("/data.json", pages.data, methods=["GET"])
    routes.add_api_route("/delete", pages.delete, methods=["POST"])
    routes.add_api_route("/code", pages.send_code, methods=["POST"])
    routes.add_api_route("/signin", pages.sign_in, methods=["POST"])
    routes.add_api_route("/signout", pages.sign_out, methods=["POST"])
    routes.add_api_route("/qr", pages.qr_page, methods=["GET"])
    routes.add_api_route("/qr/codes", pages.qr_codes, methods=["GET"])
    routes.add_api_route("/static/{name}", web.static_route(SITE, STATIC), methods=["GET"])
    return routes
