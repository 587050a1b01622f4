# Workers: every dedicated and shared worker starts in consent-worker.js (heldback/loader/consent_worker.py),
# which puts the guard in the worker's global and then runs the worker's own script. Stage 1 wraps the
# page's constructors, and that guard the ones of a worker (a worker may make workers).
#
# What consent-worker.js is told (its boot): the script, whether it is a module, the consent keys
# granted when the worker was made (they hold for its life), and where consent-worker.js is. It is
# told in its URL's fragment, which a request never carries. A data: worker has an opaque origin,
# which a same-origin file would lift: it stays a data: worker, which loads consent-worker.js by
# importScripts and tells it in its global (BOOT). A module data: worker (it cannot load our file
# without CORS) is not started.

from .hosts import NativeURL
from .natives import (
    encode_component, new_table, replace_constructor, set_prototype, text_slice, to_json, type_of,
    url_href,
)
from ..browser import console

BOOT = "heldbackWorker"
EMPTY_SCRIPT = "data:text/javascript,"
worker = new_table(None)  # file: consent-worker.js's URL (main.py sets it once stage 1 knows where it is)


def guard_workers(scope, base, grants):
    """`scope`'s Worker and SharedWorker start in consent-worker.js: `base()` is the URL relative ones
    resolve against, `grants()` the consent keys granted now."""
    for name in ["Worker", "SharedWorker"]:
        if scope[name]:
            replace(scope, name, base, grants)


def replace(scope, name, base, grants):
    Native = scope[name]

    def construct(this, url, options):
        try:
            script = url_href(NativeURL(url, base()))
        except Exception:
            return Native(url, options)  # the browser's own error
        if options and type_of(options) == "object":  # read once: what we are told is what the browser gets
            options = set_prototype({"type": options.type, "credentials": options.credentials, "name": options.name}, None)
        module = True if options and type_of(options) == "object" and options.type == "module" else False
        boot = to_json({"script": script, "module": module, "granted": grants(), "file": worker.file})
        if text_slice(script, 0, 5) != "data:":
            return Native(worker.file + "#" + encode_component(boot), options)
        if module:
            console.error("cmp: a module worker from a data: URL is not started")
            return Native(EMPTY_SCRIPT, options)
        start = "self." + BOOT + "=" + to_json(boot) + ";importScripts(" + to_json(worker.file) + ")"
        return Native(EMPTY_SCRIPT + encode_component(start), options)

    replace_constructor(scope, name, construct)
