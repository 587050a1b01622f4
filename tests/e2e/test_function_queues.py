"""Vendors whose snippet makes its global a function that keeps each call (Hotjar, Clarity, LinkedIn,
Meta, Intercom) are held and replayed through that function's queue, which their loader drains.

Each snippet is the vendor's published one. Their loaders are not on npm and cannot be fetched
here, so each is a faithful double (LOADER below) doing what the vendor's own loader does with the
snippet's queue: it drains the calls in order, then takes later calls directly, and sends each to
the vendor's collection host (numbered, so the order they were made in can be read). Hotjar and
LinkedIn are held whole (declarative markup), so their page calls before the snippet reach stage 1's
early function; Clarity, Meta and Intercom run their snippets as sites have them, and the guard
holds the loader each creates."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

CONFIG = ('vendors = ["hotjar", "clarity", "linkedin", "metapixel", "intercom"]\n'
          "[categories.functional]\n[categories.analytics]\n[categories.marketing]\n")
HOTJAR = ("(function(h,o,t,j,a,r){h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};"
          "h._hjSettings={hjid:1234567,hjsv:6};a=o.getElementsByTagName('head')[0];r=o.createElement('script');"
          "r.async=1;r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;a.appendChild(r);})"
          "(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');")
CLARITY = ('(function(c,l,a,r,i,t,y){c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};'
           't=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;y=l.getElementsByTagName(r)[0];'
           'y.parentNode.insertBefore(t,y);})(window, document, "clarity", "script", "abcdefghij");')
LINKEDIN = ('_linkedin_partner_id = "123456"; window._linkedin_data_partner_ids = window._linkedin_data_partner_ids || [];'
            'window._linkedin_data_partner_ids.push(_linkedin_partner_id);'
            '(function(l) { if (!l){window.lintrk = function(a,b){window.lintrk.q.push([a,b])}; window.lintrk.q=[]}'
            'var s = document.getElementsByTagName("script")[0]; var b = document.createElement("script");'
            'b.type = "text/javascript";b.async = true; b.src = "https://snap.licdn.com/li.lms-analytics/insight.min.js";'
            's.parentNode.insertBefore(b, s);})(window.lintrk);')
META = ("!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):"
        "n.queue.push(arguments)};if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];"
        "t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}"
        "(window, document,'script','https://connect.facebook.net/en_US/fbevents.js');"
        "fbq('init', '1234567890'); fbq('track', 'PageView');")
INTERCOM = ('window.intercomSettings = {api_base: "https://api-iam.intercom.io", app_id: "app1"};'
            "(function(){var w=window;var ic=w.Intercom;if(typeof ic===\"function\"){ic('reattach_activator');"
            "ic('update',w.intercomSettings);}else{var d=document;var i=function(){i.c(arguments);};i.q=[];"
            "i.c=function(args){i.q.push(args);};w.Intercom=i;var l=function(){var s=d.createElement('script');"
            "s.type='text/javascript';s.async=true;s.src='https://widget.intercom.io/widget/' + 'app1';"
            "var x=d.getElementsByTagName('script')[0];x.parentNode.insertBefore(s,x);};"
            "if(document.readyState==='complete'){l();}else if(w.attachEvent){w.attachEvent('onload',l);}"
            "else{w.addEventListener('load',l,false);}}})();")
BEFORE_SNIPPETS = "hj('event', 'pricing_seen'); lintrk('track', {conversion_id: 1});"
AFTER_SNIPPETS = ("hj('identify', 'u1', {plan: 'pro'}); clarity('event', 'upgraded'); lintrk('track', {conversion_id: 2});"
                  "fbq('track', 'Purchase', {value: 5}); Intercom('trackEvent', 'upgraded');")
# vendor -> (its loader's URL, its global, how the loader finds the queue, where it sends)
LOADERS = {
    "hotjar": ("https://static.hotjar.com/c/hotjar-1234567.js?sv=6", "hj", "q", "https://in.hotjar.com/double"),
    "clarity": ("https://www.clarity.ms/tag/abcdefghij", "clarity", "q", "https://a.clarity.ms/collect"),
    "linkedin": ("https://snap.licdn.com/li.lms-analytics/insight.min.js", "lintrk", "q", "https://px.ads.linkedin.com/collect"),
    "metapixel": ("https://connect.facebook.net/en_US/fbevents.js", "fbq", "queue", "https://www.facebook.com/tr"),
    "intercom": ("https://widget.intercom.io/widget/app1", "Intercom", "q", "https://api-iam.intercom.io/events"),
}
LOADER = """(function (name, into, to) {
  var stub = window[name], queue = stub[into] || [], n = 0;
  function send(call) {
    new Image().src = to + "?n=" + (n++) + "&call=" + encodeURIComponent(JSON.stringify(Array.prototype.slice.call(call)));
  }
  if (name === "fbq") stub.callMethod = function () { send(arguments); };  // as fbevents.js: the stub calls it
  else window[name] = function () { send(arguments); };
  for (var i = 0; i < queue.length; i++) send(queue[i]);
  queue.length = 0;
})(%s);"""
RECEIVED = {  # the page's calls, as each vendor's loader gets them, in order
    "hotjar": [["event", "pricing_seen"], ["identify", "u1", {"plan": "pro"}]],
    "clarity": [["event", "upgraded"]],
    "linkedin": [["track", {"conversion_id": 1}], ["track", {"conversion_id": 2}]],
    "metapixel": [["init", "1234567890"], ["track", "PageView"], ["track", "Purchase", {"value": 5}]],
    "intercom": [["trackEvent", "upgraded"]],
}
VENDOR_HOSTS = re.compile(r"^https://([a-z0-9-]+\.)*(hotjar\.com|clarity\.ms|licdn\.com|linkedin\.com|facebook\.net|"
                          r"facebook\.com|intercom\.io)/")
QUEUED = "[hj.q.length, clarity.q.length, lintrk.q.length, fbq.queue.length, Intercom.q.length]"


class Loaders:
    """The five vendors' hosts: each loader answered with its double, each call it sends recorded."""

    def __init__(self, context):
        self.requests, self.calls = [], {vendor: [] for vendor in LOADERS}
        context.route(VENDOR_HOSTS, self.answer)

    def answer(self, route, request):
        self.requests.append(request.url)
        for vendor, (url, name, into, to) in LOADERS.items():
            if request.url == url:
                return route.fulfill(content_type="text/javascript", body=LOADER % json.dumps([name, into, to])[1:-1])
            if request.url.startswith(to + "?"):
                query = parse_qs(urlsplit(request.url).query)
                self.calls[vendor].append((int(query["n"][0]), json.loads(query["call"][0])))
        route.fulfill(status=204)

    def received(self, vendor):
        return [call for _, call in sorted(self.calls[vendor])]

    def wait_for(self, page, expected):
        for _ in range(100):
            if all(len(self.calls[vendor]) >= len(calls) for vendor, calls in expected.items()):
                break
            page.wait_for_timeout(100)
        return {vendor: self.received(vendor) for vendor in expected}


@pytest.fixture
def loaders(context, cio):  # cio: every other non-local request is aborted
    return Loaders(context)


@pytest.fixture
def shop(build, written_page):
    dist = build(CONFIG)
    return written_page("function-queues.html", f"""<!doctype html><html lang="en"><head>
<script src="{dist}/consent.js"></script>
<script>{BEFORE_SNIPPETS}</script>
<script type="text/plain" data-cmp-category="analytics">{HOTJAR}</script>
<script type="text/plain" data-cmp-category="marketing">{LINKEDIN}</script>
<script>{CLARITY}</script>
<script>{META}</script>
<script>{INTERCOM}</script>
<script>{AFTER_SNIPPETS}</script>
</head><body><p>Plans</p></body></html>""")


def test_before_consent_every_call_waits_in_the_function_s_own_queue_and_no_loader_is_requested(page, loaders, shop):
    page.goto(shop)
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    page.wait_for_function("document.readyState === 'complete'")  # Intercom's snippet creates its loader on load
    page.wait_for_timeout(300)
    assert loaders.requests == []
    assert page.evaluate(QUEUED) == [2, 1, 2, 3, 1]
    assert page.evaluate("[hj.q[0].length, hj.q[0][1], lintrk.q[1]]") == [2, "pricing_seen", ["track", {"conversion_id": 2}]]
    assert page.evaluate("fbq.loaded === true && typeof Intercom.c") == "function"  # the snippets' own stubs


def test_accepting_releases_each_loader_and_it_gets_every_call_in_the_order_made(page, loaders, shop, cmp_visitor):
    page.goto(shop)
    page.wait_for_function("document.readyState === 'complete'")
    cmp_visitor.accept_all()
    assert loaders.wait_for(page, RECEIVED) == RECEIVED
    page.evaluate("hj('event', 'after'); fbq('track', 'Lead')")
    after = loaders.wait_for(page, {"hotjar": [*RECEIVED["hotjar"], ["event", "after"]],
                                    "metapixel": [*RECEIVED["metapixel"], ["track", "Lead"]]})
    assert after["hotjar"][-1] == ["event", "after"] and after["metapixel"][-1] == ["track", "Lead"]
    assert [url for url, *_ in LOADERS.values() if loaders.requests.count(url) != 1] == []  # each loaded once


def test_rejecting_empties_every_queue_and_nothing_is_requested_all_visit(page, loaders, shop, cmp_visitor):
    page.goto(shop)
    page.wait_for_function("document.readyState === 'complete'")
    cmp_visitor.reject_all()
    page.evaluate(AFTER_SNIPPETS)
    page.wait_for_timeout(800)
    assert loaders.requests == []
    assert page.evaluate(QUEUED) == [0, 0, 0, 0, 0]  # dropped, and nothing more is kept


def test_a_grant_after_a_refusal_sends_only_the_calls_made_after_it(page, loaders, shop, cmp_visitor):
    page.goto(shop)
    page.wait_for_function("document.readyState === 'complete'")
    cmp_visitor.reject_all()
    page.evaluate(AFTER_SNIPPETS)
    page.evaluate("cmp.acceptAll()")
    page.wait_for_function("cmp.getConsent().marketing === true")
    page.evaluate("hj('event', 'granted'); clarity('event', 'granted'); lintrk('track', {conversion_id: 3});"
                  "fbq('track', 'Lead'); Intercom('trackEvent', 'granted')")
    expected = {"hotjar": [["event", "granted"]], "clarity": [["event", "granted"]],
                "linkedin": [["track", {"conversion_id": 3}]], "metapixel": [["track", "Lead"]],
                "intercom": [["trackEvent", "granted"]]}
    assert loaders.wait_for(page, expected) == expected
