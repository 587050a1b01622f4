"""The banner, the preferences dialog and the floating button: DOM only, no decisions.

Everything lives in an open shadow root on ``<div data-cmp-root>``: the site's CSS cannot reach in
and ours cannot leak out. Theme it with these custom properties on any ancestor (e.g. ``:root``):
``--cmp-background``, ``--cmp-text``, ``--cmp-muted``, ``--cmp-border``, ``--cmp-button-background``,
``--cmp-button-text``, ``--cmp-focus``, ``--cmp-radius``, ``--cmp-font``.

Buttons carry ``data-cmp-action``; stage 1's click listener routes their clicks to the app, so the
only handler here is the keyboard one (Tab stays inside the preferences, Esc closes them).
"""

from browser import document, window

STYLE = """
:host{all:initial}
*{box-sizing:border-box;font:inherit;color:inherit}
.layer{position:fixed;z-index:2147483647;background:var(--cmp-background,#fff);color:var(--cmp-text,#1a1a1a);
 font:15px/1.45 var(--cmp-font,system-ui,sans-serif);border:1px solid var(--cmp-border,#767676);
 border-radius:var(--cmp-radius,8px);box-shadow:0 4px 24px rgba(0,0,0,.25);padding:20px}
[data-cmp-banner]{left:16px;right:16px;bottom:16px;max-width:720px;margin:0 auto}
[data-cmp-preferences]{left:50%;top:50%;transform:translate(-50%,-50%);width:min(600px,calc(100% - 32px));
 max-height:calc(100% - 32px);overflow:auto}
[hidden]{display:none!important}
h2{font-size:18px;font-weight:600;margin:0 0 8px;padding-right:32px}
p,ul{margin:0 0 10px}
.muted{color:var(--cmp-muted,#4a4a4a)}
.buttons{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.button{flex:1 1 150px;padding:10px 14px;border:2px solid var(--cmp-text,#1a1a1a);border-radius:6px;cursor:pointer;
 background:var(--cmp-button-background,#fff);color:var(--cmp-button-text,#1a1a1a);font-weight:600}
.button:hover{filter:brightness(.94)}
.close{position:absolute;top:10px;right:10px;width:36px;height:36px;border:0;border-radius:6px;background:none;
 font-size:22px;line-height:1;cursor:pointer}
:focus-visible{outline:3px solid var(--cmp-focus,#0050b3);outline-offset:2px}
.category{border-top:1px solid #d0d0d0;padding-top:12px;margin-top:12px}
label{display:flex;gap:10px;align-items:center;font-weight:600;cursor:pointer}
input{width:18px;height:18px;margin:0;accent-color:var(--cmp-focus,#0050b3)}
.vendor{margin:8px 0 0 28px}
details{margin:4px 0 0}
summary{cursor:pointer}
code{font-family:ui-monospace,monospace;font-size:13px}
.floating{position:fixed;z-index:2147483646;left:16px;bottom:16px;width:auto;padding:8px 12px;flex:none}
"""
HOST_STYLE = "all:initial!important;display:block!important"  # beats even !important rules of the page


def element(tag, attributes=None, text=None, children=()):
    node = document.createElement(tag)
    for name, value in (attributes or {}).items():
        node.setAttribute(name, value)
    if text is not None:
        node.textContent = text
    for child in children:
        node.appendChild(child)
    return node


def button(action, label, css="button"):
    return element("button", {"type": "button", "class": css, "data-cmp-action": action}, label)


class Banner:
    def __init__(self, config, language, notice, gpc):
        """``notice``: the banner text key (opt-in or opt-out wording); ``gpc``: show the GPC notice."""
        self.config = config
        self.language = language
        self.texts = config.texts[language]
        self.notice = notice
        self.gpc = gpc
        self.shadow = None
        self.opener = None

    def text(self, key):
        """A text of ours, or a config-given one (a custom vendor's purpose) as it is."""
        return self.texts.get(key, key)

    def mount(self, on_escape):
        """Add the (hidden) layers to the page; ``on_escape`` runs when the visitor presses Esc."""
        host = element("div", {"data-cmp-root": "", "lang": self.language, "style": HOST_STYLE})
        self.shadow = host.attachShadow({"mode": "open"})
        for node in [element("style", text=STYLE), self._banner(), self._preferences(), self._floating()]:
            self.shadow.appendChild(node)
        self._find("[data-cmp-preferences]").addEventListener("keydown", self.on_key)
        self._find("[data-cmp-banner]").addEventListener("keydown", self.on_banner_key)
        host.addEventListener("cmp:escape", on_escape)
        self._link_switches()
        document.body.appendChild(host)

    def preferences_open(self):
        return not self._find("[data-cmp-preferences]").hidden

    def _find(self, selector):
        return self.shadow.querySelector(selector)

    def _notices(self, key):
        texts = [element("p", {"id": f"cmp-{key}-text"}, self.text(self.notice if key == "banner" else "preferences_text"))]
        if self.gpc:
            texts.append(element("p", {"class": "muted"}, self.text("gpc_notice")))
        return texts

    def _banner(self):
        buttons = [button("reject-all", self.text("reject_all")), button("customize", self.text("customize")),
                   button("accept-all", self.text("accept_all"))]
        extra = [button("close", "\u00d7", "close")] if self.config.close_refuses else []
        layer = element("section", {
            "data-cmp-banner": "", "class": "layer", "role": "dialog", "aria-modal": "false", "tabindex": "-1",
            "aria-labelledby": "cmp-banner-title", "aria-describedby": "cmp-banner-text", "hidden": "",
        }, children=[element("h2", {"id": "cmp-banner-title"}, self.text("banner_title")), *self._notices("banner"),
                     element("div", {"class": "buttons"}, children=buttons), *extra])
        if extra:
            extra[0].setAttribute("aria-label", self.text("close"))
        return layer

    def _preferences(self):
        close = button("close-preferences", "\u00d7", "close")
        close.setAttribute("aria-label", self.text("close"))
        return element("section", {
            "data-cmp-preferences": "", "class": "layer", "role": "dialog", "aria-modal": "true", "tabindex": "-1",
            "aria-labelledby": "cmp-preferences-title", "aria-describedby": "cmp-preferences-text", "hidden": "",
        }, children=[
            element("h2", {"id": "cmp-preferences-title"}, self.text("preferences_title")), *self._notices("preferences"),
            *[self._category(category) for category in self.config.categories],
            element("div", {"class": "buttons"}, children=[
                button("reject-all", self.text("reject_all")), button("save", self.text("save")),
                button("accept-all", self.text("accept_all")),
            ]),
            close,
        ])

    def _floating(self):
        node = button("open-preferences", self.text("floating_button"), "button floating")
        node.hidden = True
        return node

    def _category(self, category):
        name = category["name"]
        switch = element("input", {"type": "checkbox", "data-cmp-category": name, "id": f"cmp-{name}",
                                   "aria-describedby": f"cmp-{name}-description"})
        if category["required"]:
            switch.checked = True
            switch.disabled = True
        details = [element("p", {"id": f"cmp-{name}-description", "class": "muted"}, self.text(f"{name}_description"))]
        if category["required"]:
            details.append(element("p", {"class": "muted"}, self.text("always_on")))
        vendors = [self._vendor(vendor) for vendor in self.config.vendors_in(name)]
        if vendors:
            details.append(element("p", {}, self.text("vendors")))
        return element("div", {"class": "category"}, children=[
            element("label", {"for": f"cmp-{name}"}, children=[switch, element("span", text=self.text(f"{name}_label"))]),
            *details, *vendors,
        ])

    def _vendor(self, vendor):
        key = vendor["key"]
        switch = element("input", {"type": "checkbox", "data-cmp-vendor": key, "data-cmp-of": vendor["category"],
                                   "id": f"cmp-vendor-{key}"})
        stored = [element("li", children=[
            element("code", text=item["name"]),
            element("span", text=f" \u00b7 {self._lifetime(item['lifetime_days'])} \u00b7 {self.text(item['purpose'])}"),
        ]) for item in vendor["stored"]]
        return element("div", {"class": "vendor"}, children=[
            element("label", {"for": f"cmp-vendor-{key}"}, children=[switch, element("span", text=vendor["name"])]),
            element("details", children=[
                element("summary", text=self.text("details")),
                element("p", text=self.text(vendor["purpose"])),
                element("p", {"class": "muted"}, f"{self.text('hosts')}: {', '.join(vendor['hosts'])}"),
                element("p", {"class": "muted"}, self.text("storage")),
                element("ul", {"class": "muted"}, children=stored),
            ]),
        ])

    def _lifetime(self, days):
        if days is None:
            return self.text("lifetime_persistent")
        return self.text("lifetime_days").replace("{n}", str(days)) if days else self.text("lifetime_session")

    # Showing -----------------------------------------------------------------------------------

    def show_banner(self):
        banner = self._find("[data-cmp-banner]")
        banner.hidden = False
        banner.focus()

    def show_preferences(self, choices):
        """Open the preferences with the switches set to ``choices`` (none ticked when None)."""
        self.opener = self.shadow.activeElement or document.activeElement
        for switch in self.shadow.querySelectorAll("input[data-cmp-category], input[data-cmp-vendor]"):
            key = switch.getAttribute("data-cmp-category") or switch.getAttribute("data-cmp-vendor")
            switch.checked = bool(choices and choices.get(key)) or key == "necessary"
        self._find("[data-cmp-banner]").hidden = True
        preferences = self._find("[data-cmp-preferences]")
        preferences.hidden = False
        preferences.focus()

    def close_preferences(self, decided):
        """Back to where the visitor was: the banner while undecided, else the page and its opener."""
        self._find("[data-cmp-preferences]").hidden = True
        if not decided:
            self.show_banner()
        elif self.opener is not None and self.opener.isConnected:
            self.opener.focus()

    def show_floating_button(self):
        self._find(".floating").hidden = False

    def hide(self):
        self._find("[data-cmp-banner]").hidden = True
        self._find("[data-cmp-preferences]").hidden = True

    def selected(self):
        """{consent key: ticked?} as the switches stand now."""
        choices = {}
        for switch in self.shadow.querySelectorAll("input[data-cmp-category], input[data-cmp-vendor]"):
            key = switch.getAttribute("data-cmp-category") or switch.getAttribute("data-cmp-vendor")
            choices[key] = bool(switch.checked)
        return choices

    # Keyboard and switches -------------------------------------------------------------------------

    def on_key(self, event):
        """In the preferences: Tab and Shift+Tab go round inside; Esc closes them."""
        if event.key == "Escape":
            event.preventDefault()
            self.shadow.host.dispatchEvent(window.CustomEvent.new("cmp:escape"))
        elif event.key == "Tab":
            focusable = list(self.shadow.querySelectorAll(
                "[data-cmp-preferences] :is(button, input, summary):not(:disabled)"))
            here = self.shadow.activeElement  # the dialog itself when it has just opened
            at_first = here is None or here.isSameNode(focusable[0]) or here.hasAttribute("data-cmp-preferences")
            if event.shiftKey and at_first:
                event.preventDefault()
                focusable[-1].focus()
            elif not event.shiftKey and here is not None and here.isSameNode(focusable[-1]):
                event.preventDefault()
                focusable[0].focus()

    def on_banner_key(self, event):
        if event.key == "Escape" and self.config.close_refuses:
            self.shadow.host.dispatchEvent(window.CustomEvent.new("cmp:escape"))

    def _link_switches(self):
        """A category's switch carries its vendors' switches; a vendor's switch sets its category."""
        for switch in self.shadow.querySelectorAll("input[data-cmp-category]"):
            switch.addEventListener("change", self._category_changed)
        for switch in self.shadow.querySelectorAll("input[data-cmp-vendor]"):
            switch.addEventListener("change", self._vendor_changed)

    def _category_changed(self, event):
        name = event.target.getAttribute("data-cmp-category")
        for switch in self.shadow.querySelectorAll(f'input[data-cmp-of="{name}"]'):
            switch.checked = event.target.checked

    def _vendor_changed(self, event):
        category = event.target.getAttribute("data-cmp-of")
        vendors = self.shadow.querySelectorAll(f'input[data-cmp-of="{category}"]')
        self._find(f'input[data-cmp-category="{category}"]').checked = all(switch.checked for switch in vendors)
