"""Policy: what a visitor's action means, what holds before any action, what a change requires.

Choices map every consent key (categories and vendors, config.py) to granted or not. Stage 2 calls
these pure functions and carries the result out in the page.
"""

from heldback.core.config import NECESSARY


def accept_all(config):
    return {key: True for key in config.consent_keys}


def reject_all(config):
    return {key: key == NECESSARY for key in config.consent_keys}


def first_layer(config):
    """What the banner's first layer (consent-banner.<language>.js) carries out without stage 2: {action of a
    banner button, or window.cmp method: the choices it makes}. Stage 2 makes the same ones."""
    accept, reject = accept_all(config), reject_all(config)
    actions = {"accept-all": accept, "acceptAll": accept, "reject-all": reject, "rejectAll": reject}
    if config.close_refuses:
        actions["close"] = reject
    return actions


def defaults(config, mode, gpc):
    """The choices in force before any decision: none in opt-in mode (nothing runs); in opt-out mode
    everything, except what Global Privacy Control (``gpc``) refuses."""
    if mode != "opt-out":
        return None
    refused = refused_by_gpc(config) if gpc else []
    return {key: key not in refused for key in config.consent_keys}


def refused_by_gpc(config):
    """The categories a Global Privacy Control signal refuses, with their vendors."""
    keys = list(config.gpc_categories)
    for category in config.gpc_categories:
        keys += [vendor["key"] for vendor in config.vendors_in(category)]
    return keys


def merge(config, current, requested):
    """Choices after ``requested`` ({key: bool}, e.g. from ``cmp.setConsent``) is applied.

    A category carries its vendors along unless a vendor is named too; unmentioned keys keep their
    ``current`` value, or start refused. Necessary cannot be refused. Raises ValueError for an
    unknown key or a value that is not a boolean.
    """
    keys = config.consent_keys
    for key, value in requested.items():
        if key not in keys:
            raise ValueError(f"unknown category or vendor {key!r} (known: {', '.join(keys)})")
        if value is not True and value is not False:
            raise ValueError(f"consent for {key!r} must be true or false, got {value!r}")
    choices = {key: (current or {}).get(key, False) for key in keys}
    for key, value in requested.items():
        choices[key] = value
        for vendor in config.vendors_in(key):
            if vendor["key"] not in requested:
                choices[vendor["key"]] = value
    choices[NECESSARY] = True
    return choices


def granted(choices):
    return [key for key, value in choices.items() if value]


def withdrawn(before, after):
    """Keys granted in ``before`` and refused in ``after``: their vendors' code may be running."""
    if not before:
        return []
    return [key for key, value in before.items() if value and not after.get(key, False)]


def leftovers(config, keys):
    """Cookie and storage name patterns the vendors behind ``keys`` (categories or vendors) may have left."""
    cookies, storage = [], []
    for vendor in config.vendors:
        if vendor["key"] in keys or vendor["category"] in keys:
            for item in vendor["stored"]:
                (cookies if item["kind"] == "cookie" else storage).append(item["name"])
    return cookies, storage


def to_clear(names, patterns):
    """The ``names`` (cookies or storage keys) matched by ``patterns`` (a ``*`` suffix means a prefix)."""
    return [name for name in names if any(matches(pattern, name) for pattern in patterns)]


def matches(pattern, name):
    """A ``*`` stands for any text: ``_ga*`` is a prefix, ``mp_*_mixpanel`` a prefix and a suffix."""
    if "*" not in pattern:
        return name == pattern
    at = pattern.index("*")
    head, tail = pattern[:at], pattern[at + 1:]
    if not name.startswith(head):
        return False
    rest = name[len(head):]
    return any(matches(tail, rest[i:]) for i in range(len(rest) + 1))
