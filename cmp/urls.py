"""URLs as the browser reads them: the WHATWG URL Standard, through ada-url (a conforming parser).

Everything on the Python side that asks "which vendor does this URL reach?" (the rewrite, the
middleware, the scan, the pytest plugin) or "where does this URL go?" (the config's receipt endpoint)
must see what a browser sees: ``https:\\\\cdp.customer.io``, ``//CDP.customer.io.``, ``cdp%2Ecustomer.io``,
a tab inside the host, fullwidth letters or a soft hyphen all reach cdp.customer.io. Stage 1 decides
with the browser's own parser and the same host rule (cmp/core/vendors.py host_matches);
tests/e2e/test_url_agreement.py checks that both give the same verdict on random URLs.
"""

import re

import ada_url

from cmp.core.vendors import host_matches

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


def connects_to(parsed):
    """The hostname and port a browser connects to for a parsed URL (the port it implies included)."""
    return parsed.hostname, parsed.port or ("443" if parsed.protocol.endswith("s:") else "80")


def vendor_of(url, vendors, base=None):
    """The vendor (an entry of a config's ``vendors``) whose hosts cover ``url``, or None."""
    if base is not None and _ON_THE_BASE.fullmatch(url):  # a path: the base's host (most of a page's URLs)
        url = base
    parsed = parse(url, base)
    if parsed is None or not parsed.hostname:
        return None
    hostname, port = connects_to(parsed)
    return next((vendor for vendor in vendors if any(host_matches(p, hostname, port) for p in vendor["hosts"])), None)
