"""The consent manager in the page: turns the visitor's actions and API calls into decisions.

A decision is recorded in the consent cookie, then carried out by stage 1 (``loader.apply``: release
or keep holding, drop refused queues). Stage 1's hand-over object is documented in
loader/stage1/api.py; this class is its ``app`` handler.
"""

from browser import window

from cmp.core import policy
from cmp.core.consent_record import Record
from cmp.web import storage
from cmp.web.banner import Banner


def new_consent_id():
    """32 random hex digits (getRandomValues works on http origins too, unlike randomUUID)."""
    random_bytes = window.crypto.getRandomValues(window.Uint8Array.new(16))
    return "".join(f"{random_bytes[i]:02x}" for i in range(16))


class ConsentApp:
    def __init__(self, config, loader):
        self.config = config
        self.loader = loader
        self.banner = Banner(config)
        self.names = config.category_names
        state = loader.state
        self.record_id = state.id if state else None
        self.choices = {name: bool(state[name]) for name in self.names} if state else None
        # Categories whose vendors may have run in this page view: refusing one later needs a reload.
        self.granted_here = set(policy.granted(self.choices)) if self.choices else set()

    def start(self):
        self.loader.attach(self.handle)  # replays the calls and clicks stage 1 kept, in order
        if self.choices is None:
            self.banner.show_banner()

    # Everything arrives here: API calls ("call", method, args) and clicks ("click", action, element).
    def handle(self, kind, name, detail):
        try:
            if kind == "call":
                self.call(name, list(detail))
            else:
                self.click(name)
        except ValueError as error:
            window.console.error(f"cmp: {error}")

    def click(self, action):
        if action == "accept-all":
            self.decide(policy.accept_all(self.names))
        elif action == "reject-all":
            self.decide(policy.reject_all(self.names))
        elif action in ("customize", "open-preferences"):
            self.banner.show_preferences(self.choices)
        elif action == "save":
            self.decide(policy.merge(self.names, None, self.banner.selected()))
        else:
            raise ValueError(f"unknown data-cmp-action {action!r}")

    def call(self, method, args):
        if method == "acceptAll":
            self.decide(policy.accept_all(self.names))
        elif method == "rejectAll":
            self.decide(policy.reject_all(self.names))
        elif method == "setConsent":
            requested = args[0] if args else None
            if requested is None:
                raise ValueError("setConsent needs an object such as {marketing: true}")
            keys = window.Object.keys(requested)
            self.decide(policy.merge(self.names, self.choices, {key: requested[key] for key in keys}))
        elif method == "withdraw":
            self.decide(policy.reject_all(self.names))
        elif method == "showPreferences":
            self.banner.show_preferences(self.choices)

    def decide(self, choices):
        if self.record_id is None:
            self.record_id = new_consent_id()
        now = int(window.Date.now() / 1000)
        record = Record(self.config.revision, self.record_id, now, policy.granted(choices))
        storage.write_record(record, self.config.lifetime_days)
        state = dict(choices, id=record.id, revision=record.revision, timestamp=record.timestamp)
        withdrawn = policy.withdrawn(self.choices, choices)
        self.choices = choices
        self.loader.apply(choices, state)
        self.banner.hide()
        window.dispatchEvent(window.CustomEvent.new("cmp:consent", {"detail": state}))
        if withdrawn:
            self.clear(withdrawn)
        self.granted_here.update(policy.granted(choices))
        if any(name in self.granted_here for name in withdrawn):
            # Vendor code that already ran cannot be unloaded: reload. SDKs save in-flight events on
            # the way out (Customer.io's persisted-queue, in its own pagehide listener); this later
            # listener clears them again.
            window.addEventListener("pagehide", lambda event: self.clear(withdrawn))
            window.location.reload()

    def clear(self, categories):
        """Delete what the vendors of ``categories`` left in cookies and localStorage."""
        cookies, keys = policy.leftovers(self.config.vendors, categories)
        for name in policy.to_clear(storage.cookie_names(), cookies):
            storage.delete_cookie(name)
        for key in policy.to_clear(storage.local_storage_keys(), keys):
            storage.remove_local_storage(key)
