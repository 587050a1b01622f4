"""Serving the build: the precompressed copies the build writes, chosen by Accept-Encoding, from
built_files.py and from the middleware's serve_build option."""

import asyncio
import brotli
import gzip
import threading

import pytest

from heldback.loader.bundle import ROOT
from heldback.server.built_files import respond
from heldback.server.middleware import ConsentASGIMiddleware, ConsentWSGIMiddleware

DIST = ROOT / "dist"
APP = (DIST / "consent-app.js").read_bytes()


def test_every_script_of_the_build_has_both_precompressed_copies_of_itself():
    for script in DIST.glob("*.js"):
        assert gzip.decompress((DIST / f"{script.name}.gz").read_bytes()) == script.read_bytes()
        assert brotli.decompress((DIST / f"{script.name}.br").read_bytes()) == script.read_bytes()


@pytest.mark.parametrize("accept, coding", [
    ("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0, gzip;q=0.5", "gzip"), ("", None),
    ("identity", None), ("GZIP", "gzip"), ("br;q=bogus, gzip", "gzip"),
])
def test_the_smallest_copy_the_browser_takes_is_sent(accept, coding):
    status, headers, body = respond(DIST, "consent-app.js", accept)
    assert status == 200 and headers.get("Content-Encoding") == coding and headers["Vary"] == "Accept-Encoding"
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding]
    assert decode(body) == APP and headers["Content-Type"] == "text/javascript; charset=utf-8"


def test_the_service_worker_may_control_the_whole_site_from_the_build_s_folder():
    status, headers, _ = respond(DIST, "consent-sw.js", "br")
    assert status == 200 and headers["Service-Worker-Allowed"] == "/"
    assert "Service-Worker-Allowed" not in respond(DIST, "consent.js", "br")[1]


@pytest.mark.parametrize("name", ["consent.js.br", "../README.md", "", ".", "missing.js", "sub/consent.js"])
def test_nothing_but_a_file_of_the_build_is_served(name):
    assert respond(DIST, name, "br")[0] == 404


def site(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"the app's"]


def wsgi_get(app, path, method="GET", accept="gzip"):
    seen = {}
    body = b"".join(app({"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_ACCEPT_ENCODING": accept},
                        lambda status, headers, exc_info=None: seen.update(status=status, headers=dict(headers))))
    return seen, body


def test_the_wsgi_middleware_serves_the_build_under_the_script_url_s_folder():
    app = ConsentWSGIMiddleware(site, script_url="/static/consent/consent.js", serve_build=DIST)
    seen, body = wsgi_get(app, "/static/consent/consent-app.js")
    assert seen["status"] == "200 OK" and seen["headers"]["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == APP and seen["headers"]["Content-Length"] == str(len(body))
    seen, body = wsgi_get(app, "/static/consent/consent-app.js", "HEAD")
    assert body == b"" and seen["headers"]["Content-Length"] == str(len((DIST / "consent-app.js.gz").read_bytes()))
    assert wsgi_get(app, "/static/consent/other.js")[1] == b"the app's"  # not the build's: the app's
    assert wsgi_get(app, "/static/other/consent.js")[1] == b"the app's"
    assert wsgi_get(ConsentWSGIMiddleware(site), "/dist/consent.js")[1] == b"the app's"  # not asked to serve


def test_the_asgi_middleware_serves_the_build_too():
    async def app(scope, receive, send):
        raise AssertionError("the build's request reached the app")

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/dist/consent.js", "headers": [(b"accept-encoding", b"br")]}
    middleware = ConsentASGIMiddleware(app, serve_build=DIST)
    thread = threading.Thread(target=asyncio.run, args=(middleware(scope, None, send),))
    thread.start()
    thread.join()
    start, body = sent
    assert dict(start["headers"])[b"content-encoding"] == b"br"
    assert brotli.decompress(body["body"]) == (DIST / "consent.js").read_bytes()
