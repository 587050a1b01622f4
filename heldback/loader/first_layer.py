# The first layer (dist/consent-banner.<language>.js): the banner, and every decision it offers without stage 2.
# Accept all, reject all, and close or Esc where the config's close_refuses says so, from the banner or
# from cmp.acceptAll() / cmp.rejectAll(): the record is written in the cookie (heldback/core/consent_record.py's
# format), the decision handed to stage 1 (which releases, tells the other tabs, sends the receipt
# and the Consent Mode update) and announced with the cmp:consent event, as stage 2 does it. What is
# more than that (customize, the preferences, setConsent, withdraw, a refusal of what already ran:
# its cleanup) is stage 2's: stage 1 loads it when it is asked for.
# PScript dialect, like heldback/loader/stage1, after heldback/loader/layer_dom.py. One file per language, CODE (stage 1
# chose it). Baked: BANNER (heldback/core/views.py's node), NOTICES (its text in each mode), FLOATING (the
# button's node, or None), STYLE, DECISIONS (heldback/core/policy.py's first_layer), TEMPLATE, COOKIE,
# ATTRIBUTES, MAX_AGE, REVISION, MARK.
# It runs after the page's scripts: what they may have replaced, it takes from stage 1 (natives).
# Its first statement (written by the build, before anything the page could have replaced is read)
# connects to stage 1: `handover` (heldback/loader/stage1/api.py handover_for), or nothing when stage 1 did
# not load this very script; then it does nothing.

from .first_layer_baked import (
    ATTRIBUTES, BANNER, CODE, COOKIE, DECISIONS, handover, FLOATING, MAX_AGE, NOTICES, REVISION, STYLE,
    TEMPLATE,
)
from .layer_dom import build, new_layer_host
from .browser import console, crypto, document, location, Math, navigator, Object, Uint8Array

HEX = "0123456789abcdef"


def handle(kind, name, detail):
    """Stage 1 hands over a click or call of DECISIONS; one that refuses what is granted now goes on to
    stage 2, which also clears what the refused vendors left and reloads where the config says so."""
    hide("[data-cmp-banner]")
    if kind == "sync":  # decided in another tab, or while this page was in the back/forward cache
        return show_floating()
    if kind == "click" and drawn_action(detail):  # what the visitor pressed (the page may change what it says)
        name = drawn_action(detail)
        if not has_own(DECISIONS, name):
            return handover.defer(kind, name, detail)
    choices = DECISIONS[name]
    for key in keys_of(choices):
        if handover.granted(key) and not choices[key]:
            return handover.defer(kind, name, detail)
    decide(choices)


def decide(choices):
    previous = handover.state()  # a stored decision: its id and first decision carry over
    at = Math.floor(natives.now() / 1000)
    created = previous.created if previous else at
    granted = []
    for key in keys_of(choices):
        if choices[key]:
            granted[len(granted)] = key
    facts = {"id": previous.id if previous else new_id(), "revision": REVISION, "created": created,
             "timestamp": Math.max(at, created)}
    handover.decided(write_record(facts, natives.list_join(granted, "-")))  # stage 1 carries it out and announces it
    show_floating()


def new_id():
    return hex_of(crypto.getRandomValues(Uint8Array(16)))


def hex_of(random_bytes):
    """A consent id from 16 random bytes, as heldback/core/consent_record.py consent_id writes it."""
    text = ""
    for byte in random_bytes:
        text += HEX[byte >> 4] + HEX[byte & 15]
    return text


def write_record(facts, granted):
    """As heldback/web/storage.py's write_record: in place of every copy this page can see; the value as
    heldback/core/consent_record.py Record.encode writes it."""
    value = TEMPLATE
    fields = Object.assign({"granted": granted}, facts)
    for name in keys_of(fields):
        value = natives.list_join(split_text(value, "{" + name + "}"), fields[name])
    secure = "; Secure" if location.protocol == "https:" else ""
    try:
        expire(cookie_paths(location.pathname), parent_domains(location.hostname))
        natives.write_cookie(document, COOKIE + "=" + value + "; " + ATTRIBUTES + "; Max-Age=" + MAX_AGE + secure)
    except Exception:
        console.warn("cmp: cookies are not available here: the decision holds for this page view only")
    return value


def expire(paths, domains):
    for path in paths:
        for domain in domains:
            natives.write_cookie(document, COOKIE + "=; Path=" + path + domain + "; Max-Age=0")


def parent_domains(hostname):
    """Host-only, then the host and each parent as a Domain (heldback/core/cookie_scope.py parent_domains)."""
    domains = [""]
    labels = split_text(hostname, ".")
    for i in range(len(labels)):
        domains[len(domains)] = "; Domain=." + natives.list_join(labels.slice(i), ".")
    return domains


def cookie_paths(pathname):
    """Every cookie Path that matches `pathname` (heldback/core/cookie_scope.py cookie_paths)."""
    paths = ["/"]
    parts = split_text(pathname, "/")
    for i in range(2, len(parts)):
        path = natives.list_join(parts.slice(0, i), "/")
        paths[len(paths)] = path
        paths[len(paths)] = path + "/"
    if paths.indexOf(pathname) < 0:
        paths[len(paths)] = pathname
    return paths


def drawn_action(element):
    for drawn_element, action in drawn:
        if drawn_element is element:
            return action
    return None


def root():
    host = document.querySelector("[data-cmp-root]")
    return host.shadowRoot if host else None


def show_floating():
    if FLOATING:
        shown = root()
        floating = shown.querySelector(".floating") if shown else None
        if floating:
            floating.hidden = False


def hide(selector):
    shown = root()
    found = shown.querySelector(selector) if shown else None
    if found:
        found.hidden = True


def on_key(event):
    if event.key == "Escape" and DECISIONS.close and event.isTrusted:
        if handover.deferred():  # stage 2 is on its way with the visitor's earlier clicks: after them
            handover.defer("click", "close", None)
        else:
            handle("key", "close", None)


def on_intent(event):
    """Pointer or focus on "customize": stage 2 starts loading, to be ready for the click."""
    if event.target.closest("[data-cmp-action=customize]"):
        handover.load_app()


def on_choice(event):  # accept or reject: the banner goes at once, whoever records it
    if not event.isTrusted:  # a script's click decides nothing (stage 1's listener): the banner stays
        return
    control = event.target.closest("[data-cmp-action]")
    action = control.getAttribute("data-cmp-action") if control else None
    if action and has_own(DECISIONS, action):
        hide("[data-cmp-banner]")


def show():
    if document.querySelector("[data-cmp-root]") or handover.state():  # stage 2 came first, or decided
        return
    shadow = new_layer_host(CODE, STYLE)
    banner = shadow.appendChild(build(BANNER))
    for control in banner.querySelectorAll("[data-cmp-action]"):  # known by identity from now on
        drawn[len(drawn)] = [control, control.getAttribute("data-cmp-action")]
    banner.querySelector("[data-cmp-notice]").textContent = NOTICES[handover.mode]
    if FLOATING:
        shadow.appendChild(build(FLOATING))
    if not navigator.globalPrivacyControl:
        shadow.querySelector("[data-cmp-gpc]").remove()
    shadow.addEventListener("click", on_choice)
    shadow.addEventListener("pointerover", on_intent)
    shadow.addEventListener("focusin", on_intent)
    banner.addEventListener("keydown", on_key)
    banner.hidden = False
    document.body.appendChild(shadow.host)
    banner.focus()


if handover:
    natives = handover.natives
    split_text, has_own, keys_of = natives.split_text, natives.has_own, natives.keys_of
    drawn = []  # [control, the action it was drawn with] of the banner's controls
    handover.attach(handle)
    if document.readyState == "loading":
        document.addEventListener("DOMContentLoaded", show)
    else:
        show()
