"""URLs as the browser reads them: the WHATWG URL Standard, through ada-url (a conforming parser).

Everything on the Python side that asks "which vendor does this URL reach?" (the rewrite, the
middleware, the scan, the pytest plugin) or "where does this URL go?" (the config's receipt endpoint)
must see what a browser sees: ``https:\\\\cdp.customer.io``, ``//CDP.customer.io.``, ``cdp%2Ecustomer.io``,
a tab inside the host, fullwidth letters or a soft hyphen all reach cdp.customer.io. Stage 1 decides
with the browser's own parser and the same host rule (heldback/core/hosts.py host_matches);
tests/e2e/test_url_agreement.py checks that both give the same verdict on random URLs.
"""

import re
import unicodedata
from urllib.parse import unquote

import ada_url

from heldback.core.hosts import host_matches

# A URL that can only be a path on its base's host: no scheme (no ":"), not "//" or "\\" (those
# name a host), nothing the parser strips or maps. The browser resolves it against the base.
_ON_THE_BASE = re.compile(r"(?!//)[A-Za-z0-9._~!$&'()*+,;=@%?#/\[\]-]*")


def parse(url, base=None):
    """``url`` resolved against ``base`` (an absolute URL, or None), or None where the browser's
    parser fails too (nothing can be fetched from it)."""
    try:
        return ada_url.URL(url, base) if base is not None else ada_url.URL(url)
    except ValueError:
        return None


# Where Chromium parts from the standard: it percent-decodes the host, maps it (NFKC: "％" is "%",
# "２" is "2") and then percent-decodes it once more, so "cdp％2Ecustomer.io", "c％64p.customer.io" and
# "cdp%EF%BC%852Ecustomer.io" reach cdp.customer.io, where the standard (and ada) find a forbidden
# "%" and fail.
_FULLWIDTH_PERCENT = re.compile("\uff05|%ef%bc%85", re.IGNORECASE)
# What UTS 46 mapping drops from a host (its "ignored" code points), which NFKC keeps.
_IGNORED = re.compile("[\u00ad\u034f\u180b-\u180d\u180f\u200b\u2060\u2064\ufe00-\ufe0f\ufeff"
                      "\U0001bca0-\U0001bca3\U000e0100-\U000e01ef]")


def chromium_reading(url, base=None):
    """``url`` as Chromium reads its host where the standard's parser fails on a fullwidth percent
    sign: decoded, mapped (NFKC, without what UTS 46 ignores), then parsed (which decodes again). For the host only (the path is decoded
    too); None if that fails as well."""
    if not _FULLWIDTH_PERCENT.search(url):
        return None
    return parse(_IGNORED.sub("", unicodedata.normalize("NFKC", unquote(url))), base)


def connects_to(parsed):
    """The hostname and port a browser connects to for a parsed URL (the port it implies included)."""
    return parsed.hostname, parsed.port or ("443" if parsed.protocol.endswith("s:") else "80")


def vendor_of(url, vendors, base=None):
    """The vendor (an entry of a config's ``vendors``) whose hosts cover ``url``, or None."""
    if base is not None and _ON_THE_BASE.fullmatch(url):  # a path: the base's host (most of a page's URLs)
        url = base
    parsed = parse(url, base) or chromium_reading(url, base)  # the second can only add a vendor: fail closed
    if parsed is None or not parsed.hostname:
        return None
    hostname, port = connects_to(parsed)
    return next((vendor for vendor in vendors if any(host_matches(p, hostname, port) for p in vendor["hosts"])), None)
