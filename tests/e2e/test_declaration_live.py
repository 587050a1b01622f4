"""<div data-cmp-declaration>: a cookie policy page shows the declaration live, filled by stage 2,
which stage 1 loads for such a page only."""

from heldback.core import declaration
from heldback.configuration.schema import parse

import tomllib

CONFIG = 'vendors = ["hotjar", "stripe", "customerio"]\nprivacy_policy_url = "/privacy"\n'


def test_a_page_with_a_declaration_gets_it_filled_in_the_visitor_s_language_or_its_own(page, cio, network, build, written_page):
    dist = build(CONFIG)
    url = written_page("cookie-policy.html", f"""<!doctype html><html lang="en"><head>
<script src="{dist}/consent.js"></script></head><body><h1>Cookies</h1>
<div id="here" data-cmp-declaration></div><div id="german" data-cmp-declaration="de"></div></body></html>""")
    page.goto(url)
    page.wait_for_selector("#german .cmp-declaration")
    assert any(u.endswith("/consent-app.js") for u in network.urls)  # stage 2, for the declaration
    config = parse(tomllib.loads(CONFIG))
    for selector, language in (("#here", "en"), ("#german", "de")):
        shown = page.inner_text(selector)
        for row in declaration.rows(config, language):
            assert row["label"] in shown
            for vendor in row["vendors"]:
                assert vendor["name"] in shown
                for item in vendor["stored"]:
                    assert item["name"] in shown and item["purpose"] in shown
    assert page.get_attribute("#german .cmp-declaration", "lang") == "de"
    assert page.locator("#here section[data-cmp-vendor=hotjar] a").get_attribute("href").startswith("https://")
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")  # an undecided visitor is asked all the same


def test_a_page_without_one_does_not_load_stage_2_for_it(page, cio, network, build, written_page):
    dist = build(CONFIG)
    url = written_page("no-declaration.html", f"""<!doctype html><html lang="en"><head>
<script src="{dist}/consent.js"></script></head><body><p>Plans</p></body></html>""")
    page.goto(url)
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    page.wait_for_timeout(300)
    assert not any(u.endswith("/consent-app.js") for u in network.urls)


def test_the_preferences_list_a_necessary_vendor_under_necessary_with_no_switch(page, cio, build, written_page):
    dist = build(CONFIG)
    page.goto(written_page("shop-with-stripe.html", f"""<!doctype html><html lang="en"><head>
<script src="{dist}/consent.js"></script></head><body><p>Checkout</p></body></html>"""))
    page.evaluate("cmp.showPreferences()")
    page.wait_for_selector("[data-cmp-preferences]:not([hidden])")
    necessary = page.locator("[data-cmp-preferences] .category").first
    assert "Stripe" in necessary.inner_text()
    assert page.locator("[data-cmp-preferences] input[data-cmp-vendor=stripe]").count() == 0
    assert page.locator("[data-cmp-preferences] input[data-cmp-vendor=hotjar]").count() == 1
