"""The first layer decides without stage 2: accepting or rejecting on a first visit never downloads
Brython (consent-app.js); asking for more (customize, setConsent, withdraw) loads it on demand.

Every assertion about what was loaded reads the network log of the whole test."""

import time

import pytest

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.core import consent_record
from heldback.configuration.schema import load

BANNER = "[data-cmp-banner]:not([hidden])"
PREFERENCES = "[data-cmp-preferences]:not([hidden])"
CDP_RECEIVED = [("page", "/cdp.html"), ("identify", "u1", {"email": "ada@example.com", "plan": "pro"}),
                ("track", "signed_up", {"plan": "pro"})]
CDP_LOADED = "window.cioanalytics.initialized === true"


def ours(network, since=0):
    """The files of ours the browser requested (from request ``since`` on), by name, in order."""
    return [url.rsplit("/", 1)[1] for url in network.urls[since:] if "/dist/" in url or "/builds/" in url]


def stored_record(context):
    config = load(DEFAULT_CONFIG)
    header = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    return consent_record.from_cookie_header(header, config.consent_keys, config.revision, config.lifetime_days,
                                             time.time())


DECIDE = {
    "by click": lambda page, action: page.click(f"{BANNER} [data-cmp-action='{action}']"),
    "by API": lambda page, action: page.evaluate(f"cmp.{'acceptAll' if action == 'accept-all' else 'rejectAll'}()"),
}


@pytest.mark.parametrize("how", DECIDE)
def test_accepting_on_a_first_visit_replays_every_call_without_loading_stage_2(page, context, cio, network, site, how):
    page.add_init_script("window.seen = []; addEventListener('cmp:consent', e => seen.push(e.detail))")
    page.goto(f"{site}/cdp.html")
    page.wait_for_selector(BANNER)
    assert network.to_customerio() == []
    DECIDE[how](page, "accept-all")

    assert cio.wait_for(page, 3, like=CDP_RECEIVED)[:3] == CDP_RECEIVED
    page.wait_for_function(CDP_LOADED)
    assert page.locator(BANNER).count() == 0
    assert ours(network) == ["consent.js", "consent-banner.en.js"]
    (detail,) = page.evaluate("seen")
    assert detail == page.evaluate("cmp.getConsent()")
    assert detail["marketing"] is True and detail["vendors"] == {"customerio": True}
    record = stored_record(context)  # the Python reader accepts what the first layer wrote
    assert record.id == detail["id"] and record.timestamp == detail["timestamp"] == detail["created"]
    assert set(record.granted) == {"necessary", "analytics", "marketing", "customerio"}
    (value,) = [c["value"] for c in context.cookies() if c["name"] == consent_record.COOKIE]
    assert value == record.encode()  # written exactly as the Python writer writes it
    page.reload()
    assert page.evaluate("cmp.getConsent()") == detail  # and stage 1 reads it back


@pytest.mark.parametrize("how", DECIDE)
def test_rejecting_on_a_first_visit_sends_nothing_and_never_loads_stage_2(page, context, cio, network, site, how):
    page.goto(f"{site}/cdp.html")
    page.wait_for_selector(BANNER)
    DECIDE[how](page, "reject-all")
    page.evaluate("cioanalytics.track('after_refusal', {})")
    page.wait_for_timeout(800)

    assert network.to_customerio() == [] and cio.calls() == []
    assert page.evaluate("cmp.getConsent().marketing") is False
    assert page.locator(BANNER).count() == 0
    assert ours(network) == ["consent.js", "consent-banner.en.js"]
    assert stored_record(context).granted == ("necessary",)


def test_an_api_decision_made_while_the_page_is_still_parsing_is_carried_out_once_the_first_layer_arrives(
        page, cio, network, written_page):
    url = written_page("parsing-accept.html", """<!doctype html><html><head><script src="/dist/consent.js"></script>
        <script>cioanalytics = []; cioanalytics.push(["track", "early", {}]); cmp.acceptAll();</script>
        <script src="https://cdp.customer.io/v1/analytics-js/snippet/testwritekey0000/analytics.min.js"></script>
        </head><body><p>Parsing.</p></body></html>""")
    page.goto(url)
    page.wait_for_function("cmp.getConsent() !== null")
    assert page.evaluate("cmp.getConsent().marketing") is True
    assert page.locator(BANNER).count() == 0  # decided before the banner could show
    assert "consent-app.js" not in ours(network)


@pytest.mark.parametrize("ask", ["click customize", "cmp.showPreferences()", "cmp.setConsent({analytics: true})",
                                 "cmp.withdraw()"])
def test_asking_for_more_than_the_first_layer_loads_stage_2_and_it_works_as_before(page, cio, network, site, ask):
    page.goto(f"{site}/cdp.html")
    page.wait_for_selector(BANNER)
    assert "consent-app.js" not in ours(network)
    if ask == "click customize":
        page.click(f"{BANNER} [data-cmp-action='customize']")
    else:
        page.evaluate(ask)

    if "Preferences" in ask or "customize" in ask:
        page.wait_for_selector(PREFERENCES)
        page.click(f"{PREFERENCES} [data-cmp-action='save']")  # nothing ticked but necessary
    page.wait_for_function("cmp.getConsent() !== null")
    consent = page.evaluate("cmp.getConsent()")
    assert consent["analytics"] is (ask.startswith("cmp.setConsent")) and consent["marketing"] is False
    assert ours(network).count("consent-app.js") == 1
    page.wait_for_timeout(300)
    assert network.to_customerio() == []


def test_a_returning_visitor_who_accepted_can_refuse_by_api_and_stage_2_cleans_up(page, cio, network, site):
    page.goto(f"{site}/cdp.html")
    page.click(f"{BANNER} [data-cmp-action='accept-all']")
    cio.wait_for(page, 3)
    page.reload()
    page.wait_for_function(CDP_LOADED)
    with page.expect_navigation():  # Customer.io ran: a refusal reloads, as stage 2 does it
        page.evaluate("cmp.rejectAll()")
    page.wait_for_function("cmp.getConsent() !== null")
    assert page.evaluate("cmp.getConsent().marketing") is False
    assert "consent-app.js" in ours(network)
    assert page.evaluate("document.cookie").count("ajs_") == 0


def test_a_returning_visitor_with_the_floating_button_loads_nothing_but_stage_1(page, cio, network, build,
                                                                               written_page):
    built = build('floating_button = true\n[categories.analytics]\n[categories.marketing]\n[vendors.customerio]\n')
    page.goto(written_page("floating.html", f"""<!doctype html><html><head><script src="{built}/consent.js"></script>
        </head><body style="font-family: serif"><p>A site.</p></body></html>"""))
    page.wait_for_selector(BANNER)
    page.click(f"{BANNER} [data-cmp-action='reject-all']")
    page.wait_for_selector("[data-cmp-root] .floating:not([hidden])")  # drawn by the first layer

    seen = len(network.urls)
    page.reload()
    floating = page.wait_for_selector("[data-cmp-root] .floating:not([hidden])")  # drawn by stage 1
    font = floating.evaluate("b => getComputedStyle(b).fontFamily")
    page.wait_for_timeout(500)
    assert ours(network, seen) == ["consent.js"]
    assert font.startswith("system-ui")  # the configured font (--cmp-font), not the browser's default

    page.click("[data-cmp-root] .floating")  # stage 2 comes for the preferences
    page.wait_for_selector(PREFERENCES)
    assert ours(network, seen) == ["consent.js", "consent-app.js"]


def test_stage_2_starts_when_the_browser_reports_a_language_tag_that_is_not_valid(page, cio, site):
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'language', {get: () => 'C'});"
                         "Object.defineProperty(Navigator.prototype, 'languages', {get: () => ['C']})")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site}/cdp.html")
    page.wait_for_selector(BANNER)
    page.click(f"{BANNER} [data-cmp-action='customize']")
    page.wait_for_selector(PREFERENCES)
    assert errors == []


def test_a_press_on_the_banner_still_makes_its_click_when_stage_2_arrives_during_it(page, cio, site, engine):
    """Pointing at "Customize" loads stage 2, which takes the banner over: while the visitor holds a
    control of the first layer down, it waits for the click that press makes (replaced under the
    pointer, the press would make none)."""
    if engine == "webkit":
        pytest.skip("the WebKit harness presses and releases in one click(); the test above clicks there")
    page.goto(f"{site}/cdp.html")
    page.wait_for_selector(BANNER)
    with page.expect_response("**/consent-app.js"):
        page.hover(f"{BANNER} [data-cmp-action='customize']")
        page.mouse.down()
    page.wait_for_timeout(1500)  # stage 2 starts while the button is held down
    page.mouse.up()
    page.wait_for_selector(PREFERENCES)
    assert page.evaluate("document.querySelectorAll('[data-cmp-root]').length") == 1
