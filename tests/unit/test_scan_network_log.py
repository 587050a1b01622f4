"""The scan reads Chromium's network log (--log-net-log) for what the page sent as it was left; the
end-to-end test reads a real one (tests/e2e/test_site_owner_tools.py). Here: its edges."""

import json

import pytest

from heldback.scan import ScanError, network_log

CONSTANTS = {"logEventTypes": {"REQUEST_ALIVE": 1, "URL_REQUEST_START_JOB": 2}, "timeTickOffset": "1700000000000"}
EVENTS = [
    {"type": 2, "time": "1500", "params": {"url": "https://update.googleapis.com/x", "initiator": "not an origin"}},
    {"type": 1, "time": "1600", "params": {"url": "https://cdp.customer.io/alive-only"}},
    {"type": 2, "time": "1700", "params": {"url": "https://cdp.customer.io/beacon", "initiator": "http://127.0.0.1:8000"}},
    {"type": 2, "time": "1800", "params": {"net_error": -105}},
]


def test_requests_a_page_made_are_read_with_their_time_and_the_browser_s_own_are_left_out(tmp_path):
    log = tmp_path / "net-log.json"
    log.write_text(json.dumps({"constants": CONSTANTS, "events": EVENTS}))
    assert list(network_log(log)) == [("https://cdp.customer.io/beacon", 1700000001.7)]


def test_a_log_cut_short_by_a_crash_is_read_as_far_as_it_goes(tmp_path):
    log = tmp_path / "net-log.json"
    whole = json.dumps({"constants": CONSTANTS, "events": EVENTS})
    log.write_text(whole[:whole.rindex("]")] + ",\n")  # as Chromium leaves it: no closing "]}"
    assert [url for url, _ in network_log(log)] == ["https://cdp.customer.io/beacon"]


@pytest.mark.parametrize("text", ["", "{\"constants\": {", "not json", "{}", "{\"constants\": 1, \"events\": []}"])
def test_a_log_that_cannot_be_read_fails_the_scan_instead_of_passing_the_page(tmp_path, text):
    log = tmp_path / "net-log.json"
    log.write_text(text)
    with pytest.raises(ScanError, match="network log could not be read"):
        list(network_log(log))


def test_a_missing_log_fails_the_scan(tmp_path):
    with pytest.raises(ScanError, match="wrote no network log"):
        list(network_log(tmp_path / "absent.json"))
