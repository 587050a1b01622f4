"""The layers as a visitor sees them, at a laptop's and a phone's size: measured in Chromium from the
rendered boxes and computed styles, not from the CSS text."""

import pytest

BANNER = "[data-cmp-banner]:not([hidden])"
PREFERENCES = "[data-cmp-preferences]:not([hidden])"
SIZES = {"laptop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(params=SIZES, ids=SIZES)
def sized_page(request, browser, site):
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort())
    page = context.new_page()
    yield page, width, height
    context.close()


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_the_banner_is_focused_without_a_ring_and_its_three_buttons_weigh_the_same(sized_page, site):
    page, width, height = sized_page
    page.goto(f"{site}/cdp.html")
    page.wait_for_selector(BANNER)
    banner = page.locator("[data-cmp-banner]")
    assert banner.evaluate("b => b.getRootNode().activeElement === b")  # for screen readers
    assert banner.evaluate("b => getComputedStyle(b).outlineStyle") == "none"

    buttons = [box(page, f"{BANNER} [data-cmp-action='{a}']") for a in ("reject-all", "customize", "accept-all")]
    assert max(b["width"] for b in buttons) - min(b["width"] for b in buttons) < 1
    assert max(b["height"] for b in buttons) - min(b["height"] for b in buttons) < 1
    assert len({round(b["y"]) for b in buttons}) == 1  # one row
    assert box(page, BANNER)["height"] < height / 3.5

    page.keyboard.press("Tab")  # the keyboard shows where it is
    assert page.locator(f"{BANNER} [data-cmp-action='reject-all']").evaluate(
        "b => getComputedStyle(b).outlineStyle") == "solid"


def test_the_preferences_sit_over_a_backdrop_with_their_actions_in_reach(sized_page, site):
    page, width, height = sized_page
    page.goto(f"{site}/cdp.html")
    page.click(f"{BANNER} [data-cmp-action='customize']")
    page.wait_for_selector(PREFERENCES)
    backdrop = box(page, "[data-cmp-root] .backdrop")
    assert backdrop == {"x": 0, "y": 0, "width": width, "height": height}

    page.locator(f"{PREFERENCES} details").evaluate_all("all => all.forEach(d => d.open = true)")
    dialog, save = box(page, PREFERENCES), box(page, f"{PREFERENCES} [data-cmp-action='save']")
    assert dialog["y"] <= save["y"] and save["y"] + save["height"] <= dialog["y"] + dialog["height"] + 1
    assert save["y"] + save["height"] <= height

    switch = page.locator(f"{PREFERENCES} input[data-cmp-category='marketing']")
    assert switch.evaluate("s => [getComputedStyle(s).appearance, s.getAttribute('role')]") == ["none", "switch"]
    assert switch.bounding_box()["width"] > switch.bounding_box()["height"]  # a switch, not a box

    page.locator(PREFERENCES).evaluate("p => p.scrollTop = p.scrollHeight")
    page.click(f"{PREFERENCES} [data-cmp-action='close-preferences']")
    page.click(f"{BANNER} [data-cmp-action='customize']")
    assert page.locator(PREFERENCES).evaluate("p => p.scrollTop") == 0  # from the top again


def test_the_banner_names_the_configured_categories_and_links_the_privacy_policy(page, site, cio, build, written_page):
    built = build('privacy_policy_url = "/privacy"\n[categories.marketing]\n[vendors.customerio]\n')
    page.goto(written_page("policy.html", f'<!doctype html><html lang="de"><head><script src="{built}/consent.js">'
                                          '</script></head><body><p>Seite.</p></body></html>'))
    page.wait_for_selector(BANNER)
    text = page.inner_text(f"{BANNER} #cmp-banner-text")
    assert "Technologien für Marketing verwenden" in text and "Analyse" not in text
    link = page.locator(f"{BANNER} a")
    assert link.inner_text() == "Datenschutzerklärung" and link.get_attribute("href") == "/privacy"
    page.click(f"{BANNER} [data-cmp-action='customize']")
    page.wait_for_selector(PREFERENCES)
    assert page.locator(f"{PREFERENCES} a[href='/privacy']").count() == 1
