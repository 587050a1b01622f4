"""The rules the first layer and stage 1 write in their own dialect agree with their one Python
definition in heldback/core, which stage 2 runs on Brython: each browser function, compiled by the
build's compiler (compiled_rules.py), is called in Chromium on inputs Hypothesis makes, and its answer
must equal what heldback/core answers in CPython. (docs/architecture.md lists every such rule.)"""

import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heldback.core import policy
from heldback.configuration.schema import load, parse
from heldback.core.consent_record import ID_BYTES, Record, consent_id
from heldback.core.cookie_scope import cookie_paths, parent_domains
from heldback.default_build import CONFIG as DEFAULT_CONFIG
from tests.e2e.compiled_rules import first_layer_rules, stage1_rules

CONFIG = load(DEFAULT_CONFIG)
FIRST_LAYER_RULES = ["cookie_paths", "parent_domains", "write_record", "hex_of"]  # one compile for all
MANY = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def rules_page(page, written_page):
    """A page of the test site without the consent manager: load(js) runs a compiled rule in it."""
    page.goto(written_page("rules.html", "<!doctype html><title>rules</title>"))

    def load(js):
        page.add_script_tag(content=js)
        return page

    return load


def config(toml):
    return parse(tomllib.loads(toml))


segments = st.text(alphabet="ab.-_~%0é", max_size=4)
pathnames = st.builds(lambda parts, slash: "/" + "/".join(parts) + ("/" if slash else ""),
                      st.lists(segments, max_size=5), st.booleans())
hostnames = st.one_of(st.sampled_from(["localhost", "127.0.0.1", "example.com.", "[::1]"]),
                      st.lists(st.text(alphabet="abz09-", min_size=1, max_size=5), min_size=1, max_size=5).map(".".join))


@MANY
@given(st.lists(pathnames, min_size=1, max_size=40), st.lists(hostnames, min_size=1, max_size=40))
def test_the_first_layer_expires_the_consent_cookie_on_the_paths_and_domains_stage_2_does(rules_page, paths, hosts):
    page = rules_page(first_layer_rules(CONFIG, "en", FIRST_LAYER_RULES))
    found = page.evaluate("([paths, hosts]) => [paths.map(rules.cookie_paths), hosts.map(rules.parent_domains)]",
                          [paths, hosts])
    assert found[0] == [cookie_paths(path) for path in paths]
    assert found[1] == [[""] + [f"; Domain={domain}" for domain in parent_domains(host)] for host in hosts]


ids = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)
facts = st.tuples(ids, st.integers(1, 10**9), st.integers(0, 10**6), st.integers(1, 10**10),
                  st.lists(st.sampled_from(CONFIG.consent_keys[1:]), unique=True))


@MANY
@given(st.lists(facts, min_size=1, max_size=20))
def test_the_first_layer_writes_the_record_stage_2_writes(rules_page, cases):
    page = rules_page(first_layer_rules(CONFIG, "en", FIRST_LAYER_RULES))
    written = page.evaluate("""(cases) => cases.map(([id, revision, created, later, granted]) =>
        rules.write_record({id, revision, created, timestamp: created + later}, ['necessary', ...granted].join('-')))""",
                            [list(case) for case in cases])
    assert written == [Record(revision, record_id, created, created + later, ["necessary", *granted]).encode()
                       for record_id, revision, created, later, granted in cases]


@MANY
@given(st.lists(st.lists(st.integers(0, 255), min_size=ID_BYTES, max_size=ID_BYTES), min_size=1, max_size=30))
def test_the_first_layer_makes_a_consent_id_of_random_bytes_as_stage_2_does(rules_page, random_bytes):
    page = rules_page(first_layer_rules(CONFIG, "en", FIRST_LAYER_RULES))
    assert page.evaluate("(cases) => cases.map(bytes => rules.hex_of(new Uint8Array(bytes)))", random_bytes) == [
        consent_id(case) for case in random_bytes]


tags = st.one_of(st.sampled_from(["", "en", "DE", "de-AT", "pt-BR", "pt_BR", "zz", "*", "x-klingon", "fr-", "-fr"]),
                 st.text(alphabet="deEnNplPtTfrIi-_", max_size=6))
LANGUAGE_CONFIGS = {"auto": CONFIG, "fixed": config('language = "de"\n[categories.marketing]\n'),
                    "some languages": config('languages = ["pl", "pt", "en"]\ndefault_language = "pt"\n')}


@pytest.mark.parametrize("name", LANGUAGE_CONFIGS)
@MANY
@given(st.lists(st.tuples(tags, st.lists(tags, max_size=4)), min_size=1, max_size=30))
def test_stage_1_chooses_the_visitors_language_as_stage_2_does(rules_page, name, cases):
    chosen = LANGUAGE_CONFIGS[name]
    page = rules_page(stage1_rules(chosen, "language", ["language_for"]))
    assert page.evaluate("(cases) => cases.map(([lang, preferred]) => rules.language_for(lang, preferred))",
                         [list(case) for case in cases]) == [chosen.language_for(lang, preferred) for lang, preferred in cases]


GPC_CONFIGS = [CONFIG, config('gpc_categories = ["analytics", "marketing"]\n[categories.analytics]\n[categories.marketing]\n'
                              '[vendors.customerio]\ncategory = "marketing"\n[vendors.hotjar]\ncategory = "analytics"\n'),
               config('gpc_categories = []\n[categories.marketing]\n[vendors.customerio]\ncategory = "marketing"\n')]


@pytest.mark.parametrize("chosen", GPC_CONFIGS, ids=["default", "analytics too", "none"])
def test_stage_1_and_its_service_worker_default_to_what_policy_grants_in_opt_out_mode(rules_page, chosen):
    page = rules_page(stage1_rules(chosen, "defaults", ["opt_out_defaults"]))
    found = page.evaluate("() => [rules.opt_out_defaults(false), rules.opt_out_defaults(true)]")
    assert found == [policy.defaults(chosen, "opt-out", False), policy.defaults(chosen, "opt-out", True)]
    assert found[0] != found[1] or not policy.refused_by_gpc(chosen)


BANNER = """() => document.querySelector('[data-cmp-root]').shadowRoot.querySelector('[data-cmp-banner]')
  .outerHTML.replace(' hidden=""', '')"""


@pytest.mark.parametrize("language", sorted(CONFIG.texts))
def test_the_first_layer_draws_the_banner_stage_2_draws(page, site, cio, written_page, language):
    # dist/ (tests/test_build.py holds it to the sources, byte for byte)
    page.goto(written_page(f"banner-{language}.html", f'<!doctype html><html lang="{language}"><head>'
                                                      '<script src="/dist/consent.js"></script></head><body></body></html>'))
    page.wait_for_selector("[data-cmp-banner]:not([hidden])")
    drawn_by_first_layer = page.evaluate(BANNER)
    page.evaluate("cmp.showPreferences()")  # stage 2 takes over: its own layers replace the first layer's
    page.wait_for_selector("[data-cmp-preferences]:not([hidden])")
    assert page.evaluate("document.querySelectorAll('[data-cmp-root]').length") == 1
    assert page.evaluate(BANNER) == drawn_by_first_layer
