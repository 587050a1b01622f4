"""WSGI and ASGI middleware: every HTML response goes through the rewrite (heldback/server/rewrite.py).

    app.wsgi_app = ConsentWSGIMiddleware(app.wsgi_app, script_url="/static/consent.js")  # Flask
    app.add_middleware(ConsentASGIMiddleware, script_url="/static/consent.js")  # FastAPI, Starlette
    MIDDLEWARE = [..., "heldback.server.django.ConsentMiddleware"]  # Django: heldback/server/django.py

``script_url`` is where the site serves consent.js (the rest of the build next to it); ``config`` is
the site's config, a path to its TOML file or a loaded Config (default: the packaged one, Customer.io
under marketing), whose vendors the rewrite holds. ``serve_build``: a folder holding the build (the
output of ``python -m heldback build``); the middleware then answers GET and HEAD for the files of
the build under ``script_url``'s folder itself, precompressed where the browser takes it, and passes
every other request to the app, whatever exists on disk (built_files.py).

Only ``text/html`` responses without a Content-Encoding are rewritten (put the middleware inside any
compression middleware); anything else streams through untouched, and so do responses without a
body (HEAD, 1xx, 204, 304): they lose their Content-Length if they have one, since the page they
describe gets longer. A response the browser would sniff (no usable Content-Type, no ``nosniff``)
is rewritten if its first bytes sniff as HTML (content_type.py). A page is read exactly as the
browser reads it (page_encoding.py: its byte order mark, else a charset the Encoding Standard knows,
else its ``<meta>``, else windows-1252), edited in place in its own bytes and encoding, and its
Content-Type names the encoding where browsers could otherwise read it differently. A page the
middleware cannot serve safe is not served: larger than ``max_page_bytes`` (default 4 MiB; None:
no limit), or one whose edits it cannot place, gets a ``500`` text/plain answer of its own, logged
on the ``heldback.server`` logger; nothing goes through unread. Relative URLs resolve against the
request's own URL. A page request that carries a valid consent record gets it back as an HTTP
Set-Cookie with its remaining lifetime (consent_cookie.py: Safari keeps a script's cookie for 7 days
only).
"""

import logging
import os
from urllib.parse import quote

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration import schema
from heldback.core.config import Config
from heldback.server.built_files import BuildFiles  # serve_build (importable from here too)
from heldback.server.consent_cookie import refreshed, sets_it
from heldback.server.content_type import SNIFFED_TYPES, extract_mime_type, sniffs_as_html
from heldback.server.page_encoding import Page, Unplaceable
from heldback.server.rewrite import Rewriter, script_nonce
from heldback.urls import vendor_of

MAX_PAGE_BYTES = 4 * 1024 * 1024  # about 5 s of rewriting on a slow core at worst; a 10 MB page took 22 s
LOG = logging.getLogger("heldback.server")
SNIFF = "sniff"  # html_charset: a response the browser sniffs; HTML if its first bytes say so


def config_for(config):
    """``config`` resolved: a Config, a path to a TOML config, or None (the packaged default)."""
    if config is None:
        return schema.load(DEFAULT_CONFIG)
    if isinstance(config, (str, os.PathLike)):
        return schema.load(config)
    if not isinstance(config, Config):
        raise TypeError(f"config: a path to a TOML file or a Config, not {type(config).__name__}")
    return config


def with_consent_cookie(headers, cookie_header, config, secure):
    """``headers`` plus the re-issued consent cookie, when the request has a valid one and the app
    does not set it itself."""
    cookie = None if sets_it(headers) else refreshed(cookie_header, config, secure)
    return headers + [("Set-Cookie", cookie)] if cookie else headers


def has_no_body(method, status):
    """HEAD, 1xx, 204 and 304 responses carry no body (RFC 9110)."""
    code = int(str(status).split(" ")[0])
    return method == "HEAD" or code < 200 or code in (204, 304)


def without_length(headers):
    return [(name, value) for name, value in headers if name.lower() != "content-length"]


def html_charset(headers):
    """How the middleware takes a response without a Content-Encoding, from its headers, as the
    browser takes it (content_type.py): an HTML page's charset label ("" when its Content-Type has
    none), SNIFF when the browser sniffs whether it is HTML, or None: not ours to rewrite."""
    fields = [(name.lower(), value) for name, value in headers]
    if any(name == "content-encoding" and value != "identity" for name, value in fields):
        return None
    mime_type = extract_mime_type([value for name, value in fields if name == "content-type"])
    if mime_type is None or mime_type.essence in SNIFFED_TYPES:
        nosniff = any(name == "x-content-type-options" and value.split(",")[0].strip(" \t").lower() == "nosniff"
                      for name, value in fields)
        return None if nosniff else SNIFF
    return mime_type.parameters.get("charset", "") if mime_type.essence == "text/html" else None


class PageRefused(Exception):
    """A page the middleware will not serve, since it cannot serve it safe; the answer is an error."""


def rewritten(rewriter, body, charset, headers, url):
    """(body, headers, whether it is a page) of a response html_charset took, as the browser will
    get it. Raises PageRefused for a page whose edits cannot be placed."""
    if charset == SNIFF:
        if not sniffs_as_html(body):
            return body, headers, False
        headers = [(name, value) for name, value in headers if name.lower() != "content-type"]
    vendor = vendor_of(url, rewriter.vendors) if url else None
    if vendor:  # stage 1 would hold the site's own files, its consent manager among them
        raise PageRefused(f"the site's own host is a host of vendors.{vendor['key']} in the config: fix its hosts")
    page = Page(body, charset or None)
    if page.unreadable:
        raise PageRefused(f"its {page.encoding} bytes read differently in Chromium and in the Encoding Standard")
    if page.encoding != "replacement":  # else the browser reads one U+FFFD: nothing runs, nothing is fetched
        policies = [value for name, value in headers if name.lower() == "content-security-policy"]
        try:
            body = page.with_edits(rewriter.edits(page.text, script_nonce(policies), url))
        except Unplaceable as unplaceable:
            raise PageRefused(f"an edit its {page.encoding} bytes cannot take ({unplaceable})") from None
    if page.declared or charset == SNIFF:  # the browser would guess: name what the page was read as
        headers = [(name, value) for name, value in headers if name.lower() != "content-type"]
        headers.append(("Content-Type", f"text/html; charset={page.label}"))
    return body, headers, True


def refusal(method, path, reason):
    """(status, headers, body) of the answer for a page not served, logged."""
    LOG.error("heldback: %s %s not served: %s", method, path, reason)
    body = f"heldback: this page was not served: {reason}\n".encode()
    return "500 Internal Server Error", [("Content-Type", "text/plain; charset=utf-8"),
                                         ("Content-Length", str(len(body)))], body


def answer_for(rewriter, body, charset, headers, url, method, path):
    """(status, headers, body, whether it is a page): ``rewritten`` (status None: the app's), or the
    refusal of a page it cannot serve safe. Never raises."""
    try:
        body, headers, page = rewritten(rewriter, body, charset, headers, url)
        return None, headers, body, page
    except PageRefused as refused:
        return (*refusal(method, path, str(refused)), False)
    except Exception:  # a bug of ours must not let a page through unread, nor take the server down
        LOG.exception("heldback: the rewrite failed")
        return (*refusal(method, path, "the rewrite failed"), False)


def with_length(headers, length):
    return without_length(headers) + [("Content-Length", str(length))]


class ConsentWSGIMiddleware:
    def __init__(self, app, script_url="/dist/consent.js", config=None, serve_build=None,
                 max_page_bytes=MAX_PAGE_BYTES):
        self.max_page_bytes = max_page_bytes  # above it a page is refused (module docstring)
        self.app = app
        self.config = config_for(config)
        schema.check_site_url(self.config.vendors, script_url, "script_url")  # on a vendor's host: held
        self.rewriter = Rewriter(self.config, script_url)
        self.build = BuildFiles(script_url, serve_build)

    def __call__(self, environ, start_response):
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        if served := self.build.answer(environ.get("REQUEST_METHOD"), path, environ.get("HTTP_ACCEPT_ENCODING")):
            status, headers, body = served
            start_response(f"{status} {'OK' if status == 200 else 'Not Found'}", list(headers.items()))
            return [body]
        response = {}

        def capture(status, headers, exc_info=None):
            charset = html_charset(headers)
            if charset is None:
                return start_response(status, headers, exc_info)
            if has_no_body(environ.get("REQUEST_METHOD"), status):
                return start_response(status, without_length(headers), exc_info)
            response.update(status=status, headers=headers, charset=charset)
            return response.setdefault("parts", []).append  # the legacy write() callable

        result = self.app(environ, capture)
        chunks = iter(result)
        first = next(chunks, None)  # an app may call start_response only once iterated
        if "charset" not in response:
            return _Stream(first, chunks, result)
        parts = response.get("parts", []) + ([first] if first else [])
        size, limit = sum(map(len, parts)), self.max_page_bytes
        for chunk in chunks if limit is None or size <= limit else ():
            parts.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:
                break  # read no further: it is refused, or not a page at all
        method = environ.get("REQUEST_METHOD")
        if limit is not None and size > limit:
            if response["charset"] == SNIFF and not sniffs_as_html(b"".join(parts)):
                start_response(response["status"], response["headers"])
                return _Stream(b"".join(parts), chunks, result)
            if hasattr(result, "close"):
                result.close()
            status, headers, body = refusal(method, path, f"larger than max_page_bytes ({limit} bytes)")
            start_response(status, headers)
            return [body]
        if hasattr(result, "close"):
            result.close()
        status, headers, body, page = answer_for(self.rewriter, b"".join(parts), response["charset"],
                                                 response["headers"], wsgi_url(environ), method, path)
        if status is None:
            headers = with_length(headers, len(body))
        if page:
            headers = with_consent_cookie(headers, environ.get("HTTP_COOKIE"), self.config,
                                          environ.get("wsgi.url_scheme") == "https")
        start_response(status or response["status"], headers)
        return [body]


def wsgi_url(environ):
    """The request's URL (PEP 3333's reconstruction), or None when the environ lacks the parts."""
    try:
        host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        path = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe="/;=,%@:+$!*'()~")
        return f"{environ['wsgi.url_scheme']}://{host}{path}"
    except KeyError:
        return None


def asgi_url(scope):
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode("latin-1") or (
        f"{scope['server'][0]}:{scope['server'][1]}" if scope.get("server") else None)
    if not host:
        return None
    path = quote(scope.get("root_path", "") + scope.get("path", "/"), errors="surrogatepass")  # any str a server gives
    return f"{scope.get('scheme', 'http')}://{host}{path}"


class _Stream:
    """A response passed through untouched, chunk by chunk, keeping the app's close()."""

    def __init__(self, first, rest, result):
        self.first, self.rest, self.result = first, rest, result

    def __iter__(self):
        if self.first is not None:
            yield self.first
        yield from self.rest

    def close(self):
        if hasattr(self.result, "close"):
            self.result.close()


class ConsentASGIMiddleware:
    def __init__(self, app, script_url="/dist/consent.js", config=None, serve_build=None,
                 max_page_bytes=MAX_PAGE_BYTES):
        self.max_page_bytes = max_page_bytes  # above it a page is refused (module docstring)
        self.app = app
        self.config = config_for(config)
        schema.check_site_url(self.config.vendors, script_url, "script_url")  # on a vendor's host: held
        self.rewriter = Rewriter(self.config, script_url)
        self.build = BuildFiles(script_url, serve_build)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        accept = dict(scope.get("headers") or []).get(b"accept-encoding", b"").decode("latin-1")
        path = scope.get("root_path", "") + scope.get("path", "")
        if served := self.build.answer(scope.get("method"), path, accept):
            status, headers, body = served
            await send({"type": "http.response.start", "status": status,
                        "headers": [(n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in headers.items()]})
            return await send({"type": "http.response.body", "body": body})
        held = {}
        method, limit = scope.get("method"), self.max_page_bytes

        async def rewrite_send(message):
            if held.get("after") == "passed":  # a response found not to be a page once over the limit
                return await send(message)
            if held.get("after") == "refused":  # what the app still sends after its page was refused
                return None
            if message["type"] == "http.response.start":
                headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in message.get("headers", [])]
                charset = html_charset(headers)
                if charset is None:
                    return await send(message)
                if has_no_body(scope.get("method"), message["status"]):
                    return await send({**message, "headers": [(n, v) for n, v in message.get("headers", [])
                                                              if n.lower() != b"content-length"]})
                held.update(start=message, headers=headers, charset=charset, body=[], size=0)
                return None
            if message["type"] != "http.response.body" or not held:
                return await send(message)
            held["body"].append(message.get("body", b""))
            held["size"] += len(held["body"][-1])
            if limit is not None and held["size"] > limit:
                if held["charset"] == SNIFF and not sniffs_as_html(b"".join(held["body"])):
                    held["after"] = "passed"
                    await send(held["start"])
                    return await send({**message, "body": b"".join(held["body"])})
                held["after"] = "refused"
                status, headers, body = refusal(method, path, f"larger than max_page_bytes ({limit} bytes)")
                return await send_answer(int(status.split()[0]), headers, body)
            if message.get("more_body", False):
                return None
            status, headers, body, page = answer_for(self.rewriter, b"".join(held["body"]), held["charset"],
                                                     held["headers"], asgi_url(scope), method, path)
            if status is None:
                headers = with_length(headers, len(body))
            if page:
                request_cookies = "; ".join(v.decode("latin-1") for n, v in scope.get("headers") or [] if n == b"cookie")
                headers = with_consent_cookie(headers, request_cookies, self.config, scope.get("scheme") == "https")
            return await send_answer(int(status.split()[0]) if status else held["start"]["status"], headers, body)

        async def send_answer(status, headers, body):
            headers = [(n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in headers]
            await send({**held["start"], "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, rewrite_send)
