"""The config file: validate a TOML config and resolve it against the vendor catalog (build time).

Every key is optional; the README shows them all in one example. ``parse`` raises ``ConfigError``
naming the key and the problem for anything else, and returns a ``Config`` whose plain data the
build bakes into both stages; the browser never runs this module.

A config that would break the site is refused too: a vendor host that covers other
people's sites (a public suffix), this machine or an IP address (unless the vendor says
``allow_ip_and_localhost = true``), a string that is no host as a browser reads it, a cookie or
storage pattern that matches every name, a host of the site itself, a host two vendors of
different categories claim. The rules are the functions under "Rules" below, one each.
"""

import ipaddress
from functools import cache

from heldback.configuration import catalog, purpose_texts
from heldback.configuration import texts as builtin_texts
from heldback.core import consent_mode
from heldback.core.config import MODES, NECESSARY, Config
from heldback.core.hosts import host_matches, hosts_overlap

RESERVED = ("id", "revision", "timestamp", "created", "vendors", "constructor")  # keys of getConsent()'s object
DEFAULT_CATEGORIES = ("analytics", "marketing")
DEFAULT_LIFETIME_DAYS = 182
MAX_LIFETIME_DAYS = 395
TOP_LEVEL = ("revision", "lifetime_days", "mode", "gpc_categories", "reload_on_withdraw", "close_refuses",
             "floating_button", "language", "languages", "default_language", "categories", "vendors", "texts",
             "google_consent_mode", "receipt_endpoint", "privacy_policy_url", "service_worker", "service_worker_scope")

_NAME_START = "abcdefghijklmnopqrstuvwxyz"
_NAME_CHARS = _NAME_START + "0123456789_"
_LABEL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-"
MAX_HOST_LENGTH, MAX_LABEL_LENGTH = 253, 63  # DNS's limits (RFC 1035): a longer name is no site's
LOCAL_OPT_IN = "allow_ip_and_localhost"  # a vendor's setting: its hosts may be IP addresses or *.localhost


class ConfigError(ValueError):
    def __init__(self, key, problem, file=None):
        super().__init__(f"{file}: {key}: {problem}" if file else f"{key}: {problem}")
        self.key = key
        self.problem = problem
        self.file = file


def parse(raw):
    """Validate ``raw`` (a TOML document as dicts) and return the resolved ``Config``."""
    _only(raw, "", TOP_LEVEL)
    languages = _languages(raw)
    default_language = _string(raw, "default_language", languages[0])
    if default_language not in languages:
        raise ConfigError("default_language", f"{default_language!r} is not one of languages ({', '.join(languages)})")
    language = _string(raw, "language", "auto")
    if language != "auto" and language not in languages:
        raise ConfigError("language", f"use \"auto\" or one of languages ({', '.join(languages)}), got {language!r}")
    categories = _categories(_table(raw, "categories", None))
    names = [category["name"] for category in categories]
    vendors = _vendors(_vendor_table(raw), names)
    declared = [vendor for vendor in vendors if vendor["category"] == NECESSARY]  # listed, never held
    vendors = [vendor for vendor in vendors if vendor["category"] != NECESSARY]
    urls = {key: _url_or_path(raw, key) for key in ("receipt_endpoint", "privacy_policy_url")}
    for key, url in urls.items():
        check_site_url(vendors, url, key)
    gpc_categories = _names(raw, "gpc_categories", "", ["marketing"] if "marketing" in names else [])
    for i, name in enumerate(gpc_categories):
        if name not in names or name == NECESSARY:
            raise ConfigError(f"gpc_categories[{i}]", f"{name!r} is not a refusable category of this config")
    mode = _string(raw, "mode", "opt-in")
    if mode not in MODES:
        raise ConfigError("mode", f"use \"opt-in\" or \"opt-out\", got {mode!r}")
    return Config({
        "revision": _integer(raw, "revision", 1, 1, 10**9),
        "lifetime_days": _integer(raw, "lifetime_days", DEFAULT_LIFETIME_DAYS, 1, MAX_LIFETIME_DAYS),
        "mode": mode,
        "gpc_categories": gpc_categories,
        "reload_on_withdraw": _boolean(raw, "reload_on_withdraw", True),
        "close_refuses": _boolean(raw, "close_refuses", False),
        "floating_button": _boolean(raw, "floating_button", False),
        "language": language,
        "default_language": default_language,
        "categories": categories,
        "vendors": vendors,
        "necessary_vendors": declared,
        "texts": _texts(_table(raw, "texts", {}), languages, names, vendors + declared),
        "google_consent_mode": _google_consent_mode(_table(raw, "google_consent_mode", {}), names),
        "receipt_endpoint": urls["receipt_endpoint"],
        "privacy_policy_url": urls["privacy_policy_url"],
        "service_worker": _site_path(raw, "service_worker"),
        "service_worker_scope": _site_path(raw, "service_worker_scope"),
    })


def load(path):
    """Read and validate a TOML config file (CPython only: the build)."""
    import tomllib

    try:
        with open(path, "rb") as file:
            return parse(tomllib.load(file))
    except ConfigError as error:
        raise ConfigError(error.key, error.problem, path) from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError("(file)", f"not valid TOML: {error}", path) from None
    except OSError as error:
        raise ConfigError("(file)", f"cannot read: {error.strerror}", path) from None


def _languages(raw):
    languages = _names(raw, "languages", "", list(builtin_texts.LANGUAGES))
    if not languages:
        raise ConfigError("languages", "list at least one language")
    for i, code in enumerate(languages):
        if not (2 <= len(code) <= 3 and code.isalpha() and code.islower()):
            raise ConfigError(f"languages[{i}]", f"{code!r} is not a language code such as \"de\"")
    return languages


def _texts(table, languages, category_names, vendors):
    """Every text of every shipped language: built-in ones with the config's overrides on top."""
    for code, overrides in table.items():
        if code not in languages:
            raise ConfigError(f"texts.{code}", f"not one of languages ({', '.join(languages)}); use [texts.<language>]")
        if not isinstance(overrides, dict):
            raise ConfigError(f"texts.{code}", "expected a table of texts")
    needed = list(builtin_texts.EN)
    for name in category_names:
        needed += [f"{name}_label", f"{name}_description"]
    for vendor in vendors:  # a catalog vendor's texts: only those of the vendors this site runs
        needed += [key for key in [vendor["purpose"]] + [item["purpose"] for item in vendor["stored"]]
                   if key in builtin_texts.EN or key in purpose_texts.EN]
    resolved = {}
    for code in languages:
        texts = {**purpose_texts.LANGUAGES.get(code, {}), **builtin_texts.LANGUAGES.get(code, {})}
        for key, value in table.get(code, {}).items():
            if key not in builtin_texts.EN and key not in purpose_texts.EN and not _category_text(key, category_names):
                raise ConfigError(f"texts.{code}.{key}", "unknown text (see heldback/configuration/texts.py for the keys)")
            texts[key] = _nonempty_string(value, f"texts.{code}.{key}")
        for key in needed:
            if key not in texts:
                raise ConfigError(f"texts.{code}.{key}", "missing: every shipped language needs every text")
        resolved[code] = {key: texts[key] for key in dict.fromkeys(needed)}
    return resolved


def _category_text(key, category_names):
    return any(key in (f"{name}_label", f"{name}_description", f"{name}_in_text") for name in category_names)


def _site_path(raw, key):
    """A path on the site itself, or None (a service worker must come from the page's own origin)."""
    path = _url_or_path(raw, key)
    if path is not None and not path.startswith("/"):
        raise ConfigError(key, f"expected a path on the site starting with /, got {path!r}")
    return path


def _url_or_path(raw, key):
    """An absolute http(s) URL, or a path on the site itself ("/consent/receipts"), or None. Checked as
    the browser resolves it, against pages on http and https (heldback/urls.py): "/\\evil.example/r" or
    "/<tab>/evil.example/r" is no path, and "https:host/r" is no absolute URL."""
    from heldback.urls import parse

    url = _string(raw, key, None)
    if url is None:
        return None
    site = "site.invalid"  # stands for the page's own host
    pages = [parse(url, f"{scheme}://{site}/") for scheme in ("https", "http")]
    if any(page is None for page in pages):
        raise ConfigError(key, f"not a URL: {url!r}")
    if url.startswith("/"):
        elsewhere = [page.host for page in pages if page.host != site]
        if elsewhere:
            raise ConfigError(key, f"{url!r} is not a path on the site: a browser sends it to {elsewhere[0]}")
    else:
        absolute = parse(url)
        if absolute is None or absolute.protocol not in ("http:", "https:") or any(p.href != absolute.href for p in pages):
            raise ConfigError(key, f"expected an http(s) URL (https://host/path) or a path starting with /, got {url!r}")
        if absolute.username or absolute.password:
            raise ConfigError(key, f"a URL with credentials is not for visitors' browsers: {url!r}")
    if any(c <= " " or c in "\"'<>\x7f" for c in url):
        raise ConfigError(key, f"not a URL as a browser writes it (spaces, controls, quotes, < or >): {url!r}")
    return url


def _google_consent_mode(table, category_names):
    """None when off, else {"wait_for_update": ms, "signals": {signal: category}}."""
    where = "google_consent_mode"
    _only(table, where, ("enabled", "wait_for_update", "ads_category", "analytics_category"))
    enabled = _boolean(table, "enabled", False, where)
    wait = _integer(table, "wait_for_update", 500, 0, 60000, where)
    categories = {}
    for setting, default in (("ads_category", "marketing"), ("analytics_category", "analytics")):
        name = _string(table, setting, default, where)
        if enabled and (name not in category_names or name == NECESSARY):
            raise ConfigError(f"{where}.{setting}", f"{name!r} is not a refusable category of this config")
        categories[setting] = name
    if not enabled:
        return None
    return {"wait_for_update": wait,
            "signals": consent_mode.signals(categories["ads_category"], categories["analytics_category"])}


def _categories(table):
    names = list(DEFAULT_CATEGORIES) if table is None else list(table)
    table = table or {}
    if NECESSARY in names:
        names.remove(NECESSARY)
    if not names:
        raise ConfigError("categories", "declare at least one category besides necessary")
    categories = []
    for name in [NECESSARY] + names:
        key = f"categories.{name}"
        _check_name(name, key)
        settings = table.get(name, {})
        if not isinstance(settings, dict):
            raise ConfigError(key, "expected a table")
        _only(settings, key, ())
        categories.append({"name": name, "required": name == NECESSARY})
    return categories


def _vendor_table(raw):
    """``vendors``: a table of vendors (catalog keys, with what the site changes, or the site's own),
    or a list of catalog keys (``vendors = ["ga4", "metapixel"]``)."""
    value = raw.get("vendors", {})
    if not isinstance(value, list):
        return _table(raw, "vendors", {})
    table = {}
    for i, key in enumerate(value):
        if not isinstance(key, str) or key not in catalog.CATALOG:
            raise ConfigError(f"vendors[{i}]", f"{key!r} is not in the catalog (heldback/configuration/catalog.toml); "
                              "a vendor of your own needs a table: [vendors.<name>] with name, category, hosts")
        if key in table:
            raise ConfigError(f"vendors[{i}]", f"{key!r} is listed twice")
        table[key] = {}
    return table


def _vendors(table, category_names):
    for key in table:
        if not isinstance(table[key], dict):
            raise ConfigError(f"vendors.{key}", "expected a table")
    vendors = []  # only those the site names: a site without Customer.io has no Customer.io anywhere
    for key, settings in table.items():
        if key in catalog.CATALOG:
            _only(settings, f"vendors.{key}", ("category", "hosts", LOCAL_OPT_IN))
            vendors.append(_vendor(key, settings, catalog.CATALOG[key], category_names))
        else:
            _check_name(key, f"vendors.{key}")
            if key in category_names:
                raise ConfigError(f"vendors.{key}", "a vendor cannot have the name of a category")
            _only(settings, f"vendors.{key}", ("name", "category", "purpose", "hosts", "cookies", "storage",
                                                LOCAL_OPT_IN))
            vendors.append(_vendor(key, settings, None, category_names))
    _one_category_per_host(vendors, table)
    return vendors


def _vendor(key, settings, known, category_names):
    where = f"vendors.{key}"
    if known is None:
        for required in ("name", "category", "hosts"):
            if required not in settings:
                raise ConfigError(f"{where}.{required}", "required for a vendor that is not in the catalog")
        name, purpose = _nonempty_string(settings["name"], f"{where}.name"), _string(settings, "purpose", "", where)
        hosts, queues, objects, functions = [], {}, {}, {}
        stored = _stored(settings, "cookies", "cookie", where) + _stored(settings, "storage", "local", where)
    else:
        name, purpose, hosts = known.name, known.purpose, list(known.hosts)
        queues = {name_: list(methods) for name_, methods in known.queues.items()}
        objects = {name_: [into, list(also)] for name_, (into, also) in known.object_queues.items()}
        functions = {name_: list(shape) for name_, shape in known.function_queues.items()}
        stored = [{"name": s.name, "kind": s.kind, "lifetime_days": s.lifetime_days, "purpose": s.purpose}
                  for s in known.stored]
    category = _string(settings, "category", known.category if known else "", where)
    if category == NECESSARY and not (known and known.category == NECESSARY):
        raise ConfigError(f"{where}.category", "a blockable vendor cannot be necessary")
    if category not in category_names:
        hint = f" (add [categories.{category}], or set vendors.{key}.category)" if known and "category" not in settings else ""
        raise ConfigError(f"{where}.category", f"{category!r} is not a category of this config{hint}")
    local = _boolean(settings, LOCAL_OPT_IN, False, where)
    for i, host in enumerate(_list(settings, "hosts", where)):
        hosts.append(check_host(host, f"{where}.hosts[{i}]", local))
    if not hosts:
        raise ConfigError(f"{where}.hosts", "list at least one host")
    return {"key": key, "name": name, "category": category, "purpose": purpose, "hosts": hosts,
            "stored": stored, "queues": queues, "object_queues": objects, "function_queues": functions,
            "privacy_policy": known.privacy_policy if known else ""}


def _stored(settings, field, kind, where):
    """A custom vendor's cookies or storage keys: names, or tables {name, lifetime_days, purpose}."""
    entries = []
    for i, entry in enumerate(_list(settings, field, where)):
        key = f"{where}.{field}[{i}]"
        name_key = key if isinstance(entry, str) else f"{key}.name"
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or "name" not in entry:
            raise ConfigError(key, "expected a name, or a table with name, lifetime_days and purpose")
        _only(entry, key, ("name", "lifetime_days", "purpose"))
        days = entry.get("lifetime_days")
        if days is not None:
            days = _integer(entry, "lifetime_days", 0, 0, 10**5, key)
        entries.append({"name": check_stored_name(entry["name"], name_key, kind), "kind": kind,
                        "lifetime_days": days, "purpose": _string(entry, "purpose", "", key)})
    return entries


# Rules: what a config may not say because the site would break (issue 23). A host entry covers
# the host and all its subdomains (heldback/core/hosts.py host_matches): stage 1 holds every
# request to it, the site's own included, until the visitor agrees.

def check_host(value, key, ip_and_localhost=False):
    """A vendor's host entry (``cdp.customer.io``, ``pixel.acme.example:8080``), checked by every
    rule below; ``ip_and_localhost``: the vendor's ``allow_ip_and_localhost``."""
    host = _nonempty_string(value, key)
    _not_an_ip_address(host, key, ip_and_localhost)
    name = _a_host_name(host, key)
    _not_this_machine(host, name, key, ip_and_localhost)
    _not_a_public_suffix(host, name, key)
    return host


def _not_an_ip_address(host, key, allowed):
    """An IP address is where the site itself may be served (127.0.0.1 in development, the server's
    own address): only a vendor that says so may have one. IPv4 in every form a browser's URL parser
    reads (127.1, 0x7f.0.0.1, 2130706433); IPv6 never: the host rule reads its ':' as a port's."""
    if host.startswith("[") or host.count(":") > 1:
        try:
            ipaddress.IPv6Address(host[1:].partition("]")[0] if host.startswith("[") else host)
        except ValueError:
            return  # no address: the next rule says what it is
        raise ConfigError(key, f"{_shown(host)} is an IPv6 address: a vendor host is a name, or an IPv4 address "
                               f"with {LOCAL_OPT_IN} = true")
    name = host.partition(":")[0]
    read = _as_a_browser_reads(name) if set(name) <= set("0123456789abcdefx.") else None  # IPv4's digits, any base
    try:
        ipaddress.IPv4Address(read or "")
    except ValueError:
        return
    if not allowed:
        reading = f" ({read} to a browser)" if read != name else ""
        raise ConfigError(key, f"{_shown(host)} is an IP address{reading}, where the site itself may be served: "
                               "if this vendor really is there (a sandbox, a test double), set "
                               f"{_vendor_key(key)}.{LOCAL_OPT_IN} = true")


def _a_host_name(host, key):
    """A host as a browser's URL parser writes it, with an optional :port; DNS's limits and its
    letters-digits-hyphens labels ("-", "a b", "a..b", a 5,000-character name reach no vendor).
    Returns the name without the port."""
    name, colon, port = host.partition(":")
    if len(name) > MAX_HOST_LENGTH:
        raise ConfigError(key, f"{_shown(host)} is not a host name: at most {MAX_HOST_LENGTH} characters")
    labels = name.split(".")
    if (any(not label or label[0] == "-" or label[-1] == "-" or set(label) - set(_LABEL_CHARS) for label in labels)
            or (colon and not (port.isascii() and port.isdigit() and port == str(int(port)) and 0 < int(port) < 65536))):
        raise ConfigError(key, f"{_shown(host)} is not a host name (lower-case letters, digits and inner hyphens, "
                               "dot-separated; optional :port; no scheme or path)")
    long_label = next((label for label in labels if len(label) > MAX_LABEL_LENGTH), None)
    if long_label:
        raise ConfigError(key, f"{_shown(host)} is not a host name: a label of {len(long_label)} characters, "
                               f"at most {MAX_LABEL_LENGTH}")
    read = _as_a_browser_reads(name)
    if read != name:  # "foo.123" ends in a number (no IPv4 address): no URL can name it; "127.1" is 127.0.0.1
        raise ConfigError(key, f"{_shown(host)} is not a host name as a browser reads it: "
                               + (f"its URL parser reads {read!r}; write that" if read else "its URL parser refuses it"))
    return name


def _not_this_machine(host, name, key, allowed):
    """localhost and every *.localhost name are this machine, where sites run in development (the
    browser resolves them to loopback): only a vendor that says so may have one."""
    if (name == "localhost" or name.endswith(".localhost")) and not allowed:
        raise ConfigError(key, f"{_shown(host)} is a name of this machine (*.localhost), where sites run in development: "
                               f"if this vendor really is there (a sandbox, a test double), set "
                               f"{_vendor_key(key)}.{LOCAL_OPT_IN} = true")


def _not_a_public_suffix(host, name, key):
    """A public suffix (com, co.uk, github.io: the ICANN and the private sections of the Public
    Suffix List, the copy the publicsuffixlist package ships) is shared by unrelated sites, and a
    host covers its subdomains: every site under it would be held. localhost is not on the list
    (its default rule would call it one): the rule above decides about it."""
    if name != "localhost" and _public_suffix_list().is_public(name):
        raise ConfigError(key, f"{_shown(host)} is a public suffix (Public Suffix List): a host covers its subdomains, "
                               "so every site under it would be held; name the vendor's own host")


def check_stored_name(value, key, kind="cookie"):
    """A cookie or storage name pattern (``*`` stands for any text: heldback/core/policy.py matches).
    One made only of ``*`` matches every name: withdrawing consent would delete all of the site's
    cookies or storage (its logins, the visitor's own settings)."""
    name = _nonempty_string(value, key)
    if set(name) == {"*"}:
        what = "cookie" if kind == "cookie" else "storage key"
        raise ConfigError(key, f"{name!r} matches every {what}: withdrawing consent would delete every {what} of the "
                               "site, not only this vendor's; name the vendor's own (a prefix: _acme*)")
    return name


def check_site_url(vendors, url, key):
    """The site's own host is no vendor's: the guard would hold the site's own files and requests
    (its consent manager, its receipts) and the visitor could never decide. ``url``: an absolute URL
    of the site (receipt_endpoint, privacy_policy_url, the rewrite's --script-url); a path is on
    the page's own host, which only the middleware knows (it refuses such a page). ``vendors``: the held
    ones (a config's ``vendors``)."""
    from heldback.urls import connects_to, parse, vendor_of

    for base in ("https://page.invalid/", "http://page.invalid/"):  # as pages on either scheme resolve it
        resolved = parse(url, base) if url is not None else None
        if resolved is None or resolved.hostname == "page.invalid":
            continue  # a path: on the page's own host, not known here
        vendor = vendor_of(resolved.href, vendors)
        if vendor is not None:
            hostname, port = connects_to(resolved)
            pattern = next(pattern for pattern in vendor["hosts"] if host_matches(pattern, hostname, port))
            raise ConfigError(key, f"{_shown(url)} is on {hostname.rstrip('.')}, which vendors.{vendor['key']} claims "
                                   f"({pattern!r}): the site's own host is never a vendor's (the guard would hold the "
                                   "site and its consent manager)")


def _one_category_per_host(vendors, table):
    """A host two vendors of different categories claim (one the same as or under the other's) is
    held for one of them only: the visitor's decision on the other would not count. The catalog's
    own hosts never overlap (heldback/configuration/catalog.py), a config adds hosts: the error names one."""
    claimed = []  # (host, vendor) so far
    for vendor in vendors:
        for host in vendor["hosts"]:
            for other, owner in claimed:
                if owner["category"] != vendor["category"] and hosts_overlap(host, other):
                    if host not in table[vendor["key"]].get("hosts", []):  # a catalog host: name the config's
                        vendor, host, owner, other = owner, other, vendor, host
                    key = f"vendors.{vendor['key']}.hosts[{table[vendor['key']]['hosts'].index(host)}]"
                    raise ConfigError(key, f"{host!r} overlaps {other!r} of vendors.{owner['key']}, in another category "
                                           f"({owner['category']}, not {vendor['category']}): the guard would follow "
                                           "only one of the two decisions")
            claimed.append((host, vendor))


@cache
def _public_suffix_list():
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()  # the copy of the list the package ships: no download


def _as_a_browser_reads(name):
    """The host a browser's URL parser (heldback/urls.py) makes of ``name``, or None if it fails."""
    from heldback.urls import parse

    parsed = parse(f"http://{name}/")
    return parsed.hostname if parsed is not None and parsed.pathname == "/" and not parsed.port else None


def _vendor_key(key):
    return ".".join(key.split(".")[:2])  # "vendors.acme.hosts[0]": "vendors.acme"


def _shown(value):
    """``value`` quoted for a message, cut short when long (a 5,000-character host)."""
    return repr(value) if len(value) <= 80 else f"{value[:60]!r}... ({len(value):,} characters)"


def _names(table, field, where, default):
    if field not in table:
        return default
    return [_nonempty_string(v, f"{_path(where, field)}[{i}]") for i, v in enumerate(_list(table, field, where))]


def _check_name(name, key):
    if not (0 < len(name) <= 32 and name[0] in _NAME_START and all(c in _NAME_CHARS for c in name)):
        raise ConfigError(key, "names use lower-case letters, digits and _, start with a letter, at most 32")
    if name in RESERVED:
        raise ConfigError(key, f"{name!r} is reserved")


def _only(table, where, allowed):
    for key in table:
        if key not in allowed:
            hint = f"allowed here: {', '.join(allowed)}" if allowed else "nothing can be set here"
            raise ConfigError(_path(where, key), f"unknown setting ({hint})")


def _path(where, key):
    return f"{where}.{key}" if where else key


def _integer(table, key, default, lowest, highest, where=""):
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(_path(where, key), f"expected a whole number, got {value!r}")
    if not lowest <= value <= highest:
        raise ConfigError(_path(where, key), f"must be between {lowest} and {highest}, got {value}")
    return value


def _boolean(table, key, default, where=""):
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(_path(where, key), f"expected true or false, got {value!r}")
    return value


def _string(table, key, default, where=""):
    return _nonempty_string(table[key], _path(where, key)) if key in table else default


def _nonempty_string(value, key):
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(key, f"expected a non-empty string, got {value!r}")
    return value


def _list(table, key, where):
    value = table.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(_path(where, key), f"expected a list, got {value!r}")
    return value


def _table(table, key, default):
    value = table.get(key, default)
    if value is not default and not isinstance(value, dict):
        raise ConfigError(key, "expected a table")
    return value
