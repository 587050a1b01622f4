# The network guard's page side (built in with `service_worker` in the config): consent-sw.js
# (heldback/loader/consent_sw.py) is registered once the page has loaded, and told what is granted as
# this page starts and whenever a decision grants or refuses, before anything is released.
# Baked: SERVICE_WORKER (the site path it is served at), SERVICE_WORKER_SCOPE (None: its folder).

from .baked import KEYS, SERVICE_WORKER, SERVICE_WORKER_SCOPE
from .guard import granted
from .release import extensions
from ..browser import console, navigator, window


def post_granted():
    try:
        controller = navigator.serviceWorker.controller  # none on the page view that registers it
        if controller:
            copy = {}
            for key in KEYS:
                copy[key] = granted[key] is True
            controller.postMessage({"cmp_granted": copy})
    except Exception:  # no service workers here (a private window, an opaque origin): the page guard holds
        pass


def register_worker():
    try:
        options = {"scope": SERVICE_WORKER_SCOPE} if SERVICE_WORKER_SCOPE else {}
        navigator.serviceWorker.register(SERVICE_WORKER, options).catch(lambda error: console.error("cmp: " + error))
    except Exception:
        pass


extensions.starting.push(post_granted)
extensions.granted.push(post_granted)
window.addEventListener("load", register_worker)
