import pytest

from cmp.core import policy
from cmp.core.config_schema import parse

NAMES = ["necessary", "analytics", "marketing"]


def test_accept_all_grants_every_category_and_reject_all_only_necessary():
    assert policy.accept_all(NAMES) == {"necessary": True, "analytics": True, "marketing": True}
    assert policy.reject_all(NAMES) == {"necessary": True, "analytics": False, "marketing": False}


def test_set_consent_keeps_unmentioned_categories_and_never_refuses_necessary():
    current = {"necessary": True, "analytics": True, "marketing": False}
    assert policy.merge(NAMES, current, {"marketing": True}) == {"necessary": True, "analytics": True, "marketing": True}
    assert policy.merge(NAMES, None, {"marketing": True}) == {"necessary": True, "analytics": False, "marketing": True}
    assert policy.merge(NAMES, None, {"necessary": False})["necessary"] is True


def test_set_consent_rejects_unknown_categories_and_non_booleans():
    with pytest.raises(ValueError, match="unknown category 'ads'"):
        policy.merge(NAMES, None, {"ads": True})
    with pytest.raises(ValueError, match="must be true or false"):
        policy.merge(NAMES, None, {"marketing": "yes"})


def test_withdrawn_lists_categories_that_go_from_granted_to_refused():
    before = policy.accept_all(NAMES)
    assert policy.withdrawn(before, policy.reject_all(NAMES)) == ["analytics", "marketing"]
    assert policy.withdrawn(None, policy.reject_all(NAMES)) == []
    assert policy.withdrawn(policy.reject_all(NAMES), before) == []


def test_leftovers_of_customerio_match_its_cookies_and_storage():
    config = parse({})
    cookies, storage = policy.leftovers(config.vendors, ["marketing"])
    assert policy.to_clear(["_cio", "_cioid", "_cioanonid", "ajs_user_id", "cmp_consent", "session"], cookies) == [
        "_cio", "_cioid", "_cioanonid", "ajs_user_id"]
    keys = ["ajs_user_traits", "persisted-queue:v1:dest-Customer.io-Data-Pipelines:items", "gist.web.userToken", "cart"]
    assert policy.to_clear(keys, storage) == keys[:3]
    assert policy.leftovers(config.vendors, ["analytics"]) == ([], [])
