"""The consent manager for Python on PyScript pages (MicroPython and Pyodide), through window.cmp.

Serve it with dist/ and list it in the page's PyScript config:
``"files": {"/dist/cmp_consent.py": "./cmp_consent.py"}``, then::

    from cmp_consent import consent, granted, on_change, show_preferences
    if granted("analytics"): ...
    on_change(lambda state: print("now", state))

The state is getConsent()'s object as a dict ({"marketing": True, ..., "vendors": {...}, "id": ...}),
or None while the visitor has not decided. It only reads and asks: decisions stay the visitor's.
"""

import json

import js

try:
    from pyscript.ffi import create_proxy
except ImportError:  # outside PyScript (or an old one): plain functions
    def create_proxy(function):
        return function


def _cmp():
    cmp = getattr(js.window, "cmp", None)
    if cmp is None:
        raise RuntimeError("window.cmp is missing: consent.js must be on the page, first in <head>")
    return cmp


def consent():
    """The visitor's decision as a dict, or None while undecided."""
    return json.loads(js.JSON.stringify(_cmp().getConsent()))  # one conversion for both interpreters


def granted(key):
    """Whether a category (or vendor) is granted now; False while undecided."""
    state = consent() or {}
    return bool(state.get(key, state.get("vendors", {}).get(key, False)))


def on_change(callback):
    """Call ``callback(state)`` after each decision the visitor makes on this page."""
    def changed(event):
        callback(consent())
    js.window.addEventListener("cmp:consent", create_proxy(changed))


def show_preferences():
    """Open the preferences (they load the consent manager's UI if it is not there yet)."""
    _cmp().showPreferences()
