import pytest

from heldback.core import policy
from heldback.configuration.schema import parse

CONFIG = parse({"vendors": {"customerio": {}}})


def test_accept_all_grants_every_category_and_vendor_and_reject_all_only_necessary():
    assert policy.accept_all(CONFIG) == {"necessary": True, "analytics": True, "marketing": True, "customerio": True}
    assert policy.reject_all(CONFIG) == {"necessary": True, "analytics": False, "marketing": False, "customerio": False}


def test_set_consent_carries_vendors_with_their_category_and_keeps_the_rest():
    current = {"necessary": True, "analytics": True, "marketing": False, "customerio": False}
    assert policy.merge(CONFIG, current, {"marketing": True}) == {
        "necessary": True, "analytics": True, "marketing": True, "customerio": True}
    assert policy.merge(CONFIG, None, {"marketing": True, "customerio": False}) == {
        "necessary": True, "analytics": False, "marketing": True, "customerio": False}
    assert policy.merge(CONFIG, None, {"necessary": False})["necessary"] is True


def test_set_consent_rejects_unknown_keys_and_non_booleans():
    with pytest.raises(ValueError, match="unknown category or vendor 'ads'"):
        policy.merge(CONFIG, None, {"ads": True})
    with pytest.raises(ValueError, match="must be true or false"):
        policy.merge(CONFIG, None, {"marketing": "yes"})


def test_opt_in_holds_everything_until_a_decision():
    assert policy.defaults(CONFIG, "opt-in", gpc=True) is None
    assert policy.defaults(CONFIG, "opt-in", gpc=False) is None


def test_opt_out_runs_everything_except_what_global_privacy_control_refuses():
    assert policy.defaults(CONFIG, "opt-out", gpc=False) == policy.accept_all(CONFIG)
    assert policy.defaults(CONFIG, "opt-out", gpc=True) == {
        "necessary": True, "analytics": True, "marketing": False, "customerio": False}


def test_withdrawn_lists_keys_that_go_from_granted_to_refused():
    before = policy.accept_all(CONFIG)
    assert policy.withdrawn(before, policy.reject_all(CONFIG)) == ["analytics", "marketing", "customerio"]
    assert policy.withdrawn(None, policy.reject_all(CONFIG)) == []
    assert policy.withdrawn(policy.reject_all(CONFIG), before) == []


def test_leftovers_of_customerio_match_its_cookies_and_storage():
    cookies, storage = policy.leftovers(CONFIG, ["customerio"])
    assert policy.to_clear(["_cio", "_cioid", "_cioanonid", "ajs_user_id", "cmp_consent", "session"], cookies) == [
        "_cio", "_cioid", "_cioanonid", "ajs_user_id"]
    keys = ["ajs_user_traits", "persisted-queue:v1:dest-Customer.io-Data-Pipelines:items", "gist.web.userToken", "cart"]
    assert policy.to_clear(keys, storage) == keys[:3]
    assert policy.leftovers(CONFIG, ["marketing"]) == (cookies, storage)
    assert policy.leftovers(CONFIG, ["analytics"]) == ([], [])


def test_a_star_in_a_stored_name_stands_for_any_text_wherever_it_is():
    from heldback.core.policy import matches

    assert matches("_ga*", "_ga") and matches("_ga*", "_ga_ABC123")
    assert matches("mp_*_mixpanel", "mp_0123abcd_mixpanel") and matches("mp_*_mixpanel", "mp__mixpanel")
    assert not matches("mp_*_mixpanel", "mp_0123abcd_mixpanel_x") and not matches("mp_*_mixpanel", "mp_mixpanel")
    assert matches("a*b*c", "axxbyyc") and not matches("a*b*c", "axxc")
    assert matches("_fbp", "_fbp") and not matches("_fbp", "_fbp2")
