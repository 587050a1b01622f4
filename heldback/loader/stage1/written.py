# Markup the browser takes only as a string, its scripts running as it parses: document.write and an
# iframe's srcdoc. No node can stand in for it, and a string made from parsed nodes would be read
# again, which is how markup mutates. So the page's own string goes to the browser, with each vendor
# host in it made dead in place: its last label turned to zeros (cdp.customer.io: cdp.customer.00,
# which the URL parser refuses: it ends in a number and is no IPv4 address). Only ASCII letters and
# digits after a dot change, and no tokenizer state reads those, so the string parses into the very
# same tags (mutation needs a changed tag or boundary). Declarative markup in it is renamed (a
# script's string is not where the site put it: release.py may_activate). A vendor host written with
# references or escapes is made dead by its registrable part (customer.io: customer.00) wherever it
# appears; what is still left after that is refused. The elements the browser makes of it are made
# declarative markup with their URLs as written (undead), so a script released on consent still runs.

from .api import current_script
from .dom import (
    attr_name, attr_value, attributes_of, create_element_ns, element_ns, get_attribute, has_attribute,
    items_of, map_length, node_base, node_type, owner_of, parent_element, select_in, template_content,
    text_of,
)
from .baked import SVG_CSS_LIST
from .elements import data_vendor, DOCUMENTS, element_key, FETCHING, HTML_NS, LIST_SEPARATORS, SVG_NS, URL_LISTS
from .guard import base_of, granted
from .hosts import category_of, NativeURL
from .inert import (
    has_html, inert_document, native_parse, NativeDOMParser, noscript_as_text, parse_as, replica_of,
)
from .markup import CATEGORY, FROM_SCRIPT_ELEMENTS, IGNORED, make_inert, needs_parse, VENDOR_ELEMENTS
from .natives import (
    call_with, has_own, list_join, new_table, regexp_exec, replaced, split_text, text_ends_with,
    text_index, text_lower, text_slice, url_hostname,
)
from .strict import strict, trusted
from .styles import css_hosts
from ..browser import RegExp

MAX_DEPTH = 8  # srcdoc frames in srcdoc frames: deeper than this is refused
dead_hosts = new_table(None)  # a host as made dead here (lower case) -> the host it was
dead_list = []  # its keys, in order
HOST_CHARACTER = RegExp("[a-z0-9-]", "i")


def clean_written(html, node, from_script):
    """`html` for document.write or a srcdoc (`node`: where it goes): the page's very value when
    nothing in it is to hold; else the same string with its vendor hosts dead and, `from_script`
    (not the page's own markup), its declarative markup renamed; None when that does not clean it
    (the caller refuses it). A host dies where the parse found it in a URL written as it is; where
    it is written otherwise (a reference, an escape, in CSS), wherever it appears."""
    text = str(html)
    base = base_of(node)
    if not needs_parse(text, base):
        return html
    found = written_vendors(text, base, node, 0, from_script)
    if found is None or not len(found):
        return None if found is None else html
    out = rename_declarative(text) if from_script else text
    for host, url in found:
        out = kill_host(out, host, False, url)
    for tries in range(3):  # what is left: the host anywhere, then its registrable part anywhere
        left = written_vendors(out, base, node, 0, from_script)
        if left is None or not len(left) or tries == 2:
            break
        for host, _ in left:
            out = kill_host(out, host, tries == 1, None)
    if left is None or len(left):
        return None
    return trusted("HTML", out) if strict.is_html and strict.is_html(strict.factory, html) else out


def written_vendors(text, base, node, depth, from_script):
    """[host, URL as the attribute holds it (None in CSS)] for each URL to a vendor not granted that
    `text` loads from, parsed as the browser parses it where it goes (a document; inside SVG or MathML
    for a script there that writes; <noscript> as text, as in the page), in its srcdoc frames too;
    [CATEGORY, None] for declarative markup (`from_script`); None when it cannot tell (too deep, or
    no parse)."""
    if depth > MAX_DEPTH:
        return None
    page = node if node_type(node) == 9 else owner_of(node)
    found = []
    try:
        roots = [call_with(native_parse, NativeDOMParser(), [trusted("HTML", text), "text/html"])]
        inert = inert_document(page)
        where = current_script(page) if node_type(node) == 9 else None
        where = parent_element(where) if where else None
        if where and element_ns(where) != HTML_NS:  # a script in SVG or MathML writes into it
            roots[len(roots)] = parse_as("inner", replica_of(where, inert), trusted("HTML", text), [], inert)
        if has_html(roots[0], "noscript"):
            roots[len(roots)] = noscript_as_text("inner", create_element_ns(inert, HTML_NS, "body"), text, [], inert)
    except Exception:  # (Trusted Types rule and our policy is not allowed: nothing can be read)
        return None
    for root in roots:
        if not root or not collect_hosts(root, base, found, node, depth, from_script):
            return None
    return found


def collect_hosts(root, base, found, node, depth, from_script):
    """Add what `root`'s elements load from to `found` (templates' content, srcdoc frames too); False
    when a srcdoc frame in it cannot be read."""
    for element in items_of(select_in(root, FROM_SCRIPT_ELEMENTS)):
        key = element_key(element, "")
        own_base = base_of(element) if node_base(element) != "about:blank" else base
        if from_script and has_attribute(element, CATEGORY):
            add_found(found, CATEGORY, None)
        if key == "template " and not collect_hosts(template_content(element), base, found, node, depth, from_script):
            return False
        hosts = []
        if key == "style " or key == "svg:style ":
            css_hosts(text_of(element), own_base, True, hosts)
        if has_attribute(element, "style"):
            css_hosts(get_attribute(element, "style"), own_base, False, hosts)
        for name in SVG_CSS_LIST if element_ns(element) == SVG_NS else []:
            if has_attribute(element, name):
                css_hosts(name + ":" + get_attribute(element, name), own_base, False, hosts)
        for host in hosts:
            add_found(found, host, None)
        if key == "iframe " and has_attribute(element, "srcdoc"):
            framed = written_vendors(get_attribute(element, "srcdoc"), base, node, depth + 1, from_script)
            if framed is None:
                return False
            for framed_host, _ in framed:
                add_found(found, framed_host, None)
        for attribute in items_of(attributes_of(element), map_length):
            name = text_lower(attr_name(attribute))
            if DOCUMENTS[key + name] and data_vendor(attr_value(attribute)):  # no host to make dead: refused
                return False
            if FETCHING[key + name]:
                for url in urls_of(name, attr_value(attribute)):
                    hosts = []
                    add_host(url, own_base, hosts)
                    for host in hosts:
                        add_found(found, host, url)
    return True


def urls_of(name, value):
    """The URLs in an attribute's value (a srcset's descriptors among them)."""
    if not URL_LISTS[name]:
        return [value]
    found = []
    start = 0
    for i in range(len(value) + 1):
        if i == len(value) or LIST_SEPARATORS[value[i]]:
            if i > start:
                found[len(found)] = text_slice(value, start, i)
            start = i + 1
    return found


def add_host(url, base, hosts):
    """The host of `url` to `hosts`, if it leads to a vendor not granted (one the URL parser refuses
    loads nothing)."""
    try:
        host = text_lower(url_hostname(NativeURL(url, base)))
    except Exception:
        return
    key = category_of(url, base)
    if key and not granted[key]:
        while text_ends_with(host, "."):
            host = text_slice(host, 0, -1)
        for present in hosts:
            if present == host:
                return
        hosts[len(hosts)] = host


def add_found(found, host, url):
    """[host, url] to `found`, once."""
    for present_host, present_url in found:
        if present_host == host and present_url == url:
            return
    found[len(found)] = [host, url]


def rename_declarative(text):
    """Every data-cmp-category in `text` (attribute names are letters the parser lowers) renamed."""
    return replaced(text, RegExp(CATEGORY, "gi"), lambda found: IGNORED)


def kill_host(text, host, registrable, url):
    """`text` with `host` (or, `registrable`, its last two labels) dead: in each occurrence of `url`
    if it is written there as it is, else wherever it appears."""
    if host == CATEGORY:
        return text
    if url:
        out = ""
        at = 0
        found = text_index(text, url)
        while found >= 0:
            out += text_slice(text, at, found) + kill_host(text_slice(text, found, found + len(url)), host, False, None)
            at = found + len(url)
            found = text_index(text, url, at)
        if at:
            return out + text_slice(text, at)
    labels = split_text(host, ".")
    if len(labels) < 2:  # a host of one label: zeros would make it an IPv4 address
        return text
    if registrable:
        labels = [labels[len(labels) - 2], labels[len(labels) - 1]]
    target = list_join(labels, ".")
    last = labels[len(labels) - 1]
    dead = text_slice(target, 0, len(target) - len(last))
    for i in range(len(last)):
        dead += "0"
    if not has_own(dead_hosts, dead):
        dead_hosts[dead] = target
        dead_list[len(dead_list)] = dead
    def dead_if_whole(found):  # a host, not part of a longer name
        end = found.index + len(target)
        if ((found.index and regexp_exec(HOST_CHARACTER, text[found.index - 1]) and text[found.index - 1] != ".")
                or (end < len(text) and regexp_exec(HOST_CHARACTER, text[end]))):
            return found[0]
        return text_slice(found[0], 0, len(target) - len(last)) + text_slice(dead, len(dead) - len(last))

    return replaced(text, RegExp(list_join(split_text(target, "."), "\\."), "gi"), dead_if_whole)


def undead(value):
    """An attribute's value with the hosts written.py made dead in it as they were written."""
    if not len(dead_list):
        return value
    value = str(value)
    for dead in dead_list:
        value = replaced(value, RegExp(list_join(split_text(dead, "."), "\\."), "gi"), lambda found: dead_hosts[dead])
    return value


def restore_written(root):
    """The elements under `root` that hold a URL made dead here (written into the page, or a srcdoc
    frame's document): declarative markup, as the page's own vendor tags are (released on consent)."""
    if not len(dead_list):
        return
    for element in items_of(select_in(root, VENDOR_ELEMENTS)):
        if element_key(element, "") == "template ":
            restore_written(template_content(element))
        for attribute in items_of(attributes_of(element), map_length):
            if undead(attr_value(attribute)) != attr_value(attribute):
                make_inert(element, True, None, False)
                break
