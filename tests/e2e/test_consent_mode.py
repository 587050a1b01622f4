"""Google Consent Mode v2: with [google_consent_mode] in the config, stage 1 sets every signal to
denied before any page script (so before any Google tag) and sends an update on each decision,
read here from dataLayer as Google's tags would read it."""

import pytest

BANNER = "[data-cmp-banner]:not([hidden])"
CONFIG = "[categories.analytics]\n[categories.marketing]\n[vendors.customerio]\n[google_consent_mode]\nenabled = true\nwait_for_update = 800\n"
DENIED = {"ad_storage": "denied", "ad_user_data": "denied", "ad_personalization": "denied", "analytics_storage": "denied"}
GRANTED = {signal: "granted" for signal in DENIED}

# The first page script after the tag: what a Google tag there would find.
FIRST_SCRIPT = """<script>window.seenFirst = dataLayer.map(entry => [Object.prototype.toString.call(entry), ...entry]);</script>"""


@pytest.fixture
def open_page(page, site, cio, build):
    built = build(CONFIG)

    def open_page():
        html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="{built}/consent.js"></script>
          {FIRST_SCRIPT}</head><body><h1>Shop</h1></body></html>"""
        page.route(f"{site}/gcm.html", lambda route: route.fulfill(content_type="text/html", body=html))
        page.goto(f"{site}/gcm.html")
    return open_page


def consent_commands(page):
    return page.evaluate("dataLayer.filter(e => e[0] === 'consent').map(e => [e[1], e[2]])")


def test_every_signal_is_denied_before_the_first_page_script(page, open_page):
    open_page()
    page.wait_for_selector(BANNER)
    assert page.evaluate("seenFirst") == [["[object Arguments]", "consent", "default", {**DENIED, "wait_for_update": 800}]]


def test_each_decision_sends_an_update_marketing_to_the_ad_signals_analytics_to_analytics_storage(page, open_page):
    open_page()
    page.click("[data-cmp-banner] [data-cmp-action='customize']")
    page.check("[data-cmp-preferences] input[data-cmp-category='marketing']")
    page.click("[data-cmp-preferences] [data-cmp-action='save']")
    page.wait_for_function("dataLayer.length === 2")
    page.evaluate("cmp.acceptAll()")  # (a refusal of what ran would reload the page: not here)
    page.wait_for_function("dataLayer.length === 3")
    assert consent_commands(page) == [
        ["default", {**DENIED, "wait_for_update": 800}],
        ["update", {**GRANTED, "analytics_storage": "denied"}],
        ["update", GRANTED],
    ]


def test_a_returning_visitor_s_decision_is_in_place_before_the_first_page_script(page, open_page):
    open_page()
    page.evaluate("cmp.setConsent({marketing: true})")
    page.wait_for_function("dataLayer.length === 2")
    open_page()
    assert [entry[2:] for entry in page.evaluate("seenFirst")] == [
        ["default", {**DENIED, "wait_for_update": 800}],
        ["update", {**GRANTED, "analytics_storage": "denied"}],
    ]
    assert page.locator(BANNER).count() == 0
