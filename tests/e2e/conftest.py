"""End-to-end fixtures: real Chromium, pages served from loopback, Customer.io routed to the sandbox.

- ``site``: a static server for tests/e2e/pages at / and dist/ at /dist/.
- ``cio``: every Customer.io host (from the vendor catalog) answered by heldback.testing.sandbox.Sandbox:
  the real CDP SDK from npm and the classic track.js double; any other non-local request is aborted.
  ``cio.calls()`` lists the events the SDKs sent, in the order the browser issued them.
- ``network``: every request the browser made in the test, including held or aborted ones.
- ``build``: build(toml) builds the consent manager with another config; served at /builds/<name>/.
- ``written_page``: written_page(name, html) serves a page from the test server at /written/<name>.
"""

import http.server
import os
import re
import shutil
import tempfile
import threading
from functools import partial
from pathlib import Path

import pytest

from heldback.testing.customerio import HOSTS as CIO_HOSTS
from heldback.testing.customerio import CustomerIORecorder
from heldback.testing.visitor import vendor_storage
from heldback.testing.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).resolve().parent / "pages"
DIST = ROOT / "dist"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def chromium_path():
    """Debian's Chromium where it is installed (CI); otherwise Playwright's own browser."""
    return os.environ.get("CMP_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name):
    if browser_name == "firefox":  # --engine firefox (tests/engines)
        from tests.engines import firefox

        return {**browser_type_launch_args, **firefox.launch_args()}
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if chromium_path():
        args["executable_path"] = chromium_path()
    return args


BUILDS = {}  # name -> folder of a build made by the `build` fixture
WRITTEN = Path(tempfile.mkdtemp(prefix="cmp-written-"))  # pages written by the `written_page` fixture


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    disable_nagle_algorithm = True  # otherwise each response body stalls ~40 ms on loopback

    def translate_path(self, path):
        path = path.split("?")[0]
        if path.startswith("/dist/"):
            return str(DIST / path[len("/dist/"):])
        if path.startswith("/builds/"):
            name, _, file = path[len("/builds/"):].partition("/")
            return str(BUILDS[name] / file)
        if path.startswith("/node_modules/"):  # npm packages used as fixtures (PyScript)
            return str(ROOT / path[1:])
        if path.startswith("/written/"):
            return str(WRITTEN / path[len("/written/"):])
        return super().translate_path(path)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(PAGES)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


LOOPBACK = re.compile(r"^http://([a-z0-9.-]+\.)?(localhost|127\.0\.0\.1):")


class Network:
    """Every request the browser made, in order (WebSockets apart: they are not requests)."""

    def __init__(self):
        self.urls = []
        self.sockets = []

    def watch(self, page):
        page.on("websocket", lambda socket: self.sockets.append(socket.url))

    def to_customerio(self):
        return [url for url in self.urls if CIO_HOSTS.match(url)]


@pytest.fixture
def network(context):
    log = Network()
    context.on("request", lambda request: log.urls.append(request.url))
    context.on("page", log.watch)
    for page in context.pages:
        log.watch(page)
    return log


@pytest.fixture
def cio(context, site, network):
    """Customer.io answered on this machine: the plugin's recorder (heldback/testing), with the sandbox
    serving the real SDK files; any other non-local request is aborted."""

    def elsewhere(route, request):  # nothing leaves the machine
        route.continue_() if LOOPBACK.match(request.url) else route.abort()

    context.route(re.compile(".*"), elsewhere)
    return CustomerIORecorder(context, Sandbox().respond)  # its routes come last: asked first


@pytest.fixture
def vendor_traces(cmp_config):
    """vendor_traces(page): the vendors' cookies and storage keys in the browser (the plugin's helper)."""
    return lambda page: [name for _, name in vendor_storage(page, cmp_config.vendors)]


@pytest.fixture
def written_page(site):
    """written_page(name, html) -> URL: a page served by the test server itself, not through a route
    (Chromium puts a routed document in no address space: it may then not reach loopback servers)."""

    def write(name, html):
        (WRITTEN / name).write_text(html, encoding="utf-8")
        return f"{site}/written/{name}"

    return write


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """build(toml) -> "/builds/<name>": the consent manager built with that config (once per config)."""
    from heldback.configuration.schema import parse
    from heldback.building import build as build_dist

    def make(toml):
        import hashlib
        import tomllib

        name = hashlib.sha256(toml.encode()).hexdigest()[:12]
        if name not in BUILDS:
            folder = tmp_path_factory.mktemp(f"build-{name}")
            build_dist(parse(tomllib.loads(toml)), folder, precompressed=False)  # served as they are
            BUILDS[name] = folder
        return f"/builds/{name}"

    return make
