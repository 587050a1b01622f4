"""Other scripts that patch the DOM (tag managers, polyfills, monitoring): installed before or after
stage 1, blocking still holds and they keep working."""

import pytest

from test_release import PROBE, requested, serve  # noqa: F401 (serve: the fixture that opens a page with probes)

BANNER = "[data-cmp-banner]:not([hidden])"

# What a tag manager or a monitoring library does: wrap the DOM and network entry points, and count.
WRAPPER = """<script>(function () {
  window.wrapped = {createElement: 0, appendChild: 0, fetch: 0};
  const createElement = document.createElement;
  document.createElement = function () { wrapped.createElement++; return createElement.apply(this, arguments) };
  const appendChild = Node.prototype.appendChild;
  Node.prototype.appendChild = function () { wrapped.appendChild++; return appendChild.apply(this, arguments) };
  const fetch = window.fetch;
  window.fetch = function () { wrapped.fetch++; return fetch.apply(this, arguments) };
})()</script>"""
STAGE_1 = '<script src="/dist/consent.js"></script>'
PAGE_CODE = f"""<script>
  const tag = document.createElement('script'); tag.src = '{PROBE}vendor.js'; document.head.appendChild(tag);
  fetch('{PROBE}beacon.js').then(() => window.vendorFetch = 'sent', () => window.vendorFetch = 'failed');
  fetch('/own.js').then(r => window.ownFetch = r.status);
</script>"""


@pytest.mark.parametrize("order", ["wrapper first", "stage 1 first"])
def test_blocking_holds_and_the_other_library_keeps_working_in_either_order(serve, page, network, order):
    first, second = (WRAPPER, STAGE_1) if order == "wrapper first" else (STAGE_1, WRAPPER)
    serve(f"<!doctype html><html><head>{first}{second}{PAGE_CODE}</head><body></body></html>")
    page.wait_for_selector(BANNER)
    page.wait_for_function("window.vendorFetch && window.ownFetch")
    assert page.evaluate("[vendorFetch, ownFetch]") == ["failed", 200]
    assert requested(network) == []
    counts = page.evaluate("wrapped")
    assert counts["createElement"] >= 1 and counts["appendChild"] >= 1
    # the outer layer sees both requests; under the guard, only the one that may go
    assert counts["fetch"] == (1 if order == "wrapper first" else 2)

    page.evaluate("cmp.acceptAll()")
    page.wait_for_function("window.__ran && __ran.includes('vendor')")
    assert requested(network) == ["vendor.js"]  # released once, through whoever wraps what
