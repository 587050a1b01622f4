"""The hand-over between stage 1 and the layers it loads cannot be forged: a page script
cannot reach the grant table or a hand-over function, cannot connect in a layer's place, cannot turn
the visitor's click on the banner into another decision (by changing our controls' attributes, or by
clicking them itself), and cannot change the state through what getConsent() or cmp:consent give it.
What it may do is the site's API, window.cmp, whose decisions are recorded and announced as the
visitor's are. Every release comes with a record, the cmp:consent event (and a receipt, where
configured: tests/e2e/test_receipts.py)."""

BANNER = "[data-cmp-banner]:not([hidden])"
FORGERIES = """() => {
  const found = [];
  const connect = window['cmp.stage1'];
  found.push(typeof connect, connect(), window[Symbol.for('cmp.stage1')] === undefined);
  try { Object.defineProperty(window, 'cmp.stage1', {value: () => ({})}); found.push('redefined') } catch (e) { found.push(e.name) }
  try { window['cmp.stage1'] = null } catch (e) {}
  found.push(window['cmp.stage1'] === connect);
  return found;
}"""


def stored(page):
    return next((c["value"].split(".")[-1] for c in page.context.cookies() if c["name"] == "cmp_consent"), None)


def test_a_page_script_gets_nothing_from_the_hand_over_and_cannot_replace_it(page, site, cio, network):
    page.goto(f"{site}/cdp.html")
    page.wait_for_selector(BANNER)
    assert page.evaluate(FORGERIES) == ["function", None, True, "TypeError", True]
    assert network.to_customerio() == [] and page.evaluate("cmp.getConsent()") is None

    page.click("[data-cmp-action='accept-all']")  # the first layer still decides: it connected before the page could
    page.wait_for_function("() => cmp.getConsent() !== null")
    assert stored(page) == "necessary-analytics-marketing-customerio"


def test_the_visitors_click_stays_what_they_pressed_whatever_the_page_does_to_the_banner(page, site, cio, network):
    page.goto(f"{site}/cdp.html")
    page.wait_for_selector(BANNER)
    page.evaluate("""() => {
      const banner = document.querySelector('[data-cmp-root]').shadowRoot;
      const accept = banner.querySelector('[data-cmp-action="accept-all"]'), reject = banner.querySelector('[data-cmp-action="reject-all"]');
      reject.id = 'pressed';
      accept.setAttribute('data-cmp-action', 'reject-all');
      reject.setAttribute('data-cmp-action', 'accept-all');  // "Reject all" now says it accepts
      window.events = [];
      addEventListener('cmp:consent', e => { events.push(e.detail.marketing); e.detail.marketing = true; e.detail.vendors.customerio = true });
      accept.click();  // a script's click on our banner is no visitor's
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("cmp.getConsent()") is None and stored(page) is None

    page.click("#pressed")  # the visitor presses "Reject all"
    page.wait_for_function("() => cmp.getConsent() !== null")
    assert stored(page) == "necessary"
    assert page.evaluate("events") == [False]
    consent = page.evaluate("(() => { const c = cmp.getConsent(); c.marketing = true; c.vendors.customerio = true; return cmp.getConsent() })()")
    assert consent["marketing"] is False and consent["vendors"] == {"customerio": False}  # copies: the state is stage 1's
    page.wait_for_timeout(300)
    assert network.to_customerio() == []


def test_the_sites_api_decides_and_is_recorded_and_announced_as_the_visitor_is(page, site, cio):
    page.goto(f"{site}/cdp.html")
    page.wait_for_selector(BANNER)
    page.evaluate("window.events = []; addEventListener('cmp:consent', e => events.push(e.detail.marketing))")
    page.evaluate("cmp.acceptAll()")
    page.wait_for_function("() => events.length === 1")
    assert stored(page) == "necessary-analytics-marketing-customerio" and page.evaluate("events") == [True]
    assert len(cio.wait_for(page, 3)) == 3  # released with the record: the page's queued calls arrive


def test_stage_2_keeps_its_runtime_and_its_door_out_of_the_pages_reach(page, site, cio):
    page.goto(f"{site}/cdp.html")
    page.wait_for_selector(BANNER)
    page.evaluate("cmp.showPreferences()")
    page.wait_for_selector("[data-cmp-preferences]:not([hidden])")  # stage 2 runs
    assert page.evaluate("typeof window.__BRYTHON__") == "undefined"  # its objects live in its file's closure
    assert page.evaluate("window['cmp.stage1']()") is None
    page.click("[data-cmp-preferences] [data-cmp-action='save']")  # the visitor's own choice: nothing granted
    page.wait_for_function("() => cmp.getConsent() !== null")
    assert stored(page) == "necessary"
