"""Every path a page or tag manager can take to a vendor, before and after the visitor decides.

One row per path: a line of JavaScript that takes that path to `url`, a probe on a Customer.io host.
The row runs while the page parses, right after the consent manager. For each row:

- before consent: no request reaches the probe, nothing runs, and a failed request fails like a
  network error (the row reports what the page saw through `outcome(...)`);
- accept: a held script is fetched and runs exactly once; anything else is not replayed; on the next
  page view (consent stored) the same path loads once;
- reject: nothing, neither on this page view nor on the next.

kind: "script" (held, runs on release), "hint" (a held link: fetched on release, runs nothing),
"request" (dropped until granted), "inert" (the browser itself never runs it; the row shows nothing
is fetched either way).
To add a path, add a row. The URL forms (tests/hostile/documents.py: trailing dots, backslashes, tabs,
%-escapes, fullwidth and ignored characters...) are rows too: each is written to the probe in its form,
which the browser resolves to the probe.
"""

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from heldback.testing.customerio import HOSTS as CIO_HOSTS
from tests.hostile.documents import URL_FORMS

PROBE = "https://cdp.customer.io/probe"
PROBE_URL = re.compile(r"^https?://([^/@]*@)?cdp\.customer\.io\.*(:443)?/probe")  # as the browser requests it
BANNER = "[data-cmp-banner]:not([hidden])"


@dataclass
class Row:
    name: str
    kind: str
    js: str
    failure: str = ""  # what the page sees before consent (request rows)
    url: str = "https://cdp.customer.io{path}"  # the probe URL in the form the row writes it


def insert(build):  # a script element, built and added to <head>
    return f"var s = document.createElement('script'); {build} document.head.appendChild(s);"


ROWS = [
    # Scripts
    Row("createElement, src property", "script", insert("s.src = url;")),
    Row("createElement, setAttribute", "script", insert("s.setAttribute('src', url);")),
    Row("createElement, setAttributeNS", "script", insert("s.setAttributeNS(null, 'src', url);")),
    Row("src set after insertion", "script", "var s = document.createElement('script'); document.head.appendChild(s); s.src = url;"),
    Row("createElementNS, XHTML", "script",
        "var s = document.createElementNS('http://www.w3.org/1999/xhtml', 'script'); s.src = url; document.head.appendChild(s);"),
    Row("createElementNS, SVG script", "script",
        "var s = document.createElementNS('http://www.w3.org/2000/svg', 'script');"
        " s.setAttributeNS('http://www.w3.org/1999/xlink', 'xlink:href', url); document.getElementById('svg').appendChild(s);"),
    Row("native src setter through the prototype", "script",
        insert("Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src').set.call(s, url);")),
    Row("cloneNode of a script", "script",
        "var o = document.createElement('script'); o.src = url; document.head.appendChild(o.cloneNode(true));"),
    Row("Range.createContextualFragment", "script",
        "document.body.appendChild(document.createRange().createContextualFragment('<script src=\"' + url + '\"></scr' + 'ipt>'));"),
    Row("insertAdjacentHTML <script>", "inert",
        "document.body.insertAdjacentHTML('beforeend', '<script src=\"' + url + '\"></scr' + 'ipt>');"),
    Row("document.write", "script", "document.write('<script src=\"' + url + '\"></scr' + 'ipt>');"),
    Row("document.writeln", "script", "document.writeln('<script src=\"' + url + '\"></scr' + 'ipt>');"),
    Row("document.write, an SVG script's href", "script",
        "document.write('<svg><script href=\"' + url + '\"></scr' + 'ipt></svg>');"),
    Row("document.write, an SVG script's xlink:href", "script",
        "document.write('<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><script xlink:href=\"' + url + '\"></scr' + 'ipt></svg>');"),
    Row("<script type=module>", "script", insert("s.type = 'module'; s.src = url;")),
    Row("<link rel=preload>", "hint",
        "var l = document.createElement('link'); l.rel = 'preload'; l.as = 'script'; l.href = url; document.head.appendChild(l);"),
    Row("<link rel=prefetch>", "hint",
        "var l = document.createElement('link'); l.rel = 'prefetch'; l.setAttribute('href', url); document.head.appendChild(l);"),
    Row("<link rel=modulepreload>", "hint",
        "var l = document.createElement('link'); l.rel = 'modulepreload'; l.href = url; document.head.appendChild(l);"),
    Row("script made by a same-origin iframe's document", "script",
        "var f = document.createElement('iframe'); f.src = '/blank-frame.html'; document.body.appendChild(f);"
        " f.onload = function () { var d = f.contentDocument, s = d.createElement('script'); s.src = url; d.head.appendChild(s); };"),
    Row("script made in a run-time about:blank iframe, run in the page", "script",
        "var f = document.createElement('iframe'); document.body.appendChild(f);"
        " var s = f.contentWindow.document.createElement('script'); s.src = url; document.head.appendChild(s);"),
    # Other traffic
    Row("<img> pixel", "request",
        "var i = document.createElement('img'); i.onerror = function () { outcome('error') }; i.src = url; document.body.appendChild(i);",
        "error"),
    Row("new Image() pixel", "request", "var i = new Image(); i.onerror = function () { outcome('error') }; i.src = url;", "error"),
    Row("<img> by setAttribute", "request",
        "var i = new Image(); i.onerror = function () { outcome('error') }; i.setAttribute('src', url);", "error"),
    Row("<iframe>", "request", "var f = document.createElement('iframe'); f.src = url; document.body.appendChild(f);"),
    Row("<input type=image>", "request", "var i = document.createElement('input'); i.type = 'image';"
        " i.onerror = function () { outcome('error') }; i.src = url; document.body.appendChild(i);", "error"),
    Row("fetch", "request", "fetch(url).then(function () { outcome('ok') }, function (e) { outcome(e.name) });", "TypeError"),
    Row("fetch with a Request", "request",
        "fetch(new Request(url, {method: 'POST', body: 'x'})).catch(function (e) { outcome(e.name) });", "TypeError"),
    Row("XMLHttpRequest", "request",
        "var x = new XMLHttpRequest(); x.open('POST', url); x.onerror = function () { outcome('error ' + x.status) }; x.send('x');",
        "error 0"),
    Row("navigator.sendBeacon", "request", "outcome(navigator.sendBeacon(url, 'x'));", "true"),
    Row("WebSocket", "request",
        "var w = new WebSocket(url.replace('https:', 'wss:')); w.onclose = function () { outcome('closed ' + (w instanceof WebSocket)) };",
        "closed true"),
    Row("EventSource", "request",
        "var e = new EventSource(url); e.onerror = function () { outcome('error ' + e.readyState); e.close(); };", "error 2"),
    Row("innerHTML <img>", "request", "document.getElementById('box').innerHTML = '<img src=\"' + url + '\">';"),
    Row("innerHTML <img> in a detached element", "request", "document.createElement('div').innerHTML = '<img src=\"' + url + '\">';"),
    Row("outerHTML <img>", "request", "document.getElementById('box').outerHTML = '<div><img src=\"' + url + '\"></div>';"),
    Row("insertAdjacentHTML <img>", "request", "document.body.insertAdjacentHTML('beforeend', '<img src=\"' + url + '\">');"),
    Row("innerHTML <img>, the host in capitals", "request", "document.getElementById('box').innerHTML = '<IMG SRC=' + url + '>';",
        url="https://CDP.CUSTOMER.IO{path}"),
    Row("innerHTML <img>, a tab as a character reference", "request",
        "document.getElementById('box').innerHTML = '<img src=\"' + url + '\">';", url="https://cdp.cust&#9;omer.io{path}"),
    Row("innerHTML <img>, an escaped letter", "request",
        "document.getElementById('box').innerHTML = '<img src=\"' + url + '\">';", url="https://cdp.customer.%69o{path}"),
    Row("innerHTML <img>, fullwidth letters", "request",
        "document.getElementById('box').innerHTML = '<img src=\"' + url + '\">';", url="https://\uff43dp.customer.io{path}"),
    Row("innerHTML <img>, a line break in the host", "request",
        "document.getElementById('box').innerHTML = '<img src=\"' + url + '\">';", url="https://cdp.cust\nomer.io{path}"),
    Row("script src relative to a <base> at the vendor", "script",
        "var b = document.createElement('base'); b.href = 'https://cdp.customer.io/'; document.head.appendChild(b);"
        " var s = document.createElement('script'); s.src = url.slice(url.indexOf('/probe')); document.head.appendChild(s);"),
    # (Chromium fetches a script whose URL has credentials, but does not run it)
    *[Row(f"createElement, src property, {name}", "hint" if "@" in form else "script", insert("s.src = url;"), url=form)
      for name, form in URL_FORMS.items()],
]

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{name}</title>
<script src="/dist/consent.js"></script>
<script>window.__ran = []; window.__outcome = []; function outcome(x) {{ __outcome.push(String(x)) }}</script>
</head><body><svg id="svg"></svg><div id="box"></div>
<script>var url = {url};
{js}</script>
<p>matrix row</p></body></html>
"""


@pytest.fixture
def load(page, site, cio):
    """load(row, n): open the row's page, taking the path to probe URL n."""
    def probe(route, request):  # every probe answers with a script that reports it ran
        n = urlsplit(request.url).query.split("n=")[-1]
        route.fulfill(status=200, content_type="application/javascript", body=f"(top.__ran = top.__ran || []).push('{n}');")

    page.route(PROBE_URL, probe)
    page.route(f"{site}/blank-frame.html", lambda route: route.fulfill(content_type="text/html", body="<!doctype html><title>f</title>"))

    def open_row(row, n):
        url = row.url.format(path=f"/probe.js?n={n}")
        page.route(f"{site}/matrix.html", lambda route: route.fulfill(
            content_type="text/html", body=PAGE.format(name=row.name, url=json.dumps(url), js=row.js)))
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{site}/matrix.html", wait_until="domcontentloaded")
        page.wait_for_timeout(600)
        return errors

    return open_row


def probe_hits(network, n):
    """Requests (and sockets) the browser made to probe URL n."""
    return [url for url in network.urls + network.sockets
            if CIO_HOSTS.match(url.replace("wss://", "https://")) and urlsplit(url).path == "/probe.js" and f"n={n}" in url]


rows = pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])


@rows
def test_before_consent_nothing_is_requested_or_run(row, load, page, network):
    errors = load(row, 1)
    page.wait_for_selector(BANNER)

    assert probe_hits(network, 1) == []
    assert page.evaluate("__ran") == []
    assert errors == []
    if row.failure:
        page.wait_for_function("__outcome.length > 0")
        assert page.evaluate("__outcome") == [row.failure]


@rows
def test_accept_loads_held_scripts_once_and_the_path_works_from_then_on(row, load, page, network):
    load(row, 1)
    page.evaluate("cmp.acceptAll(); cmp.acceptAll()")  # twice: still once
    page.wait_for_timeout(800)
    held = row.kind in ("script", "hint")
    assert len(probe_hits(network, 1)) == (1 if held else 0)
    assert page.evaluate("__ran") == (["1"] if row.kind == "script" else [])

    load(row, 2)  # the next page view, consent stored
    assert len(probe_hits(network, 2)) == (0 if row.kind == "inert" else 1)
    assert page.evaluate("__ran") == (["2"] if row.kind == "script" else [])


@rows
def test_reject_keeps_the_path_closed_now_and_on_the_next_page_view(row, load, page, network):
    load(row, 1)
    page.evaluate("cmp.rejectAll()")
    page.wait_for_timeout(500)
    load(row, 2)

    assert probe_hits(network, 1) + probe_hits(network, 2) == []
    assert page.evaluate("__ran") == []
