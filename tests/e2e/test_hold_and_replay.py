"""Customer.io is held until the visitor decides, then replayed through the real SDK or dropped.

The CDP snippet runs the real @customerio/cdp-analytics-browser from npm. The classic snippet runs
heldback/testing/track_double.js, a test double of track.js (the real file cannot be obtained; the double
follows research/customerio.md A.6): what it sends is our assumption, the queue it drains is not.
"""

import pytest

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration.schema import load
from heldback.core.consent_record import COOKIE, decode, is_current

BANNER = "[data-cmp-banner]:not([hidden])"

# What each test page queues before consent, as the page called it ...
QUEUED = {
    "classic": [
        ["identify", {"id": "u1", "email": "ada@example.com", "plan": "pro", "created_at": 1700000000}],
        ["track", "signed_up", {"plan": "pro"}],
        ["page", "/pricing", {"ref": "nav"}],
    ],
    "cdp": [
        ["page"],
        ["identify", "u1", {"email": "ada@example.com", "plan": "pro"}],
        ["track", "signed_up", {"plan": "pro"}],
    ],
}
# ... and as the sandbox sees it arrive from the SDK: (type, *arguments).
RECEIVED = {
    "classic": [tuple(call) for call in QUEUED["classic"]],
    "cdp": [("page", "/cdp.html"), ("identify", "u1", {"email": "ada@example.com", "plan": "pro"}),
            ("track", "signed_up", {"plan": "pro"})],
}
QUEUE_GLOBAL = {"classic": "_cio", "cdp": "cioanalytics"}
SDK_LOADED = {"classic": "window._cio._trackUrl !== undefined", "cdp": "window.cioanalytics.initialized === true"}

snippets = pytest.mark.parametrize("snippet", ["classic", "cdp"])


def queued(page, snippet):
    return page.evaluate(f"Array.isArray(window.{QUEUE_GLOBAL[snippet]}) ? Array.from(window.{QUEUE_GLOBAL[snippet]}) : null")


@snippets
def test_before_consent_nothing_reaches_customerio_and_the_calls_wait_in_memory(page, cio, network, site, snippet, vendor_traces):
    page.goto(f"{site}/{snippet}.html")
    page.wait_for_selector(BANNER)
    page.wait_for_timeout(500)

    assert network.to_customerio() == []
    assert vendor_traces(page) == []
    assert queued(page, snippet) == QUEUED[snippet]
    assert page.evaluate("window.inlineScriptRan && window.ownScriptRan")


@snippets
def test_accepting_replays_every_queued_call_through_the_sdk_in_order(page, cio, site, snippet, cmp_visitor):
    cmp_visitor.open(f"{site}/{snippet}.html")  # the pytest plugin's visitor (heldback/testing), as a site owner would
    cmp_visitor.assert_no_vendor_traffic_before_consent()
    assert cmp_visitor.accept_all()["marketing"] is True

    calls = cio.wait_for(page, len(RECEIVED[snippet]), like=RECEIVED[snippet])
    assert calls[: len(RECEIVED[snippet])] == RECEIVED[snippet]
    assert page.evaluate(SDK_LOADED[snippet])
    assert page.locator(BANNER).count() == 0


@snippets
def test_rejecting_sends_nothing_for_the_whole_visit(page, cio, network, site, snippet, vendor_traces, cmp_visitor):
    cmp_visitor.open(f"{site}/{snippet}.html")
    cmp_visitor.reject_all()
    page.evaluate(f"window.{QUEUE_GLOBAL[snippet]}.push(['track', 'after_refusal', {{}}])")
    page.evaluate("window._cio.track('after_refusal_too', {})")
    page.wait_for_timeout(1000)

    assert network.to_customerio() == []
    assert cio.calls() == []
    assert queued(page, snippet) == []  # dropped, and later calls keep nothing
    assert vendor_traces(page) == []
    assert cmp_visitor.vendor_traffic() == [] and cmp_visitor.vendor_storage() == []


@snippets
def test_a_returning_visitor_who_accepted_gets_the_sdk_without_banner_or_stage_2(page, cio, network, site, snippet):
    page.goto(f"{site}/{snippet}.html")
    page.click("[data-cmp-action='accept-all']")
    cio.wait_for(page, len(RECEIVED[snippet]))

    seen = len(network.urls)
    page.reload()
    page.wait_for_function(SDK_LOADED[snippet])

    after_reload = network.urls[seen:]
    assert not any("consent-app.js" in url for url in after_reload)
    assert page.locator("[data-cmp-banner]").count() == 0
    assert page.evaluate("cmp.getConsent().marketing") is True


@snippets
def test_a_returning_visitor_who_refused_gets_neither_banner_nor_sdk(page, cio, network, site, snippet):
    page.goto(f"{site}/{snippet}.html")
    page.click("[data-cmp-action='reject-all']")

    seen = len(network.urls)
    page.reload()
    page.wait_for_timeout(1000)

    after_reload = network.urls[seen:]
    assert not any("consent-app.js" in url for url in after_reload)
    assert network.to_customerio() == []
    assert page.locator("[data-cmp-banner]").count() == 0
    assert page.evaluate("cmp.getConsent().marketing") is False
    assert queued(page, snippet) == []


def test_the_cookie_stage_2_writes_is_a_current_record_for_cmp_core(page, cio, site, context):
    page.goto(f"{site}/classic.html")
    page.click("[data-cmp-action='reject-all']")

    (cookie,) = [c for c in context.cookies() if c["name"] == COOKIE]
    config = load(DEFAULT_CONFIG)
    record = decode(cookie["value"], config.consent_keys)
    assert record is not None and is_current(record, config.revision, config.lifetime_days, record.timestamp)
    assert record.choices(config.consent_keys) == {"necessary": True, "analytics": False, "marketing": False,
                                                   "customerio": False}
    assert record.created == record.timestamp
    assert (cookie["path"], cookie["sameSite"], cookie["secure"]) == ("/", "Lax", False)
    lifetime = cookie["expires"] - record.timestamp
    assert abs(lifetime - 182 * 86400) < 60
    assert page.evaluate("cmp.getConsent()") == {
        "necessary": True, "analytics": False, "marketing": False, "vendors": {"customerio": False},
        "id": record.id, "revision": record.revision, "created": record.created, "timestamp": record.timestamp,
    }


def test_a_tracker_tag_in_the_html_never_runs_before_consent(page, cio, site):
    page.goto(f"{site}/parsed.html")  # its preload may reach the network: no script can stop that
    page.wait_for_selector(BANNER)
    page.wait_for_timeout(500)

    assert page.evaluate("window._cio._trackUrl") is None  # the SDK never ran
    assert cio.calls() == []
    assert page.evaluate("window.ownScriptRan")

    page.click("[data-cmp-action='accept-all']")
    # The SDK's own page view may be stamped first: the page's queued call is what is replayed
    assert cio.wait_for(page, 1, keep=lambda call: call[0] == "track") == [("track", "parsed_page_seen", {})]


def test_declarative_markup_runs_in_document_order_only_for_granted_categories(page, cio, network, site):
    page.goto(f"{site}/declarative.html")
    page.wait_for_selector(BANNER)
    assert network.to_customerio() == []  # markup is not even fetched by the preload scanner
    assert page.evaluate("window.order") == []

    page.evaluate("cmp.setConsent({marketing: true})")
    page.wait_for_function("window.order.length === 3")
    assert page.evaluate("window.order") == ["inline before", "onload", "inline after"]
    assert cio.wait_for(page, 1)[0] == ("track", "declarative_page_seen", {})
    assert page.evaluate("document.getElementById('cio-tracker').dataset.siteId") == "test-site"


def test_dynamic_vendor_scripts_are_held_by_property_or_attribute_before_or_after_insertion(page, cio, network, site):
    page.goto(f"{site}/dynamic.html")
    page.wait_for_selector(BANNER)
    page.wait_for_function("window.ownScriptRan")

    assert network.to_customerio() == []
    assert page.evaluate("window.reportedSrc") == "https://cdp.customer.io/v1/analytics-js/c.js"
    assert page.evaluate("Array.from(window._cio)") == [["identify", {"id": "u0"}], ["reset"]]

    page.click("[data-cmp-action='accept-all']")
    page.wait_for_function("document.querySelectorAll('script[src*=\"analytics-js\"]').length === 3")
    page.wait_for_timeout(300)
    assert sorted(network.to_customerio()) == [f"https://cdp.customer.io/v1/analytics-js/{name}.js" for name in "abc"]
    assert [url for url in network.urls if url.endswith("/own.js")] == [f"{site}/own.js"]
