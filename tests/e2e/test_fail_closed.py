"""Stage 1 stands alone: if the first layer or stage 2 is slow, missing or broken, nothing leaks and
nothing is lost."""

import pytest

STAGE_2 = "**/dist/consent-app.js"
FIRST_LAYER = "**/dist/consent-banner.*.js"  # one per language
BANNER = "[data-cmp-banner]:not([hidden])"


def app_requested(network):
    return any(url.endswith("/dist/consent-app.js") for url in network.urls)


@pytest.mark.parametrize("failure", ["missing", "throwing"])
def test_when_the_first_layer_fails_nothing_leaks_and_the_page_still_works(page, cio, network, site, failure):
    if failure == "missing":
        page.route(FIRST_LAYER, lambda route: route.fulfill(status=404, body="not found"))
    else:
        page.route(FIRST_LAYER, lambda route: route.fulfill(
            status=200, content_type="application/javascript", body="throw new Error('the first layer is broken')"))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site}/classic.html")
    page.wait_for_timeout(1000)

    assert network.to_customerio() == []
    assert page.evaluate("window.inlineScriptRan && window.ownScriptRan")
    assert page.evaluate("Array.from(window._cio).length") == 3  # still held, never sent
    assert page.evaluate("cmp.getConsent()") is None
    page.evaluate("cmp.acceptAll()")  # stage 1 alone never decides
    page.wait_for_timeout(300)
    assert network.to_customerio() == [] and page.evaluate("cmp.getConsent()") is None
    assert errors == ([] if failure == "missing" else ["the first layer is broken"])


@pytest.mark.parametrize("failure", ["missing", "throwing"])
def test_when_stage_2_fails_the_banner_stays_and_nothing_leaks(page, cio, network, site, failure):
    body = "not found" if failure == "missing" else "throw new Error('consent-app.js is broken')"
    page.route(STAGE_2, lambda route: route.fulfill(status=404 if failure == "missing" else 200, body=body,
                                                    content_type="application/javascript"))
    page.goto(f"{site}/classic.html")
    page.wait_for_selector(BANNER)
    page.evaluate("cmp.showPreferences()")  # asks for stage 2, which fails: the banner stays
    page.wait_for_timeout(500)
    assert network.to_customerio() == [] and app_requested(network)
    assert page.locator(BANNER).count() == 1


@pytest.mark.parametrize("how", ["click on the site's own button", "window.cmp.acceptAll()"])
def test_an_accept_made_before_the_first_layer_has_loaded_is_honoured(page, cio, network, site, how):
    stalled = []
    page.route(FIRST_LAYER, lambda route: stalled.append(route))
    page.goto(f"{site}/early.html", wait_until="domcontentloaded")  # "load" would wait for the first layer
    page.wait_for_function("window.cmp !== undefined")
    if how.startswith("click"):
        page.click("#accept")
    else:
        page.evaluate("cmp.acceptAll()")
    page.wait_for_timeout(300)
    assert network.to_customerio() == []  # kept, not yet decided

    stalled[0].continue_()  # the first layer arrives now
    page.wait_for_function("window._cio._trackUrl !== undefined")
    assert cio.wait_for(page, 2)[:2] == [("identify", {"id": "u2", "email": "grace@example.com"}),
                               ("track", "pricing_viewed", {"plan": "team"})]
    assert page.evaluate("cmp.getConsent().marketing") is True
    assert page.locator(BANNER).count() == 0
    assert not app_requested(network)


def test_a_choice_made_while_stage_2_is_on_its_way_is_kept_in_order(page, cio, network, site):
    stalled = []
    page.route(STAGE_2, lambda route: stalled.append(route))
    page.goto(f"{site}/classic.html", wait_until="domcontentloaded")
    page.wait_for_selector(BANNER)
    first_text = page.eval_on_selector("[data-cmp-banner]", "b => b.textContent")
    assert page.evaluate("document.querySelector('[data-cmp-root]').shadowRoot.activeElement.hasAttribute('data-cmp-banner')")

    page.click("[data-cmp-banner] [data-cmp-action='customize']")  # stage 2 is asked for
    page.click("[data-cmp-banner] [data-cmp-action='accept-all']")  # then waits for it, after the customize
    assert page.locator(BANNER).count() == 0  # gone at once
    page.wait_for_timeout(300)
    assert network.to_customerio() == [] and page.evaluate("cmp.getConsent()") is None

    stalled[0].continue_()
    page.wait_for_function("window._cio._trackUrl !== undefined")
    assert page.evaluate("cmp.getConsent().marketing") is True
    assert page.locator(f"{BANNER}, [data-cmp-preferences]:not([hidden])").count() == 0
    assert page.locator("[data-cmp-root]").count() == 1  # replaced, not stacked
    assert first_text == page.eval_on_selector("[data-cmp-banner]", "b => b.textContent")  # the same markup


def test_stage_2_takes_over_the_first_layer_where_the_visitor_is(page, cio, site):
    stalled = []
    page.route(STAGE_2, lambda route: stalled.append(route))
    page.goto(f"{site}/classic.html", wait_until="domcontentloaded")
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # on "Customize": stage 2 starts loading for it
    while not stalled:
        page.wait_for_timeout(50)
    stalled[0].continue_()
    page.wait_for_selector("[data-cmp-preferences]", state="attached")  # stage 2's layers are in
    focused = page.evaluate("document.querySelector('[data-cmp-root]').shadowRoot.activeElement.dataset.cmpAction")
    assert focused == "customize"
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-cmp-preferences]:not([hidden])")
