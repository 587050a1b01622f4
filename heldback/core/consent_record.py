"""The consent record: a visitor's decision as kept in the first-party cookie ``cmp_consent``.

The value is six fields joined by ``.``::

    2.3.0f8e2c4b9a7d4e1f8c3b2a1d0e9f8c7b.1764300000.1764324000.necessary-marketing-customerio
    |  |  |                                 |          |          granted consent keys, joined by "-"
    |  |  |                                 |          last decision (Unix seconds)
    |  |  |                                 first decision (Unix seconds)
    |  |  consent id: 32 random lower-case hex digits
    |  config revision the decision was made under
    schema version

Consent keys are categories and vendors (config.py). One that is not listed was refused, so a key
added to the config later starts refused. Only the canonical form is a record: anything else (extra
fields, leading zeros, unknown or repeated keys, no ``necessary``, a first decision after the last,
a timestamp far in the future) counts as no consent, never as consent.

Several ``cmp_consent`` cookies can reach a page: one set on another path or on a parent domain,
by an older version, by hand or by an attacker. ``from_cookie_header`` takes every value a Cookie header (or
``document.cookie``) carries; the one that counts is the valid, current record with the latest last
decision, and of two made in the same second the one that grants less.

Stage 1 (``heldback/loader/stage1/record.py``) reads the same way with the constants below baked in, and
part_pattern(); ``tests/e2e/test_record_agreement.py`` checks that both readers agree, header for header.
"""

COOKIE = "cmp_consent"
SCHEMA = 2
FIELD_SEPARATOR = "."
CATEGORY_SEPARATOR = "-"
ID_LENGTH = 32
MAX_CLOCK_SKEW = 86400  # seconds a timestamp may lie ahead of the reader's clock
DAY = 86400


def _number(digits):
    return f"(0|[1-9][0-9]{{0,{digits - 1}}})"


def part_pattern():
    """A regular expression (Python's and JavaScript's) for one part of a Cookie header (split on
    ";") holding a record in the canonical form, its fields as groups: revision, id, first and last
    decision, granted keys (then checked as decode does). For stage 1, which has no decode."""
    return (f"^[ \\t]*{COOKIE}={SCHEMA}\\.{_number(10)}\\.([0-9a-f]{{{ID_LENGTH}}})\\.{_number(12)}"
            f"\\.{_number(12)}\\.([a-z0-9_]+(?:{CATEGORY_SEPARATOR}[a-z0-9_]+)*)[ \\t]*$")

# The cookie's value with its fields named, and its attributes besides Max-Age (from the config's
# lifetime) and Secure (on https): stage 2 and the first layer (baked) write it from these.
TEMPLATE = FIELD_SEPARATOR.join([str(SCHEMA), "{revision}", "{id}", "{created}", "{timestamp}", "{granted}"])
ATTRIBUTES = "Path=/; SameSite=Lax"

_DIGITS = "0123456789"
_HEX = _DIGITS + "abcdef"
ID_BYTES = ID_LENGTH // 2


def consent_id(random_bytes):
    """A new consent id from ``ID_BYTES`` random bytes (the browser's getRandomValues: it works on
    http origins too, unlike randomUUID). The first layer writes it its own way
    (heldback/loader/first_layer.py hex_of); tests/e2e/test_rule_agreement.py keeps the two equal."""
    return "".join(_HEX[random_bytes[i] >> 4] + _HEX[random_bytes[i] & 15] for i in range(ID_BYTES))


class Record:
    def __init__(self, revision, consent_id, created, timestamp, granted):
        self.revision = revision
        self.id = consent_id
        self.created = created  # first decision
        self.timestamp = timestamp  # last decision
        self.granted = tuple(granted)

    def encode(self):
        return TEMPLATE.format(revision=self.revision, id=self.id, created=self.created, timestamp=self.timestamp,
                               granted=CATEGORY_SEPARATOR.join(self.granted))

    def choices(self, keys):
        """{consent key: granted?} for every key of the config."""
        return {key: key in self.granted for key in keys}

    def __eq__(self, other):
        return isinstance(other, Record) and self.encode() == other.encode()

    def __repr__(self):
        return f"Record({self.encode()!r})"


def state_of(record, categories, vendors):
    """What window.cmp.getConsent() returns for ``record``: a boolean per category, one per vendor
    under ``vendors``, and the record's facts. Stage 1 makes it (heldback/loader/stage1/record.py
    state_of; tests/e2e/test_record_agreement.py keeps the two equal); stage 2 reads it (choices_of)."""
    choices = record.choices(list(categories) + list(vendors))
    state = {name: choices[name] for name in categories}
    state["vendors"] = {key: choices[key] for key in vendors}
    state.update(id=record.id, revision=record.revision, created=record.created, timestamp=record.timestamp)
    return state


def choices_of(state, categories, vendors):
    """The choices a getConsent() object holds (``state``: a dict, or stage 1's object in Brython)."""
    in_vendors = state["vendors"]
    return {**{name: bool(state[name]) for name in categories}, **{key: bool(in_vendors[key]) for key in vendors}}


def decode(value, keys):
    """The record in a cookie value, or None if the value is not exactly a record of this format."""
    fields = value.split(FIELD_SEPARATOR)
    if len(fields) != 6 or fields[0] != str(SCHEMA):
        return None
    revision, consent_id, created, timestamp, granted = fields[1:]
    if not (_is_number(revision, 10) and _is_number(created, 12) and _is_number(timestamp, 12) and _is_id(consent_id)):
        return None
    if int(created) > int(timestamp):
        return None
    names = granted.split(CATEGORY_SEPARATOR)
    if "necessary" not in names or len(set(names)) != len(names) or any(name not in keys for name in names):
        return None
    return Record(int(revision), consent_id, int(created), int(timestamp), names)


def from_cookie_header(cookie_header, keys, revision, lifetime_days, now):
    """The record that counts among every ``cmp_consent`` value in ``cookie_header``, or None."""
    found = None
    for part in cookie_header.split(";"):
        name, equals, value = part.strip(" \t").partition("=")
        record = decode(value, keys) if name == COOKIE and equals else None
        if record and is_current(record, revision, lifetime_days, now) and (
                found is None or (record.timestamp, -len(record.granted)) > (found.timestamp, -len(found.granted))):
            found = record
    return found


def is_current(record, revision, lifetime_days, now):
    """Whether ``record`` still holds: same config revision, not expired, not from the future."""
    return (
        record.revision == revision
        and record.timestamp + lifetime_days * DAY > now
        and record.timestamp <= now + MAX_CLOCK_SKEW
    )


def _is_number(text, max_digits):
    return 0 < len(text) <= max_digits and all(c in _DIGITS for c in text) and (text == "0" or text[0] != "0")


def _is_id(text):
    return len(text) == ID_LENGTH and all(c in _HEX for c in text)
