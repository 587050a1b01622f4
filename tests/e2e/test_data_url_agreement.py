"""Stage 1 in Chromium and the rewrite hold the same data: documents: one whose content may name a
vendor (its host, or an escape, a reference, a backslash or a non-ASCII character that may hide one) is
held by both, any other by neither. The rule exists twice (stage 1's elements.py data_vendor, the
rewrite's Rewriter.data_vendor).

Stage 1's verdict is read from what it does: a frame whose URL it holds keeps an empty src (the frames
belong to a document without a window: nothing loads). The rewrite's: whether it makes the frame
declarative markup."""

import base64
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration.schema import load
from heldback.server.rewrite import Rewriter

REWRITER = Rewriter(load(DEFAULT_CONFIG), "/dist/consent.js")
VERDICTS = """(urls) => {
  const inert = document.implementation.createHTMLDocument('');
  return urls.map(url => { const frame = inert.createElement('iframe'); frame.src = url; return frame.getAttribute('src') === ''; });
}"""
HOSTS = ["cdp.customer.io", "assets.customer.io", "eu.customerioforms.com", "example.com", "customer.io.example"]
CHANGES = {  # what may hide a host, each applied to one character of it
    "none": lambda c: c,
    "upper": lambda c: c.upper(),
    "percent": lambda c: f"%{ord(c):02X}",
    "reference": lambda c: f"&#{ord(c)};",
    "named reference": lambda c: "&period;" if c == "." else c,
    "backslash": lambda c: "\\" + c,
    "tab before": lambda c: "\t" + c,
    "newline before": lambda c: "\n" + c,
    "fullwidth": lambda c: chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c,
}
WRAPPERS = ['<script src="https://{}/x.js"></script>', "<img src=//{}/p.gif>", "<style>@import url(https://{}/a.css)</style>",
            "<p>{}</p>", "<p>nothing to see</p>"]


@st.composite
def data_urls(draw):
    host = draw(st.sampled_from(HOSTS))
    at = draw(st.integers(0, len(host) - 1))
    host = host[:at] + CHANGES[draw(st.sampled_from(sorted(CHANGES)))](host[at]) + host[at + 1:]
    document = draw(st.sampled_from(WRAPPERS)).format(host)
    scheme = draw(st.sampled_from(["data:", "DATA:", " data:", "\x01data:", "da\nta:", "data\t:"]))
    media = draw(st.sampled_from(["text/html", "text/html;charset=utf-8", "", "image/svg+xml"]))
    encoded = draw(st.sampled_from(["as is", "quoted", "base64", "base64 with spaces", "broken base64"]))
    if encoded == "as is":
        return f"{scheme}{media},{document}"
    if encoded == "quoted":
        return f"{scheme}{media},{urllib.parse.quote(document, safe='')}"
    data = base64.b64encode(document.encode()).decode()
    if encoded == "base64 with spaces":
        data = " ".join(data[i:i + 8] for i in range(0, len(data), 8))
    elif encoded == "broken base64":
        data = data[:-1] + "*"
    return f"{scheme}{media};base64,{data}"


@pytest.fixture
def verdicts(page, site):
    page.route("**/dist/consent-app.js", lambda route: route.fulfill(status=204))  # stage 1 alone
    page.goto(f"{site}/blank.html")
    return lambda batch: page.evaluate(VERDICTS, batch)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(data_urls(), min_size=50, max_size=50))
def test_stage_1_and_the_rewrite_hold_the_same_data_documents(verdicts, batch):
    disagree = [(url, "stage 1 holds it" if held else "the rewrite holds it")
                for url, held in zip(batch, verdicts(batch)) if held != (REWRITER.data_vendor(url) is not None)]
    assert disagree == []
