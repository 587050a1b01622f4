"""Preferences, withdrawal, re-prompting, Global Privacy Control, modes, tabs and languages."""

import re
import time

import pytest

from heldback.core.consent_record import COOKIE, Record

BANNER = "[data-cmp-banner]:not([hidden])"
PREFERENCES = "[data-cmp-preferences]:not([hidden])"
GPC_ON = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true})"


def page_with(site, page, body="", head="", script="/dist/consent.js", lang="", attributes=""):
    """Open a page with the classic snippet, this consent manager build and extra markup."""
    html = f"""<!doctype html><html{f' lang="{lang}"' if lang else ''}><head><meta charset="utf-8"><title>t</title>
      <script src="{script}"{attributes}></script>
      <script>var _cio = _cio || []; (function () {{ var t = document.createElement('script');
        t.id = 'cio-tracker'; t.setAttribute('data-site-id', 'prefs'); t.src = 'https://assets.customer.io/assets/track.js';
        document.head.appendChild(t); }})(); _cio.push(['track', 'page_seen', {{}}]);</script>{head}
      </head><body><h1>Shop</h1><a href="#" id="privacy" data-cmp-action="open-preferences">Privacy choices</a>{body}</body></html>"""
    page.route(f"{site}/prefs.html", lambda route: route.fulfill(content_type="text/html", body=html))
    page.goto(f"{site}/prefs.html")


def stored_cookie(page):
    """The consent cookie once the browser's cookie jar has it: a page's write reaches the jar, which
    context.cookies() reads, a moment later (seen missing right after the click under load)."""
    for _ in range(50):
        cookies = [c for c in page.context.cookies() if c["name"] == "cmp_consent"]
        if cookies:
            return cookies[0]
        page.wait_for_timeout(100)
    raise AssertionError("no cmp_consent cookie 5 s after the decision")


def sdk_loaded(page):
    return page.evaluate("window._cio && window._cio._trackUrl !== undefined")


def test_preferences_list_vendors_with_purpose_hosts_and_storage_none_ticked(page, site, cio):
    page_with(site, page)
    page.click("[data-cmp-action='customize']")
    page.wait_for_selector(PREFERENCES)
    switches = page.eval_on_selector_all("[data-cmp-preferences] input", "els => els.map(e => "
                                         "[e.dataset.cmpCategory || e.dataset.cmpVendor, e.checked, e.disabled])")
    assert switches == [["necessary", True, True], ["analytics", False, False], ["marketing", False, False],
                        ["customerio", False, False]]
    page.click("[data-cmp-preferences] details summary")
    details = page.inner_text("[data-cmp-preferences] .vendor")
    assert "Customer.io" in details and "assets.customer.io" in details and "cdp.customer.io" in details
    assert "_cioanonid" in details and "365 days" in details and "persisted-queue:v1:*" in details
    assert "until deleted" in details and "Recognizes your browser before you sign in." in details


def test_a_vendor_can_be_refused_inside_a_granted_category(page, site, cio, network):
    page_with(site, page)
    page.click("[data-cmp-action='customize']")
    page.check("input[data-cmp-category='marketing']")
    assert page.is_checked("input[data-cmp-vendor='customerio']")  # the category carries its vendors
    page.uncheck("input[data-cmp-vendor='customerio']")
    assert not page.is_checked("input[data-cmp-category='marketing']")
    page.check("input[data-cmp-category='analytics']")
    page.click(f"{PREFERENCES} [data-cmp-action='save']")
    page.wait_for_timeout(500)

    consent = page.evaluate("cmp.getConsent()")
    assert (consent["analytics"], consent["marketing"], consent["vendors"]) == (True, False, {"customerio": False})
    assert network.to_customerio() == [] and not sdk_loaded(page)

    page.evaluate("cmp.setConsent({customerio: true})")  # the vendor alone, marketing still refused
    page.wait_for_function("window._cio._trackUrl !== undefined")
    assert page.evaluate("[cmp.getConsent().marketing, cmp.getConsent().vendors.customerio]") == [False, True]


def test_withdrawal_deletes_vendor_cookies_on_host_dotted_host_and_registrable_domain(page, site, cio, vendor_traces):
    port = site.rsplit(":", 1)[1]
    shop = f"http://www.shop.localhost:{port}"  # Chromium resolves *.localhost to this machine
    page.goto(f"{shop}/blank.html")
    page.evaluate("""() => {
        document.cookie = '_cio=1; Path=/';
        document.cookie = '_cioid=u1; Path=/; Domain=www.shop.localhost';
        document.cookie = 'ajs_user_id=u1; Path=/; Domain=shop.localhost';
        document.cookie = 'site_session=keep; Path=/';
        localStorage.setItem('ajs_user_traits', '{}'); localStorage.setItem('gist.web.userToken', 'x');
        localStorage.setItem('cart', 'keep');
    }""")
    page.evaluate("cmp.acceptAll()")
    page.wait_for_function("cmp.getConsent() && cmp.getConsent().marketing")
    assert set(vendor_traces(page)) >= {"_cio", "_cioid", "ajs_user_id", "ajs_user_traits", "gist.web.userToken"}

    with page.expect_navigation():  # granted on this page view, so it may have run: reloaded
        page.evaluate("cmp.withdraw()")
    page.wait_for_function("cmp.getConsent().marketing === false")
    assert vendor_traces(page) == []
    assert "site_session=keep" in page.evaluate("document.cookie") and page.evaluate("localStorage.cart") == "keep"


def test_without_reload_on_withdraw_the_page_stays(page, site, cio, build):
    built = build('reload_on_withdraw = false\n[categories.analytics]\n[categories.marketing]\n[vendors.customerio]\n')
    page_with(site, page, script=f"{built}/consent.js")
    page.click("[data-cmp-action='accept-all']")
    page.wait_for_function("window._cio._trackUrl !== undefined")
    page.evaluate("window.stillHere = true; cmp.withdraw()")
    page.wait_for_timeout(800)
    assert page.evaluate("window.stillHere && cmp.getConsent().marketing === false")


@pytest.mark.parametrize("why", ["another revision", "expired"])
def test_a_decision_from_another_revision_or_past_its_lifetime_asks_again(page, site, cio, context, why):
    now = int(time.time())
    record = Record(2, "ab" * 16, now - 999 * 86400, now - 183 * 86400, ["necessary", "marketing", "customerio"]) \
        if why == "expired" else Record(7, "ab" * 16, now - 60, now - 60, ["necessary", "marketing", "customerio"])
    context.add_cookies([{"name": COOKIE, "value": record.encode(), "url": site}])
    page_with(site, page)
    page.wait_for_selector(BANNER)
    assert page.evaluate("cmp.getConsent()") is None and not sdk_loaded(page)


def test_global_privacy_control_in_opt_in_mode_is_noted_and_an_explicit_yes_still_counts(page, site, cio):
    page.add_init_script(GPC_ON)
    page_with(site, page)
    page.wait_for_selector(BANNER)
    assert "Global Privacy Control" in page.inner_text(BANNER)
    page.click("[data-cmp-action='accept-all']")
    page.wait_for_function("window._cio._trackUrl !== undefined")
    assert page.evaluate("cmp.getConsent().marketing") is True


def test_opt_out_mode_runs_vendors_until_the_visitor_refuses(page, site, cio, network):
    page_with(site, page, attributes=' data-cmp-mode="opt-out"')
    page.wait_for_function("window._cio._trackUrl !== undefined")  # no decision needed
    page.wait_for_selector(BANNER)
    assert "You can refuse them" in page.inner_text(BANNER)
    assert page.evaluate("cmp.getConsent()") is None

    with page.expect_navigation():  # Customer.io ran: refusing reloads the page
        page.click("[data-cmp-action='reject-all']")
    seen = len(network.urls)
    page.wait_for_timeout(800)
    assert network.to_customerio()[-1:] and not any("customer.io" in url for url in network.urls[seen:])
    assert not sdk_loaded(page)


def test_opt_out_mode_never_runs_what_global_privacy_control_refuses(page, site, cio, network, build):
    page.add_init_script(GPC_ON)
    built = build('mode = "opt-out"\n[categories.analytics]\n[categories.marketing]\n[vendors.customerio]\n')
    page_with(site, page, script=f"{built}/consent.js")
    page.wait_for_selector(BANNER)
    page.wait_for_timeout(500)
    assert network.to_customerio() == [] and not sdk_loaded(page)
    assert "Global Privacy Control" in page.inner_text(BANNER)


def test_a_decision_in_one_tab_applies_to_the_other_open_tabs(context, site, cio):
    first, second = context.new_page(), context.new_page()
    for tab in (first, second):
        page_with(site, tab)
        tab.wait_for_selector(BANNER)
    first.click("[data-cmp-action='accept-all']")
    second.wait_for_function("window._cio._trackUrl !== undefined")  # released there too, no reload
    assert second.locator(BANNER).count() == 0
    assert second.evaluate("cmp.getConsent().id") == first.evaluate("cmp.getConsent().id")

    second.evaluate("window.notReloaded = true")
    # refusing in the first tab (through stage 2, which it loads for that): Customer.io ran in both,
    # both reload; waiting for both keeps the test from closing a tab in the middle of its reload
    with first.expect_navigation(), second.expect_navigation():
        first.evaluate("cmp.withdraw()")
    assert second.evaluate("window.notReloaded") is None
    assert second.evaluate("cmp.getConsent().marketing") is False


# The cookie and the storage event that announces it reach another tab by different ways (in Chromium,
# the network service and the storage service): under load, the cookie can come second.
LATE_COOKIE_WRITES = """{
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  Object.defineProperty(Document.prototype, "cookie", {configurable: true, get: cookie.get,
    set(value) { setTimeout(() => cookie.set.call(this, value), 700) }});
}"""


def test_another_tab_s_decision_is_followed_when_its_cookie_arrives_after_the_announcement(context, site, cio):
    first, second = context.new_page(), context.new_page()
    first.add_init_script(LATE_COOKIE_WRITES)
    for tab in (first, second):
        page_with(site, tab)
        tab.wait_for_selector(BANNER)
    first.click("[data-cmp-action='accept-all']")
    second.wait_for_function("window._cio._trackUrl !== undefined")
    assert second.locator(BANNER).count() == 0
    assert second.evaluate("cmp.getConsent().marketing") is True


def test_a_decision_another_tab_stores_while_this_page_starts_is_followed(page, site, cio):
    page_with(site, page)
    page.click("[data-cmp-action='accept-all']")
    stored = stored_cookie(page)
    page.context.clear_cookies()
    # the other tab's decision lands in the cookie jar after stage 1 read it and before it listens
    # for the other tabs (once the page is parsed, off the parser's path): no storage event here
    page_with(site, page, head=f"<script>document.cookie = 'cmp_consent={stored['value']}; path=/'</script>")
    page.wait_for_function("window._cio._trackUrl !== undefined")  # released, no reload, no click
    assert page.locator(BANNER).count() == 0
    assert page.evaluate("cmp.getConsent().marketing") is True


@pytest.mark.parametrize("lang, locale, expected", [
    ("de", "en-US", "Alle akzeptieren"),
    ("", "fr-FR", "Tout accepter"),
    ("ja", "ja-JP", "Accept all"),
])
def test_the_language_follows_the_page_then_the_browser_then_the_default(browser, site, lang, locale, expected):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page_with(site, page, lang=lang)
    page.wait_for_selector(BANNER)
    assert page.inner_text("[data-cmp-banner] [data-cmp-action='accept-all']") == expected
    context.close()


def test_close_refuses_only_where_the_config_says_so(page, site, cio, build):
    page_with(site, page)
    page.wait_for_selector(BANNER)
    assert page.locator("[data-cmp-banner] [data-cmp-action='close']").count() == 0
    page.keyboard.press("Escape")
    assert page.locator(BANNER).count() == 1  # no choice made: the banner stays

    built = build('close_refuses = true\n[categories.analytics]\n[categories.marketing]\n[vendors.customerio]\n')
    page_with(site, page, script=f"{built}/consent.js")
    page.click("[data-cmp-banner] [data-cmp-action='close']")
    assert page.evaluate("cmp.getConsent().marketing") is False


def test_a_floating_button_reopens_the_preferences_when_configured(page, site, cio, build):
    built = build('floating_button = true\n[categories.analytics]\n[categories.marketing]\n[vendors.customerio]\n')
    page_with(site, page, script=f"{built}/consent.js")
    page.click("[data-cmp-action='reject-all']")
    page.reload()  # a later page view: stage 2 comes once the page has loaded, to draw the button
    page.click("[data-cmp-root] .floating")
    page.wait_for_selector(PREFERENCES)
