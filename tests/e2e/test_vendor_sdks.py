"""Catalog vendors with an npm SDK are held and replayed like Customer.io: the real mixpanel-browser
and posthog-js from npm, each loaded by its own snippet from its CDN (routed here to the npm files),
their endpoints answered on this machine.

The snippets are declarative markup (type="text/plain" data-cmp-category), as the rewrite makes them,
so they run only after consent; the page's calls before that go to stage 1's stub queues (the
catalog's `queues`), which each snippet adopts and its SDK drains. Before consent nothing reaches
either vendor; after accept the page's calls arrive, in order; after reject nothing, all visit long."""

import base64
import gzip
import json
import re
from urllib.parse import parse_qs

import pytest

from heldback.loader.bundle import ROOT

CONFIG = 'vendors = ["mixpanel", "posthog"]\n'
NPM = ROOT / "node_modules"
# Each vendor's snippet as its documentation gives it (mixpanel-browser ships its own; PostHog's is the
# one of its "web snippet" install), then its init.
MIXPANEL = (NPM / "mixpanel-browser/dist/mixpanel-jslib-snippet.min.js").read_text().strip() + \
    '\nmixpanel.init("mp-token", {api_host: "https://api-js.mixpanel.com", batch_requests: false, track_pageview: false});'
POSTHOG = (
    '!function(t,e){var o,n,p,r;e.__SV||(window.posthog=e,e._i=[],e.init=function(i,s,a){function g(t,e){var o=e.split(".");'
    '2==o.length&&(t=t[o[0]],e=o[1]),t[e]=function(){t.push([e].concat(Array.prototype.slice.call(arguments,0)))}}'
    '(p=t.createElement("script")).type="text/javascript",p.crossOrigin="anonymous",p.async=!0,'
    'p.src=s.api_host.replace(".i.posthog.com","-assets.i.posthog.com")+"/static/array.js",'
    '(r=t.getElementsByTagName("script")[0]).parentNode.insertBefore(p,r);var u=e;for(void 0!==a?u=e[a]=[]:a="posthog",'
    'u.people=u.people||[],u.toString=function(t){var e="posthog";return"posthog"!==a&&(e+="."+a),t||(e+=" (stub)"),e},'
    'u.people.toString=function(){return u.toString(1)+".people (stub)"},o="init capture register register_once unregister '
    'identify alias reset group setPersonProperties opt_in_capturing opt_out_capturing onFeatureFlags reloadFeatureFlags '
    'people.set people.set_once".split(" "),n=0;n<o.length;n++)g(u,o[n]);e._i.push([i,s,a])},e.__SV=1)}'
    '(document,window.posthog||[]);\n'
    'posthog.init("phc_test", {api_host: "https://us.i.posthog.com", autocapture: false, capture_pageview: false, '
    'capture_pageleave: false, disable_session_recording: true, advanced_disable_flags: true, request_batching: false, opt_out_useragent_filter: true});  // (headless Chromium looks like a bot to it)'
)
# What the page calls before any consent, and what each vendor should receive: event names in order.
PAGE_CALLS = """
mixpanel.track("signed_up", {plan: "pro"}); mixpanel.identify("u1"); mixpanel.track("upgraded", {plan: "team"});
posthog.capture("signed_up", {plan: "pro"}); posthog.identify("u1"); posthog.capture("upgraded", {plan: "team"});
"""
# Both SDKs run a queue's identify calls before its other calls (their own rule: _execute_array), so
# $identify comes first where the SDK sends one; the page's events keep their order.
EXPECTED = {"mixpanel": ["$identify", "signed_up", "upgraded"], "posthog": ["$identify", "signed_up", "upgraded"]}
HOSTS = {"mixpanel": re.compile(r"^https?://([a-z0-9-]+\.)*(mxpnl\.com|mixpanel\.com)/"),
         "posthog": re.compile(r"^https?://([a-z0-9-]+\.)*posthog\.com/")}


def decoded(body):
    """The events in a request body, as these SDKs send them: JSON, gzip'd JSON, or data=<JSON or base64>."""
    if not body:
        return []
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    text = body.decode("utf-8", "replace")
    if text.startswith("data="):
        text = parse_qs(text)["data"][0]
        if not text.lstrip().startswith(("[", "{")):
            text = base64.b64decode(text + "=" * (-len(text) % 4)).decode()
    data = json.loads(text)
    events = data if isinstance(data, list) else data.get("batch", [data])
    return [event for event in events if isinstance(event, dict) and "event" in event]


class Vendors:
    """Routes the two vendors: their SDK files from npm, their endpoints recorded and answered."""

    def __init__(self, context):
        self.requests = []  # (vendor, url)
        self.events = {"mixpanel": [], "posthog": []}  # event dicts, as they arrived
        context.route(HOSTS["mixpanel"], lambda route, request: self.answer("mixpanel", route, request))
        context.route(HOSTS["posthog"], lambda route, request: self.answer("posthog", route, request))

    def answer(self, vendor, route, request):
        self.requests.append((vendor, request.url))
        path = request.url.split("?")[0]
        if path.endswith("/libs/mixpanel-2-latest.min.js"):
            return route.fulfill(path=NPM / "mixpanel-browser/dist/mixpanel.min.js", content_type="text/javascript")
        if path.endswith("/static/array.js"):
            return route.fulfill(path=NPM / "posthog-js/dist/array.js", content_type="text/javascript")
        if request.method == "POST":
            self.events[vendor] += decoded(request.post_data_buffer)
        route.fulfill(status=200, content_type="application/json", body="1" if vendor == "mixpanel" else "{}",
                      headers={"Access-Control-Allow-Origin": request.headers.get("origin", "*"),
                               "Access-Control-Allow-Credentials": "true"})

    def names(self, vendor):
        return [event["event"] for event in self.events[vendor]]


@pytest.fixture
def vendors(context, cio):  # cio: every other non-local request is aborted
    return Vendors(context)


@pytest.fixture
def shop(build, written_page):
    dist = build(CONFIG)
    return written_page("vendor-sdks.html", f"""<!doctype html><html lang="en"><head>
<script src="{dist}/consent.js"></script>
<script type="text/plain" data-cmp-category="analytics">{MIXPANEL}</script>
<script type="text/plain" data-cmp-category="analytics">{POSTHOG}</script>
<script>{PAGE_CALLS}</script>
</head><body><p>Plans</p></body></html>""")


def test_before_consent_the_page_s_calls_wait_in_the_stub_queues_and_nothing_reaches_the_vendors(page, vendors, shop):
    page.goto(shop)
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    page.wait_for_timeout(500)
    assert vendors.requests == []
    assert page.evaluate("[mixpanel.length, posthog.length]") == [3, 3]  # kept, in the vendors' own format
    assert page.evaluate("mixpanel[0]") == ["track", "signed_up", {"plan": "pro"}]


def test_accepting_replays_the_page_s_calls_through_each_real_sdk_in_order(page, vendors, shop, cmp_visitor):
    page.goto(shop)
    cmp_visitor.accept_all()
    for vendor, expected in EXPECTED.items():
        for _ in range(50):
            if all(name in vendors.names(vendor) for name in expected):
                break
            page.wait_for_timeout(100)
        names = [name for name in vendors.names(vendor) if name in expected]
        assert names == expected, (vendor, vendors.names(vendor))
    signed_up = next(e for e in vendors.events["mixpanel"] if e["event"] == "signed_up")
    assert signed_up["properties"]["plan"] == "pro"
    captured = next(e for e in vendors.events["posthog"] if e["event"] == "upgraded")
    assert captured["properties"]["plan"] == "team" and captured["properties"]["distinct_id"] == "u1"


def test_rejecting_sends_nothing_to_either_vendor_for_the_whole_visit(page, vendors, shop, cmp_visitor):
    page.goto(shop)
    cmp_visitor.reject_all()
    page.evaluate('mixpanel.track("after_reject"); posthog.capture("after_reject")')
    page.wait_for_timeout(800)
    assert vendors.requests == []
    assert page.evaluate("[mixpanel.length, posthog.length]") == [0, 0]  # dropped, and nothing more is kept
