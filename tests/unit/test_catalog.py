"""The vendor catalog (heldback/configuration/catalog.toml): facts in one shape, each vendor with its sources,
no host claimed twice, and only what a config names reaches its build."""

import pytest

from heldback.configuration import purpose_texts, texts
from heldback.configuration.schema import ConfigError, parse
from heldback.configuration.catalog import CATALOG, CATEGORIES, KINDS, STORED_KINDS, CatalogError, read_catalog
from heldback.core.hosts import host_matches

# The vendors issue 15 names, by key: the catalog has at least these, and more.
NAMED = ["ga4", "gtm", "googleads", "metapixel", "linkedin", "tiktok", "clarity", "hotjar", "mixpanel", "amplitude",
         "segment", "posthog", "heap", "fullstory", "intercom", "hubspot", "drift", "zendesk", "crisp", "braze",
         "klaviyo", "mailchimp", "pinterest", "xpixel", "reddit", "youtube", "vimeo", "googlemaps", "stripe",
         "recaptcha", "hcaptcha", "sentry", "customerio"]


def test_the_catalog_has_the_vendors_sites_run_at_least_forty():
    assert len(CATALOG) >= 40
    assert [key for key in NAMED if key not in CATALOG] == []


def test_every_vendor_has_the_same_shape_and_names_its_sources():
    for key, vendor in CATALOG.items():
        assert vendor.key == key and vendor.name and vendor.hosts, key
        assert vendor.category in CATEGORIES and vendor.kind in KINDS, key
        assert vendor.privacy_policy.startswith("https://"), key
        assert vendor.sources and all(url.startswith("https://") for url in vendor.sources), key
        assert vendor.purpose in texts.EN or vendor.purpose in purpose_texts.EN, key
        for item in vendor.stored:
            assert item.kind in STORED_KINDS and item.name, (key, item.name)
            assert item.purpose in texts.EN or item.purpose in purpose_texts.EN, (key, item.name)
            assert item.lifetime_days is None or item.lifetime_days >= 0, (key, item.name)
        for name, methods in vendor.queues.items():
            assert name and all(methods), (key, name)


def test_no_two_vendors_claim_the_same_host_or_one_inside_another():
    claimed = [(host, vendor.key) for vendor in CATALOG.values() for host in vendor.hosts]
    for i, (host, owner) in enumerate(claimed):
        for other, other_owner in claimed[i + 1:]:
            if other_owner != owner:
                assert not host_matches(host, other, "") and not host_matches(other, host, ""), (owner, host, other_owner, other)


def test_a_queue_global_is_one_vendor_s_and_never_google_s_data_layer():
    owners = {}
    for vendor in CATALOG.values():
        for name in vendor.queues:
            assert name not in owners, (name, owners.get(name), vendor.key)
            owners[name] = vendor.key
            assert name in vendor.globals, (vendor.key, name)
    for name in ["dataLayer", "gtag", "_fbq"]:
        assert name not in owners, name  # Consent Mode's signals go through dataLayer; gtag and _fbq are aliases


def test_stage_1_makes_a_function_queue_early_only_where_the_snippet_adopts_the_function_it_finds():
    functions = {name: shape for vendor in CATALOG.values() for name, shape in vendor.function_queues.items()}
    assert functions["hj"] == functions["clarity"] == ("q", "arguments", True)  # w.hj = w.hj || function ...
    assert functions["lintrk"] == ("q", "array", True)  # if (!l) { window.lintrk = ... }
    for name, into in [("fbq", "queue"), ("Intercom", "q"), ("FS", "q")]:
        assert functions[name] == (into, "arguments" if name != "FS" else "array", False)  # made early: not loaded


def test_amplitude_s_queue_is_the_object_its_snippet_adopts():
    assert CATALOG["amplitude"].object_queues == {"amplitude": ("_q", ("_iq",))}
    assert {"init", "track", "setUserId"} <= set(CATALOG["amplitude"].queues["amplitude"])
    assert all(not vendor.object_queues for key, vendor in CATALOG.items() if key != "amplitude")


def test_a_vendor_loaded_through_another_names_one_in_the_catalog():
    for vendor in CATALOG.values():
        assert not vendor.loaded_through or vendor.loaded_through in CATALOG, vendor.key


def test_the_payment_and_captcha_vendors_are_necessary_and_sentry_functional():
    assert CATALOG["stripe"].category == "necessary"
    assert CATALOG["recaptcha"].category == CATALOG["hcaptcha"].category == "necessary"
    assert CATALOG["sentry"].category == "functional"


def test_a_catalog_that_breaks_its_rules_names_the_vendor_and_the_field(tmp_path):
    entry = ('name = "A"\ncategory = "marketing"\nkind = "advertising"\nprivacy_policy = "https://a.example/p"\n'
             'sources = ["https://a.example/docs"]\n')
    cases = [
        (f'[vendors.a]\n{entry}hosts = ["a.example"]\n[vendors.b]\n{entry}hosts = ["cdn.a.example"]\n',
         "vendors.b.hosts: 'cdn.a.example' overlaps 'a.example' of a"),
        (f'[vendors.a]\n{entry}hosts = ["https://a.example/x"]\n', "vendors.a.hosts[0]"),
        (f'[vendors.a]\n{entry}hosts = ["a.example"]\nloaded_through = "gtm"\n', "vendors.a.loaded_through"),
        (f'[vendors.a]\n{entry}hosts = ["a.example"]\ncolour = "red"\n', "vendors.a: unknown fields colour"),
        (f'[vendors.a]\n{entry}hosts = ["a.example"]\nqueues = {{ dataLayer = [] }}\n', "vendors.a.queues.dataLayer"),
        (f'[vendors.a]\n{entry}hosts = ["a.example"]\nqueues = {{ a = {{ calls_into = "q" }} }}\n',
         "vendors.a.queues.a: expected a table of calls_into, each"),
        (f'[vendors.a]\n{entry}hosts = ["a.example"]\n[[vendors.a.stored]]\nname = "x"\nkind = "cookie"\npurpose = "fun"\n',
         "vendors.a.stored[0].purpose"),
        (f'[vendors.a]\n{entry.replace("advertising", "mining")}hosts = ["a.example"]\n', "vendors.a.kind"),
        (f'[vendors.a]\n{entry.replace("https://a.example/docs", "a.example/docs")}hosts = ["a.example"]\n', "vendors.a.sources[0]"),
    ]
    for text, message in cases:
        path = tmp_path / "catalog.toml"
        path.write_text(text)
        with pytest.raises(CatalogError, match=message.replace(".", r"\.").replace("[", r"\[")):
            read_catalog(path)


def test_a_config_lists_catalog_vendors_by_key_and_only_those_reach_it():
    config = parse({"categories": {"functional": {}, "analytics": {}, "marketing": {}},
                    "vendors": ["ga4", "metapixel", "sentry", "stripe"]})
    assert [vendor["key"] for vendor in config.vendors] == ["ga4", "metapixel", "sentry"]
    assert [vendor["key"] for vendor in config.necessary_vendors] == ["stripe"]  # listed, never held
    assert config.vendors[0]["hosts"] == list(CATALOG["ga4"].hosts)
    shipped = set(config.texts["de"])
    assert "purpose_web_analytics" in shipped and "purpose_advertising" in shipped
    assert "purpose_chat" not in shipped  # no chat vendor: its text is not built in


def test_a_config_that_lists_an_unknown_or_misplaced_vendor_is_refused_with_the_fix():
    with pytest.raises(ConfigError, match=r"vendors\[1\]: 'acme' is not in the catalog"):
        parse({"vendors": ["ga4", "acme"]})
    with pytest.raises(ConfigError, match=r"vendors\[1\]: 'ga4' is listed twice"):
        parse({"vendors": ["ga4", "ga4"]})
    with pytest.raises(ConfigError, match=r"vendors.sentry.category: 'functional' is not a category of this config "
                                          r"\(add \[categories.functional\], or set vendors.sentry.category\)"):
        parse({"vendors": ["sentry"]})


def test_the_readme_lists_every_catalog_vendor():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("### The vendor catalog"):readme.index("## Vendor tags in the markup")]
    assert [key for key in CATALOG if f"`{key}` {CATALOG[key].name}" not in section] == []


def test_stage_1_holds_only_the_hosts_and_queues_of_the_vendors_a_config_names():
    from heldback.building.stage1 import optional_parts, settings as loader_settings

    config = parse({"vendors": ["hotjar", "amplitude", "mixpanel", "stripe"]})
    settings = loader_settings(config)
    assert {key for _, key in settings["HOSTS"]} == {"hotjar", "amplitude", "mixpanel"}  # Stripe: necessary, never held
    assert sorted(host for host, _ in settings["HOSTS"]) == sorted(
        CATALOG["hotjar"].hosts + CATALOG["amplitude"].hosts + CATALOG["mixpanel"].hosts)
    assert [entry[0] for entry in settings["QUEUES"]] == ["mixpanel"]  # hj is a function queue
    assert optional_parts(config)["function_queues"]["FUNCTION_QUEUES"] == [["hj", "hotjar", "q", "arguments", True]]
    [amplitude] = optional_parts(config)["object_queues"]["OBJECT_QUEUES"]  # built in only for such a vendor
    assert amplitude[0] == "amplitude" and amplitude[3:] == ["_q", ["_iq"]]
    assert not {"object_queues", "function_queues"} & set(optional_parts(parse({"vendors": ["mixpanel"]})))
