# Consent receipts (built in with receipt_endpoint in the config; heldback/core/receipts.py has the format).
# Each new decision's receipt is kept in localStorage until the endpoint confirms it, and sent with a
# keepalive fetch: like sendBeacon it outlives the page, and unlike sendBeacon it says whether it
# arrived. What is left is sent again on the next page view. Baked: RECEIPT_ENDPOINT, RECEIPTS_KEY.

from .api import page_view
from .baked import CATEGORIES, RECEIPT_ENDPOINT, RECEIPTS_KEY
from .queues import noop
from .release import extensions
from ..browser import fetch, JSON, localStorage, location, navigator, URL

MAX_PENDING = 20  # the newest: an endpoint that is down for long must not fill the visitor's storage


def pending_receipts():
    try:
        return JSON.parse(localStorage.getItem(RECEIPTS_KEY) or "[]")
    except Exception:  # storage unavailable: this page view's receipt is sent once, not kept
        return []


def keep_receipts(receipts):
    try:
        if receipts.length:
            localStorage.setItem(RECEIPTS_KEY, JSON.stringify(receipts.slice(-MAX_PENDING)))
        else:
            localStorage.removeItem(RECEIPTS_KEY)
    except Exception:
        pass


def send_receipt(receipt):
    def confirmed(response):
        if response.ok:
            keep_receipts(pending_receipts().filter(lambda r: r.id != receipt.id or r.timestamp != receipt.timestamp))

    # a string body goes as text/plain: a simple request, no preflight
    options = {"method": "POST", "body": JSON.stringify(receipt), "keepalive": True, "credentials": "omit"}
    fetch(URL(RECEIPT_ENDPOINT, location.href).href, options).then(confirmed, noop)


def on_decision(state, announce):
    if not (announce and state):  # only new decisions (stage 2's), not stored ones or defaults
        return
    categories = {}
    for key in CATEGORIES:
        categories[key] = state[key]
    receipt = {"id": state.id, "timestamp": state.timestamp, "revision": state.revision, "categories": categories,
               "vendors": state.vendors, "mode": page_view.mode, "gpc": navigator.globalPrivacyControl is True,
               "url": location.origin + location.pathname}
    keep_receipts(pending_receipts().concat([receipt]))
    send_receipt(receipt)


extensions.decided.push(on_decision)
extensions.starting.push(lambda: pending_receipts().forEach(send_receipt))
