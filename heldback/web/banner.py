"""The banner, the preferences and the floating button in the page: the markup of heldback/core/views.py
turned into DOM, shown and hidden; no decisions.

Everything lives in an open shadow root on ``<div data-cmp-root>``: the site's CSS cannot reach in
and ours cannot leak out (theming: the ``--cmp-*`` custom properties in views.STYLE). Clicks on
``data-cmp-action`` buttons reach the app through stage 1's listener; the only handlers here are for
the keyboard (Tab stays inside the preferences, Esc closes them) and for linked switches. The first
layer's banner (consent-banner.<language>.js, same markup) or stage 1's floating button is replaced on mount.
"""

from browser import document, window

from heldback.core import views


def build(node):
    """DOM for a views node."""
    if isinstance(node, str):
        return document.createTextNode(node)
    tag, attributes, children = node
    element = document.createElement(tag)
    for name, value in attributes.items():
        element.setAttribute(name, value)
    for child in children:
        element.appendChild(build(child))
    return element


def stylesheet():
    """views.STYLE as a constructed stylesheet: it applies under a Content-Security-Policy that
    forbids inline styles, where a <style> element or a style attribute would not."""
    sheet = window.CSSStyleSheet.new()
    sheet.replaceSync(views.STYLE)
    return sheet


class Banner:
    def __init__(self, config, language, notice, gpc, guard):
        """``notice``: the banner text key (opt-in or opt-out wording); ``gpc``: show the GPC notice;
        ``guard(handler)``: the handler as an event listener (stage 1's: it runs with the browser's
        own globals)."""
        self.config = config
        self.guard = guard
        self.language = language
        self.texts = config.texts[language]
        self.notice = notice
        self.gpc = gpc
        self.shadow = None
        self.opener = None
        self.drawn = window.WeakMap.new()  # our controls -> the action each was drawn with

    def mount(self, on_escape):
        """Add the (hidden) layers to the page, in place of the first layer's if there is one (or stage 1's floating button);
        ``on_escape`` runs when the visitor presses Esc."""
        host = build(("div", {"data-cmp-root": "", "lang": self.language}, []))
        self.shadow = host.attachShadow({"mode": "open"})
        self.shadow.adoptedStyleSheets = [stylesheet()]
        layers = [views.banner(self.config, self.texts, self.notice, self.gpc),
                  views.preferences(self.config, self.texts, self.gpc), views.backdrop(), views.floating(self.texts)]
        for layer in layers:
            self.shadow.appendChild(build(layer))
        for control in self.shadow.querySelectorAll("[data-cmp-action]"):
            self.drawn.set(control, control.getAttribute("data-cmp-action"))
        self._find("[data-cmp-preferences]").addEventListener("keydown", self.guard(self.on_key))
        self._find("[data-cmp-banner]").addEventListener("keydown", self.guard(self.on_banner_key))
        host.addEventListener("cmp:escape", self.guard(on_escape))
        self._link_switches()
        early = document.querySelector("[data-cmp-root]")
        if not early:  # (a JavaScript null can reach Python as a falsy NullType: test truth, not None)
            document.body.appendChild(host)
        elif early.matches(":active"):
            # The visitor is pressing a control of the first layer (pointing at "Customize" loads this
            # file): replaced now, the press would end on another element and make no click. The
            # click comes first (stage 1 passes it on to this app), then the take-over.
            window.addEventListener("click", self.guard(lambda event: self._take_over(early, host)), {"once": True})
        else:
            self._take_over(early, host)

    def _take_over(self, early, host):
        """Our layers in place of the first layer's (or of stage 1's floating button), its banner as it stands."""
        focused = early.shadowRoot.activeElement if early.shadowRoot else None
        early_banner = early.shadowRoot.querySelector("[data-cmp-banner]") if early.shadowRoot else None
        early.replaceWith(host)
        if self.preferences_open():  # opened by the click the take-over waited for
            self._find("[data-cmp-preferences]").focus()
        elif early_banner and not early_banner.hidden:  # (else stage 1's floating button, or decided there)
            # as the first layer's banner stands, with no second focus move
            self._find("[data-cmp-banner]").hidden = False
            if focused:  # the visitor is on the first layer: stay on the same control
                action = focused.getAttribute("data-cmp-action")
                target = self._find(f'[data-cmp-banner] [data-cmp-action="{action}"]') if action else None
                (target or self._find("[data-cmp-banner]")).focus()

    def action_of(self, element):
        """The action a control of ours was drawn with (the page can change its attributes in our
        open shadow root), or None for any other element."""
        return self.drawn.get(element) if element and self.drawn.has(element) else None

    def _find(self, selector):
        return self.shadow.querySelector(selector)

    def preferences_open(self):
        return not self._find("[data-cmp-preferences]").hidden

    def show_banner(self):
        banner = self._find("[data-cmp-banner]")
        if banner.hidden:
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
        preferences.scrollTop = 0  # from the top, however far the visitor scrolled last time
        preferences.focus()

    def close_preferences(self, decided):
        """Back to where the visitor was: the banner while undecided, else the page and its opener."""
        self._find("[data-cmp-preferences]").hidden = True
        if not decided:
            self.show_banner()
        elif self.opener and self.opener.isConnected:
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
            at_first = not here or here.isSameNode(focusable[0]) or here.hasAttribute("data-cmp-preferences")
            if event.shiftKey and at_first:
                event.preventDefault()
                focusable[-1].focus()
            elif not event.shiftKey and here and here.isSameNode(focusable[-1]):
                event.preventDefault()
                focusable[0].focus()

    def on_banner_key(self, event):
        if event.key == "Escape" and self.config.close_refuses:
            self.shadow.host.dispatchEvent(window.CustomEvent.new("cmp:escape"))

    def _link_switches(self):
        """A category's switch carries its vendors' switches; a vendor's switch sets its category."""
        for switch in self.shadow.querySelectorAll("input[data-cmp-category]"):
            switch.addEventListener("change", self.guard(self._category_changed))
        for switch in self.shadow.querySelectorAll("input[data-cmp-vendor]"):
            switch.addEventListener("change", self.guard(self._vendor_changed))

    def _category_changed(self, event):
        name = event.target.getAttribute("data-cmp-category")
        for switch in self.shadow.querySelectorAll(f'input[data-cmp-of="{name}"]'):
            switch.checked = event.target.checked

    def _vendor_changed(self, event):
        category = event.target.getAttribute("data-cmp-of")
        vendors = self.shadow.querySelectorAll(f'input[data-cmp-of="{category}"]')
        self._find(f'input[data-cmp-category="{category}"]').checked = all(switch.checked for switch in vendors)
