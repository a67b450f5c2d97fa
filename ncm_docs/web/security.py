"""The app's guards: who may talk to it, which requests may change things, how much they may send.

- ``Guard`` (ASGI middleware): the ``Host`` header must name this server (no DNS
  rebinding); with a token (any host other than loopback) every request must carry it,
  once in the URL (then kept in a cookie) as Jupyter does; a state-changing request
  must come from this app's own pages (``Origin``/``Sec-Fetch-Site``) and carry the CSRF
  token; request bodies are size-limited before they are read.
- ``CrashBarrier``: an exception in one request becomes a 500 page for that request;
  the server goes on serving.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import traceback
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse

TOKEN_COOKIE = "ncm_docs_token"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "_csrf"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
log = logging.getLogger("ncm_docs.web")


def new_secret() -> str:
    """A random URL-safe secret (tokens, CSRF)."""
    return secrets.token_urlsafe(24)


def same(a: str | None, b: str) -> bool:
    """Constant-time comparison of a secret."""
    return a is not None and hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8"))


def csrf_ok(request: Request, form=None) -> bool:
    """True if the request carries this app's CSRF token (header, or the form's ``_csrf`` field)."""
    expected = request.app.state.csrf
    if same(request.headers.get(CSRF_HEADER), expected):
        return True
    return form is not None and same(form.get(CSRF_FIELD) if isinstance(form.get(CSRF_FIELD), str) else None, expected)


class Guard:
    """See the module docstring. ``hosts``: allowed ``Host`` values (None: any)."""

    def __init__(self, app, *, token: str | None, hosts: set[str] | None, max_body: int) -> None:
        self.app = app
        self.token = token
        self.hosts = hosts
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if self.hosts is not None and host.lower() not in self.hosts:
            await PlainTextResponse(f"Host '{host}' is not this server; open the address ncm-docs serve printed.", 421)(scope, receive, send)
            return
        if self.token is not None:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            cookie = SimpleCookie(headers.get("cookie", "")).get(TOKEN_COOKIE)
            if same(query.get("token"), self.token):
                rest = urlencode([(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k != "token"])
                response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), 303)
                response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
                await response(scope, receive, send)
                return
            if cookie is None or not same(cookie.value, self.token):
                await HTMLResponse(_TOKEN_PAGE, 403)(scope, receive, send)
                return
        if scope["method"] in _UNSAFE:
            origin = headers.get("origin")
            if headers.get("sec-fetch-site") == "cross-site" or (origin and origin != "null" and urlsplit(origin).netloc.lower() != host.lower()):
                await PlainTextResponse("Refused: this request did not come from the app's own pages.", 403)(scope, receive, send)
                return
            try:
                length = int(headers.get("content-length", "0") or 0)
            except ValueError:
                length = self.max_body + 1
            if length > self.max_body:
                await PlainTextResponse(f"Refused: the upload is larger than {self.max_body // (1024 * 1024)} MB.", 413)(scope, receive, send)
                return
            receive = _limited(receive, self.max_body)
        await self.app(scope, receive, send)


class BodyTooLarge(Exception):
    """A request body grew past the limit while it was being read."""


def _limited(receive, limit: int):
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(f"the upload is larger than {limit // (1024 * 1024)} MB")
        return message

    return wrapped


class CrashBarrier:
    """Turns an exception in one request into a 500 response; the server keeps running."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except BodyTooLarge as exc:
            if not started:
                await PlainTextResponse(f"Refused: {exc}.", 413)(scope, receive, send)
        except Exception as exc:  # noqa: BLE001 - the barrier's whole job
            log.error("request %s %s failed:\n%s", scope.get("method"), scope.get("path"), traceback.format_exc())
            if not started:
                page = _CRASH_PAGE.replace("{error}", _escape(f"{type(exc).__name__}: {exc}"))
                await HTMLResponse(page, 500)(scope, receive, send)


def _escape(text: str) -> str:
    from html import escape

    return escape(text[:500])


_TOKEN_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Token needed - ncm-docs</title></head>
<body style="font-family:Arial,sans-serif;max-width:40em;margin:3em auto;line-height:1.5">
<h1>This ncm-docs app needs its access token</h1>
<p>It is reachable from other computers, so it only answers people who have the address with the
token that <code>ncm-docs serve</code> printed when it started (<code>...?token=...</code>).
Open that address, or ask the person who started it.</p></body></html>"""

_CRASH_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Something went wrong - ncm-docs</title>
<link rel="stylesheet" href="/static/app.css"></head><body><main class="page">
<h1>Something went wrong</h1><p>This request failed because of a fault in ncm-docs: <code>{error}</code>.
Nothing was saved by it. The app is still running: go back and try again, and report the fault if it
happens again (the details are in the terminal where ncm-docs serve runs).</p>
<p><a href="/">Back to the partnerships</a></p></main></body></html>"""
