"""``python -m heldback scan URL``: what a page does with a new visitor's privacy, before and after a choice.

Three fresh visitors in headless Chromium: one who does nothing, one who accepts all and one who
rejects all (through the consent manager's DOM contract, ``data-cmp-action``; a page without one is
only scanned before consent). Every request, cookie and storage key is classified with the vendors
of the config (the catalog and the site's own): a known vendor, first party, or an unknown third
party. The scan fails (exit 1) when a known vendor was contacted or stored something before consent
or after a refusal; the JSON and HTML reports say what, when, and from which tag.
"""

import html
import json
import os
import shutil
import time
from urllib.parse import urlsplit

from heldback.core import consent_record, receipts
from heldback.core.policy import matches
from heldback.urls import vendor_of

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ACTIONS = {"accept": "accept-all", "reject": "reject-all"}
OURS = (consent_record.COOKIE, receipts.KEY)  # what this consent manager itself stores


class ScanError(Exception):
    pass


def scan(url, config, settle_ms=2000):
    """The scan of ``url`` as plain data (see write_json); ``settle_ms``: how long to watch after load."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ScanError("the scan needs Playwright: pip install 'cmp-consent[scan]'") from None
    classify = Classifier(url, config)
    result = {"url": url, "scanned_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "phases": {}}
    with sync_playwright() as playwright:
        executable = os.environ.get("CMP_CHROMIUM") or shutil.which("chromium")
        browser = playwright.chromium.launch(args=CHROMIUM_ARGS, **({"executable_path": executable} if executable else {}))
        try:
            for phase in ("before", "accept", "reject"):
                observed = visit(browser, url, ACTIONS.get(phase), settle_ms, classify)
                result["phases"][phase] = observed
                if phase == "before":
                    result["cmp_found"] = observed.pop("cmp_found")
                    if not result["cmp_found"]:
                        break
                else:
                    observed.pop("cmp_found")
        except PlaywrightError as error:
            raise ScanError(f"{url}: {error.message.splitlines()[0]}") from None
        finally:
            browser.close()
    result["leaks"] = leaks(result)
    return result


def visit(browser, url, action, settle_ms, classify):
    """One new visitor: requests, cookies and storage before the choice, and after ``action``."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    started = time.monotonic()
    requests = []

    def seen(event):
        request_url = event["request"]["url"]
        if request_url.startswith(("http://", "https://", "ws://", "wss://")):
            requests.append({"url": request_url, "ms": round((time.monotonic() - started) * 1000),
                             "type": event.get("type", "Other"), "from": initiator(event.get("initiator", {})),
                             "party": classify.request(request_url)})

    cdp.on("Network.requestWillBeSent", seen)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(settle_ms)
    found = page.locator("[data-cmp-action='accept-all']").count() > 0
    observed = {"cmp_found": found, "before_choice": {"requests": list(requests), **stored(context, page, classify)}}
    if action and found:
        mark = len(requests)
        page.locator(f"[data-cmp-banner] [data-cmp-action='{action}']").first.click()
        page.wait_for_timeout(settle_ms)
        try:
            page.wait_for_load_state("load")
        except Exception:
            pass
        observed["after_choice"] = {"requests": requests[mark:], **stored(context, page, classify)}
    context.close()
    return observed


def initiator(info):
    """Which tag made a request: the script (and line) on top of the initiating stack, else the parser."""
    for frame in (info.get("stack") or {}).get("callFrames", []):
        if frame.get("url"):
            return f"{frame['url']}:{frame.get('lineNumber', 0) + 1}"
    if info.get("url"):
        return f"{info['url']}:{info.get('lineNumber', 0) + 1}" if "lineNumber" in info else info["url"]
    return info.get("type", "other")


def stored(context, page, classify):
    cookies = [{"name": c["name"], "domain": c["domain"], "party": classify.stored(c["name"], "cookie")}
               for c in context.cookies()]
    try:
        keys = page.evaluate("[Object.keys(localStorage), Object.keys(sessionStorage)]")
    except Exception:
        keys = [[], []]
    storage = [{"name": key, "area": area, "party": classify.stored(key, "local")}
               for area, names in zip(("localStorage", "sessionStorage"), keys) for key in names]
    return {"cookies": cookies, "storage": storage}


class Classifier:
    def __init__(self, url, config):
        self.site = registrable(urlsplit(url).hostname or "")
        self.vendors = config.vendors

    def request(self, url):
        """"vendor:<key>", "first party" or "third party (unknown)"."""
        if vendor := vendor_of(url, self.vendors):
            return f"vendor:{vendor['key']}"
        return "first party" if registrable(urlsplit(url).hostname or "") == self.site else "third party (unknown)"

    def stored(self, name, kind):
        if name in OURS:
            return "consent manager"
        for vendor in self.vendors:
            for item in vendor["stored"]:
                if item["kind"] == kind and matches(item["name"], name):
                    return f"vendor:{vendor['key']}"
        return "first party or unknown"


def registrable(host):
    """The last two labels of a host name (a good enough site for first-party checks; not the PSL)."""
    if host.replace(".", "").isdigit() or host in ("localhost", ""):
        return host
    return ".".join(host.split(".")[-2:])


def leaks(result):
    """Known vendors contacted or storing before consent, or after a refusal."""
    found = []
    checks = [("before consent", result["phases"]["before"]["before_choice"])]
    if "reject" in result["phases"]:
        checks.append(("after reject", result["phases"]["reject"].get("after_choice", {})))
    for when, observed in checks:
        for request in observed.get("requests", []):
            if request["party"].startswith("vendor:"):
                found.append({"when": when, "what": "request", "vendor": request["party"][7:], "url": request["url"],
                              "ms": request["ms"], "from": request["from"]})
        for kind in ("cookies", "storage"):
            for item in observed.get(kind, []):
                if item["party"].startswith("vendor:"):
                    found.append({"when": when, "what": kind[:-1] if kind == "cookies" else "storage key",
                                  "vendor": item["party"][7:], "name": item["name"]})
    return found


def write_json(result, path):
    path.write_text(json.dumps(result, indent=2), encoding="utf-8")


def write_report(result, path):
    """A self-contained HTML report: the verdict, the leaks, then every phase in full."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(leak['when'])}</td><td>{e(leak['vendor'])}</td><td>{e(leak['what'])}</td>"
        f"<td>{e(leak.get('url') or leak.get('name'))}</td><td>{leak.get('ms', '')}</td><td>{e(leak.get('from', ''))}</td></tr>"
        for leak in result["leaks"])
    verdict = (f"<p class=bad>{len(result['leaks'])} leak(s) before consent or after a refusal.</p>" if result["leaks"]
               else "<p class=good>No known vendor was contacted and none stored anything before consent.</p>")
    phases = ""
    for phase, observed in result["phases"].items():
        for moment, data in observed.items():
            items = "".join(f"<tr><td>{r['ms']}</td><td>{e(r['party'])}</td><td>{e(r['type'])}</td><td>{e(r['url'])}</td>"
                            f"<td>{e(r['from'])}</td></tr>" for r in data["requests"])
            kept = ", ".join(f"{e(c['name'])} ({e(c['party'])})" for c in data["cookies"] + data["storage"]) or "none"
            phases += (f"<h3>{e(phase)}: {e(moment.replace('_', ' '))}</h3><p>Cookies and storage: {kept}</p>"
                       f"<table><tr><th>ms</th><th>party</th><th>type</th><th>url</th><th>from</th></tr>{items}</table>")
    cmp_note = "" if result["cmp_found"] else "<p>No consent manager controls (data-cmp-action) found: scanned before consent only.</p>"
    path.write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Consent scan of {e(result['url'])}</title>
<style>body{{font:14px/1.4 system-ui,sans-serif;margin:2em}}table{{border-collapse:collapse;margin-bottom:1em}}
td,th{{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top;word-break:break-all}}
.bad{{color:#a00;font-weight:bold}}.good{{color:#060;font-weight:bold}}</style></head><body>
<h1>Consent scan of {e(result['url'])}</h1><p>{e(result['scanned_at'])}</p>{verdict}{cmp_note}
<h2>Leaks</h2><table><tr><th>when</th><th>vendor</th><th>what</th><th>url or name</th><th>ms</th><th>from</th></tr>{rows}</table>
<h2>Everything seen</h2>{phases}</body></html>
""", encoding="utf-8")
