"""The banner and the preferences dialog: DOM only, no decisions.

Buttons carry ``data-cmp-action``; stage 1's click listener routes their clicks to the app, so this
module binds no handlers. Accept, reject and customize share one style: equal weight.
"""

from browser import document

STYLE = """
[data-cmp-root]{all:initial;font:15px/1.45 system-ui,sans-serif;color:#1a1a1a}
[data-cmp-root] *{box-sizing:border-box;font:inherit;color:inherit}
[data-cmp-banner],[data-cmp-preferences]{position:fixed;z-index:2147483647;background:#fff;
 border:1px solid #767676;border-radius:8px;box-shadow:0 4px 24px rgba(0,0,0,.25);padding:20px}
[data-cmp-banner]{left:16px;right:16px;bottom:16px;max-width:720px;margin:0 auto}
[data-cmp-preferences]{left:50%;top:50%;transform:translate(-50%,-50%);width:min(560px,calc(100% - 32px));
 max-height:calc(100% - 32px);overflow:auto}
[data-cmp-root] h2{font-size:18px;font-weight:600;margin:0 0 8px}
[data-cmp-root] p{margin:0 0 12px}
.cmp-buttons{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.cmp-button{flex:1 1 150px;padding:10px 14px;border:2px solid #1a1a1a;border-radius:6px;background:#fff;
 color:#1a1a1a;font-weight:600;cursor:pointer}
.cmp-button:hover{background:#f0f0f0}
.cmp-button:focus-visible,[data-cmp-category]:focus-visible{outline:3px solid #0050b3;outline-offset:2px}
.cmp-category{border-top:1px solid #d0d0d0;padding:12px 0 0;margin-top:12px}
.cmp-category label{display:flex;gap:10px;align-items:center;font-weight:600}
.cmp-category small{display:block;color:#4a4a4a}
[data-cmp-root] [hidden]{display:none}
"""


def element(tag, attributes=None, text=None, children=()):
    node = document.createElement(tag)
    for name, value in (attributes or {}).items():
        node.setAttribute(name, value)
    if text is not None:
        node.textContent = text
    for child in children:
        node.appendChild(child)
    return node


def button(action, label):
    return element("button", {"type": "button", "class": "cmp-button", "data-cmp-action": action}, label)


class Banner:
    def __init__(self, config):
        self.config = config
        self.root = None
        self.banner = None
        self.preferences = None

    def _mount(self):
        if self.root is not None:
            return
        texts = self.config.texts
        self.banner = element("div", {
            "data-cmp-banner": "", "role": "dialog", "aria-labelledby": "cmp-banner-title",
            "aria-describedby": "cmp-banner-text", "hidden": "",
        }, children=[
            element("h2", {"id": "cmp-banner-title"}, texts["banner_title"]),
            element("p", {"id": "cmp-banner-text"}, texts["banner_text"]),
            element("div", {"class": "cmp-buttons"}, children=[
                button("reject-all", texts["reject_all"]),
                button("customize", texts["customize"]),
                button("accept-all", texts["accept_all"]),
            ]),
        ])
        self.preferences = element("div", {
            "data-cmp-preferences": "", "role": "dialog", "aria-modal": "true",
            "aria-labelledby": "cmp-preferences-title", "aria-describedby": "cmp-preferences-text", "hidden": "",
        }, children=[
            element("h2", {"id": "cmp-preferences-title"}, texts["preferences_title"]),
            element("p", {"id": "cmp-preferences-text"}, texts["preferences_text"]),
            *[self._category(category) for category in self.config.categories],
            element("div", {"class": "cmp-buttons"}, children=[
                button("reject-all", texts["reject_all"]),
                button("save", texts["save"]),
                button("accept-all", texts["accept_all"]),
            ]),
        ])
        self.root = element("div", {"data-cmp-root": ""}, children=[
            element("style", text=STYLE), self.banner, self.preferences,
        ])
        document.body.appendChild(self.root)

    def _category(self, category):
        name = category["name"]
        switch = element("input", {"type": "checkbox", "data-cmp-category": name, "id": f"cmp-category-{name}"})
        if category["required"]:
            switch.checked = True
            switch.disabled = True
        vendors = [vendor["name"] for vendor in self.config.vendors_in(name)]
        details = [element("small", text=category["description"])]
        if vendors:
            details.append(element("small", text=f"{self.config.texts['vendors']}: {', '.join(vendors)}"))
        if category["required"]:
            details.append(element("small", text=self.config.texts["always_on"]))
        return element("div", {"class": "cmp-category"}, children=[
            element("label", {"for": f"cmp-category-{name}"}, children=[switch, element("span", text=category["label"])]),
            *details,
        ])

    def show_banner(self):
        self._mount()
        self.banner.hidden = False

    def show_preferences(self, choices):
        """Open the preferences with the switches set to ``choices`` (none ticked when undecided)."""
        self._mount()
        for switch in self.preferences.querySelectorAll("input[data-cmp-category]"):
            name = switch.getAttribute("data-cmp-category")
            switch.checked = bool(choices and choices.get(name)) or name == "necessary"
        self.banner.hidden = True
        self.preferences.hidden = False
        self.preferences.querySelector("input:not([disabled])").focus()

    def selected(self):
        """{category: ticked?} as the switches stand now."""
        return {
            switch.getAttribute("data-cmp-category"): bool(switch.checked)
            for switch in self.preferences.querySelectorAll("input[data-cmp-category]")
        }

    def hide(self):
        if self.root is not None:
            self.banner.hidden = True
            self.preferences.hidden = True
