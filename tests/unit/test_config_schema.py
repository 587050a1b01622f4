import pytest

from heldback.core.config_schema import ConfigError, load, parse
from heldback.core.vendors import CUSTOMERIO


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
    from heldback.cli import DEFAULT_CONFIG

    assert load(DEFAULT_CONFIG).vendors_in("marketing")[0]["name"] == "Customer.io"


def test_extra_hosts_and_custom_vendors_are_resolved():
    config = parse({"vendors": {
        "customerio": {"hosts": ["cio-sandbox.localhost", "127.0.0.1:9000"]},
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
    from heldback.core import texts

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

    from heldback.core.config_schema import TOP_LEVEL
    from heldback.loader.bundle import ROOT

    readme = (ROOT / "README.md").read_text()
    example = re.search(r"## Configure and build.*?```toml\n(.*?)```", readme, re.S).group(1)
    raw = tomllib.loads(example)
    assert set(raw) == set(TOP_LEVEL)
    config = parse(raw)
    assert config.category_names == ["necessary", "analytics", "marketing", "functional"]
    assert config.vendor_keys == ["customerio", "acme"] and config.mode == "opt-in"
