"""The README's Flask, Django and FastAPI examples, run as they are written there, each serving a
page whose markup names Customer.io: the page makes no Customer.io request before consent, the
queued call arrives after "Accept all", and HEAD gets no body."""

import contextlib
import re
import shutil
import sys
import threading
import types
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from conftest import ROOT
from heldback.default_build import CONFIG as DEFAULT_CONFIG

HOME = """<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
<script>var _cio = _cio || []; _cio.push(["track", "home_seen", {}]);</script>
<script async id="cio-tracker" data-site-id="shop" src="https://assets.customer.io/assets/track.js"></script>
</head><body><h1>Shop</h1></body></html>"""


def readme_example(title):
    """The first ```python block after the README paragraph that starts with `title`."""
    readme = (ROOT / "README.md").read_text()
    start = readme.index("\n" + title)
    return re.search(r"```python\n(.*?)```", readme[start:], re.DOTALL).group(1)


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A site's folder as the examples expect it: the build in static/consent/, site.toml, home.html."""
    shutil.copytree(ROOT / "dist", tmp_path / "static" / "consent")
    shutil.copy(DEFAULT_CONFIG, tmp_path / "site.toml")
    (tmp_path / "home.html").write_text(HOME)
    monkeypatch.chdir(tmp_path)
    return tmp_path


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving_wsgi(app):
    server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def visit_and_accept(page, cio, network, url):
    page.goto(url + "/")
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    page.wait_for_timeout(300)
    assert network.to_customerio() == []  # not even the preload scanner's
    assert network.urls[1] == url + "/static/consent/consent.js"  # injected, first
    page.click("[data-cmp-action='accept-all']")
    assert cio.wait_for(page, 1, keep=lambda call: call[0] == "track") == [("track", "home_seen", {})]
    written = next(c["value"] for c in page.context.cookies() if c["name"] == "cmp_consent")
    response = page.goto(url + "/")  # the next page view: the decision comes back server-set (Safari's cap)
    set_cookie = [h["value"] for h in response.headers_array() if h["name"].lower() == "set-cookie"]
    assert [v for v in set_cookie if v.startswith(f"cmp_consent={written}") and "Max-Age=" in v and "Path=/" in v]


def head_and_get(url, head=True):
    get = urllib.request.urlopen(url + "/")
    body = get.read()
    assert b"/static/consent/consent.js" in body and int(get.headers["Content-Length"]) == len(body)
    if head:  # the app answers HEAD as GET, without the body; through the middleware still without one
        answer = urllib.request.urlopen(urllib.request.Request(url + "/", method="HEAD"))
        assert answer.read() == b"" and answer.headers.get("Content-Length") in (None, "0")


def test_the_flask_example_holds_customerio_until_consent(project, page, cio, network):
    namespace = {"__name__": "shop"}
    exec(readme_example("Flask ("), namespace)
    with serving_wsgi(namespace["app"]) as url:
        head_and_get(url)
        visit_and_accept(page, cio, network, url)


def test_the_django_example_holds_customerio_until_consent(project, page, cio, network):
    import django
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from django.http import HttpResponse
    from django.urls import path, re_path
    from django.views.static import serve

    example = {}
    exec(readme_example("Django ("), example)
    urls = types.ModuleType("shop_urls")
    urls.urlpatterns = [path("", lambda request: HttpResponse(open("home.html").read())),
                        re_path(r"^static/(?P<path>.*)$", serve, {"document_root": project / "static"})]
    sys.modules["shop_urls"] = urls
    settings.configure(DEBUG=False, SECRET_KEY="test", ALLOWED_HOSTS=["127.0.0.1"], ROOT_URLCONF="shop_urls",
                       MIDDLEWARE=example["MIDDLEWARE"], HELDBACK=example["HELDBACK"])
    django.setup()
    with serving_wsgi(get_wsgi_application()) as url:
        head_and_get(url)
        visit_and_accept(page, cio, network, url)


def test_the_fastapi_example_holds_customerio_until_consent(project, page, cio, network):
    import uvicorn

    namespace = {"__name__": "shop"}
    exec(readme_example("FastAPI or Starlette ("), namespace)
    server = uvicorn.Server(uvicorn.Config(namespace["app"], host="127.0.0.1", port=0, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        thread.join(0.05)
    url = "http://127.0.0.1:{}".format(server.servers[0].sockets[0].getsockname()[1])
    try:
        head_and_get(url, head=False)  # FastAPI answers HEAD on a GET route with 405 (ASGI HEAD: test_rewrite.py)
        visit_and_accept(page, cio, network, url)
    finally:
        server.should_exit = True
        thread.join()
