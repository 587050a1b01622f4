import pytest

from cmp.core.config_schema import ConfigError, load, parse
from cmp.core.vendors import CUSTOMERIO


def error_of(raw):
    with pytest.raises(ConfigError) as caught:
        parse(raw)
    return caught.value.key, caught.value.problem


def test_an_empty_config_holds_customerio_under_marketing():
    config = parse({})
    assert config.category_names == ["necessary", "analytics", "marketing"]
    (vendor,) = config.vendors
    assert vendor["key"] == "customerio" and vendor["category"] == "marketing"
    assert vendor["hosts"] == list(CUSTOMERIO.hosts)
    assert "_cio" in vendor["queues"] and "reset" in vendor["queues"]["_cio"]
    assert config.revision == 1 and config.lifetime_days == 182


def test_the_packaged_default_config_is_valid():
    from cmp.cli import DEFAULT_CONFIG

    assert load(DEFAULT_CONFIG).vendors_in("marketing")[0]["name"] == "Customer.io"


def test_extra_hosts_and_custom_vendors_are_resolved():
    config = parse({"vendors": {
        "customerio": {"hosts": ["cio-sandbox.localhost", "127.0.0.1:9000"]},
        "acme": {"name": "Acme Pixel", "category": "analytics", "hosts": ["pixel.acme.example"], "cookies": ["_acme*"]},
    }})
    cio, acme = config.vendors
    assert cio["hosts"][-2:] == ["cio-sandbox.localhost", "127.0.0.1:9000"]
    assert acme["category"] == "analytics" and acme["cookies"] == ["_acme*"] and acme["queues"] == {}


def test_texts_and_labels_can_be_overridden():
    config = parse({"texts": {"accept_all": "Allow all"}, "categories": {"marketing": {"label": "Ads"}, "analytics": {}}})
    assert config.texts["accept_all"] == "Allow all"
    assert [c["label"] for c in config.categories] == ["Necessary", "Ads", "Analytics"]


@pytest.mark.parametrize("raw, key, problem", [
    ({"revison": 2}, "revison", "unknown setting"),
    ({"revision": "2"}, "revision", "expected a whole number"),
    ({"revision": True}, "revision", "expected a whole number"),
    ({"revision": 0}, "revision", "between 1 and"),
    ({"lifetime_days": 400}, "lifetime_days", "between 1 and 395"),
    ({"language": "xx"}, "language", "no texts for 'xx'"),
    ({"texts": {"accept": "x"}}, "texts.accept", "unknown text"),
    ({"texts": {"accept_all": ""}}, "texts.accept_all", "non-empty string"),
    ({"categories": {}}, "categories", "at least one category"),
    ({"categories": {"Ads": {}}}, "categories.Ads", "lower-case"),
    ({"categories": {"id": {}}}, "categories.id", "reserved"),
    ({"categories": {"functional": {}}}, "categories.functional.label", "without built-in texts"),
    ({"categories": {"analytics": {"colour": "red"}}}, "categories.analytics.colour", "unknown setting"),
    ({"categories": {"analytics": {}}}, "vendors.customerio.category", "'marketing' is not a category"),
    ({"vendors": {"customerio": {"category": "necessary"}}}, "vendors.customerio.category", "cannot be necessary"),
    ({"vendors": {"customerio": {"hosts": ["https://x.example"]}}}, "vendors.customerio.hosts[0]", "not a host name"),
    ({"vendors": {"customerio": {"hosts": ["X.example"]}}}, "vendors.customerio.hosts[0]", "not a host name"),
    ({"vendors": {"customerio": {"hosts": ["x.example:99999"]}}}, "vendors.customerio.hosts[0]", "not a host name"),
    ({"vendors": {"customerio": {"hosts": "x.example"}}}, "vendors.customerio.hosts", "expected a list"),
    ({"vendors": {"customerio": {"cookies": ["x"]}}}, "vendors.customerio.cookies", "unknown setting"),
    ({"vendors": {"acme": {"name": "Acme", "category": "marketing"}}}, "vendors.acme.hosts", "required"),
    ({"vendors": {"acme": "yes"}}, "vendors.acme", "expected a table"),
])
def test_a_broken_config_names_the_key_and_the_problem(raw, key, problem):
    got_key, got_problem = error_of(raw)
    assert got_key == key
    assert problem in got_problem


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
