"""Release fidelity and failing closed: what comes back on consent is what the page asked for, once;
what the guard cannot vouch for never loads; allowed scripts never notice the guard."""

import base64
import hashlib
import re
from urllib.parse import urlsplit

import pytest

PROBE = "https://cdp.customer.io/release/"
BANNER = "[data-cmp-banner]:not([hidden])"


def probe_body(name):
    return f"(top.__ran = top.__ran || []).push('{name}');"


def integrity(name):
    return "sha384-" + base64.b64encode(hashlib.sha384(probe_body(name).encode()).digest()).decode()


@pytest.fixture
def serve(page, site, cio):
    """serve(html): open a page with this HTML at {site}/release.html; probes answer on PROBE."""

    def probe(route, request):
        name = urlsplit(request.url).path.rsplit("/", 1)[-1].removesuffix(".js")
        route.fulfill(status=200, content_type="application/javascript", body=probe_body(name),
                      headers={"access-control-allow-origin": "*"})

    page.route(re.compile(re.escape(PROBE)), probe)

    def open_page(html, wait_until="load"):
        page.route(f"{site}/release.html", lambda route: route.fulfill(content_type="text/html", body=html))
        page.goto(f"{site}/release.html", wait_until=wait_until)

    return open_page


def requested(network, prefix=PROBE):
    return [url.removeprefix(prefix) for url in network.urls if url.startswith(prefix)]


def test_held_scripts_come_back_in_order_with_every_attribute_each_once(serve, page, network):
    serve(f"""<!doctype html><html><head><script src="/dist/consent.js"></script><script>
      window.released = [];  // the order held scripts get their URL back
      new MutationObserver(function (records) {{ records.forEach(function (r) {{ released.push(r.target.src.split('/').pop()) }}) }})
        .observe(document, {{attributes: true, subtree: true, attributeFilter: ['src']}});
      function add(name, attributes) {{
        var s = document.createElement('script');
        for (var key in attributes) s.setAttribute(key, attributes[key]);
        s.src = '{PROBE}' + name + '.js'; document.head.appendChild(s); return s;
      }}
      add('a', {{id: 'a', 'data-team': 'growth', nonce: 'n0nce'}}).async = false;
      add('b', {{defer: '', integrity: '{integrity("b")}', crossorigin: 'anonymous'}});
      add('c', {{async: '', 'data-x': '1'}});
    </script></head><body>
      <script type="text/plain" data-cmp-category="marketing" id="d" data-src="{PROBE}d.js" crossorigin="anonymous"
              integrity="{integrity("d")}" onload="__ran.push('d onload')" data-kept="yes"></script>
      <script type="text/plain" data-cmp-category="marketing">__ran.push('inline e')</script>
    </body></html>""")
    page.wait_for_selector(BANNER)
    assert requested(network) == []

    page.evaluate("cmp.acceptAll()")
    page.wait_for_function("window.__ran && __ran.length === 6")
    assert page.evaluate("released") == ["a.js", "b.js", "c.js"]  # in the order the page asked
    assert sorted(requested(network)) == ["a.js", "b.js", "c.js", "d.js"]  # each once
    ran = page.evaluate("__ran")
    assert sorted(ran) == ["a", "b", "c", "d", "d onload", "inline e"]
    assert [step for step in ran if step.startswith(("d", "inline"))] == ["d", "d onload", "inline e"]  # markup: in order
    attributes = page.evaluate("""() => [...document.querySelectorAll('script[src*="/release/"]')].map(s => [
        s.id, s.dataset.team || s.dataset.x || s.dataset.kept || '', s.nonce, s.async, s.defer,
        s.integrity.slice(0, 7), s.crossOrigin])""")
    assert attributes == [
        ["a", "growth", "n0nce", False, False, "", None],
        ["", "", "", True, True, "sha384-", "anonymous"],  # a created script is async unless the page unsets it
        ["", "1", "", True, False, "", None],
        ["d", "yes", "", True, False, "sha384-", "anonymous"],
    ]


def test_declarative_iframes_load_on_consent_and_a_failing_script_does_not_stop_the_next(serve, page, network):
    serve(f"""<!doctype html><html><head><script src="/dist/consent.js"></script></head><body>
      <script>window.__ran = []</script>
      <script type="text/plain" data-cmp-category="marketing" data-src="https://cdp.customer.io/missing.js"
              onerror="__ran.push('onerror')"></script>
      <script type="text/plain" data-cmp-category="marketing">__ran.push('after the failure')</script>
      <iframe data-cmp-category="marketing" data-src="https://eu.customerioforms.com/forms/f1" title="form"></iframe>
    </body></html>""")
    page.wait_for_selector(BANNER)
    assert not any("customerioforms" in url or "missing.js" in url for url in network.urls)

    page.evaluate("cmp.acceptAll()")
    page.wait_for_function("__ran.length === 2")
    assert page.evaluate("__ran") == ["onerror", "after the failure"]
    assert page.get_attribute("iframe", "src") == "https://eu.customerioforms.com/forms/f1"
    assert network.urls.count("https://eu.customerioforms.com/forms/f1") == 1


def test_accepting_in_two_tabs_loads_the_sdk_once_in_each(context, site, cio, network):
    tabs = [context.new_page(), context.new_page()]
    for tab in tabs:
        tab.goto(f"{site}/classic.html")
        tab.wait_for_selector(BANNER)
    for tab in tabs:
        tab.evaluate("cmp.acceptAll(); cmp.acceptAll()")
        tab.wait_for_function("window._cio._trackUrl !== undefined")
    tabs[0].wait_for_timeout(500)
    assert network.urls.count("https://assets.customer.io/assets/track.js") == 2
    assert [call[1] for call in cio.calls() if call[0] == "track"] == ["signed_up", "signed_up"]


def test_allowed_scripts_load_once_in_order_untouched(serve, page, network, site):
    serve(f"""<!doctype html><html><head><script src="/dist/consent.js"></script>
      <script>window.order = []; ['one', 'two', 'three'].forEach(function (n) {{
        var s = document.createElement('script'); s.async = false; s.src = '/order.js?' + n; document.head.appendChild(s); }});
      </script></head><body></body></html>""")
    page.route(f"{site}/order.js?*", lambda route, request: route.fulfill(
        content_type="application/javascript", body=f"order.push('{urlsplit(request.url).query}')"))
    page.reload()
    page.wait_for_function("order.length === 3")
    assert page.evaluate("order") == ["one", "two", "three"]
    assert [url for url in network.urls if "/order.js" in url][-3:] == [f"{site}/order.js?{n}" for n in ("one", "two", "three")]


def test_a_url_that_changes_between_reads_cannot_slip_past_the_guard(serve, page, network, site):
    serve(f"""<!doctype html><html><head><script src="/dist/consent.js"></script><script>
      var reads = 0, sneaky = {{toString: function () {{ return reads++ ? '{PROBE}sneaky.js' : '/own.js' }}}};
      var s = document.createElement('script'); s.src = sneaky; document.head.appendChild(s);
    </script></head><body></body></html>""")
    page.wait_for_function("window.ownScriptRan === true")  # the URL the guard checked is the one loaded
    page.wait_for_timeout(300)
    assert requested(network) == [] and page.evaluate("reads") == 1


def test_a_broken_url_polyfill_neither_opens_the_guard_nor_breaks_allowed_scripts(serve, page, network):
    serve(f"""<!doctype html><html><head><script src="/dist/consent.js"></script><script>
      window.URL = function () {{ throw new Error('broken polyfill') }};
      ['{PROBE}x.js', '/own.js'].forEach(function (u) {{
        var s = document.createElement('script'); s.src = u; document.head.appendChild(s); }});
      fetch('{PROBE}y.js').catch(function () {{}});
    </script></head><body></body></html>""")
    page.wait_for_function("window.ownScriptRan === true")
    page.wait_for_timeout(300)
    assert requested(network) == []


def test_the_tag_twice_on_a_page_patches_once_and_releases_once(serve, page, network):
    serve(f"""<!doctype html><html><head><script src="/dist/consent.js"></script><script src="/dist/consent.js"></script>
      <script>var s = document.createElement('script'); s.src = '{PROBE}twice.js'; document.head.appendChild(s);
      window.srcSetter = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src').set.toString();</script>
      <script src="/own.js"></script></head><body></body></html>""")
    page.wait_for_selector(BANNER)
    assert requested(network) == [] and page.evaluate("window.ownScriptRan")
    assert network.urls.count(network.urls[0].rsplit("/", 1)[0] + "/dist/consent-banner.en.js") == 1

    page.evaluate("cmp.acceptAll()")
    page.wait_for_function("window.__ran && __ran.length === 1")
    assert requested(network) == ["twice.js"]
    assert "native code" not in page.evaluate("srcSetter")  # guarded, and wrapped only once:
    assert page.evaluate("""(() => { const d = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src');
        return d.set.toString() === srcSetter; })()""")


def test_an_svg_script_in_the_markup_is_held_and_runs_once_on_consent(serve, page, network):
    # an SVG <script>'s tagName is "script", not "SCRIPT"; its URL is in href or xlink:href
    serve(f"""<!doctype html><html><head><script src="/dist/consent.js"></script></head><body>
      <svg><script href="{PROBE}svg-href.js"></script></svg>
      <svg xmlns:xlink="http://www.w3.org/1999/xlink"><script xlink:href="{PROBE}svg-xlink.js"></script></svg>
      <script>document.write('<svg><script href="{PROBE}svg-written.js"></scr' + 'ipt></svg>');</script>
      </body></html>""")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__ran") is None  # none ran (they did, before)
    # the parser fetches a tag of the page's own markup before any script can act, as it does an HTML
    # <script src> (the rewrite and the middleware close that); a written one is not even fetched
    assert set(requested(network)) <= {"svg-href.js", "svg-xlink.js"}
    page.evaluate("cmp.acceptAll()")
    page.wait_for_function("window.__ran && __ran.length === 3")
    page.wait_for_timeout(300)
    assert sorted(page.evaluate("__ran")) == ["svg-href", "svg-written", "svg-xlink"]  # each once


def test_first_party_urls_in_templates_and_their_markup_load_before_any_decision(serve, page, network, site):
    # a template's content has no base URL of its own (about:blank): its relative URLs are the page's
    serve(f"""<!doctype html><html><head><script src="/dist/consent.js"></script></head><body>
      <template id="own"><script src="/own-template.js"></script><img src="/own-template.png"></template>
      <script>
        document.body.appendChild(document.importNode(document.getElementById('own').content, true));
        var t = document.createElement('template');
        t.innerHTML = '<img src="/own-inner.png" srcset="/own-inner-2x.png 2x"><p>{PROBE}</p>';
        document.body.appendChild(t.content.cloneNode(true));
      </script></body></html>""")
    page.wait_for_selector(BANNER)
    page.wait_for_timeout(300)
    loaded = {urlsplit(url).path for url in network.urls if url.startswith(site)}
    assert {"/own-template.js", "/own-template.png", "/own-inner.png"} <= loaded
    assert page.evaluate("[...document.querySelectorAll('[data-cmp-category]')].length") == 0
