# The DOM's own functions and getters, captured as stage 1 starts (natives.py says why).

from .natives import getter, setter, uncurry
from ..browser import (
    Attr, CSSRule, CSSRuleList, CSSStyleDeclaration, CSSStyleSheet, Document, DocumentFragment,
    DOMImplementation, Element, HTMLElement, HTMLIFrameElement, HTMLObjectElement, HTMLStyleElement, HTMLTemplateElement,
    MutationRecord, NamedNodeMap, Node, NodeList, Object, Range, ShadowRoot, SVGElement, TreeWalker,
)

node_type = getter(Node.prototype, "nodeType")
node_base = getter(Node.prototype, "baseURI")
tag_of = getter(Element.prototype, "tagName")
local_name = getter(Element.prototype, "localName")
element_ns = getter(Element.prototype, "namespaceURI")
attributes_of = getter(Element.prototype, "attributes")
shadow_root_of = getter(Element.prototype, "shadowRoot")
host_of = getter(ShadowRoot.prototype, "host")
attach_shadow = uncurry(Element.prototype.attachShadow)
root_of = uncurry(Node.prototype.getRootNode)
html_nonce = getter(HTMLElement.prototype, "nonce")
svg_nonce = getter(SVGElement.prototype, "nonce")
attr_name = getter(Attr.prototype, "name")
attr_local = getter(Attr.prototype, "localName")
attr_value = getter(Attr.prototype, "value")
attr_owner = getter(Attr.prototype, "ownerElement")
template_content = getter(HTMLTemplateElement.prototype, "content")
frame_window = getter(HTMLIFrameElement.prototype, "contentWindow")
object_window = getter(HTMLObjectElement.prototype, "contentWindow")
style_of = getter(HTMLElement.prototype, "style")
text_of = getter(Node.prototype, "textContent")
set_text = setter(Node.prototype, "textContent")
sheet_of = getter(HTMLStyleElement.prototype, "sheet")
sheet_rules = getter(CSSStyleSheet.prototype, "cssRules")
rules_length = getter(CSSRuleList.prototype, "length")
rule_text = getter(CSSRule.prototype, "cssText")
css_text = getter(CSSStyleDeclaration.prototype, "cssText")
set_css_text = setter(CSSStyleDeclaration.prototype, "cssText")
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
write_cookie = setter(Document.prototype, "cookie")


attr_ns = getter(Attr.prototype, "namespaceURI")
set_attribute_ns = uncurry(Element.prototype.setAttributeNS)
parent_of = getter(Node.prototype, "parentNode")
is_connected = getter(Node.prototype, "isConnected")
parent_element = getter(Node.prototype, "parentElement")
first_child = getter(Node.prototype, "firstChild")
next_sibling = getter(Node.prototype, "nextSibling")
owner_of = getter(Node.prototype, "ownerDocument")
node_value = getter(Node.prototype, "nodeValue")
set_node_value = setter(Node.prototype, "nodeValue")
append_child = uncurry(Node.prototype.appendChild)
insert_before = uncurry(Node.prototype.insertBefore)
replace_child = uncurry(Node.prototype.replaceChild)
replace_element_children = uncurry(Element.prototype.replaceChildren)
replace_fragment_children = uncurry(DocumentFragment.prototype.replaceChildren)
default_view = getter(Document.prototype, "defaultView")
compat_mode = getter(Document.prototype, "compatMode")
document_element = getter(Document.prototype, "documentElement")
implementation_of = getter(Document.prototype, "implementation")
create_html_document = uncurry(DOMImplementation.prototype.createHTMLDocument)
create_element_ns = uncurry(Document.prototype.createElementNS)
create_fragment = uncurry(Document.prototype.createDocumentFragment)
create_range = uncurry(Document.prototype.createRange)
create_walker = uncurry(Document.prototype.createTreeWalker)
walker_next = uncurry(TreeWalker.prototype.nextNode)
adopt_node = uncurry(Document.prototype.adoptNode)
select_contents = uncurry(Range.prototype.selectNodeContents)
range_start = getter(Range.prototype, "startContainer")


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
