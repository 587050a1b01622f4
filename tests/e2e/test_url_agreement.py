"""Stage 1 in Chromium and the Python side (heldback/urls.py: the rewrite, the middleware, the scan and the
pytest plugin) give every URL the same verdict: a vendor's or not.

Stage 1's verdict is read from what it does: an image whose URL it drops keeps an empty src. The
images belong to a document without a window (nothing is fetched) whose <base> is the test page.
Random URLs are built from the pieces browsers map (schemes with backslashes, dots, tabs, %-escapes,
fullwidth and ignored characters, ports, credentials) around vendor hosts and lookalikes. (Chromium
and ada do not always agree on whether a string is a URL at all, e.g. "https:// host", which Chromium
takes with "%20" in the host: neither then reaches a vendor, and that is what is compared. Where
Chromium reads a vendor's host that the standard rejects, "cdp％2Ecustomer.io", the Python side reads
it as Chromium does: heldback/urls.py chromium_reading.)
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration.schema import load
from heldback.urls import parse, vendor_of

VENDORS = load(DEFAULT_CONFIG).vendors  # the config dist/ is built from

VERDICTS = """(urls) => {
  const inert = document.implementation.createHTMLDocument('');
  const base = inert.createElement('base'); base.href = location.href; inert.head.appendChild(base);
  return urls.map(url => {
    const image = inert.createElement('img');
    image.src = url;
    const parses = URL.canParse(url, location.href);
    return [image.getAttribute('src') === '', parses, parses ? new URL(url, location.href).hostname : null];
  });
}"""

HOSTS = ["cdp.customer.io", "assets.customer.io", "track-eu.customer.io", "eu.customerioforms.com", "code.gist.build",
         "gist.build", "customer.io", "customer.io.evil.example", "notgist.build", "cdp.customer.io.evil",
         "example.com", "127.0.0.1", "xn--cdp-customer-io.example"]
SCHEMES = ["https://", "http://", "HTTPS://", "wss://", "ftp://", "//", "\\\\", "/\\", "https:\\\\", "https:/\\",
           "https:", "https:/", "https:///", "", " ", "\t", "javascript:", "data:,", "blob:https://"]
CHANGES = {  # what the URL parser undoes: each may be applied to one character of the host
    "upper": lambda c: c.upper(),
    "fullwidth": lambda c: chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c,
    "percent": lambda c: f"%{ord(c):02X}" if c.isascii() else c,
    "tab before": lambda c: "\t" + c,
    "newline before": lambda c: "\n" + c,
    "soft hyphen before": lambda c: "\u00ad" + c,
    "zero-width space before": lambda c: "\u200b" + c,
    "ideographic dot": lambda c: "\u3002" if c == "." else c,
    "fullwidth dot": lambda c: "\uff0e" if c == "." else c,
    "long s": lambda c: "\u017f" if c == "s" else c,
    "dotless i": lambda c: "\u0131" if c == "i" else c,
    "space before": lambda c: " " + c,
    "fullwidth percent escape": lambda c: f"\uff05{ord(c):02X}" if c.isascii() else c,
}


@st.composite
def urls(draw):
    host = draw(st.sampled_from(HOSTS))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(host) - 1))
        host = host[:at] + CHANGES[draw(st.sampled_from(sorted(CHANGES)))](host[at]) + host[at + 1:]
    host += draw(st.sampled_from(["", ".", "..", ":443", ":80", ":8443", ".:443", ":"]))
    user = draw(st.sampled_from(["", "user@", "user:pw@", "@", "cdp.customer.io@"]))
    path = draw(st.sampled_from(["", "/", "/x.js", "\\x.js", "?q=1", "#f", "/a/../b"]))
    return draw(st.sampled_from(SCHEMES)) + user + host + path


ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\0"), min_size=1, max_size=40)


@pytest.fixture
def verdicts(page, site):
    page.route("**/dist/consent-app.js", lambda route: route.fulfill(status=204))  # stage 1 alone
    page.goto(f"{site}/blank.html")
    return lambda batch: page.evaluate(VERDICTS, batch)


def check(batch, verdicts, base):
    for url, (dropped, parses, hostname) in zip(batch, verdicts(batch)):
        if not parses:  # the browser fetches nothing from it; stage 1 drops it all the same
            assert dropped, (url, "what the browser cannot parse is dropped")
            continue
        python = vendor_of(url, VENDORS, base) is not None
        if not python and parse(url, base) is None and "%" in (hostname or ""):
            continue  # only Chromium reads it as a URL, with an escape in the host that no DNS name has
        assert python == dropped, (url, "Python says vendor" if python else "stage 1 says vendor")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(urls(), min_size=25, max_size=25))
def test_built_urls_get_the_same_vendor_verdict_in_python_and_in_stage_1(verdicts, site, batch):
    check(batch, verdicts, f"{site}/blank.html")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(ANY_TEXT.filter(lambda text: text != ""), min_size=25, max_size=25))
def test_any_text_gets_the_same_vendor_verdict_in_python_and_in_stage_1(verdicts, site, batch):
    check(batch, verdicts, f"{site}/blank.html")
