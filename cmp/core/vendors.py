"""The vendor catalog: what each blockable vendor loads, stores and queues.

Every fact about a vendor lives here once. The build derives from it what stage 1 needs (hosts to
hold, queue globals to stub) and what stage 2 needs (cookies and storage to clear on withdrawal,
texts for the preferences).

A host entry matches that host and all its subdomains; an entry with a port (``"example.test:8080"``)
matches exactly that host and port. Cookie and storage names ending in ``*`` are prefixes.
Purposes are keys of cmp/core/texts.py, so they are shown in the visitor's language.
"""


class Stored:
    """One cookie or localStorage key a vendor sets: shown in the preferences, cleared on withdrawal."""

    def __init__(self, name, kind, lifetime_days, purpose):
        self.name = name
        self.kind = kind  # "cookie" or "local" (localStorage)
        self.lifetime_days = lifetime_days  # None: kept until deleted (localStorage)
        self.purpose = purpose


class Vendor:
    def __init__(self, key, name, category, purpose, hosts, stored, queues):
        self.key = key
        self.name = name
        self.category = category  # default category; a site's config may move it
        self.purpose = purpose
        self.hosts = tuple(hosts)
        self.stored = tuple(stored)
        # {global name: stub methods}: page calls to these globals are queued in memory
        # until the vendor's category is decided.
        self.queues = queues

    @property
    def cookies(self):
        return tuple(item.name for item in self.stored if item.kind == "cookie")

    @property
    def storage(self):
        return tuple(item.name for item in self.stored if item.kind == "local")


CUSTOMERIO = Vendor(
    key="customerio",
    name="Customer.io",
    category="marketing",
    purpose="customerio_purpose",
    hosts=(
        "assets.customer.io",
        "track.customer.io",
        "track-eu.customer.io",
        "customerioforms.com",
        "cdp.customer.io",
        "cdp-eu.customer.io",
        "gist.build",
    ),
    stored=(
        Stored("_cioanonid", "cookie", 365, "storage_anonymous_id"),
        Stored("_cioid", "cookie", 365, "storage_user_id"),
        Stored("_cio", "cookie", 365, "storage_user_id"),
        Stored("ajs_*", "cookie", 365, "storage_ids"),
        Stored("ajs_*", "local", None, "storage_traits"),
        Stored("persisted-queue:v1:*", "local", None, "storage_queue"),
        Stored("gist.web.*", "local", None, "storage_messaging"),
    ),
    queues={
        # Classic snippet (track.js). Its own stub lacks `reset`; ours has it, so an early
        # `_cio.reset()` is queued instead of throwing.
        "_cio": ("load", "identify", "sidentify", "track", "page", "on", "off", "reset"),
        # CDP snippet: it defines its own stub methods on this array; we only make sure the
        # array exists so calls can be dropped after a refusal.
        "cioanalytics": (),
    },
)

CATALOG = {vendor.key: vendor for vendor in (CUSTOMERIO,)}


def host_of(url):
    """The host ("name" or "name:port", lower case) of an absolute or protocol-relative URL; None
    for a relative one (the site's own)."""
    rest = url.strip().lower()
    if rest.startswith("//"):
        rest = rest[2:]
    elif "://" in rest:
        rest = rest.split("://", 1)[1]
    else:
        return None
    return rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]


def vendor_of(url, vendors):
    """The vendor (an entry of a config's ``vendors``) whose hosts cover ``url``, or None."""
    host = host_of(url)
    return next((vendor for vendor in vendors if host and any(host_matches(p, host) for p in vendor["hosts"])), None)


def host_matches(pattern, host):
    """Whether ``host`` ("name" or "name:port", lower case) is covered by a host ``pattern``."""
    if ":" in pattern:
        return host == pattern
    hostname = host.split(":")[0]
    return hostname == pattern or hostname.endswith("." + pattern)
