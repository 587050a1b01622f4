"""WSGI and ASGI middleware: every HTML response goes through the rewrite (heldback/server/rewrite.py).

    app.wsgi_app = ConsentWSGIMiddleware(app.wsgi_app, script_url="/static/consent.js")  # Flask
    app.add_middleware(ConsentASGIMiddleware, script_url="/static/consent.js")  # FastAPI, Starlette
    MIDDLEWARE = [..., "heldback.server.django.ConsentMiddleware"]  # Django: heldback/server/django.py

``script_url`` is where the site serves consent.js (the rest of the build next to it); ``config`` is
the site's config, a path to its TOML file or a loaded Config (default: the packaged one, Customer.io
under marketing), whose vendors the rewrite holds. ``serve_build``: a folder holding the build (the
output of ``python -m heldback build``); the middleware then answers GET and HEAD for the files under
``script_url``'s folder itself, precompressed where the browser takes it (built_files.py).

Only ``text/html`` responses without a Content-Encoding are rewritten (put the middleware inside any
compression middleware); anything else streams through untouched, and so do responses without a
body (HEAD, 1xx, 204, 304): they lose their Content-Length if they have one, since the page they
describe gets longer. A page is read in the encoding a browser would use (its byte order mark, else
the Content-Type's charset, else UTF-8), bytes that do not decode are kept as they are, and a
charset Python does not know is read as Latin-1 (tags and attributes are ASCII in every encoding a
browser accepts for HTML): nothing goes through unread. Relative URLs resolve against the request's
own URL. A page request that carries a valid consent record gets it back as an HTTP Set-Cookie with
its remaining lifetime (consent_cookie.py: Safari keeps a script's cookie for 7 days only).
"""

import codecs
import os
from pathlib import Path
from urllib.parse import quote

from heldback.cli import DEFAULT_CONFIG
from heldback.core import config_schema
from heldback.core.config import Config
from heldback.server import built_files
from heldback.server.consent_cookie import refreshed, sets_it
from heldback.server.rewrite import Rewriter, script_nonce


def config_for(config):
    """``config`` resolved: a Config, a path to a TOML config, or None (the packaged default)."""
    if config is None:
        return config_schema.load(DEFAULT_CONFIG)
    if isinstance(config, (str, os.PathLike)):
        return config_schema.load(config)
    if not isinstance(config, Config):
        raise TypeError(f"config: a path to a TOML file or a Config, not {type(config).__name__}")
    return config


def with_consent_cookie(headers, cookie_header, config, secure):
    """``headers`` plus the re-issued consent cookie, when the request has a valid one and the app
    does not set it itself."""
    cookie = None if sets_it(headers) else refreshed(cookie_header, config, secure)
    return headers + [("Set-Cookie", cookie)] if cookie else headers


class BuildFiles:
    """The build's files under ``script_url``'s folder, answered from ``folder`` (or nothing: None)."""

    def __init__(self, script_url, folder):
        self.prefix = script_url.rpartition("/")[0] + "/"
        self.folder = folder

    def answer(self, method, path, accept_encoding):
        """(status, headers, body) when ``path`` is the build's to answer, else None."""
        if self.folder is None or method not in ("GET", "HEAD") or not path.startswith(self.prefix):
            return None
        name = path[len(self.prefix):]
        if not (Path(self.folder) / name).is_file():
            return None  # not a file of the build: the app's
        status, headers, body = built_files.respond(self.folder, name, accept_encoding)
        return status, {**headers, "Content-Length": str(len(body))}, b"" if method == "HEAD" else body


def has_no_body(method, status):
    """HEAD, 1xx, 204 and 304 responses carry no body (RFC 9110)."""
    code = int(str(status).split(" ")[0])
    return method == "HEAD" or code < 200 or code in (204, 304)


def without_length(headers):
    return [(name, value) for name, value in headers if name.lower() != "content-length"]


def html_charset(headers):
    """The charset of an HTML response without a Content-Encoding, or None: not ours to rewrite."""
    fields = {name.lower(): value for name, value in headers}
    kind = fields.get("content-type", "")
    if not kind.lower().startswith("text/html") or fields.get("content-encoding", "identity") != "identity":
        return None
    for part in kind.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset":
            return value.strip('"') or "utf-8"
    return "utf-8"


BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def rewrite_body(rewriter, body, charset, headers, url):
    policies = [value for name, value in headers if name.lower() == "content-security-policy"]
    encoding = next((name for bom, name in BOMS if body.startswith(bom)), charset)
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "latin-1"
    page = body.decode(encoding, "surrogateescape")  # undecodable bytes come back as they were
    return rewriter.rewrite(page, script_nonce(policies), url).encode(encoding, "surrogateescape")


def with_length(headers, length):
    return without_length(headers) + [("Content-Length", str(length))]


class ConsentWSGIMiddleware:
    def __init__(self, app, script_url="/dist/consent.js", config=None, serve_build=None):
        self.app = app
        self.config = config_for(config)
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
        try:
            body = b"".join(response.get("parts", []) + ([first] if first else []) + list(chunks))
        finally:
            if hasattr(result, "close"):
                result.close()
        body = rewrite_body(self.rewriter, body, response["charset"], response["headers"], wsgi_url(environ))
        headers = with_consent_cookie(with_length(response["headers"], len(body)), environ.get("HTTP_COOKIE"),
                                      self.config, environ.get("wsgi.url_scheme") == "https")
        start_response(response["status"], headers)
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
    return f"{scope.get('scheme', 'http')}://{host}{quote(scope.get('root_path', '') + scope.get('path', '/'))}"


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
    def __init__(self, app, script_url="/dist/consent.js", config=None, serve_build=None):
        self.app = app
        self.config = config_for(config)
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

        async def rewrite_send(message):
            if message["type"] == "http.response.start":
                headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in message.get("headers", [])]
                charset = html_charset(headers)
                if charset is None:
                    return await send(message)
                if has_no_body(scope.get("method"), message["status"]):
                    return await send({**message, "headers": [(n, v) for n, v in message.get("headers", [])
                                                              if n.lower() != b"content-length"]})
                held.update(start=message, headers=headers, charset=charset, body=[])
                return None
            if message["type"] != "http.response.body" or not held:
                return await send(message)
            held["body"].append(message.get("body", b""))
            if message.get("more_body", False):
                return None
            body = rewrite_body(self.rewriter, b"".join(held["body"]), held["charset"], held["headers"], asgi_url(scope))
            request_cookies = "; ".join(v.decode("latin-1") for n, v in scope.get("headers") or [] if n == b"cookie")
            headers = with_consent_cookie(with_length(held["headers"], len(body)), request_cookies, self.config,
                                          scope.get("scheme") == "https")
            headers = [(n.lower().encode("latin-1"), v.encode("latin-1")) for n, v in headers]
            await send({**held["start"], "headers": headers})
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return None

        await self.app(scope, receive, rewrite_send)
