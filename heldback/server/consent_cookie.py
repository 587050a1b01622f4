"""Decisions that outlive Safari's cap. Safari keeps a cookie written by ``document.cookie`` for at
most 7 days (Intelligent Tracking Prevention), one set by the server for as long as it says; so the
middleware re-issues the visitor's consent record on each page as an HTTP ``Set-Cookie`` with the
record's remaining lifetime. It re-encodes the record it decoded (heldback/core/consent_record.py: the
same reader as stage 1's), so a tampered, foreign or expired value is never echoed.

Another server can do the same: when the request's ``cmp_consent`` decodes as a current record,
answer ``Set-Cookie: cmp_consent=<the record>; Path=/; SameSite=Lax; Max-Age=<its timestamp +
lifetime_days * 86400 - now>`` (``; Secure`` on https), never HttpOnly (the page reads it).
"""

import time

from heldback.core.consent_record import ATTRIBUTES, COOKIE, DAY, from_cookie_header


def refreshed(cookie_header, config, secure, now=None):
    """The ``Set-Cookie`` value that re-issues the record counting in ``cookie_header``, or None."""
    now = int(time.time() if now is None else now)
    record = from_cookie_header(cookie_header or "", config.consent_keys, config.revision, config.lifetime_days, now)
    if record is None:
        return None
    remaining = record.timestamp + config.lifetime_days * DAY - now
    return f"{COOKIE}={record.encode()}; {ATTRIBUTES}; Max-Age={remaining}" + ("; Secure" if secure else "")


def sets_it(headers):
    """Whether the app's own response headers already set the consent cookie (then it is left alone)."""
    return any(name.lower() == "set-cookie" and value.lstrip().startswith(COOKIE + "=") for name, value in headers)
