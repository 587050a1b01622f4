"""The consent record: a visitor's decision as kept in the first-party cookie ``cmp_consent``.

The value is five fields joined by ``.``::

    1.3.0f8e2c4b9a7d4e1f8c3b2a1d0e9f8c7b.1764324000.necessary-marketing
    |  |  |                                 |          granted categories, joined by "-"
    |  |  |                                 timestamp of the decision (Unix seconds)
    |  |  consent id: 32 random lower-case hex digits
    |  config revision the decision was made under
    schema version

A category that is not listed was refused, so a category added to the config later starts refused.
Only the canonical form is a record: anything else (extra fields, leading zeros, unknown or repeated
categories, no ``necessary``, a timestamp far in the future) counts as no consent, never as consent.

Stage 1 (``loader/stage1/record.py``) reads the same format with the constants below baked in;
``tests/e2e/test_record_agreement.py`` checks that both readers agree value for value.
"""

COOKIE = "cmp_consent"
SCHEMA = 1
FIELD_SEPARATOR = "."
CATEGORY_SEPARATOR = "-"
ID_LENGTH = 32
MAX_CLOCK_SKEW = 86400  # seconds a timestamp may lie ahead of the reader's clock
DAY = 86400

_DIGITS = "0123456789"
_HEX = _DIGITS + "abcdef"


class Record:
    def __init__(self, revision, consent_id, timestamp, granted):
        self.revision = revision
        self.id = consent_id
        self.timestamp = timestamp
        self.granted = tuple(granted)

    def encode(self):
        fields = [str(SCHEMA), str(self.revision), self.id, str(self.timestamp), CATEGORY_SEPARATOR.join(self.granted)]
        return FIELD_SEPARATOR.join(fields)

    def choices(self, category_names):
        """{category: granted?} for every category of the config."""
        return {name: name in self.granted for name in category_names}

    def __eq__(self, other):
        return isinstance(other, Record) and self.encode() == other.encode()

    def __repr__(self):
        return f"Record({self.encode()!r})"


def decode(value, category_names):
    """The record in a cookie value, or None if the value is not exactly a record of this format."""
    fields = value.split(FIELD_SEPARATOR)
    if len(fields) != 5 or fields[0] != str(SCHEMA):
        return None
    revision, consent_id, timestamp, granted = fields[1], fields[2], fields[3], fields[4]
    if not (_is_number(revision, 10) and _is_number(timestamp, 12) and _is_id(consent_id)):
        return None
    categories = granted.split(CATEGORY_SEPARATOR)
    if "necessary" not in categories or len(set(categories)) != len(categories):
        return None
    if any(name not in category_names for name in categories):
        return None
    return Record(int(revision), consent_id, int(timestamp), categories)


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
