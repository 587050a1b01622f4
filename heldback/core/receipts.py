"""Consent receipts: the record of one decision that the browser sends to the site's
``receipt_endpoint`` (heldback/loader/stage1/receipts.py) and a receiver stores (heldback/server/receipts.py).

No personal data: the consent id is random (it identifies the decision, not the person), the page
URL goes without query or fragment, and nothing else about the visitor is sent.
"""

from heldback.core import consent_record
from heldback.core.config import MODES

MAX_BYTES = 4096  # a receipt is well under 1 KB; the receiver refuses anything larger
KEY = "cmp_receipts"  # localStorage: receipts not yet confirmed by the endpoint, sent again later
FIELDS = ("id", "timestamp", "revision", "categories", "vendors", "mode", "gpc", "url")


class ReceiptError(ValueError):
    """A receipt that is not one: names the field and the problem."""


def validate(receipt):
    """``receipt`` (parsed JSON) if it is a well-formed receipt, else ReceiptError."""
    if not isinstance(receipt, dict):
        raise ReceiptError("expected a JSON object")
    missing = [name for name in FIELDS if name not in receipt]
    extra = sorted(set(receipt) - set(FIELDS))
    if missing or extra:
        raise ReceiptError(f"missing {', '.join(missing)}" if missing else f"unknown fields {', '.join(extra)}")
    consent_id = receipt["id"]
    if not (isinstance(consent_id, str) and len(consent_id) == consent_record.ID_LENGTH
            and all(c in "0123456789abcdef" for c in consent_id)):
        raise ReceiptError(f"id: expected {consent_record.ID_LENGTH} lower-case hex digits")
    for name in ("timestamp", "revision"):
        if isinstance(receipt[name], bool) or not isinstance(receipt[name], int) or not 0 < receipt[name] < 10**12:
            raise ReceiptError(f"{name}: expected a positive whole number")
    for name in ("categories", "vendors"):
        table = receipt[name]
        if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, bool) for k, v in table.items()):
            raise ReceiptError(f"{name}: expected an object of true/false")
    if receipt["mode"] not in MODES:
        raise ReceiptError(f"mode: expected one of {', '.join(MODES)}")
    if not isinstance(receipt["gpc"], bool):
        raise ReceiptError("gpc: expected true or false")
    url = receipt["url"]
    if not (isinstance(url, str) and url.startswith(("http://", "https://")) and "?" not in url and "#" not in url
            and len(url) <= 2048):
        raise ReceiptError("url: expected an http(s) URL without query or fragment")
    if any(c <= " " or "\x7f" <= c <= "\x9f" or "\ud800" <= c <= "\udfff" for c in url):
        raise ReceiptError("url: expected a URL as the browser writes it (no spaces, controls or lone surrogates)")
    return receipt
