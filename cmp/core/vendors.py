"""The vendor catalog: what each blockable vendor loads, stores and queues.

Every fact about a vendor lives here once. The build derives from it what stage 1 needs (hosts to
hold, queue globals to stub) and what stage 2 needs (cookies and storage to clear on withdrawal,
texts for the preferences).

A host entry matches that host and all its subdomains; an entry with a port (``"example.test:8080"``)
matches exactly that host and port. Cookie and storage names ending in ``*`` are prefixes.
"""


class Vendor:
    def __init__(self, key, name, category, purpose, hosts, cookies, storage, queues):
        self.key = key
        self.name = name
        self.category = category  # default category; a site's config may move it
        self.purpose = purpose
        self.hosts = tuple(hosts)
        self.cookies = tuple(cookies)
        self.storage = tuple(storage)
        # {global name: stub methods}: page calls to these globals are queued in memory
        # until the vendor's category is decided.
        self.queues = queues


CUSTOMERIO = Vendor(
    key="customerio",
    name="Customer.io",
    category="marketing",
    purpose="Customer messaging and product analytics",
    hosts=(
        "assets.customer.io",
        "track.customer.io",
        "track-eu.customer.io",
        "customerioforms.com",
        "cdp.customer.io",
        "cdp-eu.customer.io",
        "gist.build",
    ),
    cookies=("_cio", "_cioid", "_cioanonid", "ajs_*"),
    storage=("ajs_*", "persisted-queue:v1:*", "gist.web.*"),
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


def host_matches(pattern, host):
    """Whether ``host`` ("name" or "name:port", lower case) is covered by a host ``pattern``."""
    if ":" in pattern:
        return host == pattern
    hostname = host.split(":")[0]
    return hostname == pattern or hostname.endswith("." + pattern)
