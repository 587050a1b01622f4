"""Stage 1 (compiled JavaScript) and heldback.core (Python) read the consent cookie the same way.

Stage 2 writes the cookie with heldback.core's Record.encode; stage 1 reads it with its own few lines.
For every value below, valid or not, and for every set of cookies a page may get (random ones, made
by Hypothesis), stage 1's window.cmp.getConsent() must equal what heldback.core makes of the same
document.cookie: the same decision, or no consent at all.
"""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration.schema import load
from heldback.core.consent_record import (
    COOKIE, DAY, MAX_CLOCK_SKEW, Record, decode, from_cookie_header, is_current, state_of,
)

CONFIG = load(DEFAULT_CONFIG)  # the config dist/ is built from
KEYS = CONFIG.consent_keys
ID = "9f1c2e3d4b5a69788796a5b4c3d2e1f0"


def cases(now):
    def value(revision=CONFIG.revision, consent_id=ID, created=now - 600, timestamp=now - 60,
              granted=("necessary", "marketing", "customerio")):
        return Record(revision, consent_id, created, timestamp, granted).encode()

    good = value()
    return [
        good,
        value(granted=KEYS),
        value(granted=["necessary"]),
        value(granted=["necessary", "customerio"]),  # a vendor apart from its category
        value(granted=["customerio", "necessary", "analytics"]),  # order does not matter
        value(revision=CONFIG.revision + 1),  # config changed since
        value(revision=0),
        value(created=now - 900 * 86400, timestamp=now - CONFIG.lifetime_days * DAY + 120),  # about to expire
        value(timestamp=now - CONFIG.lifetime_days * DAY - 120),  # expired
        value(timestamp=now + MAX_CLOCK_SKEW - 120),
        value(timestamp=now + MAX_CLOCK_SKEW + 120),  # from the future
        value(created=now, timestamp=now - 60),  # first decision after the last
        value(granted=["marketing"]),
        value(granted=["necessary", "necessary"]),
        value(granted=["necessary", "ads"]),
        value(consent_id=ID[:-1]),
        value(consent_id=ID.upper()),
        good + ".1",
        "1" + good[1:],  # schema 1
        good.replace(f".{CONFIG.revision}.", f".0{CONFIG.revision}.", 1),
        good.replace("necessary-marketing", "necessary-marketing-"),
        good.replace("necessary-marketing", "necessary+marketing"),
        good.replace("necessary-marketing", "necessary-constructor"),
        "",
        "true",
        "%7B%22marketing%22%3Atrue%7D",  # another CMP's JSON
    ]


def expected(value, now):
    record = decode(value, KEYS)
    if record is None or not is_current(record, CONFIG.revision, CONFIG.lifetime_days, now):
        return None
    return state_of(record, CONFIG.category_names, CONFIG.vendor_keys)


def test_stage_1_reads_every_cookie_value_exactly_as_cmp_core_does(page, context, site):
    page.route("**/dist/consent-app.js", lambda route: route.fulfill(status=204))  # stage 1 alone
    now = int(time.time())
    checked = 0
    for value in cases(now):
        context.clear_cookies()
        context.add_cookies([{"name": COOKIE, "value": value, "url": site}])
        page.goto(f"{site}/blank.html")
        assert page.evaluate("cmp.getConsent()") == expected(value, now), value
        checked += 1
    assert checked == len(cases(now)) and sum(expected(v, now) is not None for v in cases(now)) == 7


# Several cmp_consent cookies reach a page when one was set on another path or on a parent domain:
# the browser lists the more specific first. Stage 1 and heldback.core take the same one.
PATHS = ["/", "/written", "/written/", "/written/agreement.html"]


def a_value(now):
    good = st.builds(lambda age, keys, revision, skew: Record(revision, ID, now - age - 600, now - age + skew, keys).encode(),
                     st.integers(0, CONFIG.lifetime_days * DAY + 3600),
                     st.lists(st.sampled_from(KEYS[1:]), unique=True).map(lambda keys: ["necessary", *keys]),
                     st.sampled_from([CONFIG.revision, CONFIG.revision, CONFIG.revision + 1]),
                     st.sampled_from([0, 0, 0, MAX_CLOCK_SKEW + 60]))
    return st.one_of(good, good, st.sampled_from(cases(now)))


@pytest.fixture
def agreement_page(page, written_page):
    page.route("**/dist/consent-app.js", lambda route: route.fulfill(status=204))  # stage 1 alone
    return written_page("agreement.html", '<!doctype html><script src="/dist/consent.js"></script>')


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_of_several_cookies_stage_1_and_cmp_core_take_the_same_decision(page, context, site, agreement_page, data):
    now = int(time.time())
    cookies = data.draw(st.lists(st.tuples(a_value(now), st.sampled_from(PATHS)), min_size=1, max_size=4,
                                 unique_by=lambda cookie: cookie[1]))
    context.clear_cookies()
    context.add_cookies([{"name": COOKIE, "value": value, "domain": "127.0.0.1", "path": path} for value, path in cookies])
    page.goto(agreement_page)
    header, state = page.evaluate("[document.cookie, cmp.getConsent()]")
    record = from_cookie_header(header, KEYS, CONFIG.revision, CONFIG.lifetime_days, now)
    assert state == (expected(record.encode(), now) if record else None), header


def test_the_latest_decision_counts_whichever_cookie_the_browser_lists_first(page, context, site, agreement_page):
    now = int(time.time())
    older_grant = Record(CONFIG.revision, ID, now - 7200, now - 7200, KEYS).encode()
    newer_refusal = Record(CONFIG.revision, ID, now - 7200, now - 60, ["necessary"]).encode()
    context.add_cookies([{"name": COOKIE, "value": older_grant, "domain": "127.0.0.1", "path": "/written/"},
                         {"name": COOKIE, "value": newer_refusal, "domain": "127.0.0.1", "path": "/"}])
    page.goto(agreement_page)
    assert page.evaluate("document.cookie") == f"{COOKIE}={older_grant}; {COOKIE}={newer_refusal}"
    assert page.evaluate("cmp.getConsent().marketing") is False
    assert from_cookie_header(page.evaluate("document.cookie"), KEYS, CONFIG.revision, CONFIG.lifetime_days, now).granted \
        == ("necessary",)
