from cmp.core import consent_record
from cmp.core.consent_record import DAY, Record, decode, is_current

CATEGORIES = ["necessary", "analytics", "marketing"]
ID = "0f8e2c4b9a7d4e1f8c3b2a1d0e9f8c7b"
NOW = 1_764_324_000


def test_a_record_survives_encoding_and_decoding():
    record = Record(3, ID, NOW, ["necessary", "marketing"])
    assert record.encode() == f"1.3.{ID}.{NOW}.necessary-marketing"
    assert decode(record.encode(), CATEGORIES) == record


def test_unlisted_categories_count_as_refused():
    record = decode(f"1.1.{ID}.{NOW}.necessary", CATEGORIES)
    assert record.choices(CATEGORIES) == {"necessary": True, "analytics": False, "marketing": False}


def test_anything_but_the_canonical_form_is_no_record():
    good = f"1.1.{ID}.{NOW}.necessary-marketing"
    assert decode(good, CATEGORIES) is not None
    for value in [
        "",
        "garbage",
        good + ".extra",
        good.replace("1.1.", "2.1.", 1),  # unknown schema
        good.replace("1.1.", "1.01.", 1),  # leading zero
        good.replace("1.1.", "1.-1.", 1),
        good.replace("1.1.", "1.1x.", 1),
        good.replace(ID, ID[:-1]),  # short id
        good.replace(ID, ID.upper()),
        good.replace(ID, "g" * 32),
        good.replace(str(NOW), "1e9"),
        good.replace(str(NOW), " " + str(NOW)[1:]),
        f"1.1.{ID}.{NOW}.marketing",  # necessary missing
        f"1.1.{ID}.{NOW}.necessary-marketing-marketing",
        f"1.1.{ID}.{NOW}.necessary-ads",  # not a category of this config
        f"1.1.{ID}.{NOW}.necessary-",
        f"1.1.{ID}.{NOW}.necessary-١",  # non-ASCII digit lookalikes are not numbers either
        f"1.١.{ID}.{NOW}.necessary",
    ]:
        assert decode(value, CATEGORIES) is None, value


def test_a_record_holds_for_its_revision_and_lifetime_only():
    record = Record(2, ID, NOW, ["necessary"])
    assert is_current(record, 2, 182, NOW)
    assert not is_current(record, 3, 182, NOW)  # config changed: ask again
    assert is_current(record, 2, 182, NOW + 182 * DAY - 1)
    assert not is_current(record, 2, 182, NOW + 182 * DAY)  # expired
    assert is_current(record, 2, 182, NOW - consent_record.MAX_CLOCK_SKEW)
    assert not is_current(record, 2, 182, NOW - consent_record.MAX_CLOCK_SKEW - 1)  # from the future
