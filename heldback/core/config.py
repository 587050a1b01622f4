"""The resolved site config, as the build bakes it into both stages (heldback/configuration/schema.py reads and checks the file).

Consent is given per category and per vendor: both are "consent keys", one namespace (a vendor
follows its category unless the visitor sets it apart).
"""

NECESSARY = "necessary"
MODES = ("opt-in", "opt-out")  # the first is the default


class Config:
    """A validated, resolved config. ``data`` is plain data (dicts, lists, strings, numbers)."""

    def __init__(self, data):
        self.data = data
        self.revision = data["revision"]
        self.lifetime_days = data["lifetime_days"]
        self.mode = data["mode"]  # one of MODES
        self.gpc_categories = data["gpc_categories"]  # refused by default under Global Privacy Control
        self.reload_on_withdraw = data["reload_on_withdraw"]
        self.close_refuses = data["close_refuses"]
        self.floating_button = data["floating_button"]
        self.language = data["language"]  # "auto" or a code
        self.default_language = data["default_language"]
        self.categories = data["categories"]  # [{name, required}]
        self.vendors = data["vendors"]  # [{key, name, category, purpose, hosts, stored, queues, privacy_policy}]
        self.necessary_vendors = data["necessary_vendors"]  # the same, of necessary catalog vendors: listed, never held
        self.texts = data["texts"]  # {language: {key: text}}
        self.google_consent_mode = data["google_consent_mode"]  # None, or {wait_for_update, signals}
        self.receipt_endpoint = data["receipt_endpoint"]  # None, or where receipts go (heldback/core/receipts.py)
        self.privacy_policy_url = data["privacy_policy_url"]  # None, or linked from the banner and the preferences
        self.service_worker = data["service_worker"]  # None, or the site path consent-sw.js is served at
        self.service_worker_scope = data["service_worker_scope"]  # None (its folder), or the pages it controls

    @property
    def category_names(self):
        return [category["name"] for category in self.categories]

    @property
    def vendor_keys(self):
        return [vendor["key"] for vendor in self.vendors]

    @property
    def consent_keys(self):
        return self.category_names + self.vendor_keys

    def vendors_in(self, category):
        return [vendor for vendor in self.vendors if vendor["category"] == category]

    def language_for(self, page_language, preferred):
        """The language to show: the config's, else the page's ``<html lang>``, else the first of the
        browser's ``preferred`` languages we have, else the default (matching on the primary subtag)."""
        if self.language != "auto":
            return self.language
        for tag in [page_language or ""] + list(preferred or []):
            code = tag.split("-")[0].lower()
            if code in self.texts:
                return code
        return self.default_language
