# Inert parsing: markup parsed as the browser would parse it for the page, where nothing loads or runs.
#
# The browser parses an HTML fragment in a new document and adopts the nodes into the page; so does
# the guard: in a document without a browsing context (inert_document), in the page's quirks mode, in
# the context the browser uses (an element like the target, context_of and replica_of: its namespace
# and name, a MathML annotation-xml's encoding, the form it is in), with the browser's own API on it.
# One thing differs there: scripting is off, so <noscript> holds markup where the page reads text.
# Where the parse made a <noscript>, it is parsed again with <noframes> in its place (raw text with
# scripting on or off) and each is made a <noscript> again (noscript_as_text).

from .dom import (
    append_child, attach_shadow, attr_name, attr_ns, attr_value, attributes_of, compat_mode,
    create_element_ns, create_fragment, create_html_document, create_range, create_walker, default_view,
    document_element, element_ns, first_child, get_attribute, has_attribute, host_of, implementation_of,
    items_of, local_name, map_length, next_sibling, node_type, node_value, owner_of, parent_element,
    parent_of, replace_child, select_contents, select_in, set_attribute, set_attribute_ns,
    set_node_value, shadow_root_of, template_content, walker_next,
)
from .elements import element_key, HTML_NS
from .guard import base_of
from .markup import stop_all
from .natives import (
    call_with, new_table, own_descriptor, replaced, text_index, text_lower, text_upper, weak_get,
    weak_set,
)
from .strict import trusted
from ..browser import document, DOMParser, Element, Range, RegExp, ShadowRoot, WeakMap

NOSCRIPT_TAGS = RegExp("<(/?)(noscript)", "gi")
NOFRAMES_TEXT = RegExp("<(/?)(noframes)", "gi")
inert_docs = WeakMap()  # a page's document -> {quirks: an inert document in its mode}
native_inner = own_descriptor(Element.prototype, "innerHTML").set
native_outer = own_descriptor(Element.prototype, "outerHTML").set
native_shadow_inner = own_descriptor(ShadowRoot.prototype, "innerHTML").set
native_adjacent = Element.prototype.insertAdjacentHTML
native_set_unsafe = Element.prototype.setHTMLUnsafe
native_shadow_unsafe = ShadowRoot.prototype.setHTMLUnsafe
native_fragment = Range.prototype.createContextualFragment
native_parse = DOMParser.prototype.parseFromString
NativeDOMParser = DOMParser


def inert_document(page):
    """A document of `page`'s realm with no browsing context, in the page's compat mode (quirks mode
    parses <p><table> otherwise): nothing parsed in it loads or runs."""
    docs = weak_get(inert_docs, page)
    if not docs:
        docs = new_table(None)
        weak_set(inert_docs, page, docs)
    mode = compat_mode(page)
    if not docs[mode]:
        docs[mode] = create_html_document(implementation_of(page), "")  # no-quirks
        if mode == "BackCompat":
            try:  # no doctype: quirks mode (a string parser: under Trusted Types, our policy's empty string)
                docs[mode] = call_with(native_parse, NativeDOMParser(), [trusted("HTML", ""), "text/html"])
            except Exception:
                pass
    return docs[mode]


def context_of(api, node, args):
    """The node whose likeness the markup is parsed in (the browser's context is it or its parent):
    None where the browser throws or does nothing (it then does so itself)."""
    if api == "fragment":  # createContextualFragment: the range's start (a text node: its element)
        kind = node_type(node)
        return parent_element(node) or owner_of(node) if kind != 1 and kind != 9 and kind != 11 else node
    position = text_lower(str(args[0])) if api == "adjacent" else ""
    if api == "outer" or position == "beforebegin" or position == "afterend":
        parent = parent_of(node)
        return parent if parent and node_type(parent) != 9 else None
    if api == "adjacent" and position != "afterbegin" and position != "beforeend":
        return None
    return node


def replica_of(where, inert):
    """A node of `inert` that the browser parses markup for as it does for `where`: an element of the
    same namespace and name (a MathML annotation-xml with its encoding: HTML in it or not; in a form
    if `where` is: a <form> in the markup then opens none), a shadow root's host with an open shadow
    root, a fragment, a document's root element."""
    kind = node_type(where)
    if kind == 9:
        where = document_element(where)
    elif kind == 11:
        host = host_of(where) if is_shadow_root(where) else None
        if not host:
            return create_fragment(inert)
        copy = replica_of(host, inert)
        attach_shadow(copy, {"mode": "open"})
        return shadow_root_of(copy)
    try:
        copy = create_element_ns(inert, element_ns(where), local_name(where))
    except Exception:  # a name only the parser makes: it parses as any element it does not know
        copy = create_element_ns(inert, element_ns(where), "span")
    if local_name(where) == "annotation-xml" and has_attribute(where, "encoding"):
        set_attribute(copy, "encoding", get_attribute(where, "encoding"))
    node = where
    while node:
        if node_type(node) == 1 and local_name(node) == "form" and element_ns(node) == HTML_NS:
            append_child(create_element_ns(inert, HTML_NS, "form"), copy)
            break
        node = parent_of(node)
    return copy


def is_shadow_root(node):
    try:
        host_of(node)
        return True
    except Exception:  # a fragment of another kind
        return False


def parse_inert(api, where, html, args, page):
    """The nodes the browser makes of `html` for `api` (its other arguments in `args`) on a node like
    `where` (context_of), made in an inert document with the same API: a fragment; None where the
    guard cannot know them (a declarative shadow root it could not reach: the caller refuses it)."""
    inert = inert_document(page)
    nodes = parse_as(api, replica_of(where, inert), html, args, inert)
    if scripting(where, page) and has_html(nodes, "noscript"):  # the page reads <noscript> as text
        nodes = noscript_as_text(api, replica_of(where, inert), str(html), args, inert)
    if api == "unsafe" and nodes and closed_roots_hold(html, page):
        return None
    return nodes


def scripting(where, page):
    """Whether the browser parses markup for `where` with scripting on (<noscript> as text): in a page
    with a browsing context, but not for a template (its content has none)."""
    return default_view(page) and not (node_type(where) == 1 and element_key(where, "") == "template ")


def parse_as(api, replica, html, args, inert):
    """`html` through `api` on `replica` (a likeness made by replica_of): what it made, in a fragment."""
    if api == "fragment":
        found = create_range(inert)
        select_contents(found, replica)
        return call_with(native_fragment, found, [html])
    position = text_lower(str(args[0])) if api == "adjacent" else ""
    placeholder = None
    if api == "outer" or position == "beforebegin" or position == "afterend":  # in the parent's likeness
        placeholder = append_child(replica, create_element_ns(inert, HTML_NS, "span"))
    if api == "unsafe":
        call_with(native_set_unsafe if node_type(replica) == 1 else native_shadow_unsafe, replica,
                  [html, args[1]] if len(args) > 1 else [html])
    elif api == "adjacent":
        call_with(native_adjacent, placeholder or replica, [args[0], html])
    elif api == "outer":
        call_with(native_outer, placeholder, [html])
    else:
        call_with(native_inner if node_type(replica) == 1 else native_shadow_inner, replica, [html])
    source = template_content(replica) if node_type(replica) == 1 and element_key(replica, "") == "template " else replica
    nodes = create_fragment(inert)
    child = first_child(source)
    while child:
        following = next_sibling(child)
        if child is not placeholder:
            append_child(nodes, child)
        child = following
    return nodes


def has_html(root, name):
    """Whether `root` (and the templates in it) holds an HTML element `name`."""
    for found in items_of(select_in(root, name + ",template")):
        if element_ns(found) == HTML_NS and (local_name(found) == name or (local_name(found) == "template"
                                                                          and has_html(template_content(found), name))):
            return True
    return False


def noscript_as_text(api, replica, text, args, inert):
    """`text` parsed as the page parses it, <noscript> as raw text: with <noframes> in its place
    (raw text in every context a fragment has), then each made a <noscript> again, in elements and in
    the text that holds its tags. None for text that names <noframes> itself."""
    if text_index(text_lower(text), "noframes") >= 0:
        return None
    out = replaced(text, NOSCRIPT_TAGS, lambda found: "<" + found[1] + same_case(found[2], "noframes"))
    nodes = parse_as(api, replica, trusted("HTML", out), args, inert)
    restore_noscript(nodes, inert)
    return nodes


def same_case(model, word):
    """`word` with the letter case of `model`, letter by letter (ASCII)."""
    out = ""
    for i in range(len(word)):
        out += text_upper(word[i]) if model[i] != text_lower(model[i]) else word[i]
    return out


def restore_noscript(root, inert):
    """Each <noframes> that stood for a <noscript> made one again: the element, and its tags in text."""
    for found in items_of(select_in(root, "*")):
        if local_name(found) == "template":
            restore_noscript(template_content(found), inert)
        for attribute in items_of(attributes_of(found), map_length):
            restored = as_noscript(attr_value(attribute))
            if restored != attr_value(attribute):
                set_attribute_ns(found, attr_ns(attribute), attr_name(attribute), restored)
        if local_name(found) == "noframes" and element_ns(found) == HTML_NS:
            copy = create_element_ns(inert, HTML_NS, "noscript")
            for attribute in items_of(attributes_of(found), map_length):
                set_attribute_ns(copy, attr_ns(attribute), attr_name(attribute), attr_value(attribute))
            while first_child(found):
                append_child(copy, first_child(found))
            replace_child(parent_of(found), copy, found)
    walker = create_walker(inert, root, 132)  # text and comments
    node = walker_next(walker)
    while node:
        restored = as_noscript(node_value(node))
        if restored != node_value(node):
            set_node_value(node, restored)
        node = walker_next(walker)


def as_noscript(text):
    return replaced(text, NOFRAMES_TEXT, lambda found: "<" + found[1] + same_case(found[2], "noscript"))


def closed_roots_hold(html, page):
    """Whether markup for setHTMLUnsafe or parseHTMLUnsafe has something to hold inside a declarative
    shadow root that is not open: once the browser has made it, no script can reach into it."""
    if text_index(text_lower(str(html)), "shadowrootmode") < 0:
        return False
    box = create_element_ns(inert_document(page), HTML_NS, "div")
    call_with(native_inner, box, [html])  # (innerHTML leaves declarative shadow roots as templates)
    return closed_template_holds(box)


def closed_template_holds(root):
    for found in items_of(select_in(root, "template")):
        content = template_content(found)
        mode = text_lower(get_attribute(found, "shadowrootmode") or "")
        if (mode and mode != "open" and stop_all(content, False, base_of(document), True)) or closed_template_holds(content):
            return True
    return False
