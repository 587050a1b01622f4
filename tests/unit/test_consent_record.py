from heldback.core import consent_record
from heldback.core.consent_record import DAY, Record, choices_of, consent_id, decode, is_current, state_of

KEYS = ["necessary", "analytics", "marketing", "customerio"]
ID = "0f8e2c4b9a7d4e1f8c3b2a1d0e9f8c7b"
FIRST, NOW = 1_764_300_000, 1_764_324_000


def test_a_record_survives_encoding_and_decoding():
    record = Record(3, ID, FIRST, NOW, ["necessary", "marketing", "customerio"])
    assert record.encode() == f"2.3.{ID}.{FIRST}.{NOW}.necessary-marketing-customerio"
    assert decode(record.encode(), KEYS) == record


def test_unlisted_categories_and_vendors_count_as_refused():
    record = decode(f"2.1.{ID}.{NOW}.{NOW}.necessary-customerio", KEYS)
    assert record.choices(KEYS) == {"necessary": True, "analytics": False, "marketing": False, "customerio": True}


def test_anything_but_the_canonical_form_is_no_record():
    good = f"2.1.{ID}.{FIRST}.{NOW}.necessary-marketing"
    assert decode(good, KEYS) is not None
    for value in [
        "",
        "garbage",
        good + ".extra",
        f"1.1.{ID}.{NOW}.necessary-marketing",  # schema 1
        good.replace("2.1.", "3.1.", 1),  # unknown schema
        good.replace("2.1.", "2.01.", 1),  # leading zero
        good.replace("2.1.", "2.-1.", 1),
        good.replace(ID, ID[:-1]),  # short id
        good.replace(ID, ID.upper()),
        good.replace(ID, "g" * 32),
        good.replace(str(NOW), "1e9"),
        f"2.1.{ID}.{NOW}.{FIRST}.necessary",  # first decision after the last
        f"2.1.{ID}.{FIRST}.{NOW}.marketing",  # necessary missing
        f"2.1.{ID}.{FIRST}.{NOW}.necessary-marketing-marketing",
        f"2.1.{ID}.{FIRST}.{NOW}.necessary-ads",  # not a key of this config
        f"2.1.{ID}.{FIRST}.{NOW}.necessary-",
        f"2.1.{ID}.{FIRST}.{NOW}.necessary-١",  # non-ASCII digit lookalikes are not numbers either
        f"2.١.{ID}.{FIRST}.{NOW}.necessary",
    ]:
        assert decode(value, KEYS) is None, value


def test_a_record_holds_for_its_revision_and_lifetime_from_the_last_decision():
    record = Record(2, ID, FIRST, NOW, ["necessary"])
    assert is_current(record, 2, 182, NOW)
    assert not is_current(record, 3, 182, NOW)  # config changed: ask again
    assert is_current(record, 2, 182, NOW + 182 * DAY - 1)
    assert not is_current(record, 2, 182, NOW + 182 * DAY)  # expired
    assert is_current(record, 2, 182, NOW - consent_record.MAX_CLOCK_SKEW)
    assert not is_current(record, 2, 182, NOW - consent_record.MAX_CLOCK_SKEW - 1)  # from the future


def test_choices_of_reads_back_the_choices_state_of_shows():
    record = Record(3, "0" * 32, 100, 200, ["necessary", "customerio"])
    state = state_of(record, ["necessary", "analytics", "marketing"], ["customerio"])
    assert state == {"necessary": True, "analytics": False, "marketing": False, "vendors": {"customerio": True},
                     "id": "0" * 32, "revision": 3, "created": 100, "timestamp": 200}
    assert choices_of(state, ["necessary", "analytics", "marketing"], ["customerio"]) == record.choices(
        ["necessary", "analytics", "marketing", "customerio"])


def test_a_consent_id_is_its_random_bytes_in_lower_case_hex():
    assert consent_id(list(range(0, 256, 16))) == "00102030405060708090a0b0c0d0e0f0"
