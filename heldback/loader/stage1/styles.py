# Styles: a CSS url() reaches its host once the browser applies the rule (an @import as soon as the
# sheet is parsed). CSS that may name a vendor, as the browser reads it, is parsed first in an inert
# document, which fetches nothing; if a url() in it leads to a vendor not granted, the browser's own
# serialization of it goes on, with that url() dead. Dropped, not held: the page keeps the rest of its
# style, the vendor gets nothing. Paths: a style attribute (every path that sets one, elements.py), an
# element's style (cssText, setProperty; a property set by name, style.backgroundImage, is no accessor
# of any prototype: it shows in the style attribute, which the observer cleans before the page is
# next styled), a <style>'s text, a sheet's insertRule, addRule, replace and replaceSync, and markup
# (markup.py).

from .baked import SVG_CSS_LIST
from .dom import (
    css_text, element_ns, get_attribute, get_property_value, rule_text, rules_length, set_attribute, set_css_text,
    set_text, sheet_of, sheet_rules, style_of,
)
from .elements import element_key, SVG_NS
from .guard import base_of, blocked, DEAD_URL, NO_URL
from .markup import may_name_vendor
from .natives import (
    array_from, call_with, define, define_accessor, is_array, iterator_symbol, keys_of, new_table, own_descriptor,
    regexp_exec, replace_constructor, text_index, text_slice, uncurry,
)
from .written import add_host
from ..browser import document, RegExp

css_inert = new_table(None)  # box (a style) and holder (a <style>) in an inert document, made when first needed
CSS_URL = RegExp('url\\("((?:[^"\\\\]|\\\\.)*)"\\)', "g")  # as the browser serializes a url() (image-set's too)


def clean_css(css, base, sheet):
    """`css` (a sheet's text if `sheet`, else declarations) with each url() of a vendor not granted
    made dead, relative ones resolved against `base`; the very same value when it has none.
    CSS naming only granted vendors is not parsed: Firefox would then share the inert document's
    unloaded @import with the page, which never loads it."""
    if not may_name_vendor(css, base, True):
        return css
    parsed = serialized(css, sheet)
    out = ""
    at = 0
    CSS_URL.lastIndex = 0
    found = regexp_exec(CSS_URL, parsed)
    while found:  # (a backslash the serialization doubles is still a slash to the URL parser)
        if blocked(found[1], base):
            out += text_slice(parsed, at, found.index) + 'url("' + DEAD_URL + '")'
            at = found.index + len(found[0])
        found = regexp_exec(CSS_URL, parsed)
    return out + text_slice(parsed, at) if at else css


def serialized(css, sheet):
    """`css` as the browser serializes it, parsed in an inert document (a sheet's text if `sheet`,
    else declarations)."""
    if not css_inert.box:
        inert_document = document.implementation.createHTMLDocument("")
        css_inert.box = style_of(inert_document.createElement("div"))
        css_inert.holder = inert_document.createElement("style")
        inert_document.head.appendChild(css_inert.holder)
    if not sheet:
        set_css_text(css_inert.box, css)
        return css_text(css_inert.box)
    set_text(css_inert.holder, css)
    parsed = ""
    rules = sheet_rules(sheet_of(css_inert.holder))
    for i in range(rules_length(rules)):
        parsed += rule_text(rules[i]) + "\n"
    return parsed


def css_hosts(css, base, sheet, hosts):
    """Add to `hosts` the host of each url() in `css` that leads to a vendor not granted (written.py)."""
    if may_name_vendor(css, base, True):
        parsed = serialized(css, sheet)
        CSS_URL.lastIndex = 0
        found = regexp_exec(CSS_URL, parsed)
        while found:
            add_host(found[1], base, hosts)
            found = regexp_exec(CSS_URL, parsed)


def guard_styles(win):
    declaration = win.CSSStyleDeclaration.prototype
    set_property = uncurry(declaration.setProperty)
    page = win.document

    def set_declaration(target, name, value, priority):
        name = str(name)
        value = "" if value is None else str(value)  # converted once, as the browser would (null: none)
        css = name + ":" + value
        cleaned = clean_css(css, base_of(page), False)
        if cleaned != css:  # the value the browser made of it, url() dead
            set_css_text(css_inert.box, cleaned)
            value = get_property_value(css_inert.box, name)
        return set_property(target, name, value, priority)

    def put_property(this, name, value, priority):
        return set_declaration(this, name, value, priority)

    text_setter(declaration, "cssText", lambda target, css: clean_css(css, base_of(page), False))
    define(declaration, "setProperty", put_property)
    for proto in [win.CSSStyleSheet.prototype, win.CSSGroupingRule and win.CSSGroupingRule.prototype]:
        if proto:
            rule_method(proto, "insertRule", 0, True, page)
    for name in ["replace", "replaceSync"]:
        rule_method(win.CSSStyleSheet.prototype, name, 0, True, page)
    rule_method(win.CSSStyleSheet.prototype, "addRule", 1, False, page)
    NativeFontFace = win.FontFace

    def font_face(family, source, descriptors):  # a source string is an @font-face src: its url()s too
        if isinstance(source, str):
            css = "@font-face{src:" + source + "}"
            if clean_css(css, base_of(page), True) != css:
                source = "local(heldback-refused)"  # fails to load as a network error would, fetching nothing
        return NativeFontFace(family, source, descriptors)

    if NativeFontFace:
        replace_constructor(win, "FontFace", font_face)
    guard_keyframes(win, page)


def guard_keyframes(win, page):
    """Element.animate, KeyframeEffect and its setKeyframes get keyframes copied once (what the
    browser reads is what was checked): without any, where a value may name a vendor not granted."""
    animate = win.Element.prototype.animate
    Effect = win.KeyframeEffect
    if not animate or not Effect:  # not in this engine
        return
    set_keyframes = Effect.prototype.setKeyframes

    def animate_with(this, frames, options):
        return call_with(animate, this, [checked_keyframes(frames, page), options])

    def effect(*args):
        if len(args) < 2:  # a copy of another effect
            return Effect(args[0])
        return Effect(args[0], checked_keyframes(args[1], page), args[2])

    def set_with(this, frames):
        return call_with(set_keyframes, this, [checked_keyframes(frames, page)])

    define(win.Element.prototype, "animate", animate_with)
    replace_constructor(win, "KeyframeEffect", effect)
    define(Effect.prototype, "setKeyframes", set_with)


def checked_keyframes(frames, page):
    """`frames` (a list of keyframes, or one object of property lists) copied: each value read once,
    as a string (numbers and null as they are); no keyframes at all where a value may hold a url() of
    a vendor not granted."""
    if not frames:
        return frames
    listed = is_array(frames) or frames[iterator_symbol]
    copies = []
    for frame in array_from(frames) if listed else [frames]:
        copy = new_table(None)
        for name in keys_of(frame or {}):
            value = frame[name]
            values = array_from(value) if is_array(value) else [value]
            for i in range(len(values)):
                item = values[i]
                if item is not None and not isinstance(item, float):
                    item = str(item)
                    if text_index(item, "(") >= 0 and may_name_vendor(item, base_of(page), True):
                        return []
                values[i] = item
            copy[name] = values if is_array(value) else values[0]
        copies[len(copies)] = copy
    return copies if listed else copies[0]


def text_setter(proto, name, cleaned):
    """The setter of `name` on `proto`, its value replaced by `cleaned(this, value)`."""
    original = own_descriptor(proto, name)
    native_set = uncurry(original.set)

    def put(this, value):
        native_set(this, cleaned(this, value))

    define_accessor(proto, name, original.get, put)


def rule_method(proto, name, at, sheet, page):
    original_fn = proto[name]
    if not original_fn:  # not in this engine
        return

    def put(this, *args):
        if len(args) > at:
            args[at] = clean_css(str(args[at]), base_of(page), sheet)
        return call_with(original_fn, this, args)

    define(proto, name, put)


def clean_style_attribute(element, base):
    """An element's style attribute with its vendor url()s dead (set again only if cleaned); whether it was."""
    css = get_attribute(element, "style")
    cleaned = clean_css(css, base or base_of(element), False) if css else css
    if cleaned != css:
        set_attribute(element, "style", cleaned)
        return True
    return False


def clean_svg_attributes(element, base):
    """An SVG element's CSS attributes (fill="url(...)" and the like) that lead to a vendor, emptied;
    whether any was."""
    changed = False
    if element_ns(element) == SVG_NS:
        for name in SVG_CSS_LIST:
            if svg_css_leads_to_vendor(name, get_attribute(element, name) or "", base or base_of(element)):
                set_attribute(element, name, NO_URL)
                changed = True
    return changed


def svg_css_leads_to_vendor(name, value, base):
    """Whether an SVG attribute that is a CSS property (fill="url(...)") holds a url() of a vendor not granted."""
    css = name + ":" + str(value)
    return clean_css(css, base, False) != css


def clean_style_text(element, text):
    """A <style>'s text, cleaned; the very same value for any other element."""
    key = element_key(element, "")
    return clean_css(str(text), base_of(element), True) if key == "style " or key == "svg:style " else text
