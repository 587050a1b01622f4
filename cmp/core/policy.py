"""Policy: what a visitor's action means, and what a change of decision requires.

Pure functions over category names and choices (``{category: granted?}``); stage 2 calls them and
carries out the result in the page.
"""

from cmp.core.config import NECESSARY

def accept_all(category_names):
    return {name: True for name in category_names}


def reject_all(category_names):
    return {name: name == NECESSARY for name in category_names}


def merge(category_names, current, requested):
    """Choices after ``requested`` ({category: bool}, e.g. from ``cmp.setConsent``) is applied.

    Unmentioned categories keep their ``current`` value, or start refused when there is none.
    Necessary cannot be refused. Raises ValueError for an unknown category or a non-boolean value.
    """
    for name, value in requested.items():
        if name not in category_names:
            raise ValueError(f"unknown category {name!r} (categories: {', '.join(category_names)})")
        if value is not True and value is not False:
            raise ValueError(f"consent for {name!r} must be true or false, got {value!r}")
    choices = {}
    for name in category_names:
        default = current.get(name, False) if current else False
        choices[name] = True if name == NECESSARY else requested.get(name, default)
    return choices


def granted(choices):
    return [name for name, value in choices.items() if value]


def withdrawn(before, after):
    """Categories granted in ``before`` and refused in ``after``: their vendors' code may be running."""
    if not before:
        return []
    return [name for name, value in before.items() if value and not after.get(name, False)]


def leftovers(vendors, categories):
    """Cookie and storage name patterns the vendors of ``categories`` may have left behind."""
    cookies, storage = [], []
    for vendor in vendors:
        if vendor["category"] in categories:
            cookies.extend(vendor["cookies"])
            storage.extend(vendor["storage"])
    return cookies, storage


def to_clear(names, patterns):
    """The ``names`` (cookies or storage keys) matched by ``patterns`` (a ``*`` suffix means a prefix)."""
    return [name for name in names if any(matches(pattern, name) for pattern in patterns)]


def matches(pattern, name):
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return name == pattern
