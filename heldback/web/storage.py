"""The browser's storage: the consent cookie, and what a vendor leaves behind in cookies and localStorage."""

from browser import document, window

from heldback.core import consent_record
from heldback.core.cookie_scope import cookie_paths, parent_domains
from heldback.core.consent_record import DAY


def write_record(record, lifetime_days):
    """Store the decision, in place of every other copy of the cookie this page can see (on another
    path, on a parent domain: consent_record.py says why there can be several). Where cookies are off
    or unreadable (a sandboxed frame; in a third-party frame the browser drops it), the decision still
    holds for this page view, and is asked again."""
    secure = "; Secure" if window.location.protocol == "https:" else ""
    try:
        expire(consent_record.COOKIE, cookie_paths(window.location.pathname))
        document.cookie = (f"{consent_record.COOKIE}={record.encode()}; {consent_record.ATTRIBUTES}; "
                           f"Max-Age={lifetime_days * DAY}{secure}")
    except Exception:
        window.console.warn("cmp: cookies are not available here: the decision holds for this page view only")


def cookie_names():
    try:
        cookies = document.cookie
    except Exception:  # unreadable: none can be deleted either
        return []
    names = []
    for part in cookies.split(";"):
        name = part.split("=")[0].strip()
        if name:
            names.append(name)
    return names


def delete_cookie(name):
    """Expire a vendor's cookie ``name`` with Path=/ (how vendors set them), on every domain."""
    expire(name, ["/"])


def expire(name, paths):
    """Expire ``name`` on each of ``paths``, host-only and on every parent domain: the host, its
    dotted form and the registrable domain are among them."""
    domains = [""] + [f"; Domain={domain}" for domain in parent_domains(window.location.hostname)]
    for path in paths:
        for domain in domains:
            document.cookie = f"{name}=; Path={path}{domain}; Max-Age=0"


def storage_keys():
    """The keys of localStorage and sessionStorage (a vendor's key is cleared from both)."""
    keys = []
    for area in ("localStorage", "sessionStorage"):
        try:
            storage = window[area]
            keys += [storage.key(i) for i in range(storage.length)]
        except Exception:  # storage disabled: nothing can have been left there
            pass
    return keys


def remove_storage_key(key):
    for area in ("localStorage", "sessionStorage"):
        try:
            window[area].removeItem(key)
        except Exception:
            pass
