from heldback.configuration.schema import check_host, check_stored_name, parse
from heldback.configuration.catalog import CATALOG, CATEGORIES, CUSTOMERIO
from heldback.core.hosts import host_matches, hosts_overlap
from heldback.urls import vendor_of


def test_a_host_entry_covers_the_host_and_its_subdomains_on_any_port():
    assert host_matches("gist.build", "gist.build", "443")
    assert host_matches("gist.build", "consumer.cloud.gist.build", "80")
    assert host_matches("customerioforms.com", "eu.customerioforms.com", "8443")
    assert not host_matches("gist.build", "notgist.build", "443")
    assert not host_matches("customer.io", "customer.io.evil.example", "443")


def test_trailing_dots_are_not_part_of_the_name_dns_resolves():
    assert host_matches("gist.build", "gist.build.", "443")
    assert host_matches("gist.build", "code.gist.build..", "443")
    assert host_matches("127.0.0.1:9000", "127.0.0.1.", "9000")


def test_a_host_entry_with_a_port_covers_exactly_that_host_and_port():
    assert host_matches("127.0.0.1:9000", "127.0.0.1", "9000")
    assert not host_matches("127.0.0.1:9000", "127.0.0.1", "9001")
    assert not host_matches("127.0.0.1:9000", "127.0.0.1", "80")
    assert host_matches("shop.example:443", "shop.example", "443")  # the port a https URL implies


def test_customerio_covers_the_hosts_of_both_sdks():
    for host in ["assets.customer.io", "track.customer.io", "track-eu.customer.io", "cdp.customer.io",
                 "cdp-eu.customer.io", "eu.customerioforms.com", "code.gist.build", "engine.api.gist.build"]:
        assert any(host_matches(pattern, host, "443") for pattern in CUSTOMERIO.hosts), host
    assert not any(host_matches(pattern, "fly.customer.io", "443") for pattern in CUSTOMERIO.hosts)


VENDORS = [{"key": "customerio", "hosts": CUSTOMERIO.hosts}]
BASE = "https://shop.example/pricing"


def test_a_url_reaches_the_vendor_the_browser_would_connect_to():
    for url in ["https://assets.customer.io./assets/track.js", "https://CDP.customer.io:443/x", "//cdp.customer.io/x",
                "https:\\\\cdp.customer.io/x", "https:/\\cdp.customer.io/x", "\\\\cdp.customer.io/x", "/\\cdp.customer.io/x",
                "https:///cdp.customer.io/x", "https://cdp.cust\tomer.io/x", "https://cdp.cust\nomer.io/x",
                "https://cdp%2Ecustomer.io/x", "https://cdp.customer.%69o/x", "https://cdp\uff0ecustomer\u3002io/x",
                "https://\uff43dp.customer.io/x", "https://cdp.cust\u00adomer.io/x", "https://cdp.cus\u200btomer.io/x",
                "http://gist.build\uff61/x", "wss://user:pass@cdp.customer.io/socket", "  https://cdp.customer.io/x  "]:
        vendor = vendor_of(url, VENDORS, BASE)
        assert vendor and vendor["key"] == "customerio", repr(url)


def test_relative_and_lookalike_urls_stay_the_sites_own():
    for url in ["/cdp.customer.io/x", "cdp.customer.io/x", "https:cdp.customer.io/x", "https:/cdp.customer.io",
                "https://customer.io.evil.example/x", "https://notgist.build/", "https://cdp.customer.io.evil/x",
                "javascript:cdp.customer.io", "data:text/plain,cdp.customer.io", "https://[::1]/cdp.customer.io",
                "https://c\u0131dp.customer.io/"]:
        assert vendor_of(url, VENDORS, BASE) is None, repr(url)
    assert vendor_of("https:cdp.customer.io/x", VENDORS, "http://shop.example/")["key"] == "customerio"  # other scheme
    assert vendor_of("/v1/analytics.js", VENDORS, "https://cdp.customer.io/")["key"] == "customerio"  # a vendor <base>
    assert vendor_of("https://ex ample.com/", VENDORS, BASE) is None  # no URL at all


def test_two_host_entries_overlap_when_a_browser_may_connect_to_a_host_both_cover():
    assert hosts_overlap("gist.build", "gist.build") and hosts_overlap("code.gist.build", "gist.build")
    assert hosts_overlap("gist.build", "code.gist.build:8443") and hosts_overlap("gist.build:443", "gist.build:443")
    assert not hosts_overlap("gist.build", "notgist.build") and not hosts_overlap("gist.build:443", "gist.build:8443")
    assert not hosts_overlap("code.gist.build", "gist.build:443")  # gist.build itself on 443 only: not code.gist.build


def test_the_catalog_passes_the_rules_a_config_must_pass():
    """Every catalog host is a vendor's own (no public suffix, no IP, no localhost, a host as the
    browser reads it), no stored name matches every name, and a config naming every vendor is valid."""
    for vendor in CATALOG.values():
        for i, host in enumerate(vendor.hosts):
            assert check_host(host, f"{vendor.key}.hosts[{i}]") == host
        for i, item in enumerate(vendor.stored):
            assert check_stored_name(item.name, f"{vendor.key}.stored[{i}]", item.kind) == item.name
    config = parse({"categories": {name: {} for name in CATEGORIES}, "vendors": list(CATALOG)})
    assert sorted(config.vendor_keys + [v["key"] for v in config.necessary_vendors]) == sorted(CATALOG)
