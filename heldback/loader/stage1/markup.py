# Markup: HTML strings the browser parses (innerHTML, outerHTML, insertAdjacentHTML, setHTMLUnsafe,
# createContextualFragment, the document parsers, document.write, srcdoc) fetch their images, frames
# and scripts during parsing, before any observer could act. The guard never changes what a string
# means: a string that may name a vendor (or carries declarative markup) is first parsed where
# nothing loads or runs (inert.py); if nothing in it is to hold, the browser gets the page's very
# string; if something is, the page gets the nodes of that parse, cleaned (fragments and documents),
# or, where the browser takes only a string (document.write, srcdoc), its vendor hosts made dead in
# place (written.py). Never a string serialized and parsed again: that round trip is how markup
# mutates (mutation XSS). Other strings go through untouched: those without a tag, and those that
# name no vendor host even as the browser reads URLs (case and line breaks aside; anything it
# decodes, a character reference, a %-escape or a non-ASCII character, counts as a possible vendor).
# Declarative markup in a script's string is not declarative: its data-cmp-category is renamed
# (IGNORED), so that it never runs (release.py may_activate says where markup runs).

from .baked import HOSTS
from .dom import (
    adopt_node, attr_name, attr_value, attributes_of, first_child, get_attribute, has_attribute,
    insert_before, items_of, local_name, map_length, next_sibling, node_type, owner_of, parent_of,
    range_start, remove_attribute, replace_child, replace_element_children, replace_fragment_children,
    select_in, set_attribute, set_text, shadow_root_of, tag_of, template_content, text_of,
)
from .elements import blocked_value, element_key, FETCHING, FETCHING_ELEMENTS, vendor_named
from .guard import base_of, granted, held_bases, made, NO_URL
from .hosts import category_of
from .inert import closed_roots_hold, context_of, parse_inert
from .natives import (
    call_with, define, define_accessor, has_own, list_join, new_table, own_descriptor, regexp_exec,
    seen_add, split_text, table_of, text_index, text_lower, uncurry, weak_set,
)
from .strict import trusted
from .styles import clean_style_attribute, clean_style_text, clean_svg_attributes
from .written import clean_written, restore_written, undead
from ..browser import console, document, RegExp

RAW_TEXT = table_of(["SCRIPT", "STYLE", "TEXTAREA", "TITLE", "XMP", "NOEMBED", "NOFRAMES", "NOSCRIPT", "IFRAME",
                     "PLAINTEXT"])
CATEGORY = "data-cmp-category"
IGNORED = "data-cmp-ignored-category"  # what declarative markup in a script's HTML string gets instead
VENDOR_ELEMENTS = ("[src],[srcset],[imagesrcset],[poster],[data],[ping],[srcdoc],[*|href],template,[style],style,"  # *|href: xlink:href too
                   "[background],set,animate,[fill],[stroke],[mask],[clip-path],[filter],[marker-start],[marker-mid],[marker-end],[cursor]")
FROM_SCRIPT_ELEMENTS = VENDOR_ELEMENTS + ",[" + CATEGORY + "]"
# What the browser may turn into a vendor's host name (the common entities do not make letters)
DECODED = RegExp("&(?!(?:amp|nbsp|lt|gt|quot|apos|#39|#x27);)[#a-z]|%[0-9a-f]|[^\\0-\\x7f]|\\\\")  # \\: a CSS escape
SPECULATION_RULES = RegExp("^[\\t\\n\\f\\r ]*speculationrules[\\t\\n\\f\\r ]*$", "i")  # a script type, as the browser reads it
URL_SPACES = ["\t", "\n", "\r"]  # the URL parser removes them wherever they are
vendor_bases = new_table(None)  # base URL -> the vendor serving it, or None


def make_inert(element, in_page, base, from_script):
    """Stop the vendor URLs of an element that came from markup (relative ones resolved against
    `base`, else its own); whether anything changed. Where its scripts may run (`in_page`: parsed,
    written, a contextual fragment, a template's content) it becomes declarative markup, released on
    consent: its URLs move to data-<attribute> (a script's to data-src), its type to data-type. In
    markup set through innerHTML and the like, where no script runs, its URLs go, and a script is
    only marked, so that it is not mistaken for one of the page's own tags later. A template's
    content is stopped too. `from_script`: the element comes from a script's HTML string or another
    document, whose declarative markup is renamed."""
    changed = False
    if from_script and has_attribute(element, CATEGORY):
        set_attribute(element, IGNORED, get_attribute(element, CATEGORY))
        remove_attribute(element, CATEGORY)
        changed = True
    key = element_key(element, "")
    if in_page and key == "script " and hold_rules(element):
        return True
    changed = clean_style_attribute(element, base) or changed  # CSS: dropped (styles.py)
    changed = clean_svg_attributes(element, base) or changed
    if key == "style " or key == "svg:style ":
        changed = clean_style(element) or changed
    if not FETCHING_ELEMENTS[key] or has_attribute(element, "data-cmp-inert"):
        return changed
    if key == "template ":
        return stop_all(template_content(element), in_page, base, from_script) > 0 or changed
    script = local_name(element) == "script"
    found = []  # [attribute, URL]
    category = None
    for attribute in items_of(attributes_of(element), map_length):
        name = text_lower(attr_name(attribute))
        value = attr_value(attribute)
        if key == "iframe " and name == "srcdoc":  # set again only if cleaned: that loads the frame again
            cleaned = clean_written(value, element, from_script)
            if cleaned is None:  # what cannot be cleaned does not load
                cleaned = NO_URL
            if cleaned != value:  # (the page's own markup: under Trusted Types, through our policy)
                set_attribute(element, name, trusted("HTML", cleaned))
                changed = True
        if FETCHING[key + name]:
            value = undead(value)  # a vendor URL written.py made dead in markup a script wrote
            vendor = blocked_value(key + name, name, value, base or base_of(element))
            if vendor:
                category = vendor
                found[len(found)] = [name, value]
    if not category:
        return changed
    if not in_page:
        if script:
            set_attribute(element, "data-cmp-inert", "")
            return True
        for name, _ in found:
            set_attribute(element, name, NO_URL)
        return True
    if script:  # released as an HTML script (release.py run_from), an SVG one too
        if has_attribute(element, "type"):
            set_attribute(element, "data-type", get_attribute(element, "type"))
        set_attribute(element, "type", "text/plain")
    set_attribute(element, CATEGORY, category)
    seen_add(made, element)
    if key == "base ":
        weak_set(held_bases, owner_of(element), element)
    for name, value in found:
        parts = split_text(name, ":")  # xlink:href is restored as href
        set_attribute(element, "data-" + ("src" if script else parts[len(parts) - 1]), value)
        remove_attribute(element, name)
    return True


def is_rules(element):
    return regexp_exec(SPECULATION_RULES, get_attribute(element, "type") or "")


def hold_rules(element):
    """Speculation rules (<script type=speculationrules>, Chromium) that may name a vendor not granted:
    the browser prefetches or prerenders their URLs once the script is in the page, and takes them back
    only when it leaves. It becomes declarative markup (released on consent), and one in the page is
    taken out and put back in its place. Whether it was held."""
    vendor = vendor_named(text_lower(text_of(element))) if is_rules(element) else None
    if not vendor:
        return False
    set_attribute(element, "data-type", get_attribute(element, "type"))
    set_attribute(element, "type", "text/plain")
    set_attribute(element, CATEGORY, vendor)
    seen_add(made, element)
    parent = parent_of(element)
    if parent:
        insert_before(parent, element, next_sibling(element))
    return True


def stop_all(root, in_page, base, from_script):
    """make_inert for `root` and every element in it (in templates' content and open shadow roots
    too); how many changed."""
    kind = node_type(root)
    changed = 0
    if kind == 1 and make_inert(root, in_page, base, from_script):
        changed = 1
    elif kind != 1 and kind != 9 and kind != 11:
        return 0
    for found in items_of(select_in(root, FROM_SCRIPT_ELEMENTS if from_script else VENDOR_ELEMENTS)):
        if make_inert(found, in_page, base, from_script):
            changed += 1
    for host in items_of(select_in(root, "*")) if from_script else []:  # declarative shadow roots (open ones)
        if shadow_root_of(host):
            changed += stop_all(shadow_root_of(host), in_page, base, from_script)
    return changed


def clean_style(element):
    """A <style>'s text with its vendor url()s dead (set again only if cleaned); whether it was."""
    css = text_of(element)
    cleaned = clean_style_text(element, css)
    if cleaned != css:
        set_text(element, cleaned)
        return True
    return False


def needs_parse(html, base):
    """Whether markup may hold a vendor's URL, as the browser will read it (never false when it
    does), or declarative markup."""
    text = str(html)
    return text_index(text, "<") >= 0 and (may_name_vendor(text, base) or text_index(text_lower(text), CATEGORY) >= 0)


def may_name_vendor(text, base, not_granted=False):
    """Whether text may hold a vendor's URL (with `not_granted`, of a vendor not granted), as the
    browser will read it (never false when it does): a character reference, an escape (URL or CSS)
    or a non-ASCII character is enough."""
    text = text_lower(str(text))
    if not has_own(vendor_bases, base):  # (parsed once per base URL: this runs on every style change)
        vendor_bases[base] = category_of(base, base)
    if regexp_exec(DECODED, text) or vendor_bases[base]:  # a <base> at a vendor makes every URL its
        return True
    text = without_url_spaces(text)
    for host, key in HOSTS:
        if text_index(text, host) >= 0 and not (not_granted and granted[key]):
            return True
    return False


def without_url_spaces(text):
    """`text` as the URL parser reads it: without tabs and line breaks, wherever they are."""
    for space in URL_SPACES:
        if text_index(text, space) >= 0:
            text = list_join(split_text(text, space), "")
    return text


def refused(what):
    console.error("cmp: " + what + " refused: it holds a vendor's URL in markup the guard cannot clean without "
                  "changing what it means (heldback README, \"What the guard assumes\")")


def put_fragment(api, host, args, native_fn, win):
    """An HTML fragment API (innerHTML, outerHTML, insertAdjacentHTML, setHTMLUnsafe,
    createContextualFragment) as the browser carries it out, with nothing of a vendor in what the page
    gets: `native_fn` with the page's own arguments when there is nothing to hold, else the cleaned nodes
    of the inert parse put where the browser would have put its own."""
    html = args[1] if api == "adjacent" else args[0]
    node = range_start(host) if api == "fragment" else host
    if len(args) < (2 if api == "adjacent" else 1) or not needs_parse(html, base_of(node)):
        return call_with(native_fn, host, args)
    page = node if node_type(node) == 9 else owner_of(node)
    where = context_of(api, node, args)
    if not where:  # the browser throws, or does nothing: as it would
        return call_with(native_fn, host, args)
    nodes = parse_inert(api, where, html, args, page)
    if nodes is None:
        return refused(api)
    in_page = api == "fragment"  # (a contextual fragment's scripts run once it is inserted)
    if not stop_all(nodes, in_page, base_of(node), True):
        return call_with(native_fn, host, args)  # the very string: the browser parses it as it would have
    if api == "fragment":
        return adopt_node(page, nodes)
    put_nodes(api, host, args, nodes)  # (and returns undefined, as the browser's own)


def put_nodes(api, host, args, nodes):
    """The cleaned nodes where the browser puts those it parses."""
    if api == "outer":
        return replace_child(parent_of(host), nodes, host)
    if api == "adjacent":
        position = text_lower(str(args[0]))
        if position == "beforebegin":
            return insert_before(parent_of(host), nodes, host)
        if position == "afterend":
            return insert_before(parent_of(host), nodes, next_sibling(host))
        return insert_before(host, nodes, first_child(host) if position == "afterbegin" else None)
    if node_type(host) == 1 and element_key(host, "") != "template ":
        return replace_element_children(host, nodes)  # one "replace all", as the browser's
    replace_fragment_children(template_content(host) if node_type(host) == 1 else host, nodes)


def guard_markup(win):
    element = win.Element.prototype
    shadow = win.ShadowRoot.prototype

    def html_setter(target, name, api):
        original = own_descriptor(target, name)
        native_set = original.set

        def put(this, html):
            if node_type(this) == 1 and RAW_TEXT[tag_of(this)]:  # text, not markup (a <style>'s: CSS)
                return call_with(native_set, this, [clean_style_text(this, html)])
            put_fragment(api, this, [html], native_set, win)

        define_accessor(target, name, original.get, put)

    def fragment_method(target, name, api):
        native_fn = target[name]
        if not native_fn:  # not in this engine
            return

        def put(this, *args):
            return put_fragment(api, this, args, native_fn, win)

        define(target, name, put)

    html_setter(element, "innerHTML", "inner")
    html_setter(element, "outerHTML", "outer")
    html_setter(shadow, "innerHTML", "inner")
    fragment_method(element, "insertAdjacentHTML", "adjacent")
    fragment_method(element, "setHTMLUnsafe", "unsafe")
    fragment_method(shadow, "setHTMLUnsafe", "unsafe")
    fragment_method(win.Range.prototype, "createContextualFragment", "fragment")
    document_parser(win.Document, "parseHTMLUnsafe", False)  # its nodes may be imported into the page
    document_parser(win.DOMParser.prototype, "parseFromString", True)
    for name in ["importNode", "adoptNode"]:
        adopter(win.Document.prototype, name)

    def writer(name):  # document.write and writeln: a string the parser reads (written.py)
        original = uncurry(win.Document.prototype[name])

        def put(this, *parts):
            html = parts[0] if len(parts) == 1 else list_join(parts, "")
            cleaned = clean_written(html, this, True)
            if cleaned is None:
                return refused("document." + name)
            original(this, cleaned)
            if cleaned != html:  # what the parser made of it is declarative markup before the page's script reads it
                restore_written(this)

        define(win.Document.prototype, name, put)

    writer("write")
    writer("writeln")


def document_parser(target, name, typed):
    """A parser that makes a new document (inert: nothing in it loads or runs): the browser's own
    parse, its vendor elements then stopped in place, since its nodes may be adopted into the page;
    DOMParser's XML types too (declarative markup only: XML is not HTML)."""
    native_fn = target[name]
    if not native_fn:  # not in this engine
        return

    def parse(this, *args):
        found = call_with(native_fn, this, args)
        if not found or (typed and len(args) > 1 and str(args[1]) != "text/html"):
            if found:
                stop_all(found, False, base_of(document), True)  # (only renames: no XML element fetches here)
            return found
        if not typed and needs_parse(args[0], base_of(document)) and closed_roots_hold(args[0], document):
            refused(name)
            return call_with(native_fn, this, [""])
        stop_all(found, False, base_of(document), True)
        return found

    define(target, name, parse)


def adopter(proto, name):  # a node taken from another document (where no script it has runs)
    original_fn = uncurry(proto[name])

    def adopt(this, node, deep):  # (a script's strings were cleaned when parsed: a template's content is the page's)
        found = original_fn(this, node, deep)
        stop_all(found, False, base_of(this), False)
        return found

    define(proto, name, adopt)
