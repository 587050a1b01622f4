"""Consent receipts end to end: a click in the browser becomes a row in the receiver's database, a
receipt the endpoint did not confirm is sent again on the next page view, and no page reads them back."""

import threading

import pytest

from heldback.server.receipts import make_server

BANNER = "[data-cmp-banner]:not([hidden])"
TOKEN = "the-receiver-s-own-token-0123456789"


@pytest.fixture
def receiver(tmp_path):
    server = make_server(tmp_path / "receipts.sqlite", port=0, token=TOKEN)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/receipts", server.store
    server.shutdown()
    server.store.close()


@pytest.fixture
def open_shop(page, cio, build, receiver, written_page):
    built = build(f'receipt_endpoint = "{receiver[0]}"\n[categories.analytics]\n[categories.marketing]\n[vendors.customerio]\n')

    def open_shop(name="shop.html"):
        html = f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><script src="{built}/consent.js"></script>
          </head><body><h1>Shop</h1></body></html>"""
        page.goto(written_page(name, html) + "?from=ad")
    return open_shop


def rows(page, store, count):
    for _ in range(50):
        if len(list(store.rows())) >= count:
            return list(store.rows())
        page.wait_for_timeout(100)
    raise AssertionError(f"expected {count} receipts, got {list(store.rows())}")


def test_a_decision_becomes_a_receipt_in_the_database(page, site, open_shop, receiver):
    open_shop()
    page.click("[data-cmp-banner] [data-cmp-action='accept-all']")
    page.wait_for_function("cmp.getConsent() !== null")
    consent = page.evaluate("cmp.getConsent()")
    [row] = rows(page, receiver[1], 1)
    assert row[1:] == (consent["id"], consent["timestamp"], 1,
                       '{"analytics": true, "marketing": true, "necessary": true}', '{"customerio": true}',
                       "opt-in", 0, f"{site}/written/shop.html")  # no query: it could carry personal data
    page.wait_for_function("localStorage.getItem('cmp_receipts') === null")  # confirmed: nothing kept


def test_a_receipt_that_did_not_arrive_is_sent_on_the_next_page_view(page, site, open_shop, receiver):
    endpoint, store = receiver
    page.route(endpoint, lambda route: route.abort())  # the endpoint is unreachable for now
    open_shop()
    page.click("[data-cmp-banner] [data-cmp-action='reject-all']")
    page.wait_for_function("JSON.parse(localStorage.getItem('cmp_receipts') || '[]').length === 1")
    page.wait_for_timeout(300)
    assert list(store.rows()) == []

    page.unroute(endpoint)
    open_shop("other.html")  # a returning visitor: stage 1 only
    [row] = rows(page, store, 1)
    assert row[1] == page.evaluate("cmp.getConsent().id") and row[4] == '{"analytics": false, "marketing": false, "necessary": true}'
    page.wait_for_function("localStorage.getItem('cmp_receipts') === null")


def test_no_page_can_read_the_receipts_back_from_the_receiver(page, open_shop, receiver):
    open_shop()
    page.click("[data-cmp-banner] [data-cmp-action='accept-all']")
    rows(page, receiver[1], 1)  # the page's own receipt went in, cross-origin
    read_back = """async ([url, token]) => {
        try {
            const response = await fetch(url, token ? {headers: {Authorization: `Bearer ${token}`}} : {});
            return `read ${response.status}: ${await response.text()}`;
        } catch (error) {
            return `refused: ${error.name}`;
        }
    }"""
    for token in (None, "a-guess-at-the-receiver-s-token", TOKEN):  # even the right token: no origin may read it
        assert page.evaluate(read_back, [f"{receiver[0]}.csv", token]) == "refused: TypeError"
