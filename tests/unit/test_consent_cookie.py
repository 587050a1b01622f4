"""The consent cookie re-issued by the server (Safari caps cookies written by scripts at 7 days): a
valid record comes back with its remaining lifetime; anything else is never echoed."""

import asyncio
import threading
import time

import pytest

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration.schema import load
from heldback.core.consent_record import DAY, Record
from heldback.server.consent_cookie import refreshed
from heldback.server.middleware import ConsentASGIMiddleware, ConsentWSGIMiddleware

CONFIG = load(DEFAULT_CONFIG)
NOW = 1_800_000_000
ID = "0123456789abcdef0123456789abcdef"
VALID = Record(CONFIG.revision, ID, NOW - 10 * DAY, NOW - 3 * DAY, ["necessary", "marketing", "customerio"]).encode()


def test_a_valid_record_is_re_issued_as_it_is_with_its_remaining_lifetime():
    remaining = CONFIG.lifetime_days * DAY - 3 * DAY
    assert refreshed(f"theme=dark; cmp_consent={VALID}", CONFIG, secure=False, now=NOW) == \
        f"cmp_consent={VALID}; Path=/; SameSite=Lax; Max-Age={remaining}"
    assert refreshed(f"cmp_consent={VALID}", CONFIG, secure=True, now=NOW).endswith(f"Max-Age={remaining}; Secure")


@pytest.mark.parametrize("value", [
    VALID.replace("customerio", "someone_else"),                # a key this config does not have
    VALID + ",Domain=evil.example",                             # what is not exactly a record is not echoed
    VALID.replace(ID, "X" * 32),                                # not an id
    Record(CONFIG.revision + 1, ID, NOW, NOW, ["necessary"]).encode(),            # another revision
    Record(CONFIG.revision, ID, NOW - 400 * DAY, NOW - 200 * DAY, ["necessary"]).encode(),  # expired
    Record(CONFIG.revision, ID, NOW, NOW + 3 * DAY, ["necessary"]).encode(),      # from the future
    VALID + "\r\nSet-Cookie: admin=1",
    "",
])
def test_anything_but_a_current_record_gets_nothing(value):
    assert refreshed(f"cmp_consent={value}", CONFIG, secure=False, now=NOW) is None


def test_what_comes_back_is_the_record_re_encoded_never_the_request_s_text():
    header = f"cmp_consent={VALID};Domain=evil.example; Max-Age=99999999"  # two more cookies, named oddly
    assert refreshed(header, CONFIG, secure=False, now=NOW).startswith(f"cmp_consent={VALID}; Path=/; SameSite=Lax; Max-Age=")
    assert "evil" not in refreshed(header, CONFIG, secure=False, now=NOW)


def page_app(environ, start_response, extra=()):
    start_response("200 OK", [("Content-Type", "text/html"), *extra])
    return [b"<html><head></head><body>shop</body></html>"]


def set_cookies(app, cookie, scheme="http"):
    seen = {}
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "HTTP_COOKIE": cookie, "wsgi.url_scheme": scheme,
               "HTTP_HOST": "shop.example"}
    b"".join(app(environ, lambda status, headers, exc_info=None: seen.update(headers=headers)))
    return [value for name, value in seen["headers"] if name.lower() == "set-cookie"]


def test_the_wsgi_middleware_re_issues_a_valid_record_on_a_page_and_nothing_else():
    app = ConsentWSGIMiddleware(page_app)
    now = int(time.time())
    current = Record(CONFIG.revision, ID, now - DAY, now - DAY, ["necessary", "analytics"]).encode()
    [cookie] = set_cookies(app, f"cmp_consent={current}", "https")
    assert cookie.startswith(f"cmp_consent={current}; Path=/; SameSite=Lax; Max-Age=") and cookie.endswith("; Secure")
    assert set_cookies(app, f"cmp_consent={current.replace('analytics', 'x')}") == []
    assert set_cookies(app, "") == []

    def own(environ, start_response):  # an app that sets the cookie itself is left alone
        return page_app(environ, start_response, [("Set-Cookie", "cmp_consent=; Max-Age=0")])

    assert set_cookies(ConsentWSGIMiddleware(own), f"cmp_consent={current}") == ["cmp_consent=; Max-Age=0"]


def test_the_asgi_middleware_re_issues_it_too():
    now = int(time.time())
    current = Record(CONFIG.revision, ID, now, now, ["necessary"]).encode()

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"<html><head></head></html>"})

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "scheme": "http",
             "headers": [(b"host", b"shop.example"), (b"cookie", f"cmp_consent={current}".encode())]}
    thread = threading.Thread(target=asyncio.run, args=(ConsentASGIMiddleware(app)(scope, None, send),))
    thread.start()
    thread.join()
    cookies = [v.decode() for n, v in sent[0]["headers"] if n == b"set-cookie"]
    assert len(cookies) == 1 and cookies[0].startswith(f"cmp_consent={current}; Path=/; SameSite=Lax; Max-Age=")
