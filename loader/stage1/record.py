# The stored decision. Format and constants come from cmp/core/consent_record.py (baked by the
# build); tests/e2e/test_record_agreement.py checks that this reader and the Python one agree.


def number(text, digits):
    return RegExp("^(0|[1-9][0-9]{0," + (digits - 1) + "})$").test(text)


def read_record():
    """getConsent()'s object for a valid, current stored decision, or None."""
    value = None
    for part in document.cookie.split("; "):
        if part.startsWith(COOKIE + "="):
            value = part[len(COOKIE) + 1:]
            break
    if value is None:
        return None
    fields = value.split(FIELD_SEPARATOR)
    now = Date.now() / 1000
    if (len(fields) != 5 or fields[0] != SCHEMA or not number(fields[1], 10) or not number(fields[3], 12)
            or not RegExp("^[0-9a-f]{" + ID_LENGTH + "}$").test(fields[2])):
        return None
    timestamp = int(fields[3])
    if int(fields[1]) != REVISION or timestamp + LIFETIME <= now or timestamp > now + MAX_CLOCK_SKEW:
        return None
    state = {"id": fields[2], "revision": REVISION, "timestamp": timestamp}
    for name in CATEGORIES:
        state[name] = False
    for name in fields[4].split(CATEGORY_SEPARATOR):
        if CATEGORIES.indexOf(name) < 0 or state[name]:
            return None
        state[name] = True
    return state if state.necessary else None
