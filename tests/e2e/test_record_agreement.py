"""Stage 1 (compiled JavaScript) and cmp.core (Python) read the consent cookie the same way.

Stage 2 writes the cookie with cmp.core's Record.encode; stage 1 reads it with its own few lines.
For every value below, valid or not, stage 1's window.cmp.getConsent() must equal what cmp.core
makes of it: the same decision, or no consent at all.
"""

import time

from cmp.cli import DEFAULT_CONFIG
from cmp.core.config_schema import load
from cmp.core.consent_record import COOKIE, DAY, MAX_CLOCK_SKEW, Record, decode, is_current

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
    choices = record.choices(KEYS)
    state = {name: choices[name] for name in CONFIG.category_names}
    state["vendors"] = {key: choices[key] for key in CONFIG.vendor_keys}
    return dict(state, id=record.id, revision=record.revision, created=record.created, timestamp=record.timestamp)


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
