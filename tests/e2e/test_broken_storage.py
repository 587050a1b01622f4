"""Broken or missing storage: cookies disabled, localStorage full or throwing, a sandboxed or
third-party frame. No exception escapes, nothing leaks, and the visitor can still decide for the
page view in front of them (and is asked again on the next one)."""

from test_release import PROBE, requested, serve  # noqa: F401 (serve: the fixture that opens a page with probes)

BANNER = "[data-cmp-banner]:not([hidden])"
VENDOR_PAGE = f"""<!doctype html><html><head><meta charset="utf-8"><script src="/dist/consent.js"></script>
  <script>const s = document.createElement('script'); s.src = '{PROBE}vendor.js'; document.head.appendChild(s);</script>
  </head><body><h1>Shop</h1></body></html>"""


def watch_errors(page):
    """Uncaught exceptions and console errors, in every frame of the page."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def test_with_cookies_disabled_the_visitor_decides_for_this_page_view_and_is_asked_again(serve, page, context, network):
    context.new_cdp_session(page).send("Emulation.setDocumentCookieDisabled", {"disabled": True})
    errors = watch_errors(page)
    serve(VENDOR_PAGE)
    page.wait_for_selector(BANNER)
    assert requested(network) == []
    page.click("[data-cmp-action='accept-all']")
    page.wait_for_function("window.__ran && __ran.includes('vendor')")
    assert page.evaluate("cmp.getConsent().marketing") is True

    page.reload()  # nothing could be stored: asked again, and held again meanwhile
    page.wait_for_selector(BANNER)
    assert requested(network) == ["vendor.js"]
    assert errors == []


def test_with_local_storage_full_deciding_still_works(serve, page, network):
    page.add_init_script("""try { for (let i = 0; ; i++) localStorage.setItem('fill' + i, 'x'.repeat(1 << 18)) } catch (full) {}
      try { for (let i = 0; ; i++) localStorage.setItem('tail' + i, 'x'.repeat(64)) } catch (full) {}""")
    errors = watch_errors(page)
    serve(VENDOR_PAGE)
    page.wait_for_selector(BANNER)
    page.click("[data-cmp-action='accept-all']")
    page.wait_for_function("window.__ran && __ran.includes('vendor')")
    assert page.evaluate("cmp.getConsent().marketing") is True
    page.reload()
    page.wait_for_function("window.__ran && __ran.includes('vendor')")  # the cookie was stored
    assert page.locator(BANNER).count() == 0 and errors == []


def test_in_a_sandboxed_frame_where_cookies_and_storage_throw_the_visitor_still_decides(browser_type, browser_type_launch_args, site):
    # Chromium refuses an opaque origin (the sandboxed frame) scripts from a loopback address, which
    # is where the test serves them from; a real site serves them from a public one.
    launch = {**browser_type_launch_args}
    launch["args"] = [*launch.get("args", []), "--disable-features=LocalNetworkAccessChecks"]
    browser = browser_type.launch(**launch)
    page = browser.new_page()
    errors, requests = watch_errors(page), []
    page.on("request", lambda request: requests.append(request.url))
    page.route(f"{site}/frame.html", lambda route: route.fulfill(content_type="text/html", body=VENDOR_PAGE))
    page.route(f"{site}/top.html", lambda route: route.fulfill(content_type="text/html", body=(
        '<!doctype html><h1>Top</h1><iframe sandbox="allow-scripts" src="/frame.html" width="800" height="500"></iframe>')))
    page.route(f"{PROBE}**", lambda route: route.fulfill(content_type="application/javascript", body="window.ran = true"))
    page.goto(f"{site}/top.html")
    frame = page.frame_locator("iframe")
    frame.locator(BANNER).wait_for()
    assert page.frames[1].evaluate("(() => { try { localStorage; return 'readable' } catch (e) { return e.name } })()") == "SecurityError"
    assert [url for url in requests if url.startswith(PROBE)] == []
    frame.locator("[data-cmp-banner] [data-cmp-action='accept-all']").click()
    page.frames[1].wait_for_function("window.ran === true")
    assert page.frames[1].evaluate("cmp.getConsent().marketing") is True
    assert [url for url in requests if url.startswith(PROBE)] == [f"{PROBE}vendor.js"]
    assert errors == []
    browser.close()


def test_in_a_third_party_frame_the_decision_holds_for_the_page_view(page, site, network, cio):
    errors = watch_errors(page)
    other_site = site.replace("127.0.0.1", "localhost")  # another site: its cookies are third-party here
    page.route(f"{other_site}/frame.html", lambda route: route.fulfill(content_type="text/html", body=VENDOR_PAGE))
    page.route(f"{site}/top.html", lambda route: route.fulfill(content_type="text/html", body=(
        f'<!doctype html><h1>Top</h1><iframe src="{other_site}/frame.html" width="800" height="500"></iframe>')))
    page.route(f"{PROBE}**", lambda route: route.fulfill(content_type="application/javascript", body="window.ran = true"))
    page.goto(f"{site}/top.html")
    frame = page.frame_locator("iframe")
    frame.locator(BANNER).wait_for()
    frame.locator("[data-cmp-banner] [data-cmp-action='accept-all']").click()
    page.wait_for_timeout(500)
    assert requested(network) == ["vendor.js"]
    assert page.frames[1].evaluate("window.ran && cmp.getConsent().marketing") is True
    page.frames[1].evaluate("location.reload()")
    frame.locator(BANNER).wait_for()  # the cookie was not kept in a third-party frame: asked again
    assert [e for e in errors if "cmp" in e or "consent" in e] == []
