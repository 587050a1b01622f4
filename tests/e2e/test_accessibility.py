"""Accessibility and isolation: keyboard alone, focus kept and returned, axe-core, hostile CSS, themes."""

import json

import pytest

from heldback.building import ROOT

BANNER = "[data-cmp-banner]:not([hidden])"
PREFERENCES = "[data-cmp-preferences]:not([hidden])"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FOCUSED = """() => { const a = document.querySelector('[data-cmp-root]').shadowRoot.activeElement;
    return a ? (a.dataset.cmpAction || a.dataset.cmpCategory || a.dataset.cmpVendor || a.tagName.toLowerCase() +
               (a.hasAttribute('data-cmp-banner') ? ':banner' : a.hasAttribute('data-cmp-preferences') ? ':preferences' : ''))
             : 'page:' + (document.activeElement.id || document.activeElement.tagName) }"""


def open_page(site, page, html_lang="en", style="", body=""):
    html = f"""<!doctype html><html lang="{html_lang}"><head><meta charset="utf-8"><title>Shop</title>
      <script src="/dist/consent.js"></script><style>{style}</style></head>
      <body><h1>Shop</h1><p>Welcome.</p><a href="#" id="privacy" data-cmp-action="open-preferences">Privacy</a>{body}</body></html>"""
    page.route(f"{site}/a11y.html", lambda route: route.fulfill(content_type="text/html", body=html))
    page.goto(f"{site}/a11y.html")
    page.wait_for_selector(BANNER)


def test_focus_moves_into_the_banner_and_the_keyboard_alone_decides(page, site, cio):
    open_page(site, page)
    assert page.evaluate(FOCUSED) == "section:banner"
    steps = []
    for _ in range(3):
        page.keyboard.press("Tab")
        steps.append(page.evaluate(FOCUSED))
    assert steps == ["reject-all", "customize", "accept-all"]
    outline = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('[data-cmp-root]')
        .shadowRoot.activeElement); return [s.outlineStyle, s.outlineWidth] }""")
    assert outline == ["solid", "3px"]  # visible focus
    page.keyboard.press("Enter")
    assert page.evaluate("cmp.getConsent().marketing") is True


def test_preferences_keep_focus_inside_and_escape_returns_it(page, site, cio):
    open_page(site, page)
    for _ in range(2):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # customize
    page.wait_for_selector(PREFERENCES)
    assert page.evaluate(FOCUSED) == "section:preferences"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED) == "close-preferences"  # wrapped to the last control
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "analytics"  # and round to the first
    visited = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        visited.add(page.evaluate(FOCUSED))
    assert not any(step.startswith("page:") for step in visited)
    assert {"marketing", "customerio", "save", "accept-all", "reject-all"} <= visited

    page.keyboard.press("Escape")  # undecided: back to the banner
    assert page.locator(PREFERENCES).count() == 0 and page.evaluate(FOCUSED) == "section:banner"
    page.click("[data-cmp-banner] [data-cmp-action='reject-all']")

    page.focus("#privacy")
    page.keyboard.press("Enter")  # the page's own link opens them again
    page.wait_for_selector(PREFERENCES)
    page.keyboard.press("Escape")
    assert page.locator(PREFERENCES).count() == 0 and page.locator(BANNER).count() == 0
    assert page.evaluate(FOCUSED) == "page:privacy"  # focus back where the visitor was


def axe_violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => { const r = await axe.run({include: [['[data-cmp-root]']]});
        return r.violations.map(v => [v.id, v.impact, v.nodes.length]) }""")
    return result


@pytest.mark.parametrize("language", ["en", "de"])
def test_axe_finds_no_violations_on_the_banner_and_the_preferences(page, site, cio, language):
    open_page(site, page, html_lang=language)
    assert page.evaluate("document.querySelector('[data-cmp-root]').lang") == language
    assert axe_violations(page) == []
    page.click("[data-cmp-action='customize']")
    for summary in page.query_selector_all("[data-cmp-preferences] summary"):
        summary.click()
    assert axe_violations(page) == []


HOSTILE = """
* { all: unset !important; color: red !important; font-size: 3px !important; }
div, section, button, input, label, [data-cmp-root] { display: none !important; visibility: hidden !important; }
[data-cmp-root] { transform: scale(0) !important; opacity: 0 !important; position: absolute !important; left: -9999px !important; }
button { background: red !important; width: 1px !important; }
"""


def test_the_sites_css_cannot_break_the_banner(page, site, cio):
    open_page(site, page, style=HOSTILE)
    button = page.locator("[data-cmp-banner] [data-cmp-action='accept-all']")
    box = button.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 30
    style = button.evaluate("b => { const s = getComputedStyle(b); return [s.fontSize, s.color, s.visibility] }")
    assert style == ["15px", "rgb(26, 26, 26)", "visible"]
    button.click()
    assert page.evaluate("cmp.getConsent().marketing") is True


def test_the_banners_css_does_not_touch_the_site(page, site, cio):
    stalled = []
    page.route("**/dist/consent-banner.*.js", lambda route: stalled.append(route))
    body = '<h2 id="h">Title</h2><button id="b">Buy</button><section id="s">x</section><input id="i"><label id="l">L</label>'
    html = f'<!doctype html><html lang="en"><head><script src="/dist/consent.js"></script></head><body>{body}</body></html>'
    page.route(f"{site}/plain.html", lambda route: route.fulfill(content_type="text/html", body=html))
    page.goto(f"{site}/plain.html", wait_until="domcontentloaded")
    styles = """() => ['h', 'b', 's', 'i', 'l'].map(id => { const s = getComputedStyle(document.getElementById(id));
        return [s.fontSize, s.fontWeight, s.color, s.backgroundColor, s.margin, s.padding, s.display, s.outlineStyle,
                s.boxSizing, s.position, s.border] })"""
    before = page.evaluate(styles)
    stalled[0].continue_()
    page.wait_for_selector(BANNER)  # the first layer
    assert page.evaluate(styles) == before
    page.evaluate("cmp.showPreferences()")  # stage 2
    page.wait_for_selector("[data-cmp-preferences]:not([hidden])")
    assert page.evaluate(styles) == before


def test_the_banner_takes_its_theme_from_css_custom_properties(page, site, cio):
    open_page(site, page, style=":root { --cmp-button-background: rgb(1, 2, 3); --cmp-button-text: rgb(250, 250, 250);"
                                 " --cmp-background: rgb(10, 20, 30); --cmp-text: rgb(240, 240, 240); }")
    colours = page.locator("[data-cmp-banner] [data-cmp-action='reject-all']").evaluate(
        "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color, getComputedStyle(b.closest('section')).backgroundColor]")
    assert colours == ["rgb(1, 2, 3)", "rgb(250, 250, 250)", "rgb(10, 20, 30)"]
    assert json.dumps(colours)  # the theme applies to all three buttons alike:
    styles = page.eval_on_selector_all("[data-cmp-banner] .buttons [data-cmp-action]", "bs => bs.map(b => getComputedStyle(b).backgroundColor)")
    assert set(styles) == {"rgb(1, 2, 3)"}
