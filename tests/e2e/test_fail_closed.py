"""Stage 1 stands alone: if stage 2 is slow, missing or broken, nothing leaks and nothing is lost."""

import pytest

STAGE_2 = "**/dist/consent-app.js"


@pytest.mark.parametrize("failure", ["missing", "throwing"])
def test_when_stage_2_fails_nothing_leaks_and_the_page_still_works(page, cio, network, site, failure):
    if failure == "missing":
        page.route(STAGE_2, lambda route: route.fulfill(status=404, body="not found"))
    else:
        page.route(STAGE_2, lambda route: route.fulfill(
            status=200, content_type="application/javascript", body="throw new Error('consent-app.js is broken')"))
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
    assert network.to_customerio() == []
    assert errors == ([] if failure == "missing" else ["consent-app.js is broken"])


@pytest.mark.parametrize("how", ["click on the site's own button", "window.cmp.acceptAll()"])
def test_an_accept_made_before_stage_2_has_loaded_is_honoured(page, cio, network, site, how):
    stalled = []
    page.route(STAGE_2, lambda route: stalled.append(route))
    page.goto(f"{site}/early.html", wait_until="domcontentloaded")  # "load" would wait for stage 2
    page.wait_for_function("window.cmp !== undefined")
    if how.startswith("click"):
        page.click("#accept")
    else:
        page.evaluate("cmp.acceptAll()")
    page.wait_for_timeout(300)
    assert network.to_customerio() == []  # kept, not yet decided

    stalled[0].continue_()  # stage 2 arrives now
    page.wait_for_function("window._cio._trackUrl !== undefined")
    assert cio.wait_for(page, 2)[:2] == [("identify", {"id": "u2", "email": "grace@example.com"}),
                               ("track", "pricing_viewed", {"plan": "team"})]
    assert page.evaluate("cmp.getConsent().marketing") is True
    assert page.locator("[data-cmp-banner]:not([hidden])").count() == 0


def test_the_banner_shows_before_stage_2_and_a_choice_there_is_kept(page, cio, network, site):
    stalled = []
    page.route(STAGE_2, lambda route: stalled.append(route))
    page.goto(f"{site}/classic.html", wait_until="domcontentloaded")
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")  # the early banner, stage 2 still held back
    early_text = page.eval_on_selector("[data-cmp-banner]", "b => b.textContent")
    assert page.evaluate("document.querySelector('[data-cmp-root]').shadowRoot.activeElement.hasAttribute('data-cmp-banner')")

    page.click("[data-cmp-banner] [data-cmp-action='accept-all']")
    assert page.locator("[data-cmp-banner]:not([hidden])").count() == 0  # gone at once
    page.wait_for_timeout(300)
    assert network.to_customerio() == []  # recorded only when stage 2 arrives

    stalled[0].continue_()
    page.wait_for_function("window._cio._trackUrl !== undefined")
    assert page.evaluate("cmp.getConsent().marketing") is True
    assert page.locator("[data-cmp-banner]:not([hidden])").count() == 0
    assert page.locator("[data-cmp-root]").count() == 1  # replaced, not stacked
    assert early_text == page.eval_on_selector("[data-cmp-banner]", "b => b.textContent")  # the same markup


def test_stage_2_takes_over_the_early_banner_where_the_visitor_is(page, cio, site):
    stalled = []
    page.route(STAGE_2, lambda route: stalled.append(route))
    page.goto(f"{site}/classic.html", wait_until="domcontentloaded")
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # on "Customize"
    stalled[0].continue_()
    page.wait_for_function("window[Symbol.for('cmp.stage1')].app !== undefined")
    focused = page.evaluate("document.querySelector('[data-cmp-root]').shadowRoot.activeElement.dataset.cmpAction")
    assert focused == "customize"
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-cmp-preferences]:not([hidden])")
