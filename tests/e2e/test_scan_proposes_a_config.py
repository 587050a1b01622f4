"""scan --write-config: a page that runs six catalog vendors (and Stripe, and an unknown tracker) is
scanned without a config of its own; the scan names each vendor and writes a config; the site built
and served with that config (the WSGI middleware) then scans with no leak.

The page installs each vendor as its documentation shows (tests/e2e/pages/several_vendors.html). The
vendors' hosts cannot be reached from here (no internet): their loaders never arrive, so the scan
sees what it detects by, each vendor's requests, and no vendor cookie."""

import subprocess
import sys
import threading
import tomllib

import pytest
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from socketserver import ThreadingMixIn

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.core import declaration
from heldback.configuration.schema import load
from heldback.building import ROOT, build
from heldback.server.middleware import ConsentWSGIMiddleware

PAGE = (ROOT / "tests" / "e2e" / "pages" / "several_vendors.html").read_bytes()
SEEN = ["gtm", "metapixel", "hotjar", "clarity", "linkedin", "tiktok"]


def shop(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE)))])
    return [PAGE]


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@pytest.fixture
def served():
    """served(config path, build folder) -> the shop's URL, through the middleware with that config."""
    servers = []

    def serve(config, folder):
        app = ConsentWSGIMiddleware(shop, script_url="/dist/consent.js", config=config, serve_build=folder)
        server = make_server("127.0.0.1", 0, app, server_class=Server, handler_class=Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield serve
    for server in servers:
        server.shutdown()


def scan(url, *extra):
    return subprocess.run([sys.executable, "-m", "heldback", "scan", url, "--wait", "500", *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=180)


def test_the_scan_names_catalog_vendors_writes_their_config_and_the_site_built_with_it_holds_them(served, tmp_path):
    site = tmp_path / "site.toml"
    first = scan(served(DEFAULT_CONFIG, ROOT / "dist"), "--write-config", str(site))
    assert first.returncode == 1, first.stdout + first.stderr  # known trackers, not in the config: leaks
    for key in SEEN:
        assert f"LEAK before consent: {key} request" in first.stdout, key
    assert "stripe" not in first.stdout.split("warning")[0]  # necessary: seen, never a leak
    assert "warning: unknown third party before consent: cdn.unknown-tracker.example" in first.stdout

    written = site.read_text()
    proposed = tomllib.loads(written)
    assert set(proposed["vendors"]) == {*SEEN, "stripe"}
    assert list(proposed["categories"]) == ["analytics", "marketing"]
    assert '# [vendors.unknown_tracker_example]' in written and '# hosts = ["unknown-tracker.example"]' in written
    config = load(site)  # a valid config as it is
    assert sorted(v["key"] for v in config.vendors) == sorted(SEEN)
    assert [v["key"] for v in config.necessary_vendors] == ["stripe"]

    for code in config.texts:  # its cookie declaration, in every language
        shown = declaration.html(config, code)
        assert all(vendor["name"] in shown for vendor in config.vendors + config.necessary_vendors), code
    build(config, tmp_path / "build")
    second = scan(served(site, tmp_path / "build"), "--config", str(site))
    assert second.returncode == 0, second.stdout + second.stderr
    assert "no leaks" in second.stdout and "LEAK" not in second.stdout
    assert "cdn.unknown-tracker.example" in second.stdout  # still unknown: a stub until the owner names it
