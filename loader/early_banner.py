# The early banner (dist/consent-banner.js): the first layer, made at build time by
# cmp/core/views.py in every language and mode, shown once the page is parsed, while the consent
# manager (stage 2) is still on its way; stage 2 replaces it with the same markup when ready. Its
# buttons are the usual data-cmp-action buttons: stage 1 keeps their clicks for stage 2.
# PScript dialect, like loader/stage1. Baked: BANNERS (a literal), STYLE, LANGUAGE, DEFAULT_LANGUAGE, MARK.
# It runs after the page's scripts: what they may have replaced, it takes from stage 1 (natives).

symbol_for = Symbol["for"]


def language(natives):
    """The same choice as Config.language_for: config, <html lang>, the browser's, the default."""
    if LANGUAGE != "auto":
        return LANGUAGE
    tags = [document.documentElement.lang]
    for tag in navigator.languages or []:
        tags[len(tags)] = tag
    for tag in tags:
        code = natives.text_lower(natives.split_text(str(tag or ""), "-")[0])
        if natives.has_own(BANNERS, code):
            return code
    return DEFAULT_LANGUAGE


def hide_on_choice(event):  # accept or reject: the banner goes at once; stage 2 records it on arrival
    control = event.target.closest("[data-cmp-action]")
    action = control.getAttribute("data-cmp-action") if control else None
    if action == "accept-all" or action == "reject-all" or action == "close":
        event.currentTarget.querySelector("[data-cmp-banner]").hidden = True


def build(node, natives):
    """DOM for a cmp/core/views.py node, as cmp/web/banner.py builds it (no HTML strings: nothing
    here is a Trusted Types sink)."""
    if str(node) == node:  # a text node (a string); an element is a list
        return document.createTextNode(node)
    element = document.createElement(node[0])
    for name in natives.keys_of(node[1]):
        element.setAttribute(name, node[1][name])
    for child in node[2]:
        element.appendChild(build(child, natives))
    return element


def show():
    loader = window[symbol_for(MARK)]  # stage 1's hand-over object (cmp/core/handover.py)
    if document.querySelector("[data-cmp-root]") or loader.state:  # stage 2 came first, or decided
        return
    code = language(loader.natives)
    host = document.createElement("div")
    host.setAttribute("data-cmp-root", "")
    host.setAttribute("lang", code)
    shadow = host.attachShadow({"mode": "open"})
    sheet = CSSStyleSheet()  # not a <style>: it applies under a CSP that forbids inline styles
    sheet.replaceSync(STYLE)
    shadow.adoptedStyleSheets = [sheet]
    banner = shadow.appendChild(build(BANNERS[code][loader.mode], loader.natives))
    if not navigator.globalPrivacyControl:
        shadow.querySelector("[data-cmp-gpc]").remove()
    shadow.addEventListener("click", hide_on_choice)
    banner.hidden = False
    document.body.appendChild(host)
    banner.focus()


if document.readyState == "loading":
    document.addEventListener("DOMContentLoaded", show)
else:
    show()
