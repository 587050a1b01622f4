"""A visitor driving a page's consent manager through its public contract (README, "Public
contract"): the banner's and the preferences' ``data-cmp-*`` hooks and ``window.cmp``, and what the
browser did meanwhile, in vendor terms (the catalog and the site's config)."""

from heldback.core.policy import matches
from heldback.urls import vendor_of

BANNER = "[data-cmp-banner]:not([hidden])"
PREFERENCES = "[data-cmp-preferences]:not([hidden])"


class Visitor:
    def __init__(self, page, config):
        """``page``: a Playwright page in a fresh context (a new visitor); ``config``: the site's
        resolved cmp Config (its vendors say what counts as vendor traffic and storage)."""
        self.page = page
        self.context = page.context
        self.vendors = config.vendors
        self.requests = []  # every request the browser made, in order: (url, resource type)
        self.decided = None  # (requests so far, storage) at the first decision
        self.context.on("request", lambda request: self.requests.append((request.url, request.resource_type)))

    # Driving the consent manager -------------------------------------------------------------------

    def open(self, url):
        """Go to ``url`` and wait for the consent manager's stage 1 (``window.cmp``)."""
        self.page.goto(url)
        self.page.wait_for_function("window.cmp && typeof cmp.getConsent === 'function'")
        return self

    def banner_visible(self):
        return self.page.locator(BANNER).count() > 0

    def accept_all(self):
        return self._decide(lambda: self.page.click(f"{BANNER} [data-cmp-action='accept-all']"))

    def reject_all(self):
        return self._decide(lambda: self.page.click(f"{BANNER} [data-cmp-action='reject-all']"))

    def open_preferences(self):
        """Open the preferences: from the banner, else through a page's privacy link or the API."""
        if self.banner_visible():
            self.page.click(f"{BANNER} [data-cmp-action='customize']")
        else:
            self.page.evaluate("cmp.showPreferences()")
        self.page.wait_for_selector(PREFERENCES)

    def set_categories(self, **choices):
        """Tick (True) or untick (False) categories in the preferences and save: set_categories(marketing=True)."""
        self.open_preferences()
        for name, on in choices.items():
            switch = self.page.locator(f"{PREFERENCES} input[data-cmp-category='{name}']")
            if switch.count() == 0:
                raise ValueError(f"no category {name!r} in the preferences")
            switch.set_checked(bool(on))
        return self._decide(lambda: self.page.click(f"{PREFERENCES} [data-cmp-action='save']"))

    def consent(self):
        """``cmp.getConsent()``: None while undecided."""
        return self.page.evaluate("cmp.getConsent()")

    def _decide(self, act):
        """Do ``act`` and return the decision once made (the consent manager's ``cmp:consent`` event;
        a decision that reloads the page is read after the reload)."""
        if self.decided is None:
            self.decided = (len(self.requests), self.vendor_storage())
        self.page.evaluate("() => { window.__cmpDecided = false; addEventListener('cmp:consent', () => { window.__cmpDecided = true }, {once: true}) }")
        act()
        # the event on this page, or, after a reload (a refusal of what had run), a stored decision on the new one
        self.page.wait_for_function("window.__cmpDecided === true || !('__cmpDecided' in window) && window.cmp && "
                                    "cmp.getConsent() !== null", timeout=15_000)
        return self.consent()

    # What the browser did --------------------------------------------------------------------------

    def vendor_traffic(self, before_consent=False):
        """[(vendor key, url)] of the requests to vendors so far (``before_consent``: before the first decision)."""
        requests = self.requests[:self.decided[0]] if before_consent and self.decided else self.requests
        return [(vendor["key"], url) for url, _ in requests if (vendor := vendor_of(url, self.vendors))]

    def vendor_storage(self):
        """[(vendor key, cookie or storage key)] that vendors left in this browser now."""
        return vendor_storage(self.page, self.vendors)

    def assert_no_vendor_traffic_before_consent(self):
        """No request reached a vendor and no vendor storage appeared before the first decision
        (or so far, while undecided)."""
        traffic = self.vendor_traffic(before_consent=True)
        storage = self.decided[1] if self.decided else self.vendor_storage()
        assert not traffic and not storage, (
            f"before consent: {len(traffic)} vendor request(s) {traffic[:5]}, vendor storage {storage}")


def vendor_storage(page, vendors):
    """[(vendor key, cookie or storage key)] that ``vendors`` left in ``page``'s browser context now."""
    cookies = [cookie["name"] for cookie in page.context.cookies()]
    try:
        keys = page.evaluate("Object.keys(localStorage).concat(Object.keys(sessionStorage))")
    except Exception:  # a page without storage (an error page, a sandbox)
        keys = []
    found = []
    for vendor in vendors:
        for item in vendor["stored"]:
            names = cookies if item["kind"] == "cookie" else keys
            found += [(vendor["key"], name) for name in names if matches(item["name"], name)]
    return found
