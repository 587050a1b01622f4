# consent-sw.js: the network guard, opt-in (`service_worker` in the config). Served from the site, it
# answers each request of the clients it controls (its pages, their frames and workers: fetch,
# importScripts, import(), CSS, anything) to a vendor not granted with a network error. A vendor is
# granted when the decision stage 1 last posted grants it (stage1/service_worker.py: as a page starts
# and before it releases anything) or the stored decision does (the consent cookie, read with the
# Cookie Store API); with neither, as the mode says. Built like stage 1 over natives.py, hosts.py and
# record.py; a worker has its own global, which no page script reaches.

from .stage1.baked import COOKIE, MODE
from .stage1.defaults import opt_out_defaults
from .stage1.hosts import category_of
from .stage1.natives import new_table, request_url
from .stage1.record import newest_of
from .browser import fetch, globalThis, navigator, Promise, Response

posted = new_table(None)  # choices: the granted table a page last posted


def on_message(event):
    if event.data and event.data.cmp_granted:
        posted.choices = event.data.cmp_granted


def stored_choices():
    """A promise of the stored decision's choices, or of None."""
    store = globalThis.cookieStore
    if not store:  # (older engines): what stage 1 posts
        return Promise.resolve(None)

    def newest(cookies):
        parts = []
        for cookie in cookies:
            parts[len(parts)] = COOKIE + "=" + cookie.value
        found = newest_of(parts)
        if not found:
            return None
        choices, _, _ = found
        return choices

    return store.getAll(COOKIE).then(newest, lambda error: None)


def allowed(key, choices):
    if posted.choices and posted.choices[key] is True:
        return True
    if choices or posted.choices:
        return True if choices and choices[key] is True else False
    return MODE == "opt-out" and opt_out_defaults(navigator.globalPrivacyControl)[key]


def on_fetch(event):
    request = event.request
    key = category_of(request_url(request), request_url(request))
    if not key:
        return  # not a vendor's: the browser fetches it as if there were no worker

    def answer(choices):
        return fetch(request) if allowed(key, choices) else Response.error()

    granted_now = posted.choices and posted.choices[key] is True  # else the cookie may know better
    event.respondWith(answer(None) if granted_now else stored_choices().then(answer))


globalThis.addEventListener("install", lambda event: globalThis.skipWaiting())
globalThis.addEventListener("activate", lambda event: event.waitUntil(globalThis.clients.claim()))
globalThis.addEventListener("message", on_message)
globalThis.addEventListener("fetch", on_fetch)
