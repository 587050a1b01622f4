"""The consent manager's markup as plain data: what stage 2 turns into DOM (heldback/web/banner.py) and the
build renders to HTML for the first layer (heldback/building/first_layer.py), so both show exactly the same thing.

A node is ``(tag, {attribute: value}, [children])``; a child is a node or a text.
Buttons carry ``data-cmp-action``: stage 1 routes their clicks, wherever they are rendered.
"""

from heldback.core.config import NECESSARY

# The layers' CSS, in three parts: what the floating button needs (alone in stage 1 on a returning
# visitor's page), what the banner adds (the first layer) and what the preferences add; STYLE, all.
FLOATING_STYLE = """
:host{all:initial!important;display:block!important}
*{box-sizing:border-box;font:inherit;color:inherit}
[hidden]{display:none!important}
.button{flex:1 1 150px;padding:10px 14px;border:2px solid var(--cmp-text,#1a1a1a);border-radius:6px;cursor:pointer;
 background:var(--cmp-button-background,#fff);color:var(--cmp-button-text,#1a1a1a);font-weight:600}
.button:hover{filter:brightness(.94)}
:focus-visible{outline:3px solid var(--cmp-focus,#0050b3);outline-offset:2px}
.floating{position:fixed;z-index:2147483645;left:16px;bottom:16px;width:auto;padding:8px 12px;flex:none;
 font:600 15px/1.45 var(--cmp-font,system-ui,sans-serif)}
"""
BANNER_STYLE = """
.layer{position:fixed;z-index:2147483647;background:var(--cmp-background,#fff);color:var(--cmp-text,#1a1a1a);
 font:15px/1.45 var(--cmp-font,system-ui,sans-serif);border:1px solid var(--cmp-border,#767676);
 border-radius:var(--cmp-radius,8px);box-shadow:0 4px 24px rgba(0,0,0,.25);padding:20px}
.layer:focus{outline:none}
[data-cmp-banner]{left:16px;right:16px;bottom:16px;max-width:720px;margin:0 auto}
h2{font-size:18px;font-weight:600;margin:0 0 8px;padding-right:32px}
p,ul{margin:0 0 10px}
.muted{color:var(--cmp-muted,#4a4a4a)}
.buttons{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.close{position:absolute;top:10px;right:10px;width:36px;height:36px;border:0;border-radius:6px;background:none;
 font-size:22px;line-height:1;cursor:pointer}
@media (max-width:480px){[data-cmp-banner]{left:8px;right:8px;bottom:8px;padding:14px;font-size:14px}
 h2{font-size:16px;margin-bottom:4px}.buttons{flex-wrap:nowrap;gap:6px}
 .buttons .button{flex:1 1 0;min-width:0;padding:8px 4px;overflow-wrap:anywhere}}
"""
PREFERENCES_STYLE = """
[data-cmp-preferences]{left:50%;top:50%;transform:translate(-50%,-50%);width:min(600px,calc(100% - 32px));
 max-height:calc(100% - 32px);overflow:auto;padding-bottom:0}
[data-cmp-preferences] .buttons{position:sticky;bottom:0;margin:12px -20px 0;padding:12px 20px 20px;
 background:var(--cmp-background,#fff);border-top:1px solid var(--cmp-divider,#d0d0d0)}
.backdrop{display:none;position:fixed;inset:0;z-index:2147483646;background:var(--cmp-backdrop,rgba(0,0,0,.45))}
[data-cmp-preferences]:not([hidden])+.backdrop{display:block}
.category{border-top:1px solid var(--cmp-divider,#d0d0d0);padding-top:12px;margin-top:12px}
label{display:flex;gap:10px;align-items:center;font-weight:600;cursor:pointer}
input{appearance:none;flex:none;position:relative;width:38px;height:22px;margin:0;border-radius:11px;cursor:pointer;
 background:var(--cmp-switch-off,#767676);transition:background .15s}
input::before{content:"";position:absolute;top:3px;left:3px;width:16px;height:16px;border-radius:50%;background:#fff;
 transition:transform .15s}
input:checked{background:var(--cmp-focus,#0050b3)}
input:checked::before{transform:translateX(16px)}
input:disabled{opacity:.55;cursor:default}
.vendor{margin:8px 0 0 48px}
details{margin:4px 0 0}
summary{cursor:pointer}
code{font-family:ui-monospace,monospace;font-size:13px}
"""
STYLE = FLOATING_STYLE + BANNER_STYLE + PREFERENCES_STYLE
CLOSE = "\u00d7"
NOTICES = {"opt-in": "banner_text", "opt-out": "banner_text_opt_out"}  # the banner's text key in each mode


def button(action, label, css="button", **attributes):
    return ("button", {"type": "button", "class": css, "data-cmp-action": action, **attributes}, [label])


def notices(config, texts, key, text, gpc):
    """The layer's text (and a link to the site's privacy policy, where the config has one), then the
    Global Privacy Control notice where ``gpc``."""
    paragraph = [("span", {"data-cmp-notice": ""}, [text])]
    if config.privacy_policy_url:
        paragraph += [" ", ("a", {"href": config.privacy_policy_url, "target": "_blank", "rel": "noopener"},
                            [texts["privacy_policy"]])]
    paragraphs = [("p", {"id": f"cmp-{key}-text"}, paragraph)]
    if gpc:
        paragraphs.append(("p", {"class": "muted", "data-cmp-gpc": ""}, [texts["gpc_notice"]]))
    return paragraphs


def notice_text(config, texts, key):
    """texts[key] with ``{categories}`` filled in: the config's categories other than necessary, as
    the texts name them in a sentence (texts.py)."""
    names = [texts.get(f"{c['name']}_in_text", texts[f"{c['name']}_label"]) for c in config.categories
             if c["name"] != NECESSARY]
    joined = f"{', '.join(names[:-1])} {texts['and']} {names[-1]}" if len(names) > 1 else "".join(names)
    return texts[key].replace("{categories}", joined)


def banner(config, texts, notice, gpc):
    """The first layer. ``notice``: the key of its text (opt-in or opt-out wording, NOTICES)."""
    buttons = [button("reject-all", texts["reject_all"]), button("customize", texts["customize"]),
               button("accept-all", texts["accept_all"])]
    close = [button("close", CLOSE, "close", **{"aria-label": texts["close"]})] if config.close_refuses else []
    return ("section", {
        "data-cmp-banner": "", "class": "layer", "role": "dialog", "aria-modal": "false", "tabindex": "-1",
        "aria-labelledby": "cmp-banner-title", "aria-describedby": "cmp-banner-text", "hidden": "",
    }, [("h2", {"id": "cmp-banner-title"}, [texts["banner_title"]]),
        *notices(config, texts, "banner", notice_text(config, texts, notice), gpc),
        ("div", {"class": "buttons"}, buttons), *close])


def preferences(config, texts, gpc):
    """The second layer: categories, their vendors with purpose, contacts and storage, switches."""
    return ("section", {
        "data-cmp-preferences": "", "class": "layer", "role": "dialog", "aria-modal": "true", "tabindex": "-1",
        "aria-labelledby": "cmp-preferences-title", "aria-describedby": "cmp-preferences-text", "hidden": "",
    }, [
        ("h2", {"id": "cmp-preferences-title"}, [texts["preferences_title"]]),
        *notices(config, texts, "preferences", texts["preferences_text"], gpc),
        *[category(config, texts, c) for c in config.categories],
        ("div", {"class": "buttons"}, [button("reject-all", texts["reject_all"]), button("save", texts["save"]),
                                       button("accept-all", texts["accept_all"])]),
        button("close-preferences", CLOSE, "close", **{"aria-label": texts["close"]}),
    ])


def category(config, texts, entry):
    name = entry["name"]
    switch = {"type": "checkbox", "role": "switch", "data-cmp-category": name, "id": f"cmp-{name}",
              "aria-describedby": f"cmp-{name}-description"}
    if name == NECESSARY:
        switch.update(checked="", disabled="")
    details = [("p", {"id": f"cmp-{name}-description", "class": "muted"}, [texts[f"{name}_description"]])]
    if name == NECESSARY:
        details.append(("p", {"class": "muted"}, [texts["always_on"]]))
    vendors = [vendor(texts, v) for v in config.vendors_in(name)]
    if name == NECESSARY:  # listed, with no switch: they are never held
        vendors += [vendor(texts, v, False) for v in config.necessary_vendors]
    if vendors:
        details.append(("p", {}, [texts["vendors"]]))
    return ("div", {"class": "category"}, [
        ("label", {"for": f"cmp-{name}"}, [("input", switch, []), ("span", {}, [texts[f"{name}_label"]])]),
        *details, *vendors,
    ])


def vendor(texts, entry, switchable=True):
    key = entry["key"]
    stored = [("li", {}, [("code", {}, [item["name"]]),
                          ("span", {}, [f" \u00b7 {lifetime(texts, item['lifetime_days'])} \u00b7 {text(texts, item['purpose'])}"])])
              for item in entry["stored"]]
    switch = {"type": "checkbox", "role": "switch", "data-cmp-vendor": key, "data-cmp-of": entry["category"],
              "id": f"cmp-vendor-{key}"}
    title = (("label", {"for": f"cmp-vendor-{key}"}, [("input", switch, []), ("span", {}, [entry["name"]])])
             if switchable else ("p", {}, [entry["name"]]))
    return ("div", {"class": "vendor"}, [
        title,
        ("details", {}, [
            ("summary", {}, [texts["details"]]),
            ("p", {}, [text(texts, entry["purpose"])]),
            ("p", {"class": "muted"}, [f"{texts['hosts']}: {', '.join(entry['hosts'])}"]),
            ("p", {"class": "muted"}, [texts["storage"]]),
            ("ul", {"class": "muted"}, stored),
        ]),
    ])


def backdrop():
    """Behind the preferences while they are open (views.STYLE shows it): the page is out of reach."""
    return ("div", {"class": "backdrop"}, [])


def floating(texts):
    return button("open-preferences", texts["floating_button"], "button floating", hidden="")


def text(texts, key):
    """One of our texts, or a config-given one (a custom vendor's purpose) as it is."""
    return texts.get(key, key)


def lifetime(texts, days):
    if days is None:
        return texts["lifetime_persistent"]
    return texts["lifetime_days"].replace("{n}", str(days)) if days else texts["lifetime_session"]


def to_html(node):
    """HTML for a node: how the tests read the views (the pages get DOM built from the nodes)."""
    if isinstance(node, str):
        return escape(node)
    tag, attributes, children = node
    attrs = "".join(f' {name}="{escape(value)}"' if value else f" {name}" for name, value in attributes.items())
    inner = "" if tag == "input" else "".join(to_html(child) for child in children) + f"</{tag}>"
    return f"<{tag}{attrs}>{inner}"


def escape(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
