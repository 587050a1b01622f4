"""The demo site's web server: ``python -m heldback demo [--port N]``.

One server, two hosts, dispatched on the Host header:

- ``cio-sandbox.localhost[:port]``: the local Customer.io stand-in (heldback/testing/sandbox.py), one shared
  instance. Chromium resolves every ``*.localhost`` name to loopback, so no DNS setup is needed, and
  the demo config lists this host under Customer.io, so the consent manager holds it like the real
  hosts.
- anything else: the Pulse site. ``/``, ``/signup``, ``/app``, ``/pricing`` (demo_site/pages, with
  partials and ``{{SANDBOX}}`` filled in), ``/dist/consent.js`` and ``/dist/consent-app.js``
  (built from this checkout into demo_site/build), ``/static/...``, and the panel's API:
  ``GET /api/sandbox/events?visitor=<anonymous ids>`` (one browser's events: the sandbox is shared)
  and ``POST /api/sandbox/reset``. The panel reads the sandbox's events
  from the site's own origin: the consent manager blocks the sandbox host in the page.
  ``POST /api/receipts`` keeps the demo's consent receipts in memory; ``GET /api/receipts.csv``
  exports them to ``Authorization: Bearer <server.receipts_token>`` only (printed at start-up, or
  HELDBACK_RECEIPTS_TOKEN), as the reference receiver does.

From a test, in-process::

    server, url = make_server(0)          # builds if needed; port 0 = a free port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ...                                   # server.sandbox is the shared Sandbox
    server.shutdown(); server.server_close()
"""

import hashlib
import json
import mimetypes
import os
import re
import secrets
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from heldback.server import built_files

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CONFIG = HERE / "config.toml"
PAGES_DIR = HERE / "pages"
PARTIALS_DIR = PAGES_DIR / "partials"  # shared nav, footer and the two Customer.io snippets
STATIC_DIR = HERE / "static"
BUILD_DIR = HERE / "build"
INPUTS_FILE = BUILD_DIR / ".inputs"
SANDBOX_HOST = "cio-sandbox.localhost"
PAGES = {"/": "landing.html", "/signup": "signup.html", "/app": "app.html", "/pricing": "pricing.html"}
BUILT_FILES = ("consent.js", "consent-banner.en.js", "consent-app.js", "cmp_consent.py")  # and a banner per language
BUILT_NAME = re.compile(r"consent(-app|-banner\.[a-z]{2,3})?\.js|cmp_consent\.py")  # what the build writes
RECEIPTS = "/api/receipts"  # the demo config's receipt_endpoint: receipts kept in memory (heldback/server/receipts.py)
SOURCE_SUFFIXES = (".py", ".js", ".toml")
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}

_build_lock = threading.Lock()


# Build --------------------------------------------------------------------------------------------

def inputs_digest() -> str:
    """sha256 over everything the build reads: the heldback/ sources (heldback/loader/ included), the config, tool versions."""
    import brython
    import pscript

    digest = hashlib.sha256()
    files = [p for d in (ROOT / "heldback",) for p in d.rglob("*")
             if p.is_file() and p.suffix in SOURCE_SUFFIXES and "__pycache__" not in p.parts]
    named = [(path.relative_to(ROOT).as_posix(), path) for path in sorted(files)] + [("(config)", CONFIG)]
    for name, path in named:
        try:
            data = path.read_bytes()
        except OSError:  # a missing config: the build reports it
            data = b"(unreadable)"
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    digest.update(f"brython {brython.__version__}\0pscript {pscript.__version__}\0quickjs {version('quickjs')}\0".encode())
    return digest.hexdigest()


def ensure_build() -> Path:
    """Build demo_site/build/ from this checkout unless it is up to date; return the folder.

    Raises ``heldback.core.schema.ConfigError`` or ``heldback.building.BuildError`` when the build fails.
    """
    from heldback.configuration import schema
    from heldback import building

    with _build_lock:
        digest = inputs_digest()
        current = INPUTS_FILE.read_text().strip() if INPUTS_FILE.exists() else None
        if current == digest and all((BUILD_DIR / name).exists() for name in BUILT_FILES):
            return BUILD_DIR
        INPUTS_FILE.unlink(missing_ok=True)  # a failed build must not leave a stale stamp
        building.build(schema.load(CONFIG), BUILD_DIR)
        INPUTS_FILE.write_text(digest + "\n")
        return BUILD_DIR


# HTTP ---------------------------------------------------------------------------------------------

class DemoServer(ThreadingHTTPServer):
    daemon_threads = True
    sandbox = None  # set by make_server once the port is known
    sandbox_origin = ""
    receipts = None  # a ReceiptStore
    receipts_token = None  # what GET /api/receipts.csv needs (Authorization: Bearer <token>)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # without TCP_NODELAY each response stalls ~40 ms on loopback
    server_version = "PulseDemo/1"
    timeout = 60  # idle keep-alive connections

    def log_message(self, format, *args):  # quiet: no access log
        pass

    def do_GET(self):
        self._dispatch("GET")

    def do_HEAD(self):
        self._dispatch("HEAD")

    def do_POST(self):
        self._dispatch("POST")

    def do_OPTIONS(self):
        self._dispatch("OPTIONS")

    def _dispatch(self, method):
        try:
            if urlsplit(self.path).path == RECEIPTS and method == "POST":
                return self._send(method, *self._receipt())
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            if hostname(self.headers.get("Host", "")) == SANDBOX_HOST:
                status, headers, payload = self.server.sandbox.respond(
                    "GET" if method == "HEAD" else method, self.path, body)
            else:
                status, headers, payload = self._site(method, urlsplit(self.path).path)
            self._send(method, status, headers, payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _send(self, method, status, headers, payload):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(payload)

    def _receipt(self):
        from heldback.server.receipts import parse_body

        length = self.headers.get("Content-Length")
        result = parse_body(self.headers.get("Content-Type"), int(length) if length and length.isdigit() else None,
                            self.rfile.read)
        if isinstance(result, tuple):
            self.close_connection = True
            return result[0], {"Content-Type": "text/plain; charset=utf-8"}, result[1].encode()
        stored = self.server.receipts.add(result)
        return (201 if stored else 200), {"Content-Type": "text/plain; charset=utf-8"}, b"stored" if stored else b"already stored"

    def _receipts_csv(self, method):
        from heldback.server.receipts import refusal

        refused = refusal(self.headers.get("Authorization"), self.server.receipts_token)
        if refused:
            status, reason, headers = refused
            return status, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", **headers}, reason.encode()
        if method not in ("GET", "HEAD"):
            return _not_allowed("GET")
        csv = "".join(self.server.receipts.csv_chunks())  # the demo's receipts are in memory already
        return 200, {"Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store"}, csv.encode()

    # The site ------------------------------------------------------------------------------------

    def _site(self, method, path):
        if path == "/api/sandbox/events":  # ?visitor=<anonymous id>,...: the events of that browser only
            if method not in ("GET", "HEAD"):
                return _not_allowed("GET")
            visitors = set(filter(None, ",".join(parse_qs(urlsplit(self.path).query).get("visitor", [])).split(",")))
            events = [{"sdk": e["sdk"], "type": e["type"], "args": e["args"]} for e in self.server.sandbox.events[:]
                      if e.get("visitor") in visitors]
            return _json(events)
        if path == RECEIPTS + ".csv":
            return self._receipts_csv(method)
        if path == "/api/sandbox/reset":
            if method != "POST":
                return _not_allowed("POST")
            self.server.sandbox.clear()
            return _json({"ok": True})
        if method not in ("GET", "HEAD"):
            return _not_allowed("GET")
        if path in PAGES:
            html = render(PAGES[path], self.server.sandbox_origin)
            return 200, {"Content-Type": TYPES[".html"], "Cache-Control": "no-store"}, html.encode()
        if path.startswith("/dist/") and BUILT_NAME.fullmatch(path[len("/dist/"):]):
            return built_files.respond(BUILD_DIR, path[len("/dist/"):], self.headers.get("Accept-Encoding"))
        if path.startswith("/static/"):
            target = (STATIC_DIR / path[len("/static/"):]).resolve()
            if target.is_relative_to(STATIC_DIR) and target.is_file():
                return _file(target, "no-cache")
        if path == "/favicon.ico":
            return _file(STATIC_DIR / "favicon.svg", "max-age=3600")
        return 404, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}, b"Not found\n"


def render(page, sandbox_origin):
    """A page with its ``{{> name}}`` partials (pages/partials/name.html) and ``{{SANDBOX}}`` filled in."""
    html = (PAGES_DIR / page).read_text(encoding="utf-8")
    html = re.sub(r"\{\{> (\w+)\}\}", lambda m: (PARTIALS_DIR / f"{m.group(1)}.html").read_text(encoding="utf-8").rstrip("\n"), html)
    return html.replace("{{SANDBOX}}", sandbox_origin)


def hostname(host_header):
    """The host name of a Host header, lower case, without port or trailing dot."""
    host = host_header.strip().lower()
    if host.startswith("["):  # IPv6 literal
        return host.partition("]")[0] + "]"
    return host.partition(":")[0].rstrip(".")


def _json(value):
    return 200, {"Content-Type": "application/json", "Cache-Control": "no-store"}, json.dumps(value).encode()


def _not_allowed(allowed):
    return 405, {"Allow": allowed, "Content-Type": "text/plain; charset=utf-8"}, b"Method not allowed\n"


def _file(path, cache):
    if not path.is_file():
        return 404, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}, b"Not found\n"
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return 200, {"Content-Type": kind, "Cache-Control": cache}, path.read_bytes()


def make_server(port: int = 0, build: bool = True, receipts_token: str | None = None):
    """Build if needed (``build``), bind 127.0.0.1:``port`` (0 = any free port); return (server, site URL).

    The caller runs ``server.serve_forever()`` (e.g. on a thread) and later ``server.shutdown()`` and
    ``server.server_close()``. ``server.sandbox`` is the shared Sandbox: ``.events``, ``.calls()``,
    ``.clear()``. ``server.sandbox_origin`` is ``http://cio-sandbox.localhost:<port>``.
    ``server.receipts_token`` opens ``/api/receipts.csv``: ``receipts_token``, or a new random one
    (ValueError for a token that cannot be one).
    """
    from heldback.server.receipts import ReceiptStore, checked_token
    from heldback.testing.sandbox import Sandbox

    token = checked_token(receipts_token) if receipts_token else secrets.token_urlsafe(32)
    if build:
        ensure_build()
    server = DemoServer(("127.0.0.1", port), Handler)
    actual = server.server_address[1]
    server.sandbox = Sandbox(api_host=f"{SANDBOX_HOST}:{actual}/v1", protocol="http")
    server.sandbox_origin = f"http://{SANDBOX_HOST}:{actual}"
    server.receipts = ReceiptStore(":memory:")
    server.receipts_token = token
    return server, f"http://127.0.0.1:{actual}/"


def main(port: int) -> int:
    from heldback.configuration.schema import ConfigError
    from heldback.building import BuildError

    try:
        ensure_build()
    except (ConfigError, BuildError) as error:
        print(f"error: the demo's consent manager could not be built: {error}", file=sys.stderr)
        return 1
    token = os.environ.get("HELDBACK_RECEIPTS_TOKEN") or None
    try:
        server, url = make_server(port, build=False, receipts_token=token)
    except OSError as error:  # port in use, or node_modules missing (the sandbox's SDK)
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"error: HELDBACK_RECEIPTS_TOKEN: {error}", file=sys.stderr)
        return 1
    print(f"Demo: {url}", flush=True)
    shown = "$HELDBACK_RECEIPTS_TOKEN" if token else server.receipts_token  # one of the environment stays there
    print(f'Consent receipts: curl -H "Authorization: Bearer {shown}" {url}{RECEIPTS.lstrip("/")}.csv', flush=True)
    print(f"Customer.io sandbox: {server.sandbox_origin}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print()
    finally:
        server.server_close()
    return 0
