"""Catalog vendors with an npm SDK are held and replayed like Customer.io: the real mixpanel-browser,
posthog-js, @segment/analytics-next and @amplitude/analytics-browser from npm, each loaded by its own snippet from its CDN (routed here to the npm files),
their endpoints answered on this machine.

The snippets are declarative markup (type="text/plain" data-cmp-category), as the rewrite makes them,
so they run only after consent; the page's calls before that go to stage 1's stub queues (the
catalog's `queues`), which each snippet adopts and its SDK drains. Before consent nothing reaches
any of them; after accept the page's calls arrive, each made in the order the same SDK makes them on
the same page without a consent manager; after reject nothing, all visit long."""

import base64
import gzip
import json
import re
from urllib.parse import parse_qs

import pytest

from heldback.building import ROOT

CONFIG = 'vendors = ["mixpanel", "posthog", "segment", "amplitude"]\n'
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
SEGMENT = (  # its "analytics.js" snippet (5.2.0), minus the page context it adds to each call
    '!function(){var i="analytics",analytics=window[i]=window[i]||[];if(!analytics.initialize)if(analytics.invoked)'
    'window.console&&console.error&&console.error("Segment snippet included twice.");else{analytics.invoked=!0;'
    'analytics.methods=["trackSubmit","trackClick","trackLink","trackForm","pageview","identify","reset","group",'
    '"track","ready","alias","debug","page","screen","once","off","on","addSourceMiddleware","addIntegrationMiddleware",'
    '"setAnonymousId","addDestinationMiddleware","register"];analytics.factory=function(e){return function(){'
    'if(window[i].initialized)return window[i][e].apply(window[i],arguments);var n=Array.prototype.slice.call(arguments);'
    'n.unshift(e);analytics.push(n);return analytics}};for(var n=0;n<analytics.methods.length;n++){var key=analytics.methods[n];'
    'analytics[key]=analytics.factory(key)}analytics.load=function(key,n){var t=document.createElement("script");'
    't.type="text/javascript";t.async=!0;t.setAttribute("data-global-segment-analytics-key",i);'
    't.src="https://cdn.segment.com/analytics.js/v1/"+key+"/analytics.min.js";var r=document.getElementsByTagName("script")[0];'
    'r.parentNode.insertBefore(t,r);analytics._loadOptions=n};analytics._writeKey="seg-key";analytics.SNIPPET_VERSION="5.2.0";'
    'analytics.load("seg-key")}}();'
)
AMPLITUDE = (NPM / "@amplitude/analytics-browser/lib/scripts/amplitude-snippet-min.js").read_text().strip() + \
    '\namplitude.init("amp-key", {autocapture: false, flushIntervalMillis: 50});'
# What the page calls before any consent, and what each vendor should receive: event names in order.
PAGE_CALLS = """
mixpanel.track("signed_up", {plan: "pro"}); mixpanel.identify("u1"); mixpanel.track("upgraded", {plan: "team"});
posthog.capture("signed_up", {plan: "pro"}); posthog.identify("u1"); posthog.capture("upgraded", {plan: "team"});
analytics.track("signed_up", {plan: "pro"}); analytics.identify("u1"); analytics.track("upgraded", {plan: "team"});
amplitude.track("signed_up", {plan: "pro"}); amplitude.setUserId("u1"); amplitude.track("upgraded", {plan: "team"});
"""
# The page's calls as each vendor names what it receives. Where the page ran the snippet itself (no
# consent manager) the SDK drains the same queue; the order it makes the events in is the SDK's own
# (Mixpanel and PostHog run a queue's identify first; Segment's identify comes after the tracks), and
# after consent it must be the same.
SENT = {"mixpanel": {"$identify", "signed_up", "upgraded"}, "posthog": {"$identify", "signed_up", "upgraded"},
        "segment": {"signed_up", "identify", "upgraded"}, "amplitude": {"signed_up", "upgraded"}}
HOSTS = {"mixpanel": re.compile(r"^https?://([a-z0-9-]+\.)*(mxpnl\.com|mixpanel\.com)/"),
         "posthog": re.compile(r"^https?://([a-z0-9-]+\.)*posthog\.com/"),
         "segment": re.compile(r"^https?://(cdn\.segment\.com|api\.segment\.io)/"),
         "amplitude": re.compile(r"^https?://(cdn|api2)\.amplitude\.com/")}
SEGMENT_BUNDLES = NPM / "@segment/analytics-next/dist/umd"


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
    events = data if isinstance(data, list) else data.get("batch") or data.get("events") or [data]
    return [event for event in events if isinstance(event, dict) and {"event", "type", "event_type"} & set(event)]


class Vendors:
    """Routes the two vendors: their SDK files from npm, their endpoints recorded and answered."""

    def __init__(self, context):
        self.requests = []  # (vendor, url)
        self.events = {vendor: [] for vendor in HOSTS}  # event dicts, as they arrived
        for vendor, hosts in HOSTS.items():
            context.route(hosts, lambda route, request, vendor=vendor: self.answer(vendor, route, request))

    def answer(self, vendor, route, request):
        self.requests.append((vendor, request.url))
        path = request.url.split("?")[0]
        if path.endswith("/libs/mixpanel-2-latest.min.js"):
            return route.fulfill(path=NPM / "mixpanel-browser/dist/mixpanel.min.js", content_type="text/javascript")
        if path.endswith("/static/array.js"):
            return route.fulfill(path=NPM / "posthog-js/dist/array.js", content_type="text/javascript")
        if re.search(r"/libs/analytics-browser-[\d.]+-min\.js\.gz$", path):  # (its snippet checks the file's integrity)
            return route.fulfill(path=NPM / "@amplitude/analytics-browser/lib/scripts/amplitude-min.js",
                                 content_type="text/javascript", headers={"Access-Control-Allow-Origin": "*"})
        if path.endswith("/seg-key/analytics.min.js"):
            return route.fulfill(path=SEGMENT_BUNDLES / "standalone.js", content_type="text/javascript")
        if "/analytics-next/bundles/" in path:
            return route.fulfill(path=SEGMENT_BUNDLES / path.rsplit("/", 1)[1], content_type="text/javascript")
        if path.endswith("/v1/projects/seg-key/settings"):
            return route.fulfill(json={"integrations": {"Segment.io": {"apiKey": "seg-key", "apiHost": "api.segment.io/v1"}}},
                                 headers={"Access-Control-Allow-Origin": "*"})
        if request.method == "POST":
            self.events[vendor] += decoded(request.post_data_buffer)
        answers = {"mixpanel": "1", "amplitude": json.dumps({"code": 200, "events_ingested": len(self.events[vendor]),
                                                             "payload_size_bytes": 0, "server_upload_time": 0})}
        route.fulfill(status=200, content_type="application/json", body=answers.get(vendor, "{}"),
                      headers={"Access-Control-Allow-Origin": request.headers.get("origin", "*"),
                               "Access-Control-Allow-Credentials": "true"})

    def made_at(self, vendor, name):
        """When the SDK made the event (its own timestamp): Mixpanel's properties.time, the others' timestamp."""
        event = next(e for e in self.events[vendor] if self.name_of(e) == name)
        if vendor == "mixpanel":
            return float(event["properties"]["time"])
        if vendor == "amplitude":
            return event["time"]
        return event["timestamp"]  # ISO 8601 in UTC, to the millisecond: ordered as text

    @staticmethod
    def name_of(event):  # an event's name (Amplitude's event_type); a Segment call without one, its type
        return event.get("event") or event.get("event_type") or event["type"]

    def names(self, vendor):
        return [self.name_of(event) for event in self.events[vendor]]


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
<script type="text/plain" data-cmp-category="analytics">{SEGMENT}</script>
<script type="text/plain" data-cmp-category="analytics">{AMPLITUDE}</script>
<script>{PAGE_CALLS}</script>
</head><body><p>Plans</p></body></html>""")


def test_before_consent_the_page_s_calls_wait_in_the_stub_queues_and_nothing_reaches_the_vendors(page, vendors, shop):
    page.goto(shop)
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    page.wait_for_timeout(500)
    assert vendors.requests == []
    # kept, in each vendor's own format
    assert page.evaluate("[mixpanel.length, posthog.length, analytics.length, amplitude._q.length]") == [3, 3, 3, 3]
    assert page.evaluate("amplitude._q[0]") == {"name": "track", "args": ["signed_up", {"plan": "pro"}]}
    assert page.evaluate("mixpanel[0]") == ["track", "signed_up", {"plan": "pro"}]


def delivered(vendors, page):
    """Each vendor's events, by the time its SDK made them, once all of SENT arrived."""
    for _ in range(50):
        if all(SENT[vendor] <= set(vendors.names(vendor)) for vendor in SENT):
            break
        page.wait_for_timeout(100)
    order = {}
    for vendor, expected in SENT.items():
        names = [name for name in vendors.names(vendor) if name in expected]
        assert sorted(names) == sorted(expected), (vendor, vendors.names(vendor))  # each once
        order[vendor] = sorted(names, key=lambda name: vendors.made_at(vendor, name))
    return order


def test_accepting_replays_the_page_s_calls_through_each_real_sdk_as_without_a_consent_manager(
        page, vendors, shop, cmp_visitor, browser, written_page):
    page.goto(shop)
    cmp_visitor.accept_all()
    held = delivered(vendors, page)
    plain = browser.new_context()  # the same page, no consent manager: the snippets run at once
    plain.route(re.compile(".*"), lambda route, request: route.continue_() if "127.0.0.1" in request.url else route.abort())
    control = Vendors(plain)
    other = plain.new_page()
    other.goto(written_page("vendor-sdks-plain.html", f"""<!doctype html><html lang="en"><head>
<script>{MIXPANEL}</script><script>{POSTHOG}</script><script>{SEGMENT}</script><script>{AMPLITUDE}</script>
<script>{PAGE_CALLS}</script>
</head><body><p>Plans</p></body></html>"""))
    assert held == delivered(control, other)
    plain.close()
    signed_up = next(e for e in vendors.events["mixpanel"] if e["event"] == "signed_up")
    assert signed_up["properties"]["plan"] == "pro"
    tracked = next(e for e in vendors.events["segment"] if e.get("event") == "upgraded")
    assert tracked["properties"] == {"plan": "team"} and tracked["userId"] == "u1"
    amplified = next(e for e in vendors.events["amplitude"] if e["event_type"] == "upgraded")
    assert amplified["event_properties"] == {"plan": "team"} and amplified["user_id"] == "u1"
    captured = next(e for e in vendors.events["posthog"] if e["event"] == "upgraded")
    assert captured["properties"]["plan"] == "team" and captured["properties"]["distinct_id"] == "u1"


def test_rejecting_sends_nothing_to_any_of_them_for_the_whole_visit(page, vendors, shop, cmp_visitor):
    page.goto(shop)
    cmp_visitor.reject_all()
    page.evaluate('mixpanel.track("after_reject"); posthog.capture("after_reject"); analytics.track("after_reject");'
                  ' amplitude.track("after_reject")')
    page.wait_for_timeout(800)
    assert vendors.requests == []
    kept = page.evaluate("[mixpanel.length, posthog.length, analytics.length, amplitude._q.length]")
    assert kept == [0, 0, 0, 0]  # dropped, and nothing more is kept
