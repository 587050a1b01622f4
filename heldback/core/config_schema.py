"""The config file: validate a TOML config and resolve it against the vendor catalog (build time).

Every key is optional; the README shows them all in one example. ``parse`` raises ``ConfigError``
naming the key and the problem for anything else, and returns a ``Config`` whose plain data the
build bakes into both stages; the browser never runs this module.
"""

from heldback.core import consent_mode, purpose_texts
from heldback.core import texts as builtin_texts
from heldback.core import vendors as catalog
from heldback.core.config import NECESSARY, Config

RESERVED = ("id", "revision", "timestamp", "created", "vendors", "constructor")  # keys of getConsent()'s object
DEFAULT_CATEGORIES = ("analytics", "marketing")
DEFAULT_LIFETIME_DAYS = 182
MAX_LIFETIME_DAYS = 395
MODES = ("opt-in", "opt-out")
TOP_LEVEL = ("revision", "lifetime_days", "mode", "gpc_categories", "reload_on_withdraw", "close_refuses",
             "floating_button", "language", "languages", "default_language", "categories", "vendors", "texts",
             "google_consent_mode", "receipt_endpoint", "privacy_policy_url", "service_worker", "service_worker_scope")

_NAME_START = "abcdefghijklmnopqrstuvwxyz"
_NAME_CHARS = _NAME_START + "0123456789_"
_HOST_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-."


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
        "receipt_endpoint": _url_or_path(raw, "receipt_endpoint"),
        "privacy_policy_url": _url_or_path(raw, "privacy_policy_url"),
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
                raise ConfigError(f"texts.{code}.{key}", "unknown text (see heldback/core/texts.py for the keys)")
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
            raise ConfigError(f"vendors[{i}]", f"{key!r} is not in the catalog (heldback/core/catalog.toml); "
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
            _only(settings, f"vendors.{key}", ("category", "hosts"))
            vendors.append(_vendor(key, settings, catalog.CATALOG[key], category_names))
        else:
            _check_name(key, f"vendors.{key}")
            if key in category_names:
                raise ConfigError(f"vendors.{key}", "a vendor cannot have the name of a category")
            _only(settings, f"vendors.{key}", ("name", "category", "purpose", "hosts", "cookies", "storage"))
            vendors.append(_vendor(key, settings, None, category_names))
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
    for i, host in enumerate(_list(settings, "hosts", where)):
        hosts.append(_host(host, f"{where}.hosts[{i}]"))
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
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or "name" not in entry:
            raise ConfigError(key, "expected a name, or a table with name, lifetime_days and purpose")
        _only(entry, key, ("name", "lifetime_days", "purpose"))
        days = entry.get("lifetime_days")
        if days is not None:
            days = _integer(entry, "lifetime_days", 0, 0, 10**5, key)
        entries.append({"name": _nonempty_string(entry["name"], f"{key}.name"), "kind": kind,
                        "lifetime_days": days, "purpose": _string(entry, "purpose", "", key)})
    return entries


def _host(value, key):
    host = _nonempty_string(value, key)
    hostname, _, port = host.partition(":")
    if (
        host != host.lower()
        or not hostname
        or any(c not in _HOST_CHARS for c in hostname)
        or hostname.startswith(".")
        or hostname.endswith(".")
        or ".." in hostname
        or (port and not (port.isdigit() and 0 < int(port) < 65536))
        or (":" in host and not port)
    ):
        raise ConfigError(key, f"{host!r} is not a host name (lower case, optional :port, no scheme or path)")
    return host


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
