"""A page restored from the back/forward cache carries out the decision made since it was left."""

import re
import time
from functools import partial

import pytest

from test_release import PROBE, probe_body

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration.schema import load
from heldback.core.consent_record import COOKIE, Record

BANNER = "[data-cmp-banner]:not([hidden])"


def serve_html(route, request, html, headers=None):
    route.fulfill(content_type="text/html", body=html, headers=headers or {})


def accepted_record():
    now = int(time.time())
    return Record(load(DEFAULT_CONFIG).revision, "cd" * 16, now, now, ["necessary", "marketing", "customerio"]).encode()


def shop_page(name, link=""):
    return f"""<!doctype html><html><head><meta charset="utf-8"><script src="/dist/consent.js"></script>
      <script>const s = document.createElement('script'); s.src = '{PROBE}{name}.js'; document.head.appendChild(s);</script>
      </head><body><h1>{name}</h1>{link}</body></html>"""


@pytest.fixture
def page(browser_type, browser_type_launch_args, site):
    """A page in a browser with the back/forward cache on (Playwright turns it off by default), its
    documents served cacheable (the test server's no-store would keep them out of it)."""
    browser = browser_type.launch(**browser_type_launch_args, ignore_default_args=["--disable-back-forward-cache"])
    page = browser.new_page()
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page.route(re.compile(re.escape(PROBE)), lambda route: route.fulfill(
        content_type="application/javascript", body=probe_body(route.request.url.rsplit("/", 1)[1][:-3])))
    for name, html in {"first": shop_page("first", '<a id="next" href="/second.html">next</a>'),
                       "second": shop_page("second")}.items():
        page.route(f"{site}/{name}.html", partial(serve_html, html=html))
    # A page whose server records the decision (say, made in the visitor's account): no script, no event.
    page.route(f"{site}/account.html", partial(serve_html, html="<!doctype html><h1>Account</h1>", headers={
        "Set-Cookie": f"{COOKIE}={accepted_record()}; Path=/; Max-Age=3600; SameSite=Lax"}))
    yield page
    browser.close()


def test_a_page_restored_from_the_cache_applies_the_decision_made_on_another_page(page, site):
    page.goto(f"{site}/first.html")
    page.wait_for_selector(BANNER)
    page.evaluate("window.notReloaded = true")
    page.click("#next")
    page.wait_for_selector(BANNER)
    page.click("[data-cmp-action='accept-all']")
    page.wait_for_function("window.__ran && __ran.includes('second')")

    page.evaluate("history.back()")
    page.wait_for_function("window.notReloaded === true")  # restored from the cache, not reloaded
    page.wait_for_function("window.__ran && __ran.includes('first')")  # its held script, now released
    assert page.evaluate("cmp.getConsent().marketing") is True
    assert page.locator(BANNER).count() == 0


def test_a_page_restored_from_the_cache_applies_a_decision_it_heard_nothing_about(page, site):
    page.goto(f"{site}/first.html")
    page.wait_for_selector(BANNER)
    page.evaluate("window.notReloaded = true")
    page.evaluate("location.href = '/account.html'")
    page.wait_for_selector("h1:text('Account')")

    page.evaluate("history.back()")
    page.wait_for_function("window.notReloaded === true")
    page.wait_for_function("window.__ran && __ran.includes('first')")
    assert page.evaluate("cmp.getConsent().id") == "cd" * 16
    assert page.locator(BANNER).count() == 0
