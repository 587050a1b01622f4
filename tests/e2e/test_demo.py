"""The demo site end to end: its own Customer.io sandbox, held exactly like the real hosts."""

import csv
import io
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest

from heldback.configuration.schema import load
from heldback.testing.customerio import event_of
from heldback.testing.visitor import Visitor
from demo_site import server as demo


@pytest.fixture(scope="session")
def demo_server():
    """(the running demo server, its URL)."""
    httpd, url = demo.make_server(0)  # builds demo_site/build from this checkout if needed
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd, url.rstrip("/")
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="session")
def demo_url(demo_server):
    return demo_server[1]


def read(url, headers=None):
    """(status, text) of GET ``url``."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def sandbox_traffic(context, demo_url):
    """Requests to the sandbox host, and the events they carried, in the order the browser issued them."""
    seen = {"urls": [], "calls": []}

    def on_request(request):
        if demo.SANDBOX_HOST in request.url:
            seen["urls"].append(request.url)
            if event := event_of(request.method, request.url, request.post_data_buffer):
                seen["calls"].append((event["type"], *event["args"]))

    context.on("request", on_request)
    context.route("**/*", lambda route, request: route.continue_()
                  if request.url.startswith(demo_url) or demo.SANDBOX_HOST in request.url else route.abort())
    return seen


def wait_for(page, predicate, what):
    for _ in range(100):
        if predicate():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {what}")


def test_signup_is_held_until_accepted_then_reaches_the_sandbox_in_order(page, demo_url, sandbox_traffic):
    page.goto(f"{demo_url}/signup")
    page.fill("input[name=name]", "Ada Lovelace")
    page.fill("input[name=email]", "ada@example.com")
    page.select_option("select[name=plan]", "business")
    page.click("#signup-form button[type=submit]")
    page.wait_for_selector("#signup-done:not([hidden])")
    page.wait_for_timeout(500)

    assert sandbox_traffic["urls"] == []
    assert page.evaluate("performance.getEntriesByType('resource').filter(e => e.name.endsWith("
                         "'/dist/consent-banner.en.js')).map(e => e.responseStatus)") == [200]  # the first layer came
    held = page.locator("[data-panel='held']").inner_text()
    assert "identify" in held and "signed_up" in held and "trial_started" in held

    page.click("[data-cmp-action='accept-all']")
    wait_for(page, lambda: len(sandbox_traffic["calls"]) >= 3, "three events")
    identify, signed_up, trial_started = sandbox_traffic["calls"][:3]
    assert identify[0] == "identify" and identify[1]["email"] == "ada@example.com" and identify[1]["plan"] == "business"
    assert identify[1]["trial_ends_at"] - identify[1]["created_at"] == 14 * 86400
    assert signed_up == ("track", "signed_up", {"plan": "business", "source": "signup_form"})
    assert trial_started == ("track", "trial_started", {"plan": "business", "trial_days": 14})
    page.wait_for_function("document.querySelector(\"[data-panel='received']\").innerText.includes('trial_started')")


def test_the_app_and_pricing_pages_send_through_the_cdp_sdk_once_accepted(page, demo_url, sandbox_traffic):
    page.goto(f"{demo_url}/app")
    page.click("[data-feature='export_csv']")
    page.wait_for_timeout(300)
    assert sandbox_traffic["urls"] == []

    page.click("[data-cmp-action='accept-all']")
    wait_for(page, lambda: ("track", "feature_used", {"feature": "export_csv"}) in sandbox_traffic["calls"], "feature_used")

    page.goto(f"{demo_url}/pricing")  # a returning visitor now: sent at once
    page.click("[data-upgrade='team']")
    page.click("#place-order")
    wait_for(page, lambda: [c[1] for c in sandbox_traffic["calls"] if c[0] == "track"][-2:]
             == ["subscription_upgraded", "order_placed"], "upgrade and order")
    order = sandbox_traffic["calls"][-1][2]
    assert order["revenue"] == sum(item["qty"] * item["price"] for item in order["items"])


def test_rejecting_on_the_demo_sends_nothing_to_the_sandbox(page, demo_url, sandbox_traffic):
    page.goto(f"{demo_url}/app")
    page.click("[data-cmp-action='reject-all']")
    page.click("[data-feature='set_alert']")
    page.goto(f"{demo_url}/pricing")
    page.click("[data-upgrade='business']")
    page.wait_for_timeout(500)
    assert sandbox_traffic["urls"] == []


def test_the_site_owner_tools_on_the_demo_visitor_receipts_and_consent_mode(page, demo_server, demo_url, sandbox_traffic):
    visitor = Visitor(page, load(demo.CONFIG))  # the plugin's visitor, with the demo's vendors
    visitor.open(f"{demo_url}/app")
    assert page.evaluate("dataLayer[0][1]") == "default"  # Google Consent Mode: denied before any tag
    visitor.assert_no_vendor_traffic_before_consent()
    consent = visitor.accept_all()
    wait_for(page, lambda: visitor.vendor_traffic(), "the sandbox")
    assert {vendor for vendor, _ in visitor.vendor_traffic()} == {"customerio"}
    assert page.evaluate("dataLayer.filter(e => e[1] === 'update').pop()[2].ad_storage") == "granted"

    def receipts():
        status, text = read(f"{demo_url}{demo.RECEIPTS}.csv", {"Authorization": f"Bearer {demo_server[0].receipts_token}"})
        assert status == 200, text
        return list(csv.DictReader(io.StringIO(text)))

    wait_for(page, lambda: any(row["id"] == consent["id"] for row in receipts()), "the receipt")
    [row] = [row for row in receipts() if row["id"] == consent["id"]]
    assert row["url"] == f"{demo_url}/app" and row["mode"] == "opt-in" and '"marketing": true' in row["categories"]


def test_the_demo_gives_its_receipts_only_to_the_holder_of_its_token(demo_server, demo_url):
    export = f"{demo_url}{demo.RECEIPTS}.csv"
    for headers in ({}, {"Authorization": "Bearer not-the-demo-s-token-0123456789"}):
        status, text = read(export, headers)
        assert status == 401 and "Authorization: Bearer <token>" in text and "received,id" not in text
    status, text = read(export, {"Authorization": f"Bearer {demo_server[0].receipts_token}"})
    assert status == 200 and text.startswith("received,id,timestamp,")


def test_the_scan_finds_no_leak_on_the_demo(demo_url, tmp_path):
    done = subprocess.run([sys.executable, "-m", "heldback", "scan", f"{demo_url}/signup", "--config", str(demo.CONFIG),
                           "--wait", "700"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "consent manager found" in done.stdout and "no leaks" in done.stdout


def test_the_demo_sends_the_build_precompressed(page, demo_url, sandbox_traffic):
    encodings = {}
    page.on("response", lambda response: encodings.update({response.url.rsplit("/", 1)[-1]: response.headers.get("content-encoding")})
            if "/dist/" in response.url else None)
    page.goto(f"{demo_url}/pricing")
    page.click("[data-cmp-action='customize']")  # stage 2 too
    page.wait_for_selector("[data-cmp-preferences]:not([hidden])")
    assert {encodings.get(name) for name in ("consent.js", "consent-banner.en.js", "consent-app.js")} <= {"br", "gzip"}
    transferred = page.evaluate("performance.getEntriesByType('resource').filter(e => e.name.endsWith('/consent-app.js'))[0].encodedBodySize")
    assert transferred < 210_000  # 720 KB as it is


def test_the_panel_shows_only_what_this_browser_sent_and_the_decision_as_it_is(browser, demo_url):
    def visit(action):
        context = browser.new_context()
        context.route("**/*", lambda route, request: route.continue_()
                      if request.url.startswith(demo_url) or demo.SANDBOX_HOST in request.url else route.abort())
        page = context.new_page()
        page.goto(f"{demo_url}/signup")
        page.click(f"[data-cmp-action='{action}']")
        return context, page

    first, first_page = visit("accept-all")  # an earlier visitor: the shared sandbox gets its events
    first_page.goto(f"{demo_url}/app")
    first_page.click("[data-feature='export_csv']")
    first_page.wait_for_function("document.querySelector(\"[data-panel='received']\").innerText.includes('feature_used')")
    first.close()

    later, page = visit("reject-all")
    page.wait_for_timeout(1500)  # two polls of the panel
    received = page.inner_text("[data-panel='received']")
    assert "feature_used" not in received and "Nothing received from this browser." in received
    status = page.inner_text("[data-panel='status']")
    assert "✓" not in status and "analytics ✗" in status and "customerio ✗" in status, status
    later.close()
