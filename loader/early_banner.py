# The early banner (dist/consent-banner.js): the first layer, made at build time by
# cmp/core/views.py in every language and mode, shown once the page is parsed, while the consent
# manager (stage 2) is still on its way; stage 2 replaces it with the same markup when ready. Its
# buttons are the usual data-cmp-action buttons: stage 1 keeps their clicks for stage 2.
# PScript dialect, like loader/stage1. Baked: BANNERS, STYLE, LANGUAGE, DEFAULT_LANGUAGE.


def language():
    """The same choice as Config.language_for: config, <html lang>, the browser's, the default."""
    if LANGUAGE != "auto":
        return LANGUAGE
    for tag in [document.documentElement.lang].concat(Array.prototype.slice.call(navigator.languages or [])):
        code = str(tag or "").split("-")[0].toLowerCase()
        if BANNERS[code]:
            return code
    return DEFAULT_LANGUAGE


def hide_on_choice(event):  # accept or reject: the banner goes at once; stage 2 records it on arrival
    control = event.target.closest("[data-cmp-action]")
    if control and ["accept-all", "reject-all", "close"].indexOf(control.getAttribute("data-cmp-action")) >= 0:
        event.currentTarget.querySelector("[data-cmp-banner]").hidden = True


def build(node):
    """DOM for a cmp/core/views.py node, as cmp/web/banner.py builds it (no HTML strings: nothing
    here is a Trusted Types sink)."""
    if isinstance(node, str):
        return document.createTextNode(node)
    element = document.createElement(node[0])
    for name in Object.keys(node[1]):
        element.setAttribute(name, node[1][name])
    for child in node[2]:
        element.appendChild(build(child))
    return element


def show():
    loader = window.cmp._loader
    if document.querySelector("[data-cmp-root]") or loader.state:  # stage 2 came first, or decided
        return
    code = language()
    host = document.createElement("div")
    host.setAttribute("data-cmp-root", "")
    host.setAttribute("lang", code)
    shadow = host.attachShadow({"mode": "open"})
    sheet = CSSStyleSheet()  # not a <style>: it applies under a CSP that forbids inline styles
    sheet.replaceSync(STYLE)
    shadow.adoptedStyleSheets = [sheet]
    banner = shadow.appendChild(build(BANNERS[code][loader.mode]))
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
