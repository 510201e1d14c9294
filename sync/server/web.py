"""What the server's browser pages share (the member page ``/m/``, the HQ console ``/hq/``).

Server-rendered Jinja2 templates and their texts live in ``resources/<site>/`` (``i18n/<lang>.json``
per language); every page answers with the same strict headers: this origin only, never cached.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import parse_qs

import jinja2
from fastapi import Request
from fastapi.responses import Response

from pos_app.base import assets

LANGUAGES = (("en", "English"), ("it", "Italiano"), ("ro", "Română"), ("ko", "한국어"))
CODES = frozenset(code for code, _ in LANGUAGES)
POLICY = ("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": POLICY, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


def source(site: str, name: str) -> str:
    return assets.root().joinpath(site, name).read_text(encoding="utf-8")


@cache
def environment(site: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FunctionLoader(lambda name: source(site, name)), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@cache
def catalog(site: str, lang: str) -> dict[str, str]:
    texts: dict[str, str] = json.loads(source(site, f"i18n/{lang}.json"))
    return texts


def language(request: Request, cookie: str) -> str:
    """``?lang=``, else the site's cookie, else the browser's first language we have, else English."""
    asked = request.query_params.get("lang") or request.cookies.get(cookie)
    if asked in CODES:
        return str(asked)
    for part in request.headers.get("accept-language", "")[:200].split(","):
        primary = part.split(";")[0].strip().split("-")[0].lower()
        if primary in CODES:
            return primary
    return "en"


def translator(site: str, lang: str) -> Callable[..., str]:
    texts, english = catalog(site, lang), catalog(site, "en")

    def t(key: str, **values: Any) -> str:
        """The text of ``key``, its {fields} filled from ``values`` (none: as written, for a script)."""
        text = texts.get(key) or english.get(key) or key
        return text.format(**values) if values else text

    return t


async def form(request: Request) -> dict[str, str]:
    """An urlencoded form's first values (the body is bounded by BodyLimit)."""
    text = (await request.body()).decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(text, max_num_fields=40).items()}


def static_route(site: str, types: dict[str, str]) -> Callable[[str], Response]:
    """The GET handler of a site's ``/static/{name}``: only the files ``types`` names (with their media
    types), cached an hour."""
    def static(name: str) -> Response:
        if name not in types:
            return Response(status_code=404)
        cached = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
        return Response(source(site, name), media_type=types[name], headers=cached)

    return static


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
