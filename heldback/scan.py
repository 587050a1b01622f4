"""``python -m heldback scan URL``: what a page does with a new visitor's privacy, before and after a choice.

Three fresh visitors in headless Chromium: one who does nothing, one who accepts all and one who
rejects all (through the consent manager's DOM contract, ``data-cmp-action``; a page without one is
only scanned before consent). Each moves, scrolls and presses a key, chooses, and then leaves the page.
Every request of the visit counts: the page's and its frames', those of frames of other sites, of
workers and service workers, WebSockets, and beacons sent as the page is left; the browser does not
announce itself as automated. Every request, cookie and storage key is classified with the vendors
of the config: a known vendor, first party (the same site, by the Public Suffix List), or an unknown
third party. The scan fails (exit 1) when a known vendor was contacted or stored something before
consent or after a refusal, and with --strict also when an unknown third party was contacted before
consent (else a warning); the JSON and HTML reports say what, when, from which tag, and for a tag in
the page's markup, how to hold it.
"""

import html
import ipaddress
import json
import os
import shutil
import tempfile
import time
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from heldback.core import consent_record, receipts
from heldback.core.policy import matches
from heldback.configuration.catalog import CATALOG
from heldback.urls import vendor_of

# navigator.webdriver stays false, as in a visitor's browser (the user agent says Chrome, not HeadlessChrome:
# visitor_agent), so that a page that hides from automation shows the scan what it does to visitors
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-blink-features=AutomationControlled"]
ACTIONS = {"accept": "accept-all", "reject": "reject-all"}
OURS = (consent_record.COOKIE, receipts.KEY)  # what this consent manager itself stores


class ScanError(Exception):
    pass


def scan(url, config, wait_ms=2000, crawl=1):
    """The scan of ``url`` as plain data (see write_json); ``wait_ms``: how long to watch after load,
    after a click and after leaving the page; ``crawl``: how many pages of the site to scan, following
    its links from ``url`` (breadth first). Each page is in ``pages``; ``phases`` and ``cmp_found`` are
    the first page's; ``leaks`` and ``third_parties`` are all pages', each naming its page."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ScanError("the scan needs Playwright: pip install 'heldback[scan]' (in a checkout: pip install '.[scan]')") from None
    classify = Classifier(url, config)
    scanned_at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    pages, queue, queued = [], [url], {url.split("#")[0]}
    with sync_playwright() as playwright:
        executable = os.environ.get("CMP_CHROMIUM") or shutil.which("chromium")

        def launch(*args):
            return playwright.chromium.launch(args=[*CHROMIUM_ARGS, *args], **({"executable_path": executable} if executable else {}))

        while queue and len(pages) < crawl:
            page_url = queue.pop(0)
            try:
                page = scan_page(launch, page_url, wait_ms, classify)
            except PlaywrightError as error:
                raise ScanError(f"{page_url}: {error.message.splitlines()[0]}") from None
            for link in page.pop("links"):
                link = link.split("#")[0]
                if link.startswith(("http://", "https://")) and classify.request(link) == "first party" \
                        and link not in queued:
                    queued.add(link)
                    queue.append(link)
            pages.append(page)
    first = pages[0]
    return {"url": url, "scanned_at": scanned_at, "phases": first["phases"], "cmp_found": first["cmp_found"],
            "leaks": [{**leak, "page": page["url"]} for page in pages for leak in page["leaks"]],
            "third_parties": [{**t, "page": page["url"]} for page in pages for t in page["third_parties"]],
            "pages": pages}


def visitor_agent(browser):
    """The browser's user agent as a visitor's Chromium sends it (headless Chromium says HeadlessChrome)."""
    page = browser.new_page()
    try:
        return page.evaluate("navigator.userAgent").replace("HeadlessChrome/", "Chrome/")
    finally:
        page.close()


def scan_page(launch, url, wait_ms, classify):
    """One page: a visitor who does nothing, then (if there is a banner) one who accepts and one who rejects."""
    result = {"url": url, "phases": {}}
    for phase in ("before", "accept", "reject"):
        observed = visit(launch, url, ACTIONS.get(phase), wait_ms, classify)
        result["phases"][phase] = observed
        if phase == "before":
            result["cmp_found"] = observed.pop("cmp_found")
            result["links"] = observed.pop("links")
            if not result["cmp_found"]:
                break
        else:
            observed.pop("cmp_found")
            observed.pop("links")
    result["leaks"] = leaks(result)
    result["third_parties"] = third_parties(result)
    return result


def visit(launch, url, action, wait_ms, classify):
    """One new visitor, in a browser of its own: loads the page, moves, scrolls and presses a key, makes
    its choice (``action``), then leaves the page. Requests before the choice and after it (leaving
    included: beacons sent at pagehide), cookies and storage before leaving."""
    with tempfile.TemporaryDirectory(prefix="heldback-scan-") as folder:
        net_log = Path(folder) / "net-log.json"
        browser = launch(f"--log-net-log={net_log}")
        try:
            context = browser.new_context(user_agent=visitor_agent(browser))
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            requests = Requests(classify, url)
            cdp.on("Network.requestWillBeSent", lambda event: requests.from_page(
                event["request"]["url"], event.get("type", "Other"), event.get("initiator", {})))
            cdp.on("Network.webSocketCreated", lambda event: requests.from_page(
                event["url"], "WebSocket", event.get("initiator", {})))
            context.on("request", requests.from_context)
            page.on("websocket", lambda socket: requests.from_context_socket(socket.url))
            page.goto(url, wait_until="load")
            interact(page)
            page.wait_for_timeout(wait_ms)
            found = page.locator("[data-cmp-action='accept-all']").count() > 0
            links = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")  # as the browser resolved them
            before_stored = stored(context, page, classify)
            after_stored = chosen = None
            if action and found:
                chosen = requests.ms()
                page.locator(f"[data-cmp-banner] [data-cmp-action='{action}']").first.click()
                page.wait_for_timeout(wait_ms)
                try:
                    page.wait_for_load_state("load")
                except Exception:
                    pass
                after_stored = stored(context, page, classify)
            requests.left = requests.ms()
            page.goto("about:blank")  # the visitor leaves: pagehide, visibilitychange, fetchLater
            page.wait_for_timeout(wait_ms)
            context.close()
        finally:
            browser.close()
        requests.from_network_log(net_log)
    sent = requests.all()
    observed = {"cmp_found": found, "links": links, "before_choice": {
        "requests": [r for r in sent if chosen is None or r["ms"] < chosen], **before_stored}}
    if after_stored is not None:
        observed["after_choice"] = {"requests": [r for r in sent if r["ms"] >= chosen], **after_stored}
    return observed


def interact(page):
    """What a visitor does first, which some tags wait for: moves the pointer across the page (over a
    frame it would be the frame's), scrolls to the end, presses a key."""
    size = page.viewport_size or {"width": 800, "height": 600}
    page.mouse.move(5, 5)
    page.mouse.move(size["width"] - 5, size["height"] - 5, steps=8)
    page.mouse.wheel(0, page.evaluate("document.documentElement.scrollHeight"))
    page.keyboard.press("Shift")


class Requests:
    """What the browser sent during one visit, in order. The page's own session (the DevTools Protocol)
    says which tag made each request; the context (Playwright) also sees what that session does not:
    frames of other sites (their own process), workers, service workers, WebSockets opened by workers;
    Chromium's network log also holds what the page sent as it was left (a beacon at pagehide goes
    after the page and its sessions are gone). A request seen more often by the context than by the
    page, or by the network log than by both, is one of those."""

    def __init__(self, classify, page_url):
        self.classify, self.page_url = classify, page_url
        self.started = time.time()
        self.left = None  # ms when the visitor left the page
        self.page, self.context, self.network = [], [], []

    def ms(self, at=None):
        return round(((time.time() if at is None else at) - self.started) * 1000)

    def from_page(self, url, kind, info):
        if url.startswith(("http://", "https://", "ws://", "wss://")):
            self.page.append(self.entry(url, kind, initiator(info), info.get("type") == "parser"))

    def from_context(self, request):
        try:
            frame = request.frame
            source = f"a worker of {frame.url}" if frame.parent_frame is None else f"a frame of {frame.url}"
        except Exception:  # Playwright: "Service Worker requests do not have an associated frame"
            source = "a service worker"
        self.context.append(self.entry(request.url, request.resource_type, source, False))

    def from_context_socket(self, url):
        self.context.append(self.entry(url, "WebSocket", "a worker's WebSocket", False))

    def from_network_log(self, path):
        for url, at in network_log(path):
            ms = self.ms(at)
            source = ("the page as the visitor left it (a beacon)" if self.left is not None and ms >= self.left
                      else "the browser's network log (no page session saw it)")
            self.network.append({**self.entry(url, "Other", source, False), "ms": ms})

    def entry(self, url, kind, source, markup):
        return {"url": url, "ms": self.ms(), "type": kind, "from": source, "markup": markup,
                "party": self.classify.request(url)}

    def all(self):
        """The page's requests, and those only the context or the network log saw, by time."""
        seen = []
        for extra in (self.context, self.network):
            unmatched = {}
            for request in self.page + seen:
                unmatched[request["url"]] = unmatched.get(request["url"], 0) + 1
            for request in extra:
                if unmatched.get(request["url"]):
                    unmatched[request["url"]] -= 1
                elif request["url"].startswith(("http://", "https://", "ws://", "wss://")):
                    seen.append(request)
        return sorted(self.page + seen, key=lambda request: request["ms"])


def network_log(path):
    """(url, seconds since the epoch) of each request a page, frame or worker made, from Chromium's
    network log (--log-net-log); the browser's own requests (no initiating origin) are left out. A
    log cut short (the browser crashed) is read as far as it goes; one that cannot be read fails the
    scan, which must not pass a page on what it did not see."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ScanError(f"Chromium wrote no network log ({error.strerror}): the scan cannot see every request") from None
    try:
        log = json.loads(text)
    except ValueError:
        try:
            log = json.loads(text.rstrip().rstrip(",") + "]}")
        except ValueError:
            raise ScanError(f"Chromium's network log could not be read ({len(text)} bytes): the scan cannot see every request") from None
    try:
        start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        offset = int(log["constants"]["timeTickOffset"])
        sent = [(event["params"]["url"], (int(event["time"]) + offset) / 1000) for event in log["events"]
                if event["type"] == start_job and "url" in event.get("params", {})
                and event["params"].get("initiator", "not an origin") != "not an origin"]
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ScanError("Chromium's network log could not be read (not in the form the scan knows): "
                        "the scan cannot see every request") from None
    return sent


def initiator(info):
    """Which tag made a request: the script (and line) on top of the initiating stack, else the parser."""
    for frame in (info.get("stack") or {}).get("callFrames", []):
        if frame.get("url"):
            return f"{frame['url']}:{frame.get('lineNumber', 0) + 1}"
    if info.get("url"):
        return f"{info['url']}:{info.get('lineNumber', 0) + 1}" if "lineNumber" in info else info["url"]
    return info.get("type", "other")


def stored(context, page, classify):
    cookies = [{"name": c["name"], "domain": c["domain"], "party": classify.stored(c["name"], "cookie", c["domain"])}
               for c in context.cookies()]
    try:
        keys = page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]")
    except Exception:
        keys = [[], []]
    storage = [{"name": key, "area": area, "party": classify.stored(key, "local")}
               for area, names in zip(("localStorage", "sessionStorage"), keys) for key in names]
    return {"cookies": cookies, "storage": storage}


class Classifier:
    """Who a request, cookie or storage key belongs to: a vendor of the config, a necessary vendor
    (never held), the site, a catalog vendor the config does not name, or an unknown third party."""

    def __init__(self, url, config):
        self.site = registrable(urlsplit(url).hostname or "")
        self.vendors = config.vendors
        self.necessary = config.necessary_vendors
        named = {vendor["key"] for vendor in config.vendors + config.necessary_vendors}
        self.catalog = [{"key": v.key, "hosts": v.hosts, "necessary": v.category == "necessary"}
                        for v in CATALOG.values() if v.key not in named]

    def request(self, url):
        """"vendor:<key>", "necessary:<key>", "first party", "catalog:<key>" or "third party (unknown)"."""
        if vendor := vendor_of(url, self.vendors):
            return f"vendor:{vendor['key']}"
        if vendor := vendor_of(url, self.necessary):
            return f"necessary:{vendor['key']}"
        if registrable(urlsplit(url).hostname or "") == self.site:
            return "first party"
        if vendor := vendor_of(url, self.catalog):
            return f"{'necessary' if vendor['necessary'] else 'catalog'}:{vendor['key']}"
        return "third party (unknown)"

    def stored(self, name, kind, domain=""):
        """A cookie (with its domain) or storage key: a config vendor's by name; a catalog vendor's
        only by its cookie's domain (names such as "fr" or "PREF" are too common to tell)."""
        if name in OURS:
            return "consent manager"
        for vendor in self.vendors:
            for item in vendor["stored"]:
                if (item["kind"] == "cookie") == (kind == "cookie") and matches(item["name"], name):
                    return f"vendor:{vendor['key']}"
        if domain and (party := self.request(f"https://{domain.lstrip('.')}/")).startswith(("catalog:", "vendor:")):
            return party
        return "first party or unknown"


def registrable(host):
    """The site of a host name by the Public Suffix List (shop.example.co.uk: example.co.uk); an IP
    address or a name the list does not know (localhost) is its own site."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        return public_suffixes().privatesuffix(host) or host


@cache
def public_suffixes():
    try:
        from publicsuffixlist import PublicSuffixList
    except ImportError:
        raise ScanError("the scan needs publicsuffixlist: pip install 'heldback[scan]' (in a checkout: pip install '.[scan]')") from None
    return PublicSuffixList()  # the copy of the list the package ships: no download


NOT_IN_CONFIG_FIX = ("a vendor of the catalog that the config does not name, so nothing holds it: name it in the "
                     "config (vendors = [...], or scan --write-config) and build again")
MARKUP_FIX = ("a tag in the page's markup: the browser fetches it before any script runs. Hold it with the "
              "rewrite (python -m heldback rewrite, or the middleware) or write it as declarative markup "
              "(type=\"text/plain\" or data-src, with data-cmp-category)")


def leaks(result):
    """Known vendors contacted or storing before consent, or after a refusal."""
    found = []
    checks = [("before consent", result["phases"]["before"]["before_choice"])]
    if "reject" in result["phases"]:
        checks.append(("after reject", result["phases"]["reject"].get("after_choice", {})))
    for when, observed in checks:
        for request in observed.get("requests", []):
            if request["party"].startswith(("vendor:", "catalog:")):
                fix = NOT_IN_CONFIG_FIX if request["party"].startswith("catalog:") else MARKUP_FIX if request.get("markup") else None
                found.append({"when": when, "what": "request", "vendor": request["party"].partition(":")[2],
                              "url": request["url"], "ms": request["ms"], "from": request["from"],
                              **({"fix": fix} if fix else {})})
        for kind in ("cookies", "storage"):
            for item in observed.get(kind, []):
                if item["party"].startswith(("vendor:", "catalog:")):
                    found.append({"when": when, "what": kind[:-1] if kind == "cookies" else "storage key",
                                  "vendor": item["party"].partition(":")[2], "name": item["name"],
                                  **({"fix": NOT_IN_CONFIG_FIX} if item["party"].startswith("catalog:") else {})})
    return found


def third_parties(result):
    """The unknown third-party hosts contacted before consent, each with its first request: no config
    names them, so nothing holds them (name them under [vendors] to hold them)."""
    hosts = {}
    for request in result["phases"]["before"]["before_choice"]["requests"]:
        host = urlsplit(request["url"]).hostname or ""
        if request["party"] == "third party (unknown)" and host not in hosts:
            hosts[host] = {"host": host, "url": request["url"], "ms": request["ms"], "from": request["from"]}
    return list(hosts.values())


def write_json(result, path):
    path.write_text(json.dumps(result, indent=2), encoding="utf-8")


def table(head, rows):
    e = html.escape
    return (f"<div class=scroll><table><tr>{''.join(f'<th>{e(h)}</th>' for h in head)}</tr>"
            + "".join("<tr>" + "".join(f"<td>{e(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
            + "</table></div>")


def write_report(result, path):
    """A self-contained HTML report, readable on a phone: the verdict, the leaks (with the fix for a
    tag in the markup), the unknown third parties, then every phase; empty sections are left out."""
    e = html.escape
    leaks_, strangers = result["leaks"], result.get("third_parties", [])
    verdict = (f"<p class=bad>{len(leaks_)} leak(s) before consent or after a refusal.</p>" if leaks_
               else "<p class=good>No known vendor was contacted and none stored anything before consent.</p>")
    if strangers:
        verdict += f"<p class=warn>{len(strangers)} unknown third part{'y' if len(strangers) == 1 else 'ies'} contacted before consent.</p>"
    body = verdict
    if not result["cmp_found"]:
        body += "<p>No consent manager controls (data-cmp-action) found: scanned before consent only.</p>"
    if leaks_:
        body += "<h2>Leaks</h2>" + table(["page", "when", "vendor", "what", "url or name", "ms", "from"], [
            [leak.get("page", result["url"]), leak["when"], leak["vendor"], leak["what"], leak.get("url") or leak.get("name"),
             leak.get("ms", ""), leak.get("from", "")] for leak in leaks_])
        fixes = sorted({leak["fix"] for leak in leaks_ if "fix" in leak})
        body += "".join(f"<p class=fix>Fix: {e(fix)}.</p>" for fix in fixes)
    if strangers:
        body += ("<h2>Unknown third parties before consent</h2><p>No vendor of the config covers these hosts, so "
                 "nothing holds them: name each under [vendors] in the config, in its category.</p>"
                 + table(["host", "page", "first request", "ms", "from"],
                         [[t["host"], t.get("page", result["url"]), t["url"], t["ms"], t["from"]] for t in strangers]))
    pages = result.get("pages") or [result]
    if len(pages) > 1:
        body += f"<h2>Pages scanned</h2><p>{e(', '.join(page['url'] for page in pages))}</p>"
    body += "<h2>Everything seen</h2>"
    for page in pages:
        if len(pages) > 1:
            body += f"<h3>{e(page['url'])}</h3>"
        body += phases_html(page["phases"])
    path.write_text(REPORT.format(url=e(result["url"]), scanned_at=e(result["scanned_at"]), body=body), encoding="utf-8")


REPORT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Consent scan of {url}</title>
<style>body{{font:15px/1.45 system-ui,sans-serif;margin:1em auto;max-width:70em;padding:0 1em}}
.scroll{{overflow-x:auto;margin-bottom:1em}}table{{border-collapse:collapse;min-width:100%}}
td,th{{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere;min-width:4em}}
.bad{{color:#a00;font-weight:bold}}.good{{color:#060;font-weight:bold}}.warn{{color:#8a5a00;font-weight:bold}}
.fix{{background:#fff6e0;padding:.5em}}</style></head><body>
<h1>Consent scan of {url}</h1><p>{scanned_at}</p>{body}</body></html>
"""


def phases_html(phases):
    e = html.escape
    body = ""
    for phase, observed in phases.items():
        for moment, data in observed.items():
            body += f"<h4>{e(phase)}: {e(moment.replace('_', ' '))}</h4>"
            kept = ", ".join(f"{c['name']} ({c['party']})" for c in data["cookies"] + data["storage"])
            body += f"<p>Cookies and storage: {e(kept)}</p>" if kept else "<p>No cookies or storage.</p>"
            if data["requests"]:
                body += table(["ms", "party", "type", "url", "from"],
                              [[r["ms"], r["party"], r["type"], r["url"], r["from"]] for r in data["requests"]])
    return body
