"""Pages whose bytes, not their markup, hide a vendor tag (tests/hostile/documents.py ENCODED_DOCUMENTS:
an ISO-2022-JP escape inside an attribute, a UTF-16 page without a BOM, a meta charset, labels Python
knows and browsers do not...) make no vendor request through the middleware, in every engine; as they
are, they reach the vendor (in Chromium, each of them: the judge of how bytes read, test_encodings_as_chromium_reads_them.py)."""

import threading
from wsgiref.simple_server import make_server

import pytest

from heldback.server.middleware import ConsentWSGIMiddleware
from tests.e2e.test_middleware import Quiet, ThreadingWSGIServer, site_app
from tests.hostile.documents import ENCODED_DOCUMENTS

DOCUMENTS = list(ENCODED_DOCUMENTS.items())


def corpus_app(environ, start_response):
    kind, _, name = environ["PATH_INFO"].strip("/").partition("/")
    if kind in ("raw", "safe") and name == "all":
        frames = "".join(f'<iframe src="/{kind}/{i}" title="{i}"></iframe>' for i in range(len(DOCUMENTS)))
        page = f"<!doctype html><html><head><title>corpus</title></head><body>{frames}</body></html>".encode()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page]
    if kind in ("raw", "safe") and name.isdigit():
        headers, body = DOCUMENTS[int(name)][1]
        start_response("200 OK", list(headers))
        return [body]
    return site_app(environ, start_response)


PROTECTED = ConsentWSGIMiddleware(corpus_app, script_url="/dist/consent.js")


@pytest.fixture(scope="module")
def encoded_site():
    def dispatch(environ, start_response):
        app = PROTECTED if environ["PATH_INFO"].startswith("/safe/") else corpus_app
        return app(environ, start_response)

    server = make_server("127.0.0.1", 0, dispatch, server_class=ThreadingWSGIServer, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def documents_that_reached_a_vendor(network):
    files = {url.split("?")[0].rsplit("/", 1)[-1] for url in network.to_customerio()}
    return {name for name, (_, body) in DOCUMENTS
            if any(file.encode(encoding) in body for file in files for encoding in ("ascii", "utf-16-le", "utf-16-be"))}


def test_pages_whose_bytes_hide_a_vendor_tag_reach_it_as_they_are_and_not_through_the_middleware(
        page, cio, network, encoded_site, engine):
    page.route("**/dist/consent-app.js", lambda route: route.fulfill(status=204))  # before consent
    page.goto(encoded_site + "/raw/all")
    page.wait_for_timeout(1500)
    reached = documents_that_reached_a_vendor(network)
    if engine == "chromium":
        assert reached == {name for name, _ in DOCUMENTS}  # each one is a real test
    else:  # (other engines read some of them otherwise: fewer reach the vendor as they are)
        assert reached

    network.urls.clear()
    page.goto(encoded_site + "/safe/all")
    page.wait_for_timeout(1500)
    assert documents_that_reached_a_vendor(network) == set()
