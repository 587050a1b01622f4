"""The middleware answers every page (heldback/server/middleware.py), and what it answers fetches
nothing from a vendor once a browser has read it.

An answer is judged as a browser takes it: HTML if its Content-Type says so (or it sniffs so without
one), decoded as Chromium decodes it (page_encoding.py, whose decoders tests/e2e/test_page_encoding.py
holds to Chromium's), parsed by html5lib (a conforming parser, not the rewrite's own), with and
without scripts, into every frame's srcdoc; no element of heldback/core/fetching.py's FETCHING may
then load a URL of a configured vendor.
"""

import asyncio
import logging
import sys
import threading

import html5lib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration.schema import load
from heldback.core.fetching import FETCHING, urls_in
from heldback.server.content_type import extract_mime_type, sniffs_as_html
from heldback.server.middleware import ConsentASGIMiddleware, ConsentWSGIMiddleware
from heldback.server.page_encoding import Page
from heldback.urls import vendor_of
from tests.hostile.documents import ENCODED_DOCUMENTS

VENDORS = load(DEFAULT_CONFIG).vendors
PAGE_URL = "http://shop.example/page"
NAMESPACES = {"http://www.w3.org/1999/xhtml": "", "http://www.w3.org/2000/svg": "svg:"}
ATTRIBUTE_NAMES = {"{http://www.w3.org/1999/xlink}href": "xlink:href"}


def wsgi(app, method="GET"):
    """(status, headers, body) of a WSGI app's answer to GET http://shop.example/page."""
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen.update(status=status, headers=headers)

    environ = {"REQUEST_METHOD": method, "PATH_INFO": "/page", "HTTP_HOST": "shop.example", "wsgi.url_scheme": "http"}
    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return seen["status"], seen["headers"], body


def asgi(app):
    """(status, headers, body) of an ASGI app's answer, in a thread of its own (a browser test's
    event loop may run in this one)."""
    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/page", "scheme": "http",
             "headers": [(b"host", b"shop.example")]}
    thread = threading.Thread(target=asyncio.run, args=(app(scope, None, send),))
    thread.start()
    thread.join()
    start = next(message for message in sent if message["type"] == "http.response.start")
    body = b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")
    headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in start["headers"]]
    return f"{start['status']}", headers, body


def wsgi_app(headers, body, chunks=2):
    def app(environ, start_response):
        start_response("200 OK", list(headers))
        size = max(1, len(body) // chunks)
        return [body[at:at + size] for at in range(0, len(body), size)] or [b""]
    return app


def asgi_app(headers, body):
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]})
        half = len(body) // 2
        await send({"type": "http.response.body", "body": body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": body[half:]})
    return app


def both(headers, body, **options):
    """The WSGI and the ASGI middleware's answers to one response (header names in lower case)."""
    answers = [wsgi(ConsentWSGIMiddleware(wsgi_app(headers, body), **options)),
               asgi(ConsentASGIMiddleware(asgi_app(headers, body), **options))]
    return [(status, [(name.lower(), value) for name, value in headers], body) for status, headers, body in answers]


def as_the_browser_reads(headers, body):
    """The answer's text, as the browser decodes it, or None when the browser does not take it for HTML."""
    mime_type = extract_mime_type([value for name, value in headers if name.lower() == "content-type"])
    if mime_type is None:
        if not sniffs_as_html(body):
            return None
    elif mime_type.essence != "text/html":
        return None
    return Page(body, mime_type.parameters.get("charset") if mime_type else None).text


def parsed(html, scripting):
    """html5lib's tree; it converts a character reference with int(), which refuses 4,300 digits."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return html5lib.parse(html, scripting=scripting)
    finally:
        sys.set_int_max_str_digits(limit)


def vendor_fetches(html, depth=0):
    """[(element attribute, URL)] of what ``html`` fetches from a vendor, read by html5lib."""
    found = []
    for scripting in (True, False):
        bases = [PAGE_URL]
        for element in parsed(html, scripting).iter():
            if not isinstance(element.tag, str) or "}" not in element.tag:
                continue
            namespace, name = element.tag[1:].split("}")
            if namespace not in NAMESPACES:
                continue
            name = NAMESPACES[namespace] + name
            if name == "base" and element.get("href") and len(bases) == 1:
                bases.append(element.get("href"))
            for attribute, value in element.attrib.items():
                attribute = ATTRIBUTE_NAMES.get(attribute, attribute)
                if name == "iframe" and attribute == "srcdoc" and depth < 12:
                    found += vendor_fetches(value, depth + 1)
                if f"{name} {attribute}" in FETCHING:
                    found += [(f"{name} {attribute}", url) for url in urls_in(attribute, value)
                              if any(vendor_of(url, VENDORS, base) for base in bases)]
    return found


CRASHED_BEFORE = {  # each took a page down with an HTTP 500 (issue 23)
    "deep CSS nesting in a style attribute": ([("Content-Type", "text/html")], b'<p style="' + b"[" * 1000 + b'">x'),
    "deep CSS nesting in a style element": ([("Content-Type", "text/html")], b"<style>a{" + b"(" * 1000 + b"</style>"),
    "a character reference of 4,400 digits": ([("Content-Type", "text/html")], b'<p title="&#' + b"1" * 4400 + b';">'),
    "charset=utf-32": ([("Content-Type", "text/html; charset=utf-32")], b"<p>\xff\xff\xff\xff"),
    "an odd-length utf-16 body": ([("Content-Type", "text/html; charset=utf-16")], b"<\x00p\x00>"),
    "a CSP whose last directive ends with ';'": (
        [("Content-Type", "text/html"), ("Content-Security-Policy", "default-src 'self';")], b"<p>x"),
    "a srcdoc with a vendor URL in deep CSS": (
        [("Content-Type", "text/html")],
        b'<iframe srcdoc="&lt;p style=&quot;background:url(https://cdp.customer.io/x.png)' + b"[" * 1000 + b'&quot;&gt;">'),
}


@pytest.mark.parametrize("name", CRASHED_BEFORE)
def test_inputs_that_took_a_page_down_are_answered_with_the_page(name):
    headers, body = CRASHED_BEFORE[name]
    for status, answer_headers, answer in both(headers, body):
        assert status.startswith("200")
        text = as_the_browser_reads(answer_headers, answer)
        assert '<script src="/dist/consent.js"' in text and vendor_fetches(text) == []


def test_a_charset_browsers_do_not_know_is_ignored_and_the_injected_tag_is_ascii():
    [(_, headers, body), _] = both([("Content-Type", "text/html; charset=cp500")], b"<head></head>")
    assert body == b'<head><script src="/dist/consent.js"></script></head>'  # not EBCDIC: browsers read windows-1252
    assert headers == [("content-type", "text/html; charset=cp500"), ("content-length", str(len(body)))]  # ASCII: none guesses


@pytest.mark.parametrize("name", ENCODED_DOCUMENTS)
def test_a_page_whose_bytes_hide_a_vendor_tag_fetches_nothing_from_a_vendor_through_the_middleware(name):
    headers, body = ENCODED_DOCUMENTS[name]
    assert vendor_fetches(as_the_browser_reads(headers, body) or body.decode("latin-1")), "no test: nothing to hold"
    for status, answer_headers, answer in both(headers, body):
        assert status.startswith("200")
        assert vendor_fetches(as_the_browser_reads(answer_headers, answer)) == []


def test_an_undeclared_page_a_browser_would_guess_is_declared_as_what_it_was_read_as():
    shift_jis = "<p>\u65e5\u672c\u8a9e<img src='https://cdp\uff0ecustomer.io/p.gif'>".encode("cp932")
    for _, headers, body in both([("Content-Type", "text/html")], shift_jis):
        assert ("content-type", "text/html; charset=windows-1252") in headers  # Chromium would guess Shift_JIS
        assert body.endswith(shift_jis[3:])  # the page itself unchanged: read as windows-1252 it fetches nothing


def test_a_response_without_a_content_type_is_rewritten_when_the_browser_sniffs_it_as_html():
    page = b"<html><img src='https://cdp.customer.io/p.gif'>"
    for _, headers, body in both([], page):
        assert ("content-type", "text/html; charset=windows-1252") in headers and b"data-src=" in body
    for _, headers, body in both([("X-Content-Type-Options", "nosniff")], page):
        assert body == page  # the browser shows it as text
    for _, headers, body in both([], b"\x89PNG<html>"):
        assert body == b"\x89PNG<html>" and "content-type" not in dict(headers)


def test_an_euc_jp_page_chromium_reads_otherwise_than_the_standard_is_refused_not_served(caplog):
    body = b"<p>\x8f\xe9P\xbc\xbc<img src=/own.png>"  # Chromium reads the pair after the cut 8F from JIS X 0212
    with caplog.at_level(logging.ERROR, logger="heldback.server"):
        for status, headers, answer in both([("Content-Type", "text/html; charset=euc-jp")], body):
            assert status.startswith("500") and b"not served" in answer and b"<p>" not in answer
    assert "read differently in Chromium" in caplog.text


def endless_page(closed):
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html")])

        def chunks():
            try:
                while True:
                    yield b"<p>" + b"x" * 1000
            finally:
                closed.append(True)
        return chunks()
    return app


def test_a_page_over_the_size_limit_is_refused_without_being_read_whole(caplog):
    closed = []
    with caplog.at_level(logging.ERROR, logger="heldback.server"):
        status, headers, body = wsgi(ConsentWSGIMiddleware(endless_page(closed), max_page_bytes=100_000))
    assert status.startswith("500") and closed == [True]  # it stopped reading, and closed the app's iterable
    assert body == b"heldback: this page was not served: larger than max_page_bytes (100000 bytes)\n"
    assert "GET /page not served: larger than max_page_bytes" in caplog.text
    page = [("Content-Type", "text/html")], b"<p>" + b"x" * 200
    assert [status for status, _, _ in both(*page, max_page_bytes=100)] == ["500 Internal Server Error", "500"]
    assert [status for status, _, _ in both(*page, max_page_bytes=None)] == ["200 OK", "200"]


def test_a_response_over_the_limit_that_is_not_a_page_streams_through():
    png = b"\x89PNG" + b"\0" * 500
    for status, headers, body in both([], png, max_page_bytes=100):
        assert status.startswith("200") and body == png


# The fuzz test: any bytes, any Content-Type and CSP, through both middlewares.
LABELS = ["utf-8", "utf-16", "utf-16be", "unicodefffe", "utf-32", "cp500", "iso-2022-jp", "shift_jis", "euc-jp",
          "x-euc-jp", "gbk", "gb18030", "big5", "euc-kr", "koi8-u", "windows-1252", "latin1", "x-user-defined",
          "iso-2022-kr", "bogus", "", '"utf-8"']
VENDOR_URLS = ["https://cdp.customer.io/a.js", "//track.customer.io/p.gif", "https://cdp\uff0ecustomer.io/f.gif",
               "https:\\\\cdp.customer.io/b", "https://cdp.customer.io./c"]
PIECES = ["<p>", "</p>", "<!--", "-->", "<svg>", "</svg>", "<math><mtext>", "<noscript>", "</noscript>", "<script>",
          "</script>", "<style>", "</style>", "<title>", "<textarea>", "<![CDATA[", "]]>", "'", '"', ">", "&amp;",
          "&#", "\u00e9", "\u3042", "\uff0e", "\x1b$B", "\x1b(B", "<base href='https://cdp.customer.io/'>",
          "<meta charset=shift_jis>", "<meta charset=iso-2022-jp>", "<meta charset=utf-16>", "<head>", "<iframe srcdoc=\""]
TAGS = ["<script src='{}'></script>", "<img src={}>", "<link rel=stylesheet href=\"{}\">", "<iframe src='{}'></iframe>",
        "<svg><image href='{}'/></svg>", "<img srcset='{} 2x'>", "<video poster='{}'>", "<input type=image src={}>"]
ENCODINGS = ["utf-8", "cp932", "euc_jp", "iso2022_jp", "gb18030", "big5hkscs", "cp949", "utf-16-le", "utf-16-be", "latin-1"]

markup = st.lists(st.one_of(st.sampled_from(PIECES), st.builds(str.format, st.sampled_from(TAGS), st.sampled_from(VENDOR_URLS)),
                            st.text(max_size=8)), max_size=14).map("".join)
bodies = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda html, encoding: html.encode(encoding, "replace"), markup, st.sampled_from(ENCODINGS)),
    st.builds(lambda html, noise, at: (lambda data: data[:at] + noise + data[at:])(html.encode("utf-8")),
              markup, st.binary(max_size=6), st.integers(0, 200)),
)
content_types = st.one_of(
    st.builds(lambda label: f"text/html; charset={label}", st.sampled_from(LABELS)),
    st.sampled_from(["text/html", " TEXT/HTML ", "text/html, */*", "text/plain", "application/xhtml+xml", None]),
)
policies = st.sampled_from([None, "default-src 'self';", "script-src 'nonce-r4nd' 'strict-dynamic';;", ";", "script-src"])


@settings(max_examples=250, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, content_type=content_types, policy=policies)
@example(body=b"<meta charset=iso-2022-jp><p title\x1b$B=\"!\x1b(B><img src='https://cdp.customer.io/x'>\">",
         content_type="text/html", policy=None)
def test_any_response_is_answered_and_what_the_browser_reads_of_it_fetches_nothing_from_a_vendor(body, content_type, policy):
    headers = [("Content-Type", content_type)] if content_type is not None else []
    headers += [("Content-Security-Policy", policy)] if policy is not None else []
    refused = Page(body, None).unreadable or any(Page(body, label).unreadable for label in ("euc-jp", "x-euc-jp"))
    for status, answer_headers, answer in both(headers, body):
        if status.startswith("500"):
            assert refused and b"not served" in answer  # the one page refused at this size: EUC-JP Chromium misreads
            continue
        assert status.startswith("200")
        text = as_the_browser_reads(answer_headers, answer)
        if text is not None:
            assert vendor_fetches(text) == [], (body, answer)


def test_a_page_on_a_host_the_config_gives_a_vendor_is_refused_since_its_own_files_would_be_held():
    config = load(DEFAULT_CONFIG)
    config.vendors[0]["hosts"].append("shop.example")  # as a config that named the site's own host would
    page = [("Content-Type", "text/html; charset=utf-8")], b"<!doctype html><title>t</title><p>hello"
    for answer in (wsgi(ConsentWSGIMiddleware(wsgi_app(*page), config=config)),
                   asgi(ConsentASGIMiddleware(asgi_app(*page), config=config))):
        status, headers, body = answer
        assert status.startswith("500") and b"vendors.customerio" in body and b"hello" not in body
    status, _, body = wsgi(ConsentWSGIMiddleware(wsgi_app(*page)))  # the same page on a host no vendor has
    assert status == "200 OK" and b"hello" in body


def test_a_script_url_on_a_vendors_host_stops_the_middleware_at_start_up():
    with pytest.raises(ValueError, match="script_url: 'https://cdp.customer.io/consent.js' is on cdp.customer.io"):
        ConsentWSGIMiddleware(wsgi_app([], b""), script_url="https://cdp.customer.io/consent.js")
