"""A careless or hostile page after the tag: polluted prototypes, replaced globals, a forged "already
installed" mark. None of it opens the guard, and the visitor can still decide.

Each page asks for a probe on a Customer.io host by several paths at once (a script, an image,
innerHTML, fetch with a Request, a script made in a frame), after its own script has done the damage.
"""

from urllib.parse import urlsplit

import pytest

from test_release import PROBE, serve  # noqa: F401 (serve: the fixture that opens a page with probes)

BANNER = "[data-cmp-banner]:not([hidden])"
TAG = '<script src="/dist/consent.js"></script>'
VENDOR_PATHS = f"""<script>
  var s = document.createElement('script'); s.src = '{PROBE.replace("customer.io/", "customer.io./")}vendor.js';
  document.head.appendChild(s);
  new Image().src = '{PROBE.replace("https://cdp", "HTTPS://CDP")}pixel.js';
  document.getElementById('box').innerHTML = '<img src="{PROBE.replace("customer", "cust&#9;omer")}inner.js">';
  fetch(new Request('{PROBE}request.js')).catch(function () {{}});
  var f = document.createElement('iframe'); document.body.appendChild(f);
  var d = f.contentWindow.document, t = d.createElement('script'); t.src = '{PROBE}frame.js'; d.head.appendChild(t);
</script>"""
A_GRANT = "'cmp_consent=2.1.' + 'a'.repeat(32) + '.' + (Date.now() / 1000 | 0) + '.' + (Date.now() / 1000 | 0) + '.necessary-marketing-customerio'"

DAMAGE = {
    "Object.prototype.customerio = true": "Object.prototype.customerio = true;",
    "enumerable Object.prototype properties": "Object.prototype.marketing = true; Object.prototype.foo = 1;",
    "URL replaced": "window.URL = function (u) { return {host: 'x.example', hostname: 'x.example', port: '', href: String(u)} };",
    "URL hostname getter replaced": "Object.defineProperty(URL.prototype, 'hostname', {get: function () { return 'x.example' }});",
    "JSON.parse throws": "JSON.parse = function () { throw new Error('no JSON today') };",
    "split replaced": f"String.prototype.split = function () {{ return [{A_GRANT}] }};",
    "indexOf finds nothing": "Array.prototype.indexOf = String.prototype.indexOf = function () { return -1 };",
    "array iteration empty": "Array.prototype[Symbol.iterator] = function* () {};",
    "Map and WeakSet broken": "Map.prototype.get = function () {}; Map.prototype.set = function () { return this };"
                              " WeakSet.prototype.has = function () { return true };",
    "call and apply broken": "Function.prototype.call = Function.prototype.apply = function () {};",
    "clock stopped at 1970": "Date.now = function () { return 0 };",
    "document.cookie forged": f"Object.defineProperty(Document.prototype, 'cookie', {{get: function () {{ return {A_GRANT} }},"
                              " configurable: true});",
    "getAttribute and tagName lie": "Element.prototype.getAttribute = function () { return null };"
                                    " Object.defineProperty(Element.prototype, 'tagName', {get: function () { return 'DIV' }});",
    "Request is no Request": "Object.defineProperty(Request, Symbol.hasInstance, {value: function () { return false }});",
}


def requested(network):
    """The probes the browser asked for, by name, whatever form of the host it was written in."""
    path = urlsplit(PROBE).path
    return [urlsplit(url).path.removeprefix(path) for url in network.to_customerio() if urlsplit(url).path.startswith(path)]


def wait_for_requests(page, network, names, timeout_ms=8000):
    """Wait (from Python: the damaged page may not answer evaluations) until every probe in names was requested."""
    for _ in range(timeout_ms // 100):
        if set(names) <= set(requested(network)):
            return
        page.wait_for_timeout(100)


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damage_after_the_tag_opens_no_path_and_the_visitor_still_decides(serve, page, context, network, damage):
    serve(f"<!doctype html><html><head>{TAG}<script>{damage}</script></head>"
          f"<body><div id='box'></div>{VENDOR_PATHS}</body></html>")
    page.wait_for_selector(BANNER)
    page.wait_for_timeout(500)
    assert requested(network) == []

    page.click("[data-cmp-action='accept-all']")
    wait_for_requests(page, network, ["vendor.js", "frame.js"])
    assert sorted(requested(network)) == ["frame.js", "vendor.js"]  # held scripts come back once; the rest stay dropped
    (record,) = [c["value"] for c in context.cookies() if c["name"] == "cmp_consent"]
    assert record.endswith("necessary-analytics-marketing-customerio")


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_after_damage_a_refusal_keeps_every_path_closed(serve, page, context, network, damage):
    serve(f"<!doctype html><html><head>{TAG}<script>{damage}</script></head>"
          f"<body><div id='box'></div>{VENDOR_PATHS}</body></html>")
    page.click("[data-cmp-action='reject-all']")
    for _ in range(50):
        if any(c["name"] == "cmp_consent" for c in context.cookies()):
            break
        page.wait_for_timeout(100)
    (record,) = [c["value"] for c in context.cookies() if c["name"] == "cmp_consent"]
    assert record.endswith(".necessary")
    page.wait_for_timeout(300)
    assert requested(network) == []


FORGED = {
    "a page global cmp with _loader": ("<script>window.cmp = {_loader: {app: function () {}}};</script>", ""),
    "a form named cmp with an input _loader": ("", "<form id='cmp'><input name='_loader'></form>"),
}


@pytest.mark.parametrize("head, body", FORGED.values(), ids=FORGED.keys())
def test_markup_or_a_global_cannot_pass_for_an_installed_consent_manager(serve, page, network, head, body):
    serve(f"<!doctype html><html><head>{head}</head><body>{body}{TAG}<div id='box'></div>{VENDOR_PATHS}</body></html>")
    page.wait_for_selector(BANNER)
    page.wait_for_timeout(500)
    assert requested(network) == []
    page.click("[data-cmp-action='accept-all']")
    wait_for_requests(page, network, ["vendor.js", "frame.js"])
    assert sorted(requested(network)) == ["frame.js", "vendor.js"]


def test_a_second_copy_of_the_tag_still_recognises_the_first(serve, page, network):
    serve(f"<!doctype html><html><head>{TAG}<script>window.cmp = {{}};</script>{TAG}</head>"
          f"<body><div id='box'></div>{VENDOR_PATHS}</body></html>")
    page.wait_for_selector(BANNER)  # the first layer found the first copy
    page.click("[data-cmp-action='accept-all']")
    wait_for_requests(page, network, ["vendor.js", "frame.js"])
    page.wait_for_timeout(300)
    assert sorted(requested(network)) == ["frame.js", "vendor.js"]  # released by one copy, once
