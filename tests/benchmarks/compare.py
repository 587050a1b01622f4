"""Benchmark (not a test): this consent manager against three open-source anchors, on one page.

    python tests/benchmarks/compare.py [--runs 7] [--out tests/benchmarks/results/compare]

Needs what `make test` sets up (Playwright, `npm ci` with the anchors and the Customer.io SDK, a
Chromium at /usr/bin/chromium or $CMP_CHROMIUM) and uses dist/ as it is (no build). A run of 7 takes
about 5 minutes on 2 cores; it writes <out>.json (every sample) and <out>.md (the table it prints).

The same product page (compare_pages/page.html, with Customer.io's CDP snippet and two calls made
before any consent: identify and track) is served in five variants, each installed the way its
documentation says:

- none: no consent manager;
- cmp: this project, `<script src="/dist/consent.js">` first in <head>, the page unchanged;
- cookieconsent: vanilla-cookieconsent v3, its CSS in <head> and a module at the end of <body>
  (compare_pages/cookieconsent-config.js); the snippet as `<script type="text/plain" data-category="marketing">`;
- klaro: klaro's config and dist/klaro.js, both `defer`, in <head> (compare_pages/klaro-config.js); the
  snippet as `<script type="text/plain" data-type="text/javascript" data-name="customerio">`;
- yett: `window.YETT_BLACKLIST = [/customer\\.io/]` and yett first in <head>, the snippet unchanged.
  yett has no banner and no storage: "accept" is `yett.unblock()`, remembered in a cookie that one
  line of page code, right after yett, reads to unblock at start on the next visit.

Every variant is loaded in one headless Chromium, round-robin, in four flows per run:

- cold: a fresh browser context; load 1 is a first visit (undecided), then accept, then load 2 is a
  returning visitor (decision stored, HTTP cache warm);
- warm: a fresh context loaded twice undecided; load 3 is measured as a first visit, then accept, then
  load 4 is a returning visitor (HTTP cache and V8 code cache warm);
- reject: a fresh context, a first visit that ends in "reject all";
- customize: a fresh context, a first visit whose visitor opens the preferences from the banner
  (cmp's "Customize", CookieConsent's "Manage preferences", Klaro's "Let me choose"): the time until
  they are visible.

After each decision the page is given 1 s; what the CMP fetched and its blocking time are then
counted over the whole page view (so a CMP that downloads more once the visitor chooses pays for it).

Pages and files come from a local server (the HTML `no-store`, JS and CSS `max-age=3600`). The
Customer.io hosts are answered by heldback.testing.sandbox.Sandbox (the real `@customerio/cdp-analytics-browser`
from node_modules) through the DevTools Protocol's Fetch domain, not Playwright's routing, which would
turn the HTTP cache off. Times in the page are recorded by compare_pages/probe.js, in the page's own
clock; the accept click and the arrival of events at Customer.io are compared in wall-clock time.
"""

import argparse
import base64
import datetime
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from heldback.configuration.catalog import CUSTOMERIO  # noqa: E402
from heldback.testing.customerio import event_of  # noqa: E402
from heldback.testing.sandbox import Sandbox  # noqa: E402

PAGES = Path(__file__).resolve().parent / "compare_pages"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SETTLE_MS = 1000  # long tasks are counted until load + this
QUEUED = ("page", "identify", "track")  # the page's own Customer.io calls: the snippet's page() and the two in <body>


@dataclass
class Variant:
    name: str
    head: str = ""  # where the consent manager goes: first in <head>
    snippet_attributes: str = ""  # what the Customer.io snippet's <script> tag needs to be held
    body_end: str = ""
    files: dict = field(default_factory=dict)  # URL path -> file: what the consent manager adds to the page
    blocking: str | None = None  # URL path of the CMP file the first page script waits for (none when deferred)
    banner: str = "null"  # JS expression: the banner element, or null
    accept_click: str | None = None  # Playwright selector of the "accept all" button
    accept_js: str | None = None  # ... or what "accept" is, run in the page
    reject_click: str | None = None  # ... of the banner's "reject all"
    customize_click: str | None = None  # ... of the banner's way to the preferences
    preferences: str = "null"  # JS expression: the preferences element once open, or null


def npm(path):
    return ROOT / "node_modules" / path


VARIANTS = [
    Variant("none"),
    Variant(
        "cmp",
        head='<script src="/dist/consent.js"></script>\n',
        files={f"/dist/{path.name}": path for path in sorted((ROOT / "dist").glob("*.js"))},  # stage 1 requests what it needs
        blocking="/dist/consent.js",
        banner="document.querySelector('[data-cmp-root]')?.shadowRoot?.querySelector('[data-cmp-banner]:not([hidden])')",
        accept_click='[data-cmp-banner] [data-cmp-action="accept-all"]',  # Playwright's CSS pierces the open shadow root
        reject_click='[data-cmp-banner] [data-cmp-action="reject-all"]',
        customize_click='[data-cmp-banner] [data-cmp-action="customize"]',
        preferences="document.querySelector('[data-cmp-root]')?.shadowRoot?.querySelector('[data-cmp-preferences]:not([hidden])')",
    ),
    Variant(
        "cookieconsent",
        head='<link rel="stylesheet" href="/npm/vanilla-cookieconsent/dist/cookieconsent.css">\n',
        snippet_attributes=' type="text/plain" data-category="marketing"',
        body_end='<script type="module" src="/bench/cookieconsent-config.js"></script>\n',
        files={
            "/npm/vanilla-cookieconsent/dist/cookieconsent.css": npm("vanilla-cookieconsent/dist/cookieconsent.css"),
            "/bench/cookieconsent-config.js": PAGES / "cookieconsent-config.js",
            "/npm/vanilla-cookieconsent/dist/cookieconsent.umd.js": npm("vanilla-cookieconsent/dist/cookieconsent.umd.js"),
        },
        blocking="/npm/vanilla-cookieconsent/dist/cookieconsent.css",  # a stylesheet holds the scripts after it
        banner="document.querySelector('#cc-main .cm')",
        accept_click='#cc-main .cm [data-role="all"]',
        reject_click='#cc-main .cm [data-role="necessary"]',
        customize_click='#cc-main .cm [data-role="show"]',  # "Manage preferences"
        preferences="document.querySelector('#cc-main .pm')",
    ),
    Variant(
        "klaro",
        head='<script defer src="/bench/klaro-config.js"></script>\n<script defer src="/npm/klaro/dist/klaro.js"></script>\n',
        snippet_attributes=' type="text/plain" data-type="text/javascript" data-name="customerio"',
        files={"/bench/klaro-config.js": PAGES / "klaro-config.js", "/npm/klaro/dist/klaro.js": npm("klaro/dist/klaro.js")},
        banner="document.querySelector('.klaro .cookie-notice:not(.cookie-notice-hidden)')",
        accept_click=".klaro .cookie-notice .cm-btn-success",
        reject_click=".klaro .cookie-notice .cn-decline",
        customize_click=".klaro .cookie-notice .cn-learn-more",  # "Let me choose"
        preferences="document.querySelector('.klaro .cookie-modal')",
    ),
    Variant(
        "yett",
        head="<script>window.YETT_BLACKLIST = [/customer\\.io/];</script>\n"
             '<script src="/npm/yett/dist/yett.min.js"></script>\n'
             "<script>if (/(^|; )yett_consent=1/.test(document.cookie)) yett.unblock();</script>\n",
        files={"/npm/yett/dist/yett.min.js": npm("yett/dist/yett.min.js")},
        blocking="/npm/yett/dist/yett.min.js",
        accept_js="__bench.clickAt = performance.timeOrigin + performance.now();"
                  " document.cookie = 'yett_consent=1; path=/; max-age=15724800'; yett.unblock();",
    ),
]


def page_html(variant):
    snippet = (PAGES / "cdp_snippet.html").read_text().replace("{{snippet_attributes}}", variant.snippet_attributes)
    html = (PAGES / "page.html").read_text()
    return html.replace("{{cmp_head}}", variant.head).replace("{{snippet}}", snippet).replace("{{cmp_body_end}}", variant.body_end)


def gzip_size(url, body):
    """Bytes of `gzip -9 -c FILE` (as README.md and research/anchors.md measure them)."""
    return len(gzip.compress(body, 9, mtime=0)) + len(url.rsplit("/", 1)[-1]) + 1  # + the file name gzip stores


# ----------------------------------------------------------------------------------------------
# The local server and the Customer.io stand-in


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves FILES (path -> (body, content type, Cache-Control)); keep-alive, no Nagle delay."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # without TCP_NODELAY every response body stalls ~40 ms on loopback
    files = {}
    missing = set()  # paths asked for and not served: reported, they would falsify a variant

    def do_GET(self):
        entry = self.files.get(self.path.split("?")[0])
        if entry is None:
            self.missing.add(self.path)
        body, content_type, cache = entry or (b"not found", "text/plain", "no-store")
        self.send_response(200 if entry else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve():
    """Start the server; returns it, its base URL and the gzip size of every file a CMP adds (as served:
    dist/ is read once, at start)."""
    files, sizes = {}, {}
    for variant in VARIANTS:
        files[f"/{variant.name}.html"] = (page_html(variant).encode(), "text/html; charset=utf-8", "no-store")
        for url, path in variant.files.items():
            body = path.read_bytes()
            files[url] = (body, "text/css" if url.endswith(".css") else "text/javascript", "max-age=3600")
            sizes[url] = gzip_size(url, body)
    Handler.files = files
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", sizes


CIO_HOSTS = re.compile(r"^https?://([^/]+\.)?(" + "|".join(re.escape(h) for h in CUSTOMERIO.hosts) + r")(:\d+)?/")


class CustomerIO:
    """Answers one page's Customer.io requests with the sandbox, through the DevTools Protocol.

    Fetch.enable intercepts the Customer.io hosts and any other https URL (aborted: nothing leaves the
    machine); the local http server is not intercepted, so its responses stay cacheable. `events`
    holds (wall-clock ms of arrival, type) for every event the SDK sent.
    """

    def __init__(self, context, page, sandbox):
        self.sandbox = sandbox
        self.events = []
        self.aborted = []  # other non-local URLs (none expected)
        self.cdp = context.new_cdp_session(page)
        self.cdp.on("Fetch.requestPaused", self._paused)
        patterns = [f"*://{prefix}{host}/*" for host in CUSTOMERIO.hosts for prefix in ("", "*.")] + ["https://*"]
        self.cdp.send("Fetch.enable", {"patterns": [{"urlPattern": pattern} for pattern in patterns]})

    def _paused(self, event):
        arrived = time.time() * 1000
        request = event["request"]
        if not CIO_HOSTS.match(request["url"]):
            self.aborted.append(request["url"])
            self.cdp.send("Fetch.failRequest", {"requestId": event["requestId"], "errorReason": "BlockedByClient"})
            return
        body = b"".join(base64.b64decode(entry.get("bytes", "")) for entry in request.get("postDataEntries", []))
        if not body and request.get("postData"):
            body = request["postData"].encode()
        if sent := event_of(request["method"], request["url"], body):
            self.events.append((arrived, sent["type"]))
        status, headers, answer = self.sandbox.respond(request["method"], request["url"], body)
        self.cdp.send("Fetch.fulfillRequest", {
            "requestId": event["requestId"], "responseCode": status,
            "responseHeaders": [{"name": name, "value": value} for name, value in headers.items()],
            "body": base64.b64encode(answer).decode()})

    def heap_mb(self):
        """JS heap in use after a forced garbage collection, MB."""
        self.cdp.send("HeapProfiler.collectGarbage")
        return self.cdp.send("Runtime.getHeapUsage")["usedSize"] / 1e6


# ----------------------------------------------------------------------------------------------
# One page view, one accept


COLLECT = """([files, settle]) => {
  const nav = performance.getEntriesByType('navigation')[0];
  const until = nav.loadEventEnd + settle;
  const tbt = __bench.longtasks.filter(([start]) => start < until)
    .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
  const fetched = performance.getEntriesByType('resource').filter((e) => files.includes(new URL(e.name).pathname))
    .map((e) => [new URL(e.name).pathname, e.transferSize, e.startTime, e.responseEnd]);
  return { first_script: window.__firstPageScript, banner: __bench.bannerAt, sdk_ready: __bench.sdkAt,
           dom_content_loaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, tbt,
           fetched: fetched.map(([path]) => path), from_cache: fetched.filter(([, size]) => size === 0).map(([path]) => path),
           response_end: Object.fromEntries(fetched.map(([path, , , end]) => [path, end])), errors: __bench.errors };
}"""

SETTLED = """([settle, banner, sdk]) => {
  const nav = performance.getEntriesByType('navigation')[0];
  return nav && nav.loadEventEnd > 0 && performance.now() >= nav.loadEventEnd + settle
    && (!banner || __bench.bannerAt !== null) && (!sdk || __bench.sdkAt !== null);
}"""


def collect(page, variant):
    sample = page.evaluate(COLLECT, [list(variant.files), SETTLE_MS])
    arrived = sample["response_end"].get(variant.blocking)
    sample["after_arrival"] = sample["first_script"] - arrived if arrived is not None else None
    return sample


def open_page(page, base, variant, settle=SETTLE_MS):
    """Load the variant's page and wait until load + settle ms and its banner is visible."""
    page.goto(f"{base}/{variant.name}.html")
    try:
        page.wait_for_function(SETTLED, arg=[settle, variant.banner != "null", False], polling=50, timeout=15000)
    except PlaywrightTimeout:
        pass  # recorded as a missing value (no banner)


def first_visit(page, base, variant, cio):
    open_page(page, base, variant)
    sample = collect(page, variant)
    sample["heap_mb"] = cio.heap_mb()
    return sample


def accept(page, variant, cio):
    """Accept all; returns the time from the click until the last of the page's Customer.io events
    arrived (wall clock), and which of them arrived."""
    if variant.accept_click is None and variant.accept_js is None:
        return {}
    cio.events.clear()
    if variant.accept_click:
        page.click(variant.accept_click)
    else:
        page.evaluate(variant.accept_js)
    deadline = time.time() + 4
    while time.time() < deadline:  # all three, or 600 ms of silence after the first
        page.wait_for_timeout(20)
        arrived = [t for t, kind in cio.events if kind in QUEUED]
        if len(arrived) >= len(QUEUED) or (arrived and time.time() * 1000 - max(arrived) > 600):
            break
    before = time.time() * 1000
    click_at, page_now = page.evaluate("[__bench.clickAt, performance.timeOrigin + performance.now()]")
    offset = page_now - (before + time.time() * 1000) / 2  # page wall clock minus Python's, ~0
    events = [(t, kind) for t, kind in cio.events if kind in QUEUED]
    return {
        "replay": max(t for t, _ in events) - (click_at - offset) if events and click_at else None,
        "delivered": [kind for _, kind in sorted(events)],
        "clock_offset": offset,
    }


AFTER = """([files, clickAt]) => {
  const since = clickAt - performance.timeOrigin;
  const tbt = __bench.longtasks.reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
  return { fetched: performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => files.includes(p)),
           tbt, tbt_after_click: __bench.longtasks.filter(([start]) => start >= since)
             .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0) };
}"""

PREFERENCES_SHOWN = """() => {
  const el = /*PREFERENCES*/;  // the variant's expression
  if (!el || el.getBoundingClientRect().height === 0 || !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
  window.__preferencesAt = performance.timeOrigin + performance.now();
  return true;
}"""


def after_decision(page, variant, cio):
    """Once the page has settled after the visitor's action (1 s): the CMP files it fetched in all,
    its total blocking time in all and after the click, the JS heap."""
    page.wait_for_timeout(SETTLE_MS)
    click_at = page.evaluate("__bench.clickAt")
    sample = page.evaluate(AFTER, [list(variant.files), click_at or 0])
    sample["heap_mb"] = cio.heap_mb()
    return sample


def reject(page, variant):
    if variant.reject_click:
        page.evaluate("__bench.clickAt = null")
        page.click(variant.reject_click)


def customize(page, variant):
    """Click the banner's way to the preferences: the time until they are visible (page clock, polled
    every frame)."""
    if not variant.customize_click:
        return {}
    page.evaluate("__bench.clickAt = null")
    page.click(variant.customize_click)
    try:
        page.wait_for_function(PREFERENCES_SHOWN.replace("/*PREFERENCES*/", variant.preferences), polling="raf",
                               timeout=10000)
    except PlaywrightTimeout:
        return {"preferences": None}
    shown, click_at = page.evaluate("[window.__preferencesAt, __bench.clickAt]")
    return {"preferences": shown - click_at}


def returning_visit(page, base, variant, cio):
    """A visitor who accepted before: load, wait until load + 1 s and the SDK is ready."""
    page.goto(f"{base}/{variant.name}.html")
    try:
        page.wait_for_function(SETTLED, arg=[SETTLE_MS, False, True], polling=50, timeout=10000)
    except PlaywrightTimeout:
        pass  # recorded as a missing value
    sample = collect(page, variant)
    sample["heap_mb"] = cio.heap_mb()
    return sample


def probed_page(browser, variant, sandbox):
    """A fresh context and page with the probe installed and Customer.io answered: (context, page, cio)."""
    context = browser.new_context()
    probe = (PAGES / "probe.js").read_text().replace("/*BANNER*/", variant.banner)
    context.add_init_script(probe.replace("/*HAS_BANNER*/", json.dumps(variant.banner != "null")))
    page = context.new_page()
    return context, page, CustomerIO(context, page, sandbox)


def run_flow(browser, base, variant, sandbox, warm):
    context, page, cio = probed_page(browser, variant, sandbox)
    if warm:
        for _ in range(2):  # loads 1 and 2, undecided: fill the HTTP cache and V8's code cache
            open_page(page, base, variant, settle=300)
    first = first_visit(page, base, variant, cio)
    first.update(accept(page, variant, cio))
    first["decided"] = after_decision(page, variant, cio)
    returning = returning_visit(page, base, variant, cio)
    returning["aborted"] = cio.aborted
    context.close()
    return first, returning


def run_choice_flow(browser, base, variant, sandbox, choice):
    """A first visit, cold, that ends in "reject" or opens the preferences ("customize")."""
    context, page, cio = probed_page(browser, variant, sandbox)
    sample = first_visit(page, base, variant, cio)
    if choice == "reject":
        reject(page, variant)
    else:
        sample.update(customize(page, variant))
    sample["decided"] = after_decision(page, variant, cio)
    context.close()
    return sample


# ----------------------------------------------------------------------------------------------
# Report


ROWS = [  # (label, flow, key, unit); "cold": first visit in a fresh context, "warm": its 3rd load
    ("first page script after the CMP tag, cold", "cold", "first_script", "ms"),
    ("first page script, warm", "warm", "first_script", "ms"),
    ("first page script minus the arrival of the CMP file it waits for, cold", "cold", "after_arrival", "ms"),
    ("banner visible, cold", "cold", "banner", "ms"),
    ("banner visible, warm", "warm", "banner", "ms"),
    ("load event, cold", "cold", "load", "ms"),
    ("total blocking time until load + 1 s, cold", "cold", "tbt", "ms"),
    ("total blocking time, warm", "warm", "tbt", "ms"),
    ("JS heap after GC at load + 1 s, cold", "cold", "heap_mb", "MB"),
    ("JS heap after GC, warm", "warm", "heap_mb", "MB"),
    ("accept click to the page's last event at Customer.io, cold", "cold", "replay", "ms"),
    ("accept click to last event, warm", "warm", "replay", "ms"),
    ("returning visitor: first page script (2nd load)", "cold-returning", "first_script", "ms"),
    ("returning visitor: first page script minus the CMP file's arrival", "cold-returning", "after_arrival", "ms"),
    ("returning visitor: Customer.io SDK ready (2nd load)", "cold-returning", "sdk_ready", "ms"),
    ("returning visitor: SDK ready (4th load, warm)", "warm-returning", "sdk_ready", "ms"),
    ("returning visitor: total blocking time (2nd load)", "cold-returning", "tbt", "ms"),
    ("returning visitor: JS heap after GC (2nd load)", "cold-returning", "heap_mb", "MB"),
    ("customize click to the preferences visible, cold", "customize", "preferences", "ms"),
    ("first visit ending in accept: total blocking time in all, cold", "cold", "decided.tbt", "ms"),
    ("first visit ending in reject: total blocking time in all, cold", "reject", "decided.tbt", "ms"),
    ("first visit ending in reject: JS heap after GC 1 s after the click, cold", "reject", "decided.heap_mb", "MB"),
    ("first visit opening the preferences: total blocking time after the click, cold", "customize", "decided.tbt_after_click", "ms"),
]
FLOWS = ("cold", "warm", "reject", "customize")  # and cold-returning, warm-returning
DECIDED = (("first visit ending in accept", "cold"), ("first visit ending in reject", "reject"),
           ("first visit opening the preferences", "customize"))


def value(sample, key):
    """sample[key], where "a.b" is sample[a][b]."""
    for part in key.split("."):
        sample = sample.get(part) if isinstance(sample, dict) else None
    return sample


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def quartiles(values):
    values = [v for v in values if v is not None]
    return statistics.quantiles(values, n=4)[::2] if len(values) > 1 else None


def summarize(samples, sizes):
    """Per variant: gzip bytes of the CMP files the page requested, and the median of every row."""
    summary = {}
    for variant in VARIANTS:
        runs = samples[variant.name]
        first, returning = runs["cold"][0]["fetched"], runs["cold-returning"][0]["fetched"]
        accepted = [s for s in runs["cold"] + runs["warm"] if "delivered" in s]
        row = {"bytes_first": sum(sizes[url] for url in first), "files_first": first,
               "bytes_returning": sum(sizes[url] for url in returning), "files_returning": returning,
               **{f"files_{flow}": runs[flow][0]["decided"]["fetched"] for _, flow in DECIDED},
               **{f"bytes_{flow}": sum(sizes[url] for url in runs[flow][0]["decided"]["fetched"]) for _, flow in DECIDED},
               "delivered": median(len(s["delivered"]) for s in accepted) if accepted else None,
               "errors": sorted({error for s in runs["cold"] for error in s["errors"]})}
        for _, flow, key, _ in ROWS:
            row[f"{flow}.{key}"] = median(value(s, key) for s in runs[flow])
            row[f"{flow}.{key}.quartiles"] = quartiles(value(s, key) for s in runs[flow])
        summary[variant.name] = row
    return summary


def fmt(value, unit):
    if value is None:
        return "n/a"
    return f"{value:.2f}" if unit == "MB" else f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def compare(ours, theirs, unit):
    """"2.31x (+120 ms)"; only the difference when theirs is about zero."""
    if ours is None or theirs is None:
        return "n/a"
    delta = ours - theirs
    difference = f"{'+' if delta >= 0 else '-'}{fmt(abs(delta), unit)} {unit}"
    return f"{ours / theirs:.2f}x ({difference})" if theirs > 0.5 else difference


def table(header, rows):
    return [f"| {' | '.join(header)} |", "|---" * len(header) + "|"] + [f"| {' | '.join(row)} |" for row in rows]


def markdown(summary, samples, meta):
    names = [v.name for v in VARIANTS]
    anchors = [n for n in names if n not in ("none", "cmp")]
    files = lambda n, key: ", ".join(url.rsplit("/", 1)[-1] for url in summary[n][key]) or "none"  # noqa: E731
    rows = [["CMP files, first visit (KB gzip -9)"] + [fmt(summary[n]["bytes_first"] / 1000, "KB") for n in names],
            *[[f"CMP files, {label} (KB gzip -9)"] + [fmt(summary[n][f"bytes_{flow}"] / 1000, "KB") for n in names]
              for label, flow in DECIDED],
            ["CMP files, returning visit (KB gzip -9)"] + [fmt(summary[n]["bytes_returning"] / 1000, "KB") for n in names]]
    def cell(n, flow, key, unit):  # median (first to third quartile)
        spread = summary[n][f"{flow}.{key}.quartiles"]
        spread = f" ({fmt(spread[0], unit)}-{fmt(spread[1], unit)})" if spread and unit == "ms" and spread[1] > spread[0] else ""
        return fmt(summary[n][f"{flow}.{key}"], unit) + spread

    rows += [[f"{label} ({unit})"] + [cell(n, flow, key, unit) for n in names] for label, flow, key, unit in ROWS]
    rows.append(["page's Customer.io calls delivered after accept (of 3)"]
                + ["n/a" if summary[n]["delivered"] is None else f"{summary[n]['delivered']:.0f}" for n in names])
    ours = summary["cmp"]
    versus = [[label] + ["n/a"] + [compare(ours[key] / 1000, summary[a][key] / 1000, "KB") for a in anchors]
              for label, key in (("CMP files, first visit", "bytes_first"),
                                 *((f"CMP files, {label}", f"bytes_{flow}") for label, flow in DECIDED),
                                 ("CMP files, returning visit", "bytes_returning"))]
    versus += [[label] + [compare(ours[f"{flow}.{key}"], summary[other][f"{flow}.{key}"], unit) for other in ["none", *anchors]]
               for label, flow, key, unit in ROWS]
    lines = [f"Medians of {meta['runs']} interleaved runs, {meta['date']}, Chromium {meta['chromium']} headless, {meta['machine']}; "
             + ", ".join(f"{name} {version}" for name, version in meta["versions"].items()) + ".", ""]
    lines += ["Median (first to third quartile) per variant.", ""] + table(["metric", *names], rows)
    lines += ["", "cmp against each: ratio (difference).", ""]
    lines += table(["metric", "vs none", *(f"vs {a}" for a in anchors)], versus)
    lines += ["", "Files requested, first visit (returning visit): "
              + "; ".join(f"{n}: {files(n, 'files_first')} ({files(n, 'files_returning')})" for n in names) + "."]
    lines += [f"Files requested, {label}: " + "; ".join(f"{n}: {files(n, f'files_{flow}')}" for n in names) + "."
              for label, flow in DECIDED]
    if meta["not_found"]:
        lines.append(f"Not found on the local server (a variant is incomplete): {', '.join(meta['not_found'])}.")
    for n in names:
        if aborted := sorted({url for s in samples[n]["cold-returning"] + samples[n]["warm-returning"] for url in s["aborted"]}):
            lines.append(f"Requests aborted with {n} (not local, not Customer.io): {', '.join(aborted)}.")
        if summary[n]["errors"]:
            lines.append(f"Page errors with {n}: {'; '.join(summary[n]['errors'])}.")
    return "\n".join(lines) + "\n"


def versions():
    read = lambda path: json.loads((ROOT / "node_modules" / path / "package.json").read_text())["version"]  # noqa: E731
    return {"vanilla-cookieconsent": read("vanilla-cookieconsent"), "klaro": read("klaro"), "yett": read("yett"),
            "@customerio/cdp-analytics-browser": read("@customerio/cdp-analytics-browser")}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "tests/benchmarks/results/compare"), help="path without extension")
    args = parser.parse_args()

    server, base, sizes = serve()
    sandbox = Sandbox()
    samples = {v.name: {"cold": [], "cold-returning": [], "warm": [], "warm-returning": [], "reject": [], "customize": []}
               for v in VARIANTS}
    started = time.time()
    load_before = os.getloadavg()[0]
    if load_before > 1:
        print(f"warning: load average {load_before:.1f} on {os.cpu_count()} cores: other work will show in the timings", file=sys.stderr)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CMP_CHROMIUM") or shutil.which("chromium"), args=ARGS)
        for variant in VARIANTS:  # warm-up, not recorded: the browser's own first-use costs
            context = browser.new_context()
            context.new_page().goto(f"{base}/{variant.name}.html")
            context.close()
        for run in range(args.runs):
            order = VARIANTS[run % len(VARIANTS):] + VARIANTS[:run % len(VARIANTS)]  # no variant always goes first
            for flow in FLOWS:
                for variant in order:
                    if flow in ("reject", "customize"):
                        samples[variant.name][flow].append(run_choice_flow(browser, base, variant, sandbox, flow))
                        continue
                    first, returning = run_flow(browser, base, variant, sandbox, warm=flow == "warm")
                    samples[variant.name][flow].append(first)
                    samples[variant.name][f"{flow}-returning"].append(returning)
            print(f"run {run + 1}/{args.runs} done, {time.time() - started:.0f} s", file=sys.stderr)
        chromium = browser.version
        browser.close()
    server.shutdown()

    meta = {"runs": args.runs, "date": datetime.date.today().isoformat(), "chromium": chromium,
            "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}", "versions": versions(),
            "seconds": round(time.time() - started),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)], "not_found": sorted(Handler.missing)}
    summary = summarize(samples, sizes)
    table = markdown(summary, samples, meta)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps({"meta": meta, "gzip_bytes": sizes, "summary": summary, "samples": samples}, indent=1))
    out.with_suffix(".md").write_text(table)
    print(table)


if __name__ == "__main__":
    main()
