"""Serving the build: the precompressed copies the build writes, chosen by Accept-Encoding, from
built_files.py and from the middleware's serve_build option; and nothing but the build's own files,
so that no answer tells what exists elsewhere on disk."""

import asyncio
import brotli
import contextlib
import gzip
import http.client
import shutil
import threading
import time
from socketserver import ThreadingMixIn
from urllib.parse import quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from heldback.building import ROOT
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


# No existence oracle: a name that is not a file of the build is the app's, whatever is on disk ------

APP_ANSWER = b"the app's own answer"


def app_404(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [APP_ANSWER]


async def asgi_app_404(scope, receive, send):
    await send({"type": "http.response.start", "status": 404, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": APP_ANSWER})


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@contextlib.contextmanager
def serving(kind, build):
    """The base URL of a real server on 127.0.0.1 whose app answers 404 to everything, behind the middleware
    serving ``build`` under /static/consent/."""
    options = {"script_url": "/static/consent/consent.js", "serve_build": build}
    if kind == "wsgi":
        server = make_server("127.0.0.1", 0, ConsentWSGIMiddleware(app_404, **options),
                             server_class=ThreadingWSGIServer, handler_class=Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            server.server_close()
        return
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(ConsentASGIMiddleware(asgi_app_404, **options), host="127.0.0.1", port=0,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.05)
    try:
        yield f"127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join()


def fetch(host, path, accept="br"):
    """(status, content type, content encoding, body) of GET ``path``, sent exactly as written."""
    connection = http.client.HTTPConnection(host, timeout=10)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": accept})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.getheader("Content-Encoding"), response.read()
    finally:
        connection.close()


@pytest.fixture
def build_beside_a_secret(tmp_path):
    """tmp_path/site/build: a build with a dot file, a subfolder and a symlink out of it; tmp_path/secret.txt beside it."""
    (tmp_path / "secret.txt").write_text("not the build's")
    build = tmp_path / "site" / "build"
    (build / "sub").mkdir(parents=True)
    for name in ("consent.js", "consent.js.br", "consent.js.gz"):
        shutil.copyfile(DIST / name, build / name)
    (build / ".inputs").write_text("the build's own bookkeeping")
    (build / "sub" / "inner.js").write_text("a file below the build's folder")
    (build / "leak.js").symlink_to(tmp_path / "secret.txt")
    return build


# {target}: a file that exists outside the build folder (secret.txt, two folders up) or one that does not
OUT_OF_THE_FOLDER = [
    "..%2f..%2f{target}", "..%2F..%2F{target}", "%2e%2e%2f%2e%2e%2f{target}", "../../{target}", "..%5c..%5c{target}",
    "sub%2f..%2f..%2f..%2f{target}", "{absolute}", "..%2f..%2f{target}%00", "..%2f..%2f{target}%00.js",
    "..%2f..%2f{target}%2f", "..%2f..%2f{target}%23", "./..%2f..%2f{target}",
]


@pytest.mark.parametrize("kind", ["wsgi", "asgi"])
def test_every_name_that_is_not_a_file_of_the_build_gets_the_app_s_answer_whatever_exists_on_disk(build_beside_a_secret, kind):
    root = build_beside_a_secret.parent.parent
    names = [form.format(target=target, absolute=quote(str(root / target), safe="")) for form in OUT_OF_THE_FOLDER
             for target in ("secret.txt", "no-such-file.txt")]
    names += ["leak.js",  # a symlink in the folder, pointing out of it
              ".inputs", "consent.js.br", "sub", "sub/inner.js", "sub%2finner.js", "", "consent.js/", "consent.js%00",
              "a" * 3000 + ".js", "%ff%fe.js", "CONSENT.JS", "consent.js%20"]
    with serving(kind, build_beside_a_secret) as host:
        assert fetch(host, "/static/consent/consent.js")[:3] == (200, "text/javascript; charset=utf-8", "br")
        answers = {name: fetch(host, f"/static/consent/{name}") for name in names}
    app_s = (404, "text/plain", None, APP_ANSWER)
    assert {name: answer for name, answer in answers.items() if answer != app_s} == {}


def test_a_symlink_in_the_build_folder_is_not_a_file_of_the_build(build_beside_a_secret):
    assert respond(build_beside_a_secret, "leak.js", "br")[0] == 404
    assert respond(build_beside_a_secret, "consent.js", "br")[0] == 200


def test_a_file_a_new_build_adds_is_served_without_a_restart(build_beside_a_secret):
    app = ConsentWSGIMiddleware(site, script_url="/static/consent/consent.js", serve_build=build_beside_a_secret)
    assert wsgi_get(app, "/static/consent/consent-app.js")[1] == b"the app's"
    time.sleep(0.05)  # past the clock tick of the folder's modification time when the listing was read
    shutil.copyfile(DIST / "consent-app.js", build_beside_a_secret / "consent-app.js")
    seen, body = wsgi_get(app, "/static/consent/consent-app.js", accept="")
    assert seen["status"] == "200 OK" and body == APP


def test_a_serve_build_folder_that_does_not_exist_is_named_at_start_up(tmp_path):
    with pytest.raises(ValueError, match=f"serve_build: {tmp_path / 'dist'}: no such folder"):
        ConsentWSGIMiddleware(site, serve_build=tmp_path / "dist")


def test_build_files_can_still_be_imported_from_the_middleware():
    from heldback.server import built_files, middleware

    assert middleware.BuildFiles is built_files.BuildFiles
