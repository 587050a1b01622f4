# The stored decision. Format and constants come from cmp/core/consent_record.py (baked by the
# build); tests/e2e/test_record_agreement.py checks that this reader and the Python one agree.


def read_record():
    """[choices, getConsent()'s object] for a valid, current stored decision, or None."""
    try:  # the cookie's canonical form, from consent_record.py
        fields = RegExp(RECORD_COOKIE).exec(document.cookie)
    except Exception:  # cookies unreadable (a sandboxed frame): no stored decision
        return None
    now = Date.now() / 1000
    if not fields:
        return None
    created = int(fields[3])
    timestamp = int(fields[4])
    if (int(fields[1]) != REVISION or created > timestamp or timestamp + LIFETIME <= now
            or timestamp > now + MAX_CLOCK_SKEW):
        return None
    choices = {}
    for key in KEYS:
        choices[key] = False
    for key in fields[5].split(CATEGORY_SEPARATOR):
        if KEYS.indexOf(key) < 0 or choices[key]:
            return None
        choices[key] = True
    if not choices.necessary:
        return None
    return [choices, state_of(choices, {"id": fields[2], "revision": REVISION, "created": created,
                                        "timestamp": timestamp})]


def state_of(choices, state):
    """getConsent()'s object: a boolean per category, `vendors` per vendor, and the record's facts."""
    state.vendors = {}
    for key in KEYS:
        if CATEGORIES.indexOf(key) >= 0:
            state[key] = choices[key]
        else:
            state.vendors[key] = choices[key]
    return state
