import pytest

from heldback.configuration.schema import ConfigError, load, parse
from heldback.configuration.catalog import CUSTOMERIO


def error_of(raw):
    with pytest.raises(ConfigError) as caught:
        parse(raw)
    return caught.value.key, caught.value.problem


def test_an_empty_config_has_the_default_categories_and_no_vendor():
    config = parse({})
    assert config.category_names == ["necessary", "analytics", "marketing"]
    assert config.vendors == []  # a site lists the vendors it uses; nothing of Customer.io otherwise


def test_a_catalog_vendor_comes_only_when_the_config_names_it_with_its_defaults():
    config = parse({"vendors": {"customerio": {}}})
    (vendor,) = config.vendors
    assert vendor["key"] == "customerio" and vendor["category"] == "marketing"
    assert vendor["hosts"] == list(CUSTOMERIO.hosts)
    assert "_cio" in vendor["queues"] and "reset" in vendor["queues"]["_cio"]
    assert config.revision == 1 and config.lifetime_days == 182 and config.mode == "opt-in"
    assert config.gpc_categories == ["marketing"] and config.reload_on_withdraw and not config.close_refuses
    assert sorted(config.texts) == ["de", "en", "es", "fr", "it", "nl", "pl", "pt"] and config.language == "auto"


def test_the_packaged_default_config_is_valid():
    from heldback.default_build import CONFIG as DEFAULT_CONFIG

    assert load(DEFAULT_CONFIG).vendors_in("marketing")[0]["name"] == "Customer.io"


def test_extra_hosts_and_custom_vendors_are_resolved():
    config = parse({"vendors": {
        "customerio": {"hosts": ["cio-sandbox.localhost", "127.0.0.1:9000"], "allow_ip_and_localhost": True},
        "acme": {"name": "Acme Pixel", "category": "analytics", "hosts": ["pixel.acme.example"],
                 "cookies": ["_acme*", {"name": "_acme_id", "lifetime_days": 30, "purpose": "Counts visits"}]},
    }})
    cio, acme = config.vendors
    assert cio["hosts"][-2:] == ["cio-sandbox.localhost", "127.0.0.1:9000"]
    assert acme["category"] == "analytics" and acme["queues"] == {}
    assert acme["stored"] == [{"name": "_acme*", "kind": "cookie", "lifetime_days": None, "purpose": ""},
                              {"name": "_acme_id", "kind": "cookie", "lifetime_days": 30, "purpose": "Counts visits"}]
    assert config.consent_keys == ["necessary", "analytics", "marketing", "customerio", "acme"]


def test_texts_can_be_overridden_per_language_and_a_new_category_needs_them_in_every_language():
    config = parse({"texts": {"en": {"accept_all": "Allow all"}, "de": {"marketing_label": "Werbung"}}})
    assert config.texts["en"]["accept_all"] == "Allow all" and config.texts["de"]["marketing_label"] == "Werbung"
    config = parse({"languages": ["en"], "categories": {"functional": {}, "marketing": {}},
                    "texts": {"en": {"functional_label": "Functional", "functional_description": "Chat and maps."}}})
    assert config.category_names == ["necessary", "functional", "marketing"]
    assert config.texts["en"]["functional_label"] == "Functional"


def test_google_consent_mode_is_off_unless_enabled_and_maps_categories_to_signals():
    assert parse({}).google_consent_mode is None
    assert parse({"google_consent_mode": {"enabled": True}}).google_consent_mode == {"wait_for_update": 500, "signals": {
        "ad_storage": "marketing", "ad_user_data": "marketing", "ad_personalization": "marketing",
        "analytics_storage": "analytics"}}


def test_the_language_follows_the_config_then_the_page_then_the_browser_then_the_default():
    assert parse({"language": "fr"}).language_for("de", ["it"]) == "fr"
    config = parse({"languages": ["en", "de", "fr"], "default_language": "fr"})
    assert config.language_for("de-AT", ["it"]) == "de"
    assert config.language_for("", ["it-IT", "en-GB"]) == "en"
    assert config.language_for("ja", ["zh"]) == "fr"


def test_every_built_in_language_has_every_text():
    from heldback.configuration import texts

    for code, table in texts.LANGUAGES.items():
        assert set(table) == set(texts.EN), code
        assert "{n}" in table["lifetime_days"], code


@pytest.mark.parametrize("raw, key, problem", [
    ({"revison": 2}, "revison", "unknown setting"),
    ({"revision": "2"}, "revision", "expected a whole number"),
    ({"revision": True}, "revision", "expected a whole number"),
    ({"revision": 0}, "revision", "between 1 and"),
    ({"lifetime_days": 400}, "lifetime_days", "between 1 and 395"),
    ({"language": "xx"}, "language", "use \"auto\" or one of languages"),
    ({"languages": ["en", "xx"]}, "texts.xx.banner_title", "missing"),
    ({"languages": ["EN"]}, "languages[0]", "not a language code"),
    ({"default_language": "de", "languages": ["en"]}, "default_language", "not one of languages"),
    ({"texts": {"accept_all": "x"}}, "texts.accept_all", "use [texts.<language>]"),
    ({"texts": {"en": {"accept": "x"}}}, "texts.en.accept", "unknown text"),
    ({"texts": {"en": {"accept_all": ""}}}, "texts.en.accept_all", "non-empty string"),
    ({"mode": "opt_out"}, "mode", "use \"opt-in\" or \"opt-out\""),
    ({"gpc_categories": ["ads"]}, "gpc_categories[0]", "not a refusable category"),
    ({"reload_on_withdraw": "yes"}, "reload_on_withdraw", "expected true or false"),
    ({"vendors": {"marketing": {"name": "M", "category": "marketing", "hosts": ["m.example"]}}},
     "vendors.marketing", "name of a category"),
    ({"categories": {}}, "categories", "at least one category"),
    ({"categories": {"Ads": {}}}, "categories.Ads", "lower-case"),
    ({"categories": {"id": {}}}, "categories.id", "reserved"),
    ({"categories": {"support": {}, "marketing": {}}}, "texts.en.support_label", "missing"),
    ({"categories": {"analytics": {"colour": "red"}}}, "categories.analytics.colour", "unknown setting"),
    ({"categories": {"analytics": {}}, "vendors": {"customerio": {}}}, "vendors.customerio.category",
     "'marketing' is not a category"),
    ({"vendors": {"customerio": {"category": "necessary"}}}, "vendors.customerio.category", "cannot be necessary"),
    ({"vendors": {"customerio": {"hosts": ["https://x.example"]}}}, "vendors.customerio.hosts[0]", "not a host name"),
    ({"vendors": {"customerio": {"hosts": ["X.example"]}}}, "vendors.customerio.hosts[0]", "not a host name"),
    ({"vendors": {"customerio": {"hosts": ["x.example:99999"]}}}, "vendors.customerio.hosts[0]", "not a host name"),
    ({"vendors": {"customerio": {"hosts": "x.example"}}}, "vendors.customerio.hosts", "expected a list"),
    ({"vendors": {"customerio": {"cookies": ["x"]}}}, "vendors.customerio.cookies", "unknown setting"),
    ({"vendors": {"acme": {"name": "Acme", "category": "marketing"}}}, "vendors.acme.hosts", "required"),
    ({"vendors": {"acme": "yes"}}, "vendors.acme", "expected a table"),
    ({"google_consent_mode": {"enabled": "yes"}}, "google_consent_mode.enabled", "expected true or false"),
    ({"google_consent_mode": {"enabled": True, "ads_category": "ads"}}, "google_consent_mode.ads_category",
     "not a refusable category"),
    ({"google_consent_mode": {"enabled": True, "analytics_category": "necessary"}},
     "google_consent_mode.analytics_category", "not a refusable category"),
    ({"google_consent_mode": {"wait_for_update": -1}}, "google_consent_mode.wait_for_update", "between 0 and"),
    ({"google_consent_mode": {"region": ["EU"]}}, "google_consent_mode.region", "unknown setting"),
])
def test_a_broken_config_names_the_key_and_the_problem(raw, key, problem):
    got_key, got_problem = error_of(raw)
    assert got_key == key
    assert problem in got_problem


@pytest.mark.parametrize("endpoint, problem", [
    ("/\\evil.example/r", "a browser sends it to evil.example"),  # a backslash is a slash to the browser
    ("/\t/evil.example/r", "a browser sends it to evil.example"),  # tabs and newlines are removed
    ("/\n/evil.example/r", "a browser sends it to evil.example"),
    ("/\r/evil.example/r", "a browser sends it to evil.example"),
    ("//evil.example/r", "a browser sends it to evil.example"),
    ("https:evil.example/r", "expected an http(s) URL"),  # relative to an https page, absolute otherwise
    ("https:/evil.example/r", "expected an http(s) URL"),
    ("javascript:alert(1)", "expected an http(s) URL"),
    ("receipts", "expected an http(s) URL"),
    ("https://user:secret@consent.example/r", "credentials"),
    ("/receipts here", "not a URL as a browser writes it"),
    ("https://consent.example/r\"", "not a URL as a browser writes it"),
])
def test_a_receipt_endpoint_is_checked_as_the_browser_resolves_it(endpoint, problem):
    key, got = error_of({"receipt_endpoint": endpoint})
    assert key == "receipt_endpoint" and problem in got


def test_a_receipt_endpoint_may_be_a_path_on_the_site_or_an_absolute_url():
    for endpoint in ["/consent/receipts", "/r?site=shop", "https://consent.example.com/receipts",
                     "http://127.0.0.1:8765/receipts"]:
        assert parse({"receipt_endpoint": endpoint}).receipt_endpoint == endpoint


@pytest.mark.parametrize("key", ["service_worker", "service_worker_scope"])
def test_the_service_worker_and_its_scope_are_paths_on_the_site(key):
    assert getattr(parse({key: "/consent-sw.js"}), key) == "/consent-sw.js"
    for elsewhere in ["https://cdn.example/consent-sw.js", "//cdn.example/consent-sw.js", "/\\cdn.example/sw.js"]:
        assert error_of({key: elsewhere})[0] == key


def test_a_config_file_error_names_the_file(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text("revision = 1\n[vendors.customerio]\ncategory = 'ads'\n")
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert str(caught.value) == f"{path}: vendors.customerio.category: 'ads' is not a category of this config"
    path.write_text("revision = \n")
    with pytest.raises(ConfigError, match=r"site\.toml: \(file\): not valid TOML"):
        load(path)
    with pytest.raises(ConfigError, match=r"missing\.toml: \(file\): cannot read"):
        load(tmp_path / "missing.toml")


def test_the_readme_example_config_is_valid_and_uses_every_setting():
    import re
    import tomllib

    from heldback.configuration.schema import TOP_LEVEL
    from heldback.building import ROOT

    readme = (ROOT / "README.md").read_text()
    example = re.search(r"## Configure and build.*?```toml\n(.*?)```", readme, re.S).group(1)
    raw = tomllib.loads(example)
    assert set(raw) == set(TOP_LEVEL)
    config = parse(raw)
    assert config.category_names == ["necessary", "analytics", "marketing", "functional"]
    assert config.vendor_keys == ["customerio", "acme"] and config.mode == "opt-in"


# Issue 23: a config that would break the site is refused, naming the key and the problem.

def acme(*hosts, **settings):
    """A config with one vendor of its own, Acme, on ``hosts``."""
    return {"vendors": {"acme": {"name": "Acme", "category": "marketing", "hosts": list(hosts), **settings}}}


@pytest.mark.parametrize("host", ["com", "co.uk", "github.io", "ck", "foo.ck", "xn--p1ai", "s3.amazonaws.com"])
def test_a_public_suffix_is_no_vendor_host_it_would_hold_every_site_under_it(host):
    key, problem = error_of(acme("pixel.acme.example", host))
    assert key == "vendors.acme.hosts[1]"
    assert problem == (f"{host!r} is a public suffix (Public Suffix List): a host covers its subdomains, so every site "
                       "under it would be held; name the vendor's own host")


def test_a_vendor_host_under_a_public_suffix_is_the_vendors_own():
    config = parse(acme("acme.github.io", "pixel.acme.co.uk", "www.ck"))
    assert config.vendors[0]["hosts"] == ["acme.github.io", "pixel.acme.co.uk", "www.ck"]


@pytest.mark.parametrize("host", ["localhost", "cio-sandbox.localhost", "localhost:9000"])
def test_localhost_names_are_this_machine_and_need_the_vendors_opt_in(host):
    key, problem = error_of(acme(host))
    assert key == "vendors.acme.hosts[0]"
    assert problem == (f"{host!r} is a name of this machine (*.localhost), where sites run in development: if this "
                       "vendor really is there (a sandbox, a test double), set vendors.acme.allow_ip_and_localhost = true")


@pytest.mark.parametrize("host, read", [
    ("127.0.0.1", ""), ("127.0.0.1:9000", ""), ("10.0.0.7", ""), ("203.0.113.9:8443", ""),
    ("127.1", " (127.0.0.1 to a browser)"), ("0x7f.0.0.1", " (127.0.0.1 to a browser)"),  # as a URL parser reads them
    ("0177.0.0.1", " (127.0.0.1 to a browser)"), ("2130706433", " (127.0.0.1 to a browser)"),
])
def test_an_ip_address_is_where_the_site_may_be_served_and_needs_the_vendors_opt_in(host, read):
    key, problem = error_of(acme(host))
    assert key == "vendors.acme.hosts[0]"
    assert problem == (f"{host!r} is an IP address{read}, where the site itself may be served: if this vendor really "
                       "is there (a sandbox, a test double), set vendors.acme.allow_ip_and_localhost = true")


def test_the_opt_in_allows_ip_addresses_and_localhost_names_as_the_browser_writes_them():
    hosts = ["cio-sandbox.localhost", "localhost:9000", "127.0.0.1:9000", "10.0.0.7"]
    config = parse({"vendors": {"customerio": {"hosts": hosts, "allow_ip_and_localhost": True}}})
    assert config.vendors[0]["hosts"][-4:] == hosts
    assert "allow_ip_and_localhost" not in config.vendors[0]  # a config setting: nothing of it reaches the build
    key, problem = error_of(acme("127.1", allow_ip_and_localhost=True))
    assert (key, problem) == ("vendors.acme.hosts[0]",
                              "'127.1' is not a host name as a browser reads it: its URL parser reads '127.0.0.1'; write that")
    assert error_of(acme("com", allow_ip_and_localhost=True))[1].startswith("'com' is a public suffix")
    assert error_of(acme("x.example", allow_ip_and_localhost="yes")) == (
        "vendors.acme.allow_ip_and_localhost", "expected true or false, got 'yes'")


@pytest.mark.parametrize("host", ["[::1]", "::1", "[::1]:8080", "[0:0::1]", "[::ffff:127.0.0.1]"])
@pytest.mark.parametrize("opt_in", [False, True])
def test_an_ipv6_address_is_never_a_vendor_host(host, opt_in):
    key, problem = error_of(acme(host, allow_ip_and_localhost=opt_in))
    assert key == "vendors.acme.hosts[0]"
    assert problem == (f"{host!r} is an IPv6 address: a vendor host is a name, or an IPv4 address with "
                       "allow_ip_and_localhost = true")


NOT_A_HOST = ("is not a host name (lower-case letters, digits and inner hyphens, dot-separated; optional :port; "
              "no scheme or path)")


@pytest.mark.parametrize("host, problem", [
    ("-", f"'-' {NOT_A_HOST}"),
    ("-cdn.acme.example", f"'-cdn.acme.example' {NOT_A_HOST}"),
    ("cdn-.acme.example", f"'cdn-.acme.example' {NOT_A_HOST}"),
    ("pixel.acme.example:080", f"'pixel.acme.example:080' {NOT_A_HOST}"),  # never equal to the port a URL names
    ("pixel.acme.example:\u00b2", f"'pixel.acme.example:\u00b2' {NOT_A_HOST}"),  # a digit to str.isdigit, no port
    ("acme.123", "'acme.123' is not a host name as a browser reads it: its URL parser refuses it"),  # ends in a number
    ("999.0.0.1", "'999.0.0.1' is not a host name as a browser reads it: its URL parser refuses it"),
    ("a" * 64 + ".example", f"'{'a' * 64}.example' is not a host name: a label of 64 characters, at most 63"),
    (("a" * 62 + ".") * 4 + "example", f"'{'a' * 60}'... (259 characters) is not a host name: at most 253 characters"),
    ("a" * 5000, f"'{'a' * 60}'... (5,000 characters) is not a host name: at most 253 characters"),
])
def test_a_vendor_host_is_a_host_as_a_browser_reads_it_within_dns_limits(host, problem):
    assert error_of(acme(host)) == ("vendors.acme.hosts[0]", problem)


def test_the_longest_names_dns_allows_are_hosts():
    host = ("a" * 63 + ".") * 3 + "a" * 57 + ".com"  # 253 characters, labels of 63
    assert len(host) == 253 and parse(acme(host)).vendors[0]["hosts"] == [host]


@pytest.mark.parametrize("field", ["cookies", "storage"])
@pytest.mark.parametrize("entry, key", [("*", "[0]"), ("***", "[0]"), ({"name": "*", "lifetime_days": 30}, "[0].name")])
def test_a_cookie_or_storage_pattern_that_matches_every_name_is_refused(field, entry, key):
    what = "cookie" if field == "cookies" else "storage key"
    name = entry if isinstance(entry, str) else entry["name"]
    assert error_of(acme("pixel.acme.example", **{field: [entry]})) == (
        f"vendors.acme.{field}{key}", f"{name!r} matches every {what}: withdrawing consent would delete every {what} "
                                      "of the site, not only this vendor's; name the vendor's own (a prefix: _acme*)")


def test_patterns_with_a_wildcard_and_some_text_are_the_vendors():
    config = parse(acme("pixel.acme.example", cookies=["_acme*", "*_acme"], storage=["acme.*", "mp_*_acme"]))
    assert [item["name"] for item in config.vendors[0]["stored"]] == ["_acme*", "*_acme", "acme.*", "mp_*_acme"]


@pytest.mark.parametrize("setting, url", [
    ("receipt_endpoint", "https://shop.example.com/receipts"),
    ("privacy_policy_url", "https://shop.example.com/privacy"),
    ("privacy_policy_url", "http://SHOP.example.com.:80/privacy"),  # as the browser reads it
])
def test_a_vendor_may_not_claim_the_host_of_the_sites_own_urls(setting, url):
    assert error_of({setting: url, **acme("example.com")}) == (
        setting, f"{url!r} is on shop.example.com, which vendors.acme claims ('example.com'): the site's own host "
                 "is never a vendor's (the guard would hold the site and its consent manager)")


def test_the_sites_own_urls_may_be_paths_or_on_hosts_no_vendor_claims():
    for url in ["/privacy", "https://example.org/privacy", "https://shop.example.com:8443/privacy"]:
        config = parse({"privacy_policy_url": url, "receipt_endpoint": url, **acme("example.com:443")})
        assert config.privacy_policy_url == config.receipt_endpoint == url
    config = parse({"privacy_policy_url": "https://js.stripe.com/x", "vendors": ["stripe"]})  # never held
    assert config.necessary_vendors[0]["key"] == "stripe"


@pytest.mark.parametrize("vendors, key, problem", [
    ({"customerio": {"hosts": ["googletagmanager.com"]}, "gtm": {}}, "vendors.customerio.hosts[0]",
     "'googletagmanager.com' overlaps 'googletagmanager.com' of vendors.gtm, in another category (analytics, not "
     "marketing)"),
    ({"gtm": {}, "customerio": {"hosts": ["www.googletagmanager.com"]}}, "vendors.customerio.hosts[0]",
     "'www.googletagmanager.com' overlaps 'googletagmanager.com' of vendors.gtm, in another category (analytics, not "
     "marketing)"),
    ({"customerio": {"hosts": ["cdn.acme.example"]}, "acme": {"name": "Acme", "category": "analytics",
                                                             "hosts": ["acme.example"]}}, "vendors.acme.hosts[0]",
     "'acme.example' overlaps 'cdn.acme.example' of vendors.customerio, in another category (marketing, not analytics)"),
    ({"acme": {"name": "Acme", "category": "analytics", "hosts": ["x.example", "acme.example:8443"]},
      "other": {"name": "Other", "category": "marketing", "hosts": ["acme.example"]}}, "vendors.other.hosts[0]",
     "'acme.example' overlaps 'acme.example:8443' of vendors.acme, in another category (analytics, not marketing)"),
    ({"stripe": {}, "acme": {"name": "Acme", "category": "marketing", "hosts": ["stripe.com"]}}, "vendors.acme.hosts[0]",
     "'stripe.com' overlaps 'js.stripe.com' of vendors.stripe, in another category (necessary, not marketing)"),
])
def test_one_host_claimed_by_two_vendors_of_different_categories_is_refused(vendors, key, problem):
    assert error_of({"categories": {"analytics": {}, "marketing": {}}, "vendors": vendors}) == (
        key, problem + ": the guard would follow only one of the two decisions")


def test_vendors_of_one_category_may_share_a_host_and_ports_apart_do_not_overlap():
    parse({"vendors": {"acme": {"name": "Acme", "category": "marketing", "hosts": ["acme.example"]},
                       "other": {"name": "Other", "category": "marketing", "hosts": ["cdn.acme.example"]}}})
    parse({"categories": {"analytics": {}, "marketing": {}}, "vendors": {
        "acme": {"name": "Acme", "category": "marketing", "hosts": ["acme.example:8443"]},
        "other": {"name": "Other", "category": "analytics", "hosts": ["acme.example:9443"]}}})


def test_a_config_file_refused_for_a_vendor_host_names_the_file(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text("[vendors.customerio]\nhosts = [\"com\"]\n")
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert str(caught.value).startswith(f"{path}: vendors.customerio.hosts[0]: 'com' is a public suffix")
