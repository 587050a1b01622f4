"""The recorder the e2e tests read Customer.io's events from orders them as the SDK stamped them."""

import json

from heldback.testing.customerio import CustomerIORecorder, event_of


class Context:  # what the recorder uses of a Playwright browser context
    def on(self, event, handler):
        self.seen = handler

    def route(self, pattern, handler):
        pass


class Request:
    def __init__(self, kind, name, stamp):
        self.method, self.url = "POST", f"https://cdp.customer.io/v1/{kind}"
        body = {"userId": name} if kind == "i" else {"event": name}
        self.post_data_buffer = json.dumps({**body, "timestamp": stamp}).encode()


def recorded(*requests):
    context = Context()
    recorder = CustomerIORecorder(context)
    for request in requests:
        context.seen(request)
    return recorder


def test_events_are_in_the_order_the_sdk_stamped_them_not_the_order_they_arrived():
    recorder = recorded(Request("t", "b", "2026-12-02T10:00:00.002Z"), Request("i", "a", "2026-12-02T10:00:00.001Z"))
    assert recorder.calls() == [("identify", "a", {}), ("track", "b", {})]
    assert recorder.calls(like=[("track", "b", {}), ("identify", "a", {})]) == recorder.calls()  # the stamps tell


def test_events_stamped_in_the_same_millisecond_take_the_expected_order_and_nothing_else_is_forgiven():
    same = "2026-12-02T10:00:00.001Z"
    recorder = recorded(Request("t", "b", same), Request("i", "a", same), Request("t", "c", "2026-12-02T10:00:00.000Z"))
    expected = [("identify", "a", {}), ("track", "b", {})]
    assert recorder.calls(like=expected) == [("track", "c", {}), *expected]
    assert recorder.calls(like=expected)[:2] != expected  # c was stamped first, and stays first


def test_an_event_request_is_read_from_its_path_and_body():
    event = event_of("POST", "https://cdp.customer.io/v1/t", b'{"event": "x", "properties": {"a": 1}}')
    assert (event["type"], event["args"]) == ("track", ["x", {"a": 1}])
    assert event_of("GET", "https://cdp.customer.io/v1/t", None) is None
