"""The consent manager in the page: turns the visitor's actions and API calls into decisions.

A decision is recorded in the consent cookie, then handed to stage 1 as that record (``handover.decided``),
which carries it out (release or keep holding, drop refused queues), tells the site's other tabs and
the receipt endpoint, and dispatches ``cmp:consent``. The hand-over's fields are declared
in heldback/core/handover.py (FIELDS); this class is its ``app`` handler.
"""

from browser import window

from heldback.core import policy, views
from heldback.core.consent_record import ID_BYTES, Record, choices_of, consent_id
from heldback.web import storage
from heldback.web.banner import Banner


def now():
    return int(window.Date.now() / 1000)


class ConsentApp:
    def __init__(self, config, handover, language, gpc):
        self.config = config
        self.handover = handover
        self.mode = handover.mode or config.mode
        self.gpc = gpc
        notice = views.NOTICES[self.mode]
        self.guard = getattr(handover, "guard", None) or (lambda handler: handler)
        self.first_layer = policy.first_layer(config)
        self.banner = Banner(config, language, notice, gpc, self.guard)
        self.record = None  # the last decision: its id and first timestamp carry over
        self.choices = None  # None while undecided
        self.in_force = None  # what stage 1 applies now: the decision, or the mode's defaults
        self.adopt(handover.state())  # None while undecided
        # Keys whose vendors may have run in this page view: refusing one later needs a reload.
        self.granted_here = set(policy.granted(self.in_force or {}))

    def adopt(self, state):
        """Take over a decision made elsewhere (stored, or in another tab): getConsent()'s object."""
        if state:
            self.choices = choices_of(state, self.config.category_names, self.config.vendor_keys)
            self.record = Record(state.revision, state.id, state.created, state.timestamp, policy.granted(self.choices))
        self.in_force = self.choices or policy.defaults(self.config, self.mode, self.gpc)

    def start(self):
        self.banner.mount(self.on_escape)
        self.handover.attach(self.handle)  # replays the calls and clicks stage 1 kept, in order
        if self.choices is None and not self.banner.preferences_open():
            self.banner.show_banner()
        elif self.choices is not None and self.config.floating_button:
            self.banner.show_floating_button()

    # Everything arrives here: API calls ("call", method, args), clicks ("click", action, element) and
    # decisions made elsewhere: another tab, or another page while this one was in the back/forward
    # cache ("sync", choices, state).
    def handle(self, kind, name, detail):
        try:
            if kind == "call":
                self.call(name, list(detail))
            elif kind == "click":  # what the visitor pressed: the page may change what our controls say
                self.click(self.banner.action_of(detail) or name)
            elif kind == "sync":
                self.adopt(detail)
                self.granted_here.update(policy.granted(self.in_force))
                self.banner.hide()
        except ValueError as error:
            window.console.error(f"cmp: {error}")

    def click(self, action):
        if action in self.first_layer:  # accept all, reject all, close: as the first layer decides them
            self.decide(self.first_layer[action])
        elif action in ("customize", "open-preferences"):
            self.banner.show_preferences(self.in_force)
        elif action == "save":
            self.decide(policy.merge(self.config, None, self.banner.selected()))
        elif action == "close-preferences":
            self.banner.close_preferences(self.choices is not None)
        else:
            raise ValueError(f"unknown data-cmp-action {action!r}")

    def on_escape(self, event):
        if self.banner.preferences_open():
            self.banner.close_preferences(self.choices is not None)
        elif self.config.close_refuses:
            self.decide(policy.reject_all(self.config))

    def call(self, method, args):
        if method in self.first_layer:
            self.decide(self.first_layer[method])
        elif method == "withdraw":
            self.decide(policy.reject_all(self.config))
        elif method == "setConsent":
            requested = args[0] if args else None
            if not requested:
                raise ValueError("setConsent needs an object such as {marketing: true}")
            keys = window.Object.keys(requested)
            self.decide(policy.merge(self.config, self.in_force, {key: requested[key] for key in keys}))
        elif method == "showPreferences":
            self.banner.show_preferences(self.in_force)

    def decide(self, choices):
        at = now()  # once: a first decision is made and last made at the same second
        first = self.record.created if self.record else at
        record_id = self.record.id if self.record else consent_id(window.crypto.getRandomValues(window.Uint8Array.new(ID_BYTES)))
        self.record = Record(self.config.revision, record_id, first, max(at, first), policy.granted(choices))
        storage.write_record(self.record, self.config.lifetime_days)
        withdrawn = policy.withdrawn(self.in_force, choices)
        self.choices = self.in_force = choices
        self.banner.hide()
        if self.config.floating_button:
            self.banner.show_floating_button()
        self.handover.decided(self.record.encode())  # stage 1 carries it out and dispatches cmp:consent
        if withdrawn:
            self.clear(withdrawn)
        self.granted_here.update(policy.granted(choices))
        if self.config.reload_on_withdraw and any(key in self.granted_here for key in withdrawn):
            # Vendor code that already ran cannot be unloaded: reload. SDKs save in-flight events on
            # the way out (Customer.io's persisted-queue, in its own pagehide listener); this later
            # listener clears them again.
            window.addEventListener("pagehide", self.guard(lambda event: self.clear(withdrawn)))
            window.location.reload()

    def clear(self, keys):
        """Delete what the vendors behind ``keys`` left in cookies, localStorage and sessionStorage."""
        cookies, keys_in_storage = policy.leftovers(self.config, keys)
        for name in policy.to_clear(storage.cookie_names(), cookies):
            storage.delete_cookie(name)
        for key in policy.to_clear(storage.storage_keys(), keys_in_storage):
            storage.remove_storage_key(key)
