"""The visitor's side of the contract: choose, see the choice honoured, change or withdraw it."""

from pathlib import Path
from urllib.parse import urlsplit

PAGES = Path(__file__).resolve().parent / "pages"

BANNER = "[data-cmp-banner]:not([hidden])"
PREFERENCES = "[data-cmp-preferences]:not([hidden])"


def switches(page):
    return page.eval_on_selector_all(
        "input[data-cmp-category]", "els => els.map(e => [e.dataset.cmpCategory, e.checked, e.disabled])")


def test_accept_reject_and_customize_carry_equal_visual_weight(page, cio, site):
    page.goto(f"{site}/classic.html")
    page.wait_for_selector(BANNER)
    styles = page.eval_on_selector_all("[data-cmp-banner] [data-cmp-action]", """buttons => buttons.map(b => {
        const s = getComputedStyle(b), r = b.getBoundingClientRect();
        return [b.dataset.cmpAction, [s.fontSize, s.fontWeight, s.color, s.backgroundColor, s.borderTopWidth,
                s.borderTopColor, s.paddingTop, Math.round(r.height)].join(' ')];
    })""")
    assert sorted(action for action, _ in styles) == ["accept-all", "customize", "reject-all"]
    assert len({style for _, style in styles}) == 1, styles


def test_customize_grants_only_the_ticked_categories_none_ticked_at_first(page, cio, site):
    page.goto(f"{site}/classic.html")
    page.click("[data-cmp-action='customize']")
    page.wait_for_selector(PREFERENCES)
    assert switches(page) == [["necessary", True, True], ["analytics", False, False], ["marketing", False, False]]

    page.check("input[data-cmp-category='marketing']")
    page.click(f"{PREFERENCES} [data-cmp-action='save']")

    consent = page.evaluate("cmp.getConsent()")
    assert (consent["necessary"], consent["analytics"], consent["marketing"]) == (True, False, True)
    page.wait_for_function("window._cio._trackUrl !== undefined")
    assert page.locator(PREFERENCES).count() == 0


def test_a_returning_visitor_reopens_the_preferences_from_a_page_link(page, cio, network, site):
    page.goto(f"{site}/cdp.html")
    page.click("[data-cmp-action='accept-all']")
    seen = len(network.urls)
    page.reload()
    page.wait_for_function("window.cioanalytics.initialized === true")
    assert not any("consent-app.js" in url for url in network.urls[seen:])

    page.click("[data-cmp-action='open-preferences']")  # stage 1 loads stage 2 on demand
    page.wait_for_selector(PREFERENCES)
    assert switches(page) == [["necessary", True, True], ["analytics", True, False], ["marketing", True, False]]
    assert page.evaluate("location.hash") == ""  # the link's default action was kept from navigating


def test_withdrawing_clears_customerio_cookies_and_storage_and_reloads(page, cio, network, site, vendor_traces):
    page.goto(f"{site}/cdp.html")
    page.click("[data-cmp-action='accept-all']")
    page.wait_for_function("window.cioanalytics.initialized === true")
    page.reload()  # a later page view: stage 2 is not loaded
    page.wait_for_function("window.cioanalytics.initialized === true")
    page.wait_for_function("document.cookie.includes('ajs_user_id')")
    assert "ajs_anonymous_id" in vendor_traces(page)
    # An event still in flight when the page goes: the SDK saves it to localStorage on pagehide.
    page.route("https://cdp.customer.io/v1/t", lambda route: None)  # never answered
    page.evaluate("void cioanalytics.track('in_flight', {secret: 'personal data'})")  # its promise never settles

    with page.expect_navigation():
        page.evaluate("cmp.withdraw()")
    sent_before = len(network.to_customerio())
    page.wait_for_timeout(1000)

    assert vendor_traces(page) == []
    assert page.evaluate("cmp.getConsent().marketing") is False
    assert len(network.to_customerio()) == sent_before  # nothing since the reload
    assert page.evaluate("Array.isArray(window.cioanalytics) && window.cioanalytics.length") == 0


def test_every_decision_fires_cmp_consent_and_on_ready_callbacks_run(page, cio, site):
    page.add_init_script("""
        window.seen = [];
        addEventListener('cmp:consent', e => seen.push(['consent', e.detail.marketing, e.detail.analytics]));
    """)
    page.goto(f"{site}/classic.html")
    page.evaluate("cmp.onReady(api => seen.push(['ready', api.getConsent()]))")
    page.wait_for_function("seen.length === 1")
    page.click("[data-cmp-action='reject-all']")
    page.evaluate("cmp.setConsent({analytics: true})")  # stage 2 loads for it
    page.wait_for_function("seen.length === 3")

    assert page.evaluate("seen") == [["ready", None], ["consent", False, False], ["consent", False, True]]
    assert page.evaluate("cmp.setConsent({ads: true})") is None  # refused with a console error
    assert page.evaluate("[seen.length, cmp.getConsent().analytics]") == [3, True]


def test_a_refusal_replaces_an_older_grant_kept_on_a_deeper_path_and_withdrawal_leaves_none(page, context, cio, network,
                                                                                             site, written_page):
    import time

    from heldback.default_build import CONFIG as DEFAULT_CONFIG
    from heldback.configuration.schema import load
    from heldback.core.consent_record import Record

    config = load(DEFAULT_CONFIG)
    now = int(time.time())
    old_grant = Record(config.revision, "ab" * 16, now - 7200, now - 7200, config.consent_keys).encode()
    context.add_cookies([{"name": "cmp_consent", "value": old_grant, "domain": "127.0.0.1", "path": "/written/"}])
    url = written_page("deep.html", (PAGES / "cdp.html").read_text().replace('src="/own.js"', 'src="/own.js?deep"'))
    page.goto(url)  # the old grant holds: the SDK runs
    page.wait_for_function("window.cioanalytics.initialized === true")

    seen = len(network.to_customerio())
    with page.expect_navigation():  # a refusal (stage 2 comes on demand), made here on /written/: the SDK ran,
        page.evaluate("cmp.rejectAll()")  # so the page reloads
    assert [(c["path"], c["value"].rsplit(".", 1)[1]) for c in context.cookies() if c["name"] == "cmp_consent"] == \
        [("/", "necessary")]  # the older copy on /written/ is gone
    page.wait_for_timeout(800)
    assert page.evaluate("cmp.getConsent().marketing") is False
    # the SDK of the page left behind may still flush, on its way out, what it was given under the
    # grant; the reloaded page neither loads it nor sends anything of its own
    after = [urlsplit(url).path for url in network.to_customerio()[seen:]]
    assert [path for path in after if path not in ("/v1/p", "/v1/i", "/v1/t")] == []
    assert page.evaluate("window.cioanalytics.initialized === undefined")
    flushed = len(network.to_customerio())
    page.wait_for_timeout(500)
    assert network.to_customerio()[flushed:] == []

    page.evaluate("cmp.withdraw()")
    page.wait_for_timeout(300)
    assert [c["value"].rsplit(".", 1)[1] for c in context.cookies() if c["name"] == "cmp_consent"] == ["necessary"]
