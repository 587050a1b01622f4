"""The vendor catalog: what each vendor loads, stores and queues, and where those facts come from.

The facts are data, in heldback/configuration/catalog.toml (one table per vendor, each naming its sources);
this module reads and checks them (CPython, at build time: the browser never runs it). A site's
config names the vendors it runs, and only those reach its build: stage 1 holds their hosts and
stubs their queue globals, stage 2 clears what they stored on withdrawal and lists it.

A host entry matches that host and all its subdomains; an entry with a port (``"example.test:8080"``)
matches exactly that host and port. No two vendors claim the same host. Cookie and storage names
ending in ``*`` are prefixes. A vendor's purpose and each stored item's are keys of
heldback/configuration/texts.py or heldback/configuration/purpose_texts.py, so they are shown in the visitor's language.
"""

import tomllib
from pathlib import Path

from heldback.configuration import purpose_texts, texts
from heldback.core.hosts import hosts_overlap

CATALOG_FILE = Path(__file__).with_name("catalog.toml")
CATEGORIES = ("necessary", "functional", "analytics", "marketing")  # the catalog's default categories
KINDS = tuple(key[len("purpose_"):] for key in purpose_texts.EN if key.startswith("purpose_"))
STORED_KINDS = ("cookie", "local", "session")  # a cookie, a localStorage or a sessionStorage key
FIELDS = {"name", "category", "kind", "purpose", "privacy_policy", "hosts", "stored", "queues", "globals", "snippet", "npm",
          "sources", "notes", "loaded_through"}
REQUIRED = ("name", "category", "kind", "privacy_policy", "hosts", "sources")
HOST_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-.:")  # a name as the URL parser writes it, maybe :port


class CatalogError(ValueError):
    """catalog.toml breaks its own rules: the message names the vendor and the field."""


class Stored:
    """One cookie or storage key a vendor sets: shown in the preferences, cleared on withdrawal."""

    def __init__(self, name, kind, lifetime_days, purpose):
        self.name = name
        self.kind = kind  # "cookie", "local" (localStorage) or "session" (sessionStorage)
        self.lifetime_days = lifetime_days  # None: kept until deleted; 0: a session cookie
        self.purpose = purpose  # a text key


class Vendor:
    def __init__(self, key, name, category, purpose, hosts, stored, queues, kind="", privacy_policy="",
                 snippet=(), npm="", sources=(), notes="", loaded_through="", globals=(), object_queues=None,
                 function_queues=None):
        self.key = key
        self.name = name
        self.category = category  # default category; a site's config may move it
        self.purpose = purpose  # a text key
        self.hosts = tuple(hosts)
        self.stored = tuple(stored)
        # {global name: stub methods}: array queues its snippet adopts (catalog.toml says which),
        # made before any page script; page calls are kept in them until the category is decided.
        self.queues = queues
        self.globals = tuple(globals)  # every global its snippet or loader defines (facts)
        # {global name: (the array in it that keeps {name, args}, empty objects beside it)}: queues that
        # are an object, not an array (catalog.toml says which)
        self.object_queues = object_queues or {}
        # {global name: (the array on it that keeps each call, "arguments" | "array", early)}: queues that
        # are a function (catalog.toml says which); early: stage 1 makes it, else the snippet does
        self.function_queues = function_queues or {}
        self.kind = kind
        self.privacy_policy = privacy_policy
        self.snippet = tuple(snippet)  # how the site installs it: "script:<host/path>", "inline:<global>", ...
        self.npm = npm  # its browser SDK's package on npm, or ""
        self.sources = tuple(sources)
        self.notes = notes
        self.loaded_through = loaded_through  # the vendor whose host serves its loader (gtag.js: gtm)

    @property
    def cookies(self):
        return tuple(item.name for item in self.stored if item.kind == "cookie")

    @property
    def storage(self):
        return tuple(item.name for item in self.stored if item.kind != "cookie")


def text_key(key):
    return key in texts.EN or key in purpose_texts.EN


def read_catalog(path=CATALOG_FILE):
    """{key: Vendor} from a catalog file, checked: a CatalogError names what is wrong."""
    with open(path, "rb") as file:
        raw = tomllib.load(file)
    catalog = {key: _vendor(key, entry) for key, entry in raw.get("vendors", {}).items()}
    owners, queue_owners = {}, {}
    for vendor in catalog.values():
        for name in vendor.queues:  # a refused vendor empties its queue: it must be its own
            if name in queue_owners or name == "dataLayer":
                raise CatalogError(f"vendors.{vendor.key}.queues.{name}: "
                                   + (f"also {queue_owners[name]}'s" if name in queue_owners else
                                      "dataLayer carries Google's Consent Mode signals: nobody's queue"))
            queue_owners[name] = vendor.key
        if vendor.loaded_through and vendor.loaded_through not in catalog:
            raise CatalogError(f"vendors.{vendor.key}.loaded_through: {vendor.loaded_through!r} is not in the catalog")
        for host in vendor.hosts:
            for other, owner in owners.items():
                if owner != vendor.key and hosts_overlap(host, other):
                    raise CatalogError(f"vendors.{vendor.key}.hosts: {host!r} overlaps {other!r} of {owner}")
            owners[host] = vendor.key
    return catalog


def _vendor(key, entry):
    where = f"vendors.{key}"

    def need(field, kind, default=None):
        value = entry.get(field, default)
        if value is None or not isinstance(value, kind) or (kind in (str, list) and field in REQUIRED and not value):
            raise CatalogError(f"{where}.{field}: expected {'a non-empty ' if field in REQUIRED else ''}{kind.__name__}")
        return value

    unknown = set(entry) - FIELDS
    if unknown:
        raise CatalogError(f"{where}: unknown fields {', '.join(sorted(unknown))}")
    category, kind = need("category", str), need("kind", str)
    if category not in CATEGORIES:
        raise CatalogError(f"{where}.category: {category!r} is not one of {', '.join(CATEGORIES)}")
    if kind not in KINDS:
        raise CatalogError(f"{where}.kind: {kind!r} is not one of {', '.join(KINDS)}")
    purpose = need("purpose", str, "purpose_" + kind)
    if not text_key(purpose):
        raise CatalogError(f"{where}.purpose: {purpose!r} has no text")
    policy, sources = need("privacy_policy", str), need("sources", list)
    for i, url in enumerate([policy, *sources]):
        if not isinstance(url, str) or not url.startswith("https://"):
            raise CatalogError(f"{where}.{'privacy_policy' if i == 0 else f'sources[{i - 1}]'}: expected an https URL")
    hosts = need("hosts", list)
    for i, host in enumerate(hosts):
        if not isinstance(host, str) or not host or set(host) - HOST_CHARS or host.strip(".") != host:
            raise CatalogError(f"{where}.hosts[{i}]: {host!r} is not a host name")
    queues, objects, functions = {}, {}, {}
    for name, spec in need("queues", dict, {}).items():
        if isinstance(spec, dict) and "calls_into" in spec:  # a function queue: {calls_into, each, early}
            each, early = spec.get("each", "arguments"), spec.get("early")
            if set(spec) - {"calls_into", "each", "early"} or not isinstance(spec["calls_into"], str) \
                    or not spec["calls_into"] or each not in ("arguments", "array") or not isinstance(early, bool):
                raise CatalogError(f"{where}.queues.{name}: expected a table of calls_into, each "
                                   "(arguments or array) and early (true or false)")
            functions[name] = (spec["calls_into"], each, early)
            spec = []
        if isinstance(spec, dict):  # an object queue: {into, also, methods}
            if set(spec) - {"into", "also", "methods"} or not isinstance(spec.get("into"), str) or not spec["into"] \
                    or not all(isinstance(field, str) and field for field in spec.get("also", [])):
                raise CatalogError(f"{where}.queues.{name}: expected a list of methods, or a table of into, also, methods")
            objects[name] = (spec["into"], tuple(spec.get("also", [])))
            spec = spec.get("methods", [])
        if not isinstance(spec, list) or not all(isinstance(m, str) and m for m in spec):
            raise CatalogError(f"{where}.queues.{name}: expected a list of method names")
        queues[name] = tuple(spec)
    return Vendor(key, need("name", str), category, purpose, hosts, [_stored(where, i, item) for i, item in
                  enumerate(need("stored", list, []))], queues, object_queues=objects, function_queues=functions,
                  kind=kind, privacy_policy=policy, snippet=need("snippet", list, []), npm=need("npm", str, ""),
                  sources=sources, notes=need("notes", str, ""), loaded_through=need("loaded_through", str, ""),
                  globals=need("globals", list, []))


def _stored(where, i, item):
    where = f"{where}.stored[{i}]"
    if not isinstance(item, dict) or set(item) - {"name", "kind", "lifetime_days", "purpose"}:
        raise CatalogError(f"{where}: expected a table of name, kind, lifetime_days, purpose")
    name, kind, days, purpose = item.get("name"), item.get("kind"), item.get("lifetime_days"), item.get("purpose")
    if not isinstance(name, str) or not name:
        raise CatalogError(f"{where}.name: expected a name")
    if kind not in STORED_KINDS:
        raise CatalogError(f"{where}.kind: expected one of {', '.join(STORED_KINDS)}")
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or days < 0):
        raise CatalogError(f"{where}.lifetime_days: expected a number of days (0: a session cookie)")
    if not isinstance(purpose, str) or not text_key("storage_" + purpose):
        raise CatalogError(f"{where}.purpose: {purpose!r} has no text (storage_<purpose>)")
    return Stored(name, kind, days, "storage_" + purpose)


CATALOG = read_catalog()
CUSTOMERIO = CATALOG["customerio"]
