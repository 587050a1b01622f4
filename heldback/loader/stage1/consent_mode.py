# Google Consent Mode v2 (built in with [google_consent_mode] in the config; heldback/core/consent_mode.py):
# every signal "denied" before any Google tag can run, then an update after each decision.
# Baked: CONSENT_SIGNALS ([[signal, consent key], ...]), WAIT_FOR_UPDATE (ms).

from .baked import CONSENT_SIGNALS, WAIT_FOR_UPDATE
from .guard import granted
from .release import extensions
from ..browser import arguments, Object, window


def google_consent(command, extra):
    """gtag("consent", command, signals) as Google's snippet does it: the Arguments object, pushed
    on dataLayer (gtag.js reads commands in that form only)."""
    signals = Object.assign({}, extra)
    for signal, key in CONSENT_SIGNALS:
        signals[signal] = "granted" if granted[key] else "denied"
    window.dataLayer = window.dataLayer or []

    def gtag():
        window.dataLayer.push(arguments)

    gtag("consent", command, signals)


extensions.starting.push(lambda: google_consent("default", {"wait_for_update": WAIT_FOR_UPDATE}))
extensions.decided.push(lambda state, announce: google_consent("update", {}))
