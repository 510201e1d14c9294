"""The HQ console's routes under ``/hq/``: sign-in, the dashboard, terminals, sign-out.

Every form carries the session's CSRF token and is refused (403) without it; a store manager's pages
show their store only, and naming another store's terminal or store in a form is refused as if it
did not exist.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pos_app.base.clock import Clock
from pos_app.core.errors import DomainError, TesseraError
from sync.server import insight, programs, web
from sync.server.console import conflicts, imports, members, program, reportpages, snapshots, views
from sync.server.console.charts import bars
from sync.server.console.users import Console, User
from sync.server.db import ServerDB
from sync.server.errors import ApiError

log = logging.getLogger("tessera.server.console")
SITE = "console"
COOKIE = "tessera_hq"
LANG_COOKIE = "tessera_hq_lang"
STATIC = {"console.css": "text/css; charset=utf-8", "program.js": "text/javascript; charset=utf-8"}

Handler = Callable[[Request, User, str, dict[str, str]], Awaitable[Response]]


class Pages:
    def __init__(self, db: ServerDB, clock: Clock) -> None:
        self.db, self.clock = db, clock
        self.console = Console(db)

    def t(self, request: Request) -> Callable[..., str]:
        return web.translator(SITE, web.language(request, LANG_COOKIE))

    def render(self, request: Request, name: str, status: int = 200, *, user: User | None = None,
               csrf: str = "", **values: Any) -> HTMLResponse:
        lang = web.language(request, LANG_COOKIE)

        def when(at: datetime | None) -> str:
            return "–" if at is None else at.strftime("%Y-%m-%d %H:%M UTC")

        html = web.environment(SITE).get_template(name).render(
            t=web.translator(SITE, lang), lang=lang, languages=web.LANGUAGES, user=user, csrf=csrf, when=when,
            **values)
        response = HTMLResponse(html, status_code=status, headers=web.HEADERS)
        if request.query_params.get("lang") in web.CODES:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/hq", samesite="strict",
                                secure=True)
        return response

    def signed(self, request: Request) -> tuple[User, str] | None:
        return self.console.session_of(request.cookies.get(COOKIE), self.clock())

    def gate(self, request: Request, status: int = 200) -> tuple[User, str] | HTMLResponse:
        """The signed-in user and CSRF token, or the sign-in page (answered with ``status``) to show."""
        signed = self.signed(request)
        return signed if signed is not None else self.signin_page(request, status)

    def error(self, request: Request, user: User, csrf: str, status: int, key: str = "",
              message: str = "") -> HTMLResponse:
        """The error page: the text of ``key`` in the page's language, or ``message`` as it is."""
        return self.render(request, "error.html", status, user=user, csrf=csrf,
                           message=message or self.t(request)(key))

    def signin_page(self, request: Request, status: int = 200, error: str = "") -> HTMLResponse:
        return self.render(request, "signin.html", status, error=error)

    async def sign_in(self, request: Request) -> Response:
        fields = await web.form(request)
        try:
            signed = self.console.sign_in(fields.get("name", ""), fields.get("password", ""), self.clock(),
                                          web.client_address(request))
        except ApiError as exc:
            key = "too_many" if exc.status == 429 else "bad_sign_in"
            return self.signin_page(request, exc.status, self.t(request)(key))
        log.info("console user %s signed in", signed.user.name)
        response = RedirectResponse("/hq/", status_code=303, headers=web.HEADERS)
        lifetime = int((signed.expires_at - self.clock()).total_seconds())
        response.set_cookie(COOKIE, signed.token, max_age=lifetime, path="/hq", httponly=True, secure=True,
                            samesite="strict")
        return response

    def page(self, name: str,
             build: Callable[[User, Request], dict[str, Any]]) -> Callable[[Request], Response]:
        """A GET page for a signed-in user (else the sign-in page)."""
        def show(request: Request) -> Response:
            signed = self.gate(request)
            if isinstance(signed, Response):
                return signed
            user, csrf = signed
            return self.render(request, name, user=user, csrf=csrf, **build(user, request))

        return show

    def action(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """A POST for a signed-in user with the session's CSRF token (403 without it)."""
        async def act(request: Request) -> Response:
            signed = self.signed(request)
            if signed is None:
                return RedirectResponse("/hq/", status_code=303, headers=web.HEADERS)
            user, csrf = signed
            fields = await web.form(request)
            if not hmac.compare_digest(fields.get("csrf", ""), csrf):
                log.warning("console form without its CSRF token refused (user %s)", user.name)
                return self.error(request, user, csrf, 403, "csrf_refused")
            return await handler(request, user, csrf, fields)

        return act

    def dashboard(self, user: User, request: Request) -> dict[str, Any]:
        kept = snapshots.health(self.db, user.scope, self.clock)
        with self.db.read() as session:
            board = views.dashboard(session, user, self.clock(), *(kept or (None, None)))
            money = reportpages.money_of(session)
        if board.health is None:  # the first figures of this scope are being computed: sync health now
            return {"board": board, "chart": "", "money": money}
        weeks: dict[str, int] = {}
        for line in board.health.enrollments_by_week:
            weeks[line.week.isoformat()] = weeks.get(line.week.isoformat(), 0) + line.enrollments
        title = self.t(request)("enrollments_by_week")
        chart = bars(list(weeks.values()), [w[5:] for w in weeks], title) if weeks else ""
        return {"board": board, "chart": chart, "money": money}

    def terminal_list(self, user: User, request: Request | None = None) -> dict[str, Any]:
        page = max(0, min(_int(request.query_params.get("page")), 10_000)) if request is not None else 0
        with self.db.read() as session:
            rows, more = views.terminals(session, user, self.clock(), page)
            return {"terminals": rows, "page": page, "more": more,
                    "stores": views.stores(session, user), "added": None, "revoking": None}

    async def add_terminal(self, request: Request, user: User, csrf: str, fields: dict[str, str]) -> Response:
        store = fields.get("store", "").strip() or (user.store_id or "")
        try:
            terminal_id, code = views.add(self.db, user, store, fields.get("name", ""), self.clock())
        except (PermissionError, LookupError):
            return self.error(request, user, csrf, 404, "no_such_store")
        import segno

        qr = segno.make(code, error="m").svg_inline(scale=1, border=4, omitsize=True)
        values = self.terminal_list(user)
        values["added"] = {"id": terminal_id, "code": code, "store": store, "qr": qr}
        return self.render(request, "terminals.html", user=user, csrf=csrf, **values)

    async def revoke_terminal(self, request: Request, user: User, csrf: str,
                              fields: dict[str, str]) -> Response:
        """Asked first (a revoked till stops syncing for good), revoked once confirmed."""
        terminal_id = fields.get("terminal", "")
        if fields.get("confirm") != "yes":
            with self.db.read() as session:
                asked = views.terminal_row(session, user, terminal_id, self.clock())
            if asked is None or asked.revoked_at is not None:
                return self.error(request, user, csrf, 404, "no_such_terminal")
            values = self.terminal_list(user)
            values["revoking"] = asked
            return self.render(request, "terminals.html", user=user, csrf=csrf, **values)
        if not views.revoke_one(self.db, user, terminal_id, self.clock()):
            return self.error(request, user, csrf, 404, "no_such_terminal")
        return RedirectResponse("/hq/terminals", status_code=303, headers=web.HEADERS)

    def member_search(self, request: Request) -> Response:
        signed = self.gate(request)
        if isinstance(signed, Response):
            return signed
        user, csrf = signed
        text = request.query_params.get("q", "")[:100]
        page = max(0, min(_int(request.query_params.get("page")), 10_000))
        with self.db.read() as session:
            found = members.search(session, user, text, page)
        return self.render(request, "members.html", user=user, csrf=csrf, q=text, found=found)

    def member_page(self, request: Request, card: str) -> Response:
        signed = self.gate(request)
        if isinstance(signed, Response):
            return signed
        user, csrf = signed
        with self.db.read() as session:
            shown = members.detail(session, user, card[:20], self.clock())
        if shown is None:
            return self.error(request, user, csrf, 404, "no_such_member")
        return self.render(request, "member.html", user=user, csrf=csrf, m=shown)

    def member_export(self, request: Request, card: str) -> Response:
        signed = self.gate(request, 401)
        if isinstance(signed, Response):
            return signed
        user, csrf = signed
        data = members.export(self.db, user, card[:20], self.clock())
        if data is None:
            return self.error(request, user, csrf, 404, "no_such_member")
        named = f'attachment; filename="member-{card[-4:]}.json"'
        return Response(json.dumps(data, ensure_ascii=False, indent=1), media_type="application/json",
                        headers={**web.HEADERS, "Content-Disposition": named})

    async def member_act(self, request: Request, user: User, csrf: str, fields: dict[str, str]) -> Response:
        card, what = fields.get("card", "")[:20], fields.get("do", "")
        now = self.clock()
        if what in ("block", "unblock"):
            done = members.block(self.db, user, card, what == "block", now)
        elif what == "erase" and fields.get("confirm") == "yes":
            done = members.erase(self.db, user, card, now)
        elif what == "correct":
            try:
                points, reason = fields.get("points", ""), fields.get("reason", "")
                done = members.correct(self.db, user, card, points, reason, now)
            except TesseraError as exc:
                return self.error(request, user, csrf, 400, message=exc.message)
        else:
            return self.error(request, user, csrf, 400, "confirm_needed")
        if not done:
            return self.error(request, user, csrf, 404, "no_such_member")
        return RedirectResponse(f"/hq/members/{card}", status_code=303, headers=web.HEADERS)

    def conflict_list(self, request: Request) -> Response:
        signed = self.gate(request)
        if isinstance(signed, Response):
            return signed
        user, csrf = signed
        open_only = request.query_params.get("all") != "1"
        page = max(0, min(_int(request.query_params.get("page")), 10_000))
        with self.db.read() as session:
            rows, more = conflicts.listing(session, user, open_only=open_only, page=page)
        return self.render(request, "conflicts.html", user=user, csrf=csrf, rows=rows, more=more, page=page,
                           open_only=open_only)

    async def conflict_act(self, request: Request, user: User, csrf: str, fields: dict[str, str]) -> Response:
        conflict_id, now = _int(fields.get("conflict")), self.clock()
        if fields.get("do") == "merge":
            done = conflicts.merge_duplicates(self.db, user, conflict_id, now) is not None
        elif fields.get("do") == "void":
            try:
                done = conflicts.void(self.db, user, conflict_id, now) is not None
            except DomainError:  # voided or used meanwhile (another user, a till): nothing to do here
                done = False
        else:
            done = conflicts.acknowledge(self.db, user, conflict_id, fields.get("note", ""), now)
        if not done:
            return self.error(request, user, csrf, 404, "no_such_conflict")
        return RedirectResponse("/hq/conflicts", status_code=303, headers=web.HEADERS)

    def program_values(self, user: User, _request: Request | None = None, *, source: str = "",
                       checked: Any = None, done: str = "") -> dict[str, Any]:
        now = self.clock()
        with self.db.read() as session:
            active = programs.active(session, now)
            current = program.preview(active) if active else None
            return {"current": current, "history": program.history(session, now), "source": source,
                    "checked": checked, "done": done, "may_load": user.scope is None}

    async def program_check(self, request: Request, user: User, csrf: str,
                            fields: dict[str, str]) -> Response:
        source = fields.get("source", "")
        with self.db.read() as session:
            checked = program.check(session, source, self.clock())
        status = 200 if checked.problem is None else 422
        return self.render(request, "program.html", status, user=user, csrf=csrf,
                           **self.program_values(user, source=source, checked=checked))

    async def program_activate(self, request: Request, user: User, csrf: str,
                               fields: dict[str, str]) -> Response:
        source, t = fields.get("source", ""), self.t(request)
        try:
            loaded = program.activate(self.db, user, source, self.clock(), program.instant(fields))
        except PermissionError:
            return self.error(request, user, csrf, 403, "hq_only")
        except TesseraError as exc:
            with self.db.read() as session:
                checked = program.check(session, source, self.clock())
            message = t(exc.code.value, **exc.params) if exc.code.value.startswith("program_activation") \
                else exc.message  # the instant typed here: said in the page's language
            checked = program.Checked(None, program.Problem(message, None), [], {}) \
                if checked.problem is None else checked
            return self.render(request, "program.html", 422, user=user, csrf=csrf,
                               **self.program_values(user, source=source, checked=checked))
        done = program.done_text(t, loaded)
        return self.render(request, "program.html", user=user, csrf=csrf,
                           **self.program_values(user, done=done))

    def report_page(self, request: Request, as_csv: bool = False) -> Response:
        signed = self.gate(request, 401 if as_csv else 200)
        if isinstance(signed, Response):
            return signed
        user, csrf = signed
        wanted = reportpages.asked(request, user, self.clock().date())
        if wanted is None:
            return self.error(request, user, csrf, 404, "no_such_report")
        day, store = wanted
        if as_csv:
            return reportpages.day_csv(self.db, day, store)
        with self.db.read() as session:
            stores = views.stores(session, user)
        values = reportpages.day_values(self.db, day, store, self.t(request)("sales_by_hour"))
        return self.render(request, "reports.html", user=user, csrf=csrf, stores=stores, **values)

    def report_csv(self, request: Request) -> Response:
        return self.report_page(request, as_csv=True)

    def report_pdf(self, request: Request) -> Response:
        """The day as the terminal's PDF page, behind the CSV's sign-in (401) and store checks (404)."""
        signed = self.gate(request, 401)
        if isinstance(signed, Response):
            return signed
        wanted = reportpages.asked(request, signed[0], self.clock().date())
        paper = request.query_params.get("paper", "a4")
        pdf = None if wanted is None else reportpages.day_pdf(self.db, *wanted, paper)
        return pdf if pdf is not None else self.error(request, *signed, 404, "no_such_report")

    def period_page(self, request: Request, as_csv: bool = False) -> Response:
        signed = self.gate(request, 401 if as_csv else 200)
        if isinstance(signed, Response):
            return signed
        user, csrf = signed
        wanted = reportpages.period_asked(request, user)
        if wanted is None:
            return self.error(request, user, csrf, 404, "no_such_report")
        start, end, store = wanted
        try:
            if as_csv:  # a download waits for its figures
                return reportpages.period_csv(reportpages.period(self.db, start, end, store, self.clock()))
            with self.db.read() as session:
                insight.check_period(session, store, start, end, self.clock())
                stores, money = views.stores(session, user), reportpages.money_of(session)
        except TesseraError as exc:
            return self.error(request, user, csrf, 409, message=exc.message)
        kept = snapshots.health(self.db, store, self.clock, start, end)  # None: being computed behind
        return self.render(request, "period.html", user=user, csrf=csrf, h=kept[0] if kept else None,
                           stores=stores, store=store or "", money=money, start=start, end=end)

    def period_csv(self, request: Request) -> Response:
        return self.period_page(request, as_csv=True)

    def import_values(self, user: User, _request: Request | None = None, **values: Any) -> dict[str, Any]:
        with self.db.read() as session:
            stores = views.stores(session, user)
        return {"stores": stores, "text": "", "store": "", "checked": None, "done": None, **values}

    async def import_act(self, request: Request, user: User, csrf: str, fields: dict[str, str]) -> Response:
        if user.scope is not None:
            return self.error(request, user, csrf, 403, "hq_only")
        text, store = fields.get("text", ""), fields.get("store", "")
        checked = imports.check(self.db, text, store)
        if fields.get("do") != "import" or checked.problems:
            status = 422 if checked.problems else 200
            return self.render(request, "import.html", status, user=user, csrf=csrf,
                               **self.import_values(user, text=text, store=store, checked=checked))
        try:
            done = imports.run(self.db, user, text, store, self.clock())
        except TesseraError as exc:
            failed = imports.Checked([], getattr(exc, "problems", None) or [exc.message])
            return self.render(request, "import.html", 422, user=user, csrf=csrf,
                               **self.import_values(user, text=text, store=store, checked=failed))
        return self.render(request, "import.html", user=user, csrf=csrf,
                           **self.import_values(user, done=done))

    async def sign_out(self, request: Request, user: User, _csrf: str, _fields: dict[str, str]) -> Response:
        self.console.sign_out(request.cookies.get(COOKIE), self.clock())
        log.info("console user %s signed out", user.name)
        response = RedirectResponse("/hq/", status_code=303, headers=web.HEADERS)
        response.delete_cookie(COOKIE, path="/hq", httponly=True, secure=True, samesite="strict")
        return response


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 7 else 0


def router(db: ServerDB, clock: Clock) -> APIRouter:
    pages = Pages(db, clock)
    routes = APIRouter(prefix="/hq", include_in_schema=False)
    routes.add_api_route("/", pages.page("dashboard.html", pages.dashboard), methods=["GET"])
    routes.add_api_route("/signin", pages.sign_in, methods=["POST"])
    routes.add_api_route("/signout", pages.action(pages.sign_out), methods=["POST"])
    routes.add_api_route("/terminals", pages.page("terminals.html", pages.terminal_list), methods=["GET"])
    routes.add_api_route("/terminals/add", pages.action(pages.add_terminal), methods=["POST"])
    routes.add_api_route("/terminals/revoke", pages.action(pages.revoke_terminal), methods=["POST"])
    routes.add_api_route("/members", pages.member_search, methods=["GET"])
    routes.add_api_route("/members/act", pages.action(pages.member_act), methods=["POST"])
    routes.add_api_route("/members/import", pages.page("import.html", pages.import_values), methods=["GET"])
    routes.add_api_route("/members/import", pages.action(pages.import_act), methods=["POST"])
    routes.add_api_route("/members/{card}", pages.member_page, methods=["GET"])
    routes.add_api_route("/members/{card}/export.json", pages.member_export, methods=["GET"])
    routes.add_api_route("/conflicts", pages.conflict_list, methods=["GET"])
    routes.add_api_route("/conflicts/act", pages.action(pages.conflict_act), methods=["POST"])
    routes.add_api_route("/program", pages.page("program.html", pages.program_values), methods=["GET"])
    routes.add_api_route("/program/check", pages.action(pages.program_check), methods=["POST"])
    routes.add_api_route("/program/activate", pages.action(pages.program_activate), methods=["POST"])
    routes.add_api_route("/reports", pages.report_page, methods=["GET"])
    routes.add_api_route("/reports.csv", pages.report_csv, methods=["GET"])
    routes.add_api_route("/reports.pdf", pages.report_pdf, methods=["GET"])
    routes.add_api_route("/period", pages.period_page, methods=["GET"])
    routes.add_api_route("/period.csv", pages.period_csv, methods=["GET"])
    routes.add_api_route("/static/{name}", web.static_route(SITE, STATIC), methods=["GET"])
    return routes
