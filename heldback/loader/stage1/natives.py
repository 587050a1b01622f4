# The browser's own functions, captured as stage 1 starts. It runs before any other script of the
# page, so these are the natives; a page or a library may replace or pollute a global, a prototype or
# Object.prototype later, and nothing the guard decides reads through them. `uncurry(f)(target, ...)`
# calls f on target without looking anything up at the time (a bound function calls its target).

uncurry = Function.prototype.bind.bind(Function.prototype.call)


def getter(proto, name):
    return uncurry(Object.getOwnPropertyDescriptor(proto, name).get)


define_property = Object.defineProperty
set_prototype = Object.setPrototypeOf
call_with = Reflect.apply
own_descriptor = Object.getOwnPropertyDescriptor
new_table = Object.create
keys_of = Object.keys
has_own = uncurry(Object.prototype.hasOwnProperty)
text_index = uncurry(String.prototype.indexOf)
text_lower = uncurry(String.prototype.toLowerCase)
text_ends_with = uncurry(String.prototype.endsWith)
text_slice = uncurry(String.prototype.slice)
regexp_exec = uncurry(RegExp.prototype.exec)  # the others (test, split, replace) look up exec
list_join = uncurry(Array.prototype.join)
map_get = uncurry(Map.prototype.get)
map_set = uncurry(Map.prototype.set)
map_delete = uncurry(Map.prototype.delete)
map_for_each = uncurry(Map.prototype.forEach)
seen_has = uncurry(WeakSet.prototype.has)
seen_add = uncurry(WeakSet.prototype.add)
weak_get = uncurry(WeakMap.prototype.get)
weak_set = uncurry(WeakMap.prototype.set)
url_hostname = getter(URL.prototype, "hostname")
url_port = getter(URL.prototype, "port")
url_protocol = getter(URL.prototype, "protocol")
url_href = getter(URL.prototype, "href")
request_url = getter(Request.prototype, "url")
node_type = getter(Node.prototype, "nodeType")
node_base = getter(Node.prototype, "baseURI")
tag_of = getter(Element.prototype, "tagName")
local_name = getter(Element.prototype, "localName")
element_ns = getter(Element.prototype, "namespaceURI")
attributes_of = getter(Element.prototype, "attributes")
shadow_root_of = getter(Element.prototype, "shadowRoot")
attr_name = getter(Attr.prototype, "name")
attr_local = getter(Attr.prototype, "localName")
attr_value = getter(Attr.prototype, "value")
attr_owner = getter(Attr.prototype, "ownerElement")
template_content = getter(HTMLTemplateElement.prototype, "content")
frame_window = getter(HTMLIFrameElement.prototype, "contentWindow")
style_of = getter(HTMLElement.prototype, "style")
text_of = getter(Node.prototype, "textContent")
set_text = uncurry(Object.getOwnPropertyDescriptor(Node.prototype, "textContent").set)
sheet_of = getter(HTMLStyleElement.prototype, "sheet")
sheet_rules = getter(CSSStyleSheet.prototype, "cssRules")
rules_length = getter(CSSRuleList.prototype, "length")
rule_text = getter(CSSRule.prototype, "cssText")
css_text = getter(CSSStyleDeclaration.prototype, "cssText")
set_css_text = uncurry(Object.getOwnPropertyDescriptor(CSSStyleDeclaration.prototype, "cssText").set)
get_property_value = uncurry(CSSStyleDeclaration.prototype.getPropertyValue)
get_attribute = uncurry(Element.prototype.getAttribute)
has_attribute = uncurry(Element.prototype.hasAttribute)
set_attribute = uncurry(Element.prototype.setAttribute)
remove_attribute = uncurry(Element.prototype.removeAttribute)
select_fragment = uncurry(DocumentFragment.prototype.querySelectorAll)
select_element = uncurry(Element.prototype.querySelectorAll)
select_page = uncurry(Document.prototype.querySelectorAll)
list_length = getter(NodeList.prototype, "length")
map_length = getter(NamedNodeMap.prototype, "length")
added_nodes = getter(MutationRecord.prototype, "addedNodes")
record_target = getter(MutationRecord.prototype, "target")
record_type = getter(MutationRecord.prototype, "type")
read_cookies = getter(Document.prototype, "cookie")
write_cookie = uncurry(Object.getOwnPropertyDescriptor(Document.prototype, "cookie").set)
now = Date.now
symbol_for = Symbol["for"]


def table_of(keys):
    """A lookup table (no prototype: Object.prototype cannot add to it) with each of `keys` true."""
    table = new_table(None)
    for key in keys:
        table[key] = True
    return table


def split_text(text, separator):
    """String.prototype.split by hand: engines that look up a split method for the separator may
    find the page's."""
    parts = []
    at = 0
    found = text_index(text, separator)
    while found >= 0:
        parts[len(parts)] = text_slice(text, at, found)
        at = found + len(separator)
        found = text_index(text, separator, at)
    parts[len(parts)] = text_slice(text, at)
    return parts


def select_in(root, selectors):
    """querySelectorAll on an element, a fragment (a shadow root too) or a document."""
    kind = node_type(root)
    return select_element(root, selectors) if kind == 1 else select_page(root, selectors) if kind == 9 else select_fragment(root, selectors)


def items_of(list, length=list_length):
    """A DOM list (a NodeList, else with its `length` getter) as an array, read with the native
    length: the page cannot hide entries from it."""
    items = []
    count = length(list)
    for i in range(count):
        items[i] = list[i]
    return items


def define(target, name, value):
    define_property(target, name, set_prototype({"value": value, "configurable": True, "writable": True}, None))


def define_accessor(target, name, get, put):
    descriptor = set_prototype({"get": get, "configurable": True, "enumerable": True}, None)
    if put:
        descriptor.set = put
    define_property(target, name, descriptor)

