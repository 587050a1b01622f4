"""Sites with a strict Content-Security-Policy or Trusted Types: every layer runs, the banner shows
with its styles, accept and reject work, and the browser reports no violation. A site that does not
allow our Trusted Types policy gets nothing from us, and nothing leaks."""

from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parent / "pages"
BANNER = "[data-cmp-banner]:not([hidden])"

CDP = "https://cdp.customer.io"
SELF = f"default-src 'self'; script-src 'self' {CDP}; connect-src 'self' {CDP}; style-src 'self'"
NONCE = "r4nd0mN0nce"
# A strict nonce policy as such sites write it: the scripts a nonced script adds may run ('strict-dynamic'),
# which is how a vendor snippet's own <script> loads (the guard never lends the page's nonce to anything).
NONCED = f"default-src 'self'; script-src 'nonce-{NONCE}' 'strict-dynamic'; connect-src 'self' {CDP}; style-src 'self'"
TRUSTED_TYPES = "; require-trusted-types-for 'script'; trusted-types cmp site default"
# What such a site has for third-party snippets that assign plain strings (Customer.io's does).
DEFAULT_POLICY = f"""trustedTypes.createPolicy('default', {{
  createScriptURL: url => url.startsWith('{CDP}/') ? url : null}});"""
CDP_EVENTS = [("page", "/strict.html"), ("identify", "u1", {"email": "ada@example.com", "plan": "pro"}),
              ("track", "signed_up", {"plan": "pro"})]

VIOLATIONS = """window.violations = [];
document.addEventListener('securitypolicyviolation', e => violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


def open_strict(page, site, csp, head, body=""):
    """Open /strict.html with `head` and `body`, served with the header Content-Security-Policy: `csp`."""
    html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>strict</title>{head}</head>
      <body><h1>Strict</h1>{body}</body></html>"""
    page.add_init_script(VIOLATIONS)  # init scripts are not subject to the page's CSP
    page.route(f"{site}/strict.html", lambda route: route.fulfill(
        status=200, body=html, headers={"Content-Type": "text/html", "Content-Security-Policy": csp}))
    page.goto(f"{site}/strict.html")


def files_only(page, site, csp=SELF):
    """Every script a file from the site's own origin, as `script-src 'self'` requires."""
    open_strict(page, site, csp, '<script src="/dist/consent.js"></script><script src="/cdp-snippet.js"></script>')


def nonced(page, site, csp=NONCED):
    """Inline scripts with the page's nonce, as `script-src 'nonce-...'` requires."""
    snippet = (PAGES / "cdp-snippet.js").read_text()
    open_strict(page, site, csp, f'<script src="/dist/consent.js" nonce="{NONCE}"></script>'
                                 f'<script nonce="{NONCE}">{snippet}</script>')


def first_layer_running(page):
    return page.evaluate("() => new Promise(ready => cmp.onReady(() => ready(true)))")  # a function: no eval under CSP


@pytest.mark.parametrize("open_page", [files_only, nonced], ids=["script-src-self", "script-src-nonce"])
def test_under_a_strict_csp_the_first_layer_runs_and_accepting_replays_the_calls(page, site, cio, open_page):
    open_page(page, site)
    page.wait_for_selector(BANNER)
    assert first_layer_running(page)
    assert cio.calls() == []
    page.click("[data-cmp-action='accept-all']")
    assert cio.wait_for(page, 3, like=CDP_EVENTS) == CDP_EVENTS
    assert page.evaluate("violations") == []


@pytest.mark.parametrize("open_page", [files_only, nonced], ids=["script-src-self", "script-src-nonce"])
def test_under_a_strict_csp_rejecting_sends_nothing(page, site, cio, network, open_page):
    open_page(page, site)
    page.wait_for_selector(BANNER)
    assert first_layer_running(page)
    page.click("[data-cmp-action='reject-all']")
    page.wait_for_function("() => cmp.getConsent() !== null")  # functions: no eval under CSP
    page.wait_for_timeout(300)
    assert network.to_customerio() == [] and cio.calls() == []
    assert page.evaluate("violations") == []


def test_the_banner_keeps_its_styles_when_inline_styles_are_forbidden(page, site, cio):
    files_only(page, site)
    page.wait_for_selector(BANNER)
    for layer in ("[data-cmp-banner]", "[data-cmp-preferences]"):
        if layer == "[data-cmp-preferences]":
            page.evaluate("cmp.showPreferences()")  # stage 2
            page.wait_for_selector(f"{layer}:not([hidden])")
        style = page.eval_on_selector(layer, "e => [getComputedStyle(e).position, getComputedStyle(e).zIndex]")
        assert style == ["fixed", "2147483647"], layer
    assert page.evaluate("violations") == []


def test_with_trusted_types_enforced_nothing_breaks_and_the_pages_own_html_is_still_guarded(page, site, cio, network):
    body = f"""<div id="out"></div><script nonce="{NONCE}">
      const site = trustedTypes.createPolicy('site', {{createHTML: s => s}});
      document.getElementById('out').innerHTML = site.createHTML('<p id="own">own</p><img src="{CDP}/pixel.gif">');
    </script>
    <script type="text/plain" data-cmp-category="marketing" nonce="{NONCE}">window.declarativeRan = true</script>"""
    snippet = (PAGES / "cdp-snippet.js").read_text()
    open_strict(page, site, NONCED + TRUSTED_TYPES, f'<script src="/dist/consent.js" nonce="{NONCE}"></script>'
                f'<script nonce="{NONCE}">{DEFAULT_POLICY}{snippet}</script>', body)
    page.wait_for_selector(BANNER)
    assert first_layer_running(page)
    assert page.locator("#own").count() == 1  # the page's TrustedHTML went through the guard
    assert network.to_customerio() == []
    page.click("[data-cmp-action='accept-all']")
    assert cio.wait_for(page, 3, like=CDP_EVENTS) == CDP_EVENTS
    page.wait_for_function("() => window.declarativeRan === true")  # declarative inline script, released
    assert page.evaluate("violations") == []


def test_a_site_whose_trusted_types_do_not_allow_cmp_gets_no_banner_and_nothing_leaks(page, site, cio, network):
    csp = NONCED + "; require-trusted-types-for 'script'; trusted-types site"
    nonced(page, site, csp)
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert page.locator(BANNER).count() == 0  # the first layer could not be loaded
    assert network.to_customerio() == [] and cio.calls() == []
    assert page.evaluate("Array.isArray(window.cioanalytics) && cioanalytics.length") == 3  # calls still held


def test_under_a_strict_csp_the_preferences_work_too(page, site, cio):
    files_only(page, site)
    page.click("[data-cmp-banner] [data-cmp-action='customize']")
    page.check("[data-cmp-preferences] input[data-cmp-category='marketing']")
    page.click("[data-cmp-preferences] [data-cmp-action='save']")
    assert cio.wait_for(page, 3, like=CDP_EVENTS) == CDP_EVENTS
    assert page.evaluate("[cmp.getConsent().marketing, cmp.getConsent().analytics]") == [True, False]
    with page.expect_navigation():  # refusing what ran: cleanup, then a reload
        page.evaluate("cmp.withdraw()")
    page.wait_for_function("() => cmp.getConsent() && cmp.getConsent().marketing === false")
    assert page.evaluate("violations") == []
