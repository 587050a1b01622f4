"""A page whose HTML names Customer.io directly, served through the WSGI middleware.

Without the rewrite, the browser's preload scanner requests such tags before any script can run
(test_hold_and_replay shows the tag then never runs, but is fetched). Through the middleware the
page gets the consent manager injected and makes no Customer.io request at all before consent.
"""

import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from socketserver import ThreadingMixIn

import pytest

from cmp.server.middleware import ConsentWSGIMiddleware
from loader.bundle import ROOT

PAGE = b"""<!doctype html>
<html><head><meta charset="utf-8"><title>Legacy page</title>
<link rel="preload" as="script" href="https://assets.customer.io/assets/track.js">
<script>var _cio = _cio || []; _cio.push(["identify", {id: "u9"}]); _cio.push(["track", "legacy_page_seen", {}]);</script>
<script async id="cio-tracker" data-site-id="legacy" src="https://assets.customer.io/assets/track.js"></script>
</head><body><h1>Legacy</h1>
<img src="https://track.customer.io/pixel/banner.gif?s=legacy" alt="">
<iframe src="https://eu.customerioforms.com/forms/legacy" title="newsletter"></iframe>
</body></html>"""


NONCE = "m1ddl3w4re"
# The same page on a site with a nonce-based CSP: its own script tags (and script preloads) carry the nonce.
STRICT_PAGE = PAGE.replace(b"<script", f'<script nonce="{NONCE}"'.encode()).replace(b"<link", f'<link nonce="{NONCE}"'.encode())
STRICT_CSP = f"script-src 'nonce-{NONCE}'; style-src 'self'"


def site_app(environ, start_response):
    path = environ["PATH_INFO"]
    if path.startswith("/dist/"):
        start_response("200 OK", [("Content-Type", "application/javascript")])
        return [(ROOT / "dist" / path[len("/dist/"):]).read_bytes()]
    page, headers = (STRICT_PAGE, [("Content-Security-Policy", STRICT_CSP)]) if path == "/strict" else (PAGE, [])
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page))), *headers])
    return [page]


class Quiet(WSGIRequestHandler):
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@pytest.fixture(scope="module")
def wsgi_site():
    server = make_server("127.0.0.1", 0, ConsentWSGIMiddleware(site_app, script_url="/dist/consent.js"),
                         server_class=ThreadingWSGIServer, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_through_the_middleware_a_page_makes_no_customerio_request_before_consent(page, cio, network, wsgi_site):
    page.goto(wsgi_site + "/")
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    page.wait_for_timeout(500)

    assert network.to_customerio() == []  # not even the preload scanner's
    assert network.urls[1] == wsgi_site + "/dist/consent.js"  # injected, first

    page.click("[data-cmp-action='accept-all']")
    page.wait_for_function("window._cio._trackUrl !== undefined")
    assert cio.wait_for(page, 2)[:2] == [("identify", {"id": "u9"}), ("track", "legacy_page_seen", {})]
    hosts = {url.split("/")[2] for url in network.to_customerio()}
    assert {"assets.customer.io", "track.customer.io", "eu.customerioforms.com"} <= hosts


def test_under_a_nonce_csp_the_injected_tag_gets_the_nonce_and_everything_runs(page, cio, network, wsgi_site):
    page.add_init_script("window.violations = []; document.addEventListener('securitypolicyviolation', "
                         "e => violations.push(e.violatedDirective + ' ' + e.blockedURI))")
    page.goto(wsgi_site + "/strict")
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    assert network.to_customerio() == []
    page.click("[data-cmp-action='accept-all']")
    page.wait_for_function("window._cio._trackUrl !== undefined")
    assert cio.wait_for(page, 2)[:2] == [("identify", {"id": "u9"}), ("track", "legacy_page_seen", {})]
    assert page.evaluate("violations") == []
