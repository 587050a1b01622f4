"""The vendor catalog: what each blockable vendor loads, stores and queues.

Every fact about a vendor lives here once. The build derives from it what stage 1 needs (hosts to
hold, queue globals to stub) and what stage 2 needs (cookies and storage to clear on withdrawal,
texts for the preferences).

A host entry matches that host and all its subdomains; an entry with a port (``"example.test:8080"``)
matches exactly that host and port. Cookie and storage names ending in ``*`` are prefixes.
Purposes are keys of heldback/core/texts.py, so they are shown in the visitor's language.
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


def host_matches(pattern, hostname, port):
    """Whether a host ``pattern`` covers the host a browser connects to: ``hostname`` as the URL parser
    gives it (lower case, the form DNS sees), ``port`` the port it implies. Trailing dots are not part
    of the name (``cdp.customer.io.`` is cdp.customer.io). Stage 1 has the same rule (heldback/loader/stage1/guard.py
    category_of); heldback/urls.py applies it to URLs."""
    name = hostname.rstrip(".")
    if ":" in pattern:
        return pattern == f"{name}:{port}"
    return name == pattern or name.endswith("." + pattern)
