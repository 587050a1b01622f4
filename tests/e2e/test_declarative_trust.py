"""Declarative markup runs only where the site put it (issue 23): markup injected into a page (by its
server, in a user's comment, or by a script's HTML string) never becomes a way to run code the page's
Content-Security-Policy or the browser would not run. Stage 1 activates a declarative script or
element only if stage 1 made it from the page's own vendor tags, or the page's tag has a nonce and it
carries that nonce too, or (no nonce) the parser made it from the page's HTML; declarative markup in a
script's HTML string is renamed on the way in and never runs. Tried on a page with a nonce policy, with
Trusted Types and without either, before and after each decision."""

import pytest

NONCE = "n0nc3f0rtrust"
POLICIES = {
    "a nonce policy": f"script-src 'nonce-{NONCE}' 'strict-dynamic' 'unsafe-eval'; style-src 'self'",
    "Trusted Types": "require-trusted-types-for 'script'; trusted-types cmp site",
    "no policy": None,
}
# what a server renders into a page from a user's comment
INJECTED = ('<p>comment: <script type="text/plain" data-cmp-category="necessary">__ran.push("injected necessary")</script></p>'
            '<p>comment: <script type="text/plain" data-cmp-category="marketing">__ran.push("injected marketing")</script></p>'
            '<p>comment: <script type="text/plain" data-cmp-category="marketing" data-src="/evil.js"></script></p>'
            '<p>comment: <iframe data-cmp-category="marketing" data-src="/evil-frame.html"></iframe></p>')
# what the page's script puts in through HTML strings, later (a comment loaded with fetch, say)
INSERTED = """
  var html = function (kind) { return '<script type="text/plain" data-cmp-category="' + kind + '">__ran.push("inserted ' + kind
      + '")</scr' + 'ipt><script type="text/plain" data-cmp-category="' + kind + '" data-src="/evil.js?' + kind + '"></scr' + 'ipt>'; };
  var site = window.trustedTypes ? trustedTypes.createPolicy('site', {createHTML: function (s) { return s }}) : null;
  var trusted = function (s) { return site ? site.createHTML(s) : s };
  var box = document.getElementById('box');
  box.innerHTML = trusted(html('necessary') + html('marketing'));
  box.insertAdjacentHTML('beforeend', trusted(html('necessary')));
  var range = document.createRange(); range.selectNodeContents(box);
  box.appendChild(range.createContextualFragment(trusted(html('marketing'))));
  var parsed = new DOMParser().parseFromString(trusted(html('necessary')), 'text/html');
  box.appendChild(document.adoptNode(parsed.querySelector('script')));
"""


def page_html(policy):
    nonce = f' nonce="{NONCE}"' if policy == "a nonce policy" else ""
    return (f'<!doctype html><html><head><meta charset="utf-8"><script{nonce}>window.__ran = []</script>'
            f'<script src="/dist/consent.js"{nonce}></script></head><body>'
            f'<script type="text/plain" data-cmp-category="marketing"{nonce}>__ran.push("site")</script>'
            f'{INJECTED}<div id="box"></div><script{nonce}>{INSERTED}</script></body></html>')


@pytest.fixture
def open_page(page, site, network, engine):
    def serve(route):
        headers = {"Content-Type": "text/html"}
        if POLICIES[serve.policy]:
            headers["Content-Security-Policy"] = POLICIES[serve.policy]
        route.fulfill(status=200, headers=headers, body=page_html(serve.policy))

    page.route(f"{site}/trust.html", serve)
    page.route(f"{site}/evil.js*", lambda route: route.fulfill(status=200, content_type="text/javascript",
                                                               body="__ran.push('evil')"))

    def open_with(policy, undecided=True):
        if engine == "webkit" and policy == "Trusted Types":  # (Chromium and Firefox run it)
            pytest.skip("the WebKit adapter evaluates through eval(), which Trusted Types forbids")
        serve.policy = policy
        page.goto(f"{site}/trust.html")
        if undecided:
            page.wait_for_selector("[data-cmp-banner]:not([hidden])")
        page.wait_for_timeout(300)
        return page

    return open_with


def evil_requests(network):
    return [url for url in network.urls if "/evil" in url]


def before_a_decision(policy):
    """What runs while undecided: the server's markup is the site's; with a nonce policy, only what carries the nonce."""
    return [] if policy == "a nonce policy" else ["injected necessary"]


@pytest.mark.parametrize("policy", list(POLICIES))
def test_markup_injected_into_the_page_or_its_strings_never_runs_before_or_after_accept(policy, open_page, network):
    page = open_page(policy)
    assert page.evaluate("__ran") == before_a_decision(policy)
    assert page.evaluate("document.querySelectorAll('#box [data-cmp-category]').length") == 0
    assert page.evaluate("document.querySelectorAll('#box [data-cmp-ignored-category]').length") == 9

    page.evaluate("cmp.acceptAll()")
    page.wait_for_function("() => __ran.indexOf('site') >= 0")
    page.wait_for_timeout(500)
    after = ["site"] if policy == "a nonce policy" else ["injected marketing", "site", "evil"]
    assert sorted(page.evaluate("__ran")) == sorted(before_a_decision(policy) + after)
    if policy == "a nonce policy":
        assert evil_requests(network) == []  # not even the server's own copy without the nonce
    else:
        assert sorted(url.split("/")[-1] for url in evil_requests(network)) == ["evil-frame.html", "evil.js"]  # the server's
    assert page.evaluate("document.querySelectorAll('#box [data-cmp-ignored-category]').length") == 9


@pytest.mark.parametrize("policy", list(POLICIES))
def test_markup_injected_into_the_page_or_its_strings_never_runs_after_reject(policy, open_page, network):
    page = open_page(policy)
    page.evaluate("cmp.rejectAll()")
    page.wait_for_function("() => cmp.getConsent() !== null")
    page.wait_for_timeout(300)
    assert page.evaluate("__ran") == before_a_decision(policy)
    page = open_page(policy, undecided=False)  # the next page view, refused
    assert page.evaluate("__ran") == before_a_decision(policy)
    assert evil_requests(network) == []
