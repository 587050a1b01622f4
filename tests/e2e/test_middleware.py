"""A page whose HTML names Customer.io directly, served through the WSGI middleware.

Without the rewrite, the browser's preload scanner requests such tags before any script can run
(test_hold_and_replay shows the tag then never runs, but is fetched). Through the middleware the
page gets the consent manager injected and makes no Customer.io request at all before consent.
"""

import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from heldback.server.middleware import ConsentWSGIMiddleware
from heldback.building import ROOT
from tests.hostile.documents import DOCUMENTS

DOCUMENT_LIST = list(DOCUMENTS.items())

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
    if path == "/own.js":
        start_response("200 OK", [("Content-Type", "application/javascript")])
        return [b"window.own = true;"]
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
    page.wait_for_function("() => window._cio._trackUrl !== undefined")  # a function: no eval under the CSP
    assert cio.wait_for(page, 2)[:2] == [("identify", {"id": "u9"}), ("track", "legacy_page_seen", {})]
    assert page.evaluate("violations") == []


# Hostile documents (tests/hostile/documents.py), each in its own frame of one page: served as they
# are (the control: each makes its vendor request), then through the middleware (none may).
def corpus_app(environ, start_response):
    kind, _, name = environ["PATH_INFO"].strip("/").partition("/")
    if kind in ("raw", "safe") and name == "all":
        frames = "".join(f'<iframe src="/{kind}/{i}" title="{i}"></iframe>' for i in range(len(DOCUMENT_LIST)))
        page = f"<!doctype html><html><head><title>corpus</title></head><body>{frames}</body></html>"
    elif kind in ("raw", "safe") and name.isdigit():
        page = f"<!doctype html><html><head><title>{name}</title></head><body>{DOCUMENT_LIST[int(name)][1][0]}</body></html>"
    else:
        return site_app(environ, start_response)
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [page.encode()]


PROTECTED = ConsentWSGIMiddleware(corpus_app, script_url="/dist/consent.js")


def corpus_dispatch(environ, start_response):
    app = PROTECTED if environ["PATH_INFO"].startswith("/safe/") else corpus_app
    return app(environ, start_response)


@pytest.fixture(scope="module")
def corpus_site():
    server = make_server("127.0.0.1", 0, corpus_dispatch, server_class=ThreadingWSGIServer, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def documents_that_reached_a_vendor(network):
    names = {url.split("?")[0].rsplit("/", 1)[-1] for url in network.to_customerio()}
    return {name for name, (html, _) in DOCUMENT_LIST if any(file in html for file in names)}


def test_hostile_documents_reach_a_vendor_as_they_are_and_nothing_through_the_middleware(page, cio, network, corpus_site):
    page.route("**/dist/consent-app.js", lambda route: route.fulfill(status=204))  # before consent: stage 1 and the banner
    page.goto(corpus_site + "/raw/all")
    page.wait_for_timeout(2000)
    reached = documents_that_reached_a_vendor(network)
    assert reached == {name for name, _ in DOCUMENT_LIST} - {"vendor second of two src"}  # each one is a real test
    assert any(url.endswith("/own.js") for url in network.urls)

    network.urls.clear()
    page.goto(corpus_site + "/safe/all")
    page.wait_for_timeout(2000)
    assert documents_that_reached_a_vendor(network) == set()
    assert network.urls.count(corpus_site + "/dist/consent.js") == len(DOCUMENT_LIST) + 1  # injected in each document
    assert any(url.endswith("/own.js") for url in network.urls)  # the page's own script, second of two src, still loads


def test_a_decision_comes_back_from_the_server_so_it_outlives_safari_s_seven_days(page, cio, wsgi_site):
    page.goto(wsgi_site + "/")
    page.click("[data-cmp-action='accept-all']")
    written = next(c for c in page.context.cookies() if c["name"] == "cmp_consent")
    response = page.goto(wsgi_site + "/")  # the next page view
    [server_set] = [v for n, v in ((h["name"].lower(), h["value"]) for h in response.headers_array())
                    if n == "set-cookie" and v.startswith("cmp_consent=")]
    assert server_set.startswith(f"cmp_consent={written['value']}; Path=/; SameSite=Lax; Max-Age=")
    max_age = int(server_set.rsplit("Max-Age=", 1)[1])
    assert 181 * 86400 < max_age <= 182 * 86400  # the record's remaining lifetime, not a week
    assert next(c for c in page.context.cookies() if c["name"] == "cmp_consent")["value"] == written["value"]

    page.context.add_cookies([{"name": "cmp_consent", "value": written["value"].replace("customerio", "evil"),
                               "url": wsgi_site}])
    response = page.goto(wsgi_site + "/")
    assert not [h for h in response.headers_array() if h["name"].lower() == "set-cookie"]  # never echoed
