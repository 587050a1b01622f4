from cmp.core.vendors import CUSTOMERIO, host_matches


def test_a_host_entry_covers_the_host_and_its_subdomains_on_any_port():
    assert host_matches("gist.build", "gist.build")
    assert host_matches("gist.build", "consumer.cloud.gist.build")
    assert host_matches("customerioforms.com", "eu.customerioforms.com:443")
    assert not host_matches("gist.build", "notgist.build")
    assert not host_matches("customer.io", "customer.io.evil.example")


def test_a_host_entry_with_a_port_covers_exactly_that_host_and_port():
    assert host_matches("127.0.0.1:9000", "127.0.0.1:9000")
    assert not host_matches("127.0.0.1:9000", "127.0.0.1:9001")
    assert not host_matches("127.0.0.1:9000", "127.0.0.1")


def test_customerio_covers_the_hosts_of_both_sdks():
    for host in ["assets.customer.io", "track.customer.io", "track-eu.customer.io", "cdp.customer.io",
                 "cdp-eu.customer.io", "eu.customerioforms.com", "code.gist.build", "engine.api.gist.build"]:
        assert any(host_matches(pattern, host) for pattern in CUSTOMERIO.hosts), host
    assert not any(host_matches(pattern, "fly.customer.io") for pattern in CUSTOMERIO.hosts)
