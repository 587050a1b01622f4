"""The config file: validate a TOML config and resolve it against the vendor catalog (build time).

The format, with every key optional::

    revision = 1            # bump to ask every visitor again
    lifetime_days = 182     # how long a decision is kept (at most 395, about 13 months)
    language = "en"

    [categories.analytics]  # in display order; "necessary" is always first and always on
    [categories.marketing]
    label = "Marketing"     # overrides the built-in text; required for a category without one

    [vendors.customerio]    # catalog vendors are always blocked; this moves or extends one
    category = "marketing"
    hosts = ["cio-sandbox.localhost"]   # extra hosts to treat as this vendor

    [vendors.acme]          # a vendor not in the catalog
    name = "Acme Pixel"
    category = "marketing"
    hosts = ["pixel.acme.example"]
    cookies = ["_acme*"]

    [texts]
    accept_all = "Allow all"

``parse`` raises ``ConfigError`` naming the key and the problem for anything else, and returns a
``Config`` whose plain data the build bakes into both stages; the browser never runs this module.
"""

from cmp.core import texts as builtin_texts
from cmp.core import vendors as catalog
from cmp.core.config import NECESSARY, Config

RESERVED = ("id", "revision", "timestamp", "constructor")  # keys of getConsent()'s object, JS built-ins
DEFAULT_CATEGORIES = ("analytics", "marketing")
DEFAULT_LIFETIME_DAYS = 182
MAX_LIFETIME_DAYS = 395

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
    _only(raw, "", ("revision", "lifetime_days", "language", "categories", "vendors", "texts"))
    revision = _integer(raw, "revision", 1, 1, 10**9)
    lifetime_days = _integer(raw, "lifetime_days", DEFAULT_LIFETIME_DAYS, 1, MAX_LIFETIME_DAYS)
    language = _string(raw, "language", "en")
    if language not in builtin_texts.LANGUAGES:
        raise ConfigError("language", f"no texts for {language!r} (have: {', '.join(builtin_texts.LANGUAGES)})")
    texts = _texts(raw.get("texts", {}), builtin_texts.LANGUAGES[language])
    categories = _categories(_table(raw, "categories", None), texts)
    vendors = _vendors(_table(raw, "vendors", {}), [c["name"] for c in categories])
    return Config({
        "revision": revision,
        "lifetime_days": lifetime_days,
        "language": language,
        "categories": categories,
        "vendors": vendors,
        "texts": texts,
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


def _texts(overrides, defaults):
    if not isinstance(overrides, dict):
        raise ConfigError("texts", "expected a table")
    texts = dict(defaults)
    for key, value in overrides.items():
        if key not in defaults:
            raise ConfigError(f"texts.{key}", "unknown text (see cmp/core/texts.py for the keys)")
        texts[key] = _nonempty_string(value, f"texts.{key}")
    return texts


def _categories(table, texts):
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
        _only(settings, key, ("label", "description"))
        categories.append({
            "name": name,
            "label": _text_for(settings, "label", texts, f"{name}_label", key),
            "description": _text_for(settings, "description", texts, f"{name}_description", key),
            "required": name == NECESSARY,
        })
    return categories


def _text_for(settings, field, texts, text_key, key):
    if field in settings:
        return _nonempty_string(settings[field], f"{key}.{field}")
    if text_key in texts:
        return texts[text_key]
    raise ConfigError(f"{key}.{field}", "required for a category without built-in texts")


def _vendors(table, category_names):
    for key in table:
        if not isinstance(table[key], dict):
            raise ConfigError(f"vendors.{key}", "expected a table")
    vendors = []
    for key, vendor in catalog.CATALOG.items():
        settings = table.get(key, {})
        _only(settings, f"vendors.{key}", ("category", "hosts"))
        vendors.append(_vendor(key, settings, vendor, category_names))
    for key, settings in table.items():
        if key not in catalog.CATALOG:
            _check_name(key, f"vendors.{key}")
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
        hosts, cookies, storage, queues = [], _names(settings, "cookies", where), _names(settings, "storage", where), {}
    else:
        name, purpose = known.name, known.purpose
        hosts, cookies, storage = list(known.hosts), list(known.cookies), list(known.storage)
        queues = {name_: list(methods) for name_, methods in known.queues.items()}
    category = _string(settings, "category", known.category if known else "", where)
    if category == NECESSARY:
        raise ConfigError(f"{where}.category", "a blockable vendor cannot be necessary")
    if category not in category_names:
        raise ConfigError(f"{where}.category", f"{category!r} is not a category of this config")
    for i, host in enumerate(_list(settings, "hosts", where)):
        hosts.append(_host(host, f"{where}.hosts[{i}]"))
    if not hosts:
        raise ConfigError(f"{where}.hosts", "list at least one host")
    return {
        "key": key, "name": name, "category": category, "purpose": purpose,
        "hosts": hosts, "cookies": cookies, "storage": storage, "queues": queues,
    }


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


def _names(settings, field, where):
    return [_nonempty_string(v, f"{where}.{field}[{i}]") for i, v in enumerate(_list(settings, field, where))]


def _check_name(name, key):
    if not (0 < len(name) <= 32 and name[0] in _NAME_START and all(c in _NAME_CHARS for c in name)):
        raise ConfigError(key, "names use lower-case letters, digits and _, start with a letter, at most 32")
    if name in RESERVED:
        raise ConfigError(key, f"{name!r} is reserved")


def _only(table, where, allowed):
    for key in table:
        if key not in allowed:
            path = f"{where}.{key}" if where else key
            raise ConfigError(path, f"unknown setting (allowed here: {', '.join(allowed)})")


def _integer(table, key, default, lowest, highest):
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(key, f"expected a whole number, got {value!r}")
    if not lowest <= value <= highest:
        raise ConfigError(key, f"must be between {lowest} and {highest}, got {value}")
    return value


def _string(table, key, default, where=""):
    path = f"{where}.{key}" if where else key
    return _nonempty_string(table.get(key, default), path) if key in table else default


def _nonempty_string(value, key):
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(key, f"expected a non-empty string, got {value!r}")
    return value


def _list(table, key, where):
    value = table.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{where}.{key}", f"expected a list, got {value!r}")
    return value


def _table(table, key, default):
    value = table.get(key, default)
    if value is not default and not isinstance(value, dict):
        raise ConfigError(key, "expected a table")
    return value
