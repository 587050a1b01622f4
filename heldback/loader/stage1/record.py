# The stored decision. Format, constants and which of several cookies counts come from
# heldback/core/consent_record.py (baked by the build); tests/e2e/test_record_agreement.py checks that this
# reader and the Python one agree.

from .baked import CATEGORIES, CATEGORY_SEPARATOR, KEYS, LIFETIME, MAX_CLOCK_SKEW, RECORD_PART, REVISION
from .dom import read_cookies
from .natives import new_table, now, regexp_exec, split_text, table_of
from ..browser import document, RegExp

RECORD = RegExp(RECORD_PART)
IS_CATEGORY = table_of(CATEGORIES)


def read_record():
    """The record (parse_record) of the stored decision that counts, or None."""
    try:
        parts = split_text(read_cookies(document), ";")
    except Exception:  # cookies unreadable (a sandboxed frame): no stored decision
        return None
    return newest_of(parts)


def newest_of(parts):
    """The record that counts among cookies ("name=value"): the newest; of two as new, the one that grants less."""
    found = None
    newest = -1  # (a record's timestamp is after 1970)
    fewest = 0
    for part in parts:
        record = parse_record(part)
        if record:
            _, state, granted_count = record
            if state.timestamp > newest or (state.timestamp == newest and granted_count < fewest):
                found = record
                newest = state.timestamp
                fewest = granted_count
    return found


def parse_record(part):
    """[choices, state (getConsent()'s object), number of keys granted] for one valid, current cookie
    value, else None."""
    fields = regexp_exec(RECORD, part)
    if not fields:
        return None
    created = int(fields[3])
    timestamp = int(fields[4])
    clock = now() / 1000
    if (int(fields[1]) != REVISION or created > timestamp or timestamp + LIFETIME <= clock
            or timestamp > clock + MAX_CLOCK_SKEW):
        return None
    choices = new_table(None)
    for key in KEYS:
        choices[key] = False
    names = split_text(fields[5], CATEGORY_SEPARATOR)
    for key in names:
        if choices[key] is not False:  # not a key of this config, or listed twice
            return None
        choices[key] = True
    if not choices.necessary:
        return None
    return [choices, state_of(choices, {"id": fields[2], "revision": REVISION, "created": created,
                                        "timestamp": timestamp}), len(names)]


def state_of(choices, state):
    """getConsent()'s object: a boolean per category, `vendors` per vendor, and the record's facts
    (heldback/core/consent_record.py state_of, kept equal by tests/e2e/test_record_agreement.py)."""
    state.vendors = {}
    for key in KEYS:
        if IS_CATEGORY[key]:
            state[key] = choices[key]
        else:
            state.vendors[key] = choices[key]
    return state
