"""The config a scan proposes keeps what the site's own config says of its vendors."""

import tomllib

from heldback.configuration.schema import parse
from heldback.proposed_config import proposed

SITE = {"vendors": {"acme": {"name": "Acme", "category": "marketing", "purpose": "Acme's ads.", "hosts": ["acme.example"],
                             "cookies": [{"name": "ac_id", "lifetime_days": 30, "purpose": "Acme's visitor id."}, "ac_tmp"],
                             "storage": [{"name": "ac_state", "purpose": "Acme's state."}]}}}


def scanned(*parties):
    requests = [{"party": party, "url": url} for party, url in parties]
    return {"url": "https://shop.example/", "scanned_at": "2026-12-02T10:00:00Z",
            "pages": [{"url": "https://shop.example/", "phases": {"first_visit": {"before_choice": {
                "requests": requests, "cookies": [], "storage": []}}}}]}


def test_a_custom_vendor_keeps_its_cookies_lifetimes_and_purposes():
    config = parse(SITE)
    text = proposed(scanned(("vendor:acme", "https://acme.example/px"), ("catalog:hotjar", "https://static.hotjar.com/c/x.js")),
                    config)
    again = parse(tomllib.loads(text))
    (acme,) = [vendor for vendor in again.vendors if vendor["key"] == "acme"]
    assert acme == next(vendor for vendor in config.vendors if vendor["key"] == "acme")
    assert [vendor["key"] for vendor in again.vendors] == ["acme", "hotjar"]
