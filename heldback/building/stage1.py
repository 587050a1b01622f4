"""Stage 1 (consent.js): its sources in one scope, the facts it needs from heldback/core baked in
(settings), and the optional parts a config asks for (optional_parts)."""

import re
from pathlib import Path

from heldback.building import sources
from heldback.building.files import APP_FILE, BANNER_FILES, LAYER_DOM, ROOT, STAGE1_DIR, WORKER_FILE, BuildError
from heldback.building.pscript_dialect import baked, compile_pscript
from heldback.core import consent_record, fetching, handover, policy, receipts, views
from heldback.core.config import MODES, Config

BAKED = STAGE1_DIR / "baked.py"  # what the build writes in (settings, optional_parts), declared with its type
MAIN = STAGE1_DIR / "main.py"  # the entry: it starts everything, last
NEVER_COMPILED = ("baked", "browser")  # declarations for Python tools (heldback/loader/browser.py)


def settings(config: Config) -> dict:
    """The facts stage 1 needs, derived from the config and heldback/core (defined there once)."""
    return {
        "COOKIE": consent_record.COOKIE,
        "RECORD_PART": consent_record.part_pattern(),
        "CATEGORY_SEPARATOR": consent_record.CATEGORY_SEPARATOR,
        "MAX_CLOCK_SKEW": consent_record.MAX_CLOCK_SKEW,
        "REVISION": config.revision,
        "LIFETIME": config.lifetime_days * consent_record.DAY,
        "KEYS": config.consent_keys,
        "CATEGORIES": config.category_names,
        "HOSTS": [[host, v["key"]] for v in config.vendors for host in v["hosts"]],
        "FETCHING_LIST": list(fetching.FETCHING),
        "HELD_LIST": list(fetching.HELD),
        "URL_LIST_NAMES": list(fetching.URL_LISTS),
        "LIST_SEPARATOR_CHARACTERS": list(fetching.LIST_SEPARATORS),
        "DOCUMENTS_LIST": list(fetching.DOCUMENTS),
        "SVG_CSS_LIST": list(fetching.SVG_CSS_ATTRIBUTES),
        "QUEUES": [[name, v["key"], list(methods)] for v in config.vendors for name, methods in v["queues"].items()
                   if name not in v["object_queues"] and name not in v["function_queues"]],
        "MODES": list(MODES),
        "MODE": config.mode,
        "GPC_KEYS": policy.refused_by_gpc(config),
        "RELOAD": config.reload_on_withdraw,
        "FIRST_LAYER": list(policy.first_layer(config)),
        "APP_FILE": APP_FILE,
        "WORKER_FILE": WORKER_FILE,
        "LANGUAGES": list(config.texts),
        "BANNER_FILES": BANNER_FILES,
        "LANGUAGE": config.language,
        "DEFAULT_LANGUAGE": config.default_language,
        "MARK": handover.MARK,
    }


def optional_parts(config: Config) -> dict[str, dict]:
    """The stage 1 parts this config asks for, each with the settings it needs baked: a site pays
    only for what it uses. They hook into stage 1 through `extensions` (release.py)."""
    parts = {}
    if config.google_consent_mode:
        parts["consent_mode"] = {"CONSENT_SIGNALS": list(config.google_consent_mode["signals"].items()),
                                 "WAIT_FOR_UPDATE": config.google_consent_mode["wait_for_update"]}
    if config.floating_button:
        parts["floating"] = {"FLOATING": {language: views.floating(texts) for language, texts in config.texts.items()},
                             "FLOATING_STYLE": compact(views.FLOATING_STYLE)}
    if config.receipt_endpoint:
        parts["receipts"] = {"RECEIPT_ENDPOINT": config.receipt_endpoint, "RECEIPTS_KEY": receipts.KEY}
    objects = [[name, v["key"], list(methods), *v["object_queues"][name]]
               for v in config.vendors for name, methods in v["queues"].items() if name in v["object_queues"]]
    if objects:
        parts["object_queues"] = {"OBJECT_QUEUES": objects}
    functions = [[name, v["key"], *shape] for v in config.vendors for name, shape in v["function_queues"].items()]
    if functions:
        parts["function_queues"] = {"FUNCTION_QUEUES": functions}
    if config.service_worker:
        parts["service_worker"] = {"SERVICE_WORKER": config.service_worker,
                                   "SERVICE_WORKER_SCOPE": config.service_worker_scope}
    return parts


def build_stage1(config: Config) -> str:
    """consent.js: main.py and what it imports, in the order of the imports, then each optional part
    the config asks for (with what it imports that main.py does not: layer_dom.py for the floating
    button) before main.py, in one scope."""
    optional = optional_parts(config)
    baked = bake({**settings(config), **{k: v for part in optional.values() for k, v in part.items()}}, BAKED)
    extras = [STAGE1_DIR / f"{name}.py" for name in optional] + [LAYER_DOM]
    core = [path for path in STAGE1_DIR.glob("*.py") if path.stem not in NEVER_COMPILED
            and path.stem not in OPTIONAL_PARTS]
    ordered = sources.in_order(MAIN, core)
    for name in optional:
        for path in sources.in_order(STAGE1_DIR / f"{name}.py", core + extras):
            if path not in ordered:
                ordered.insert(len(ordered) - 1, path)
    sources.check_load_order(ordered)
    return f"/* heldback stage 1 */\n{compile_pscript([('(baked settings)', baked), *sources.parts(ordered)])}"


OPTIONAL_PARTS = ("consent_mode", "floating", "receipts", "object_queues", "function_queues", "service_worker")


def bake(settings: dict, declared_in: Path) -> str:
    """PScript source setting each of ``settings`` (pscript_dialect.baked), each declared in
    ``declared_in`` (the file of declarations its sources import them from)."""
    undeclared = sorted(set(settings) - sources.declared(declared_in))
    if undeclared:
        raise BuildError(f"{declared_in.relative_to(ROOT)}: declare what the build writes in: {', '.join(undeclared)}")
    return baked(settings)


def compact(css: str) -> str:
    """views' CSS without its line breaks (they fall between declarations and rules only)."""
    return re.sub(r"\n\s*", "", css)
