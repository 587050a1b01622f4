# Which vendor serves a URL, as the browser connects to it (stage 1 and the service worker).

from .baked import HOSTS
from .natives import text_ends_with, text_slice, url_hostname, url_port, url_protocol
from ..browser import URL

UNKNOWN = " "  # the key of what cannot be checked: never granted, so never loaded
NativeURL = URL  # the page may replace URL later (a polyfill); the guard keeps the browser's own


def category_of(url, base):
    """The key of the vendor serving `url` (resolved against `base`), None when no vendor does, UNKNOWN
    if unsure. The host is the one the browser connects to: without the trailing dots DNS ignores,
    with its port (heldback/core/hosts.py host_matches has the same rule)."""
    try:
        parsed = NativeURL(url, base)
        host = url_hostname(parsed)
        while text_ends_with(host, "."):
            host = text_slice(host, 0, -1)
        port = url_port(parsed) or ("443" if text_ends_with(url_protocol(parsed), "s:") else "80")
        for claimed, key in HOSTS:
            if claimed == host or text_ends_with(host, "." + claimed) or claimed == host + ":" + port:
                return key
    except Exception:  # fail closed: what the guard cannot read, the browser could not load either
        return UNKNOWN
    return None
