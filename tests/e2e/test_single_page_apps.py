"""Single-page apps: route changes (pushState, popstate, hash) keep the guard, the queue and the
decision; a framework that re-renders <head> neither removes the consent manager nor releases anything."""

from pathlib import Path

BANNER = "[data-cmp-banner]:not([hidden])"
CLASSIC = (Path(__file__).resolve().parent / "pages" / "classic.html").read_text()
SNIPPET = CLASSIC[CLASSIC.index('<script type="text/javascript">'):CLASSIC.index("<script>\n  _cio.identify")]

# A minimal router, as SPA frameworks have: every route change reports a page view.
ROUTER = """<script>
  function route(path) { history.pushState({}, '', path); _cio.page(location.pathname + location.hash); }
  addEventListener('popstate', () => _cio.page(location.pathname + location.hash));
</script>"""


def open_app(page, site):
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>app</title>
      <script src="/dist/consent.js"></script>{SNIPPET}{ROUTER}</head><body><h1>App</h1></body></html>"""
    page.route(f"{site}/app/", lambda route: route.fulfill(content_type="text/html", body=html))
    page.goto(f"{site}/app/")


def app_page_view(call):
    """A page view the app reported, not track.js's own one on load (a full URL)."""
    return not call[1].startswith("http")


def page_views(page, cio, count):
    return [call[:2] for call in cio.wait_for(page, count, app_page_view)]


def test_page_calls_made_on_route_changes_before_consent_replay_in_order(page, site, cio, network):
    open_app(page, site)
    page.wait_for_selector(BANNER)
    page.evaluate("route('/app/pricing')")
    page.evaluate("route('/app/signup')")
    page.evaluate("history.back()")
    page.wait_for_function("location.pathname === '/app/pricing'")
    page.evaluate("location.hash = 'faq'")  # a hash change is a popstate too
    page.wait_for_function("_cio.length === 4")
    assert network.to_customerio() == []
    assert page.locator(BANNER).count() == 1  # the banner stays across routes until a decision

    page.click("[data-cmp-action='accept-all']")
    assert page_views(page, cio, 4) == [("page", "/app/pricing"), ("page", "/app/signup"), ("page", "/app/pricing"),
                                         ("page", "/app/pricing#faq")]
    page.evaluate("route('/app/thanks')")  # after the decision: straight to the SDK, no banner
    assert page_views(page, cio, 5)[-1] == ("page", "/app/thanks")
    assert page.locator(BANNER).count() == 0


def test_after_rejecting_route_changes_send_nothing_and_the_banner_stays_away(page, site, cio, network):
    open_app(page, site)
    page.click("[data-cmp-action='reject-all']")
    page.wait_for_function("cmp.getConsent() !== null")
    for path in ("/app/a", "/app/b"):
        page.evaluate(f"route('{path}')")
    page.evaluate("history.back()")
    page.wait_for_timeout(300)
    assert page.locator(BANNER).count() == 0
    assert network.to_customerio() == [] and cio.calls() == []


def test_a_framework_re_rendering_head_keeps_the_guard_and_releases_nothing_early(page, site, cio, network):
    open_app(page, site)
    page.wait_for_selector(BANNER)
    page.evaluate("route('/app/one')")
    # How head managers re-render: every child replaced by a fresh copy.
    page.evaluate("document.head.replaceChildren(...[...document.head.childNodes].map(n => n.cloneNode(true)))")
    page.evaluate("route('/app/two')")
    page.wait_for_timeout(300)
    assert network.to_customerio() == []
    assert page.evaluate("typeof cmp.acceptAll") == "function" and page.locator(BANNER).count() == 1

    page.click("[data-cmp-action='accept-all']")  # the tracker the page added comes back, once
    assert page_views(page, cio, 2) == [("page", "/app/one"), ("page", "/app/two")]
    page.wait_for_timeout(300)
    assert sum("track.js" in url for url in network.urls) == 1
