"""The network guard (opt-in: `service_worker` in the config): what no patch in the page reaches, a
worker's requests and `import()`, is answered with a network error before consent, and reaches the
vendor once the visitor accepts. Requests are read from the browser's network log, the service
worker's own among them."""

import re
from pathlib import Path

import pytest

CONFIG = """revision = 1
service_worker = "/written/consent-sw.js"
[vendors.customerio]
"""
PROBE = re.compile(r"^https://cdp\.customer\.io/probe\.js\?n=(\d+)")
PAGE = """<!doctype html><html><head><script src="{build}/consent.js"></script></head><body><script>
function inWorker(n) {{  // a worker's fetch: no patch of the page reaches it
  var code = "fetch('https://cdp.customer.io/probe.js?n=" + n + "').then(function (r) {{ postMessage('ok ' + r.status) }},"
           + " function (e) {{ postMessage(e.name) }})";
  var worker = new Worker(URL.createObjectURL(new Blob([code], {{type: 'text/javascript'}})));
  return new Promise(function (done) {{ worker.onmessage = function (m) {{ done(m.data) }} }});
}}
function imported(n) {{  // import() is syntax: nothing to patch
  return import('https://cdp.customer.io/probe.js?n=' + n).then(function () {{ return 'ok' }}, function (e) {{ return e.name }});
}}
</script><p>service worker</p></body></html>"""


@pytest.fixture
def controlled_page(page, context, build, written_page, cio):
    """A page the service worker controls from its first request (the second view: the first registers it)."""
    folder = build(CONFIG)
    from conftest import BUILDS
    written_page("consent-sw.js", (BUILDS[folder.rsplit("/", 1)[-1]] / "consent-sw.js").read_text())
    url = written_page("sw-page.html", PAGE.format(build=folder))
    hits = []

    def probe(route, request):
        hits.append(PROBE.match(request.url).group(1))
        route.fulfill(status=200, content_type="text/javascript", body="export default 1;",
                      headers={"access-control-allow-origin": "*"})

    context.route(PROBE, probe)
    page.goto(url)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    return page, hits


def test_a_workers_fetch_and_import_reach_no_vendor_before_consent_and_do_after_accept(controlled_page):
    page, hits = controlled_page
    assert page.evaluate("inWorker(1)") == "TypeError"  # as a network error
    assert page.evaluate("imported(2)") == "TypeError"
    assert hits == []

    page.evaluate("cmp.acceptAll()")
    page.wait_for_function("document.cookie.indexOf('cmp_consent=') >= 0")
    assert page.evaluate("inWorker(3)") == "ok 200"
    assert page.evaluate("imported(4)") == "ok"
    assert hits == ["3", "4"]


def test_after_reject_a_worker_still_reaches_no_vendor_on_the_next_page_view(controlled_page):
    page, hits = controlled_page
    page.evaluate("cmp.rejectAll()")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    assert page.evaluate("inWorker(5)") == "TypeError"
    assert page.evaluate("imported(6)") == "TypeError"
    assert hits == []
