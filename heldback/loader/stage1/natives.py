# The browser's own functions, captured as stage 1 starts. It runs before any other script of the
# page, so these are the natives; a page or a library may replace or pollute a global, a prototype or
# Object.prototype later, and nothing the guard decides reads through them. `uncurry(f)(target, ...)`
# calls f on target without looking anything up at the time (a bound function calls its target).
# Here: the language's and URL's, which a service worker has too (consent_sw.py); the DOM's: dom.py.

from ..browser import (
    Array, Date, encodeURIComponent, Function, JSON, Map, Object, RawJS, Reflect, RegExp, Request, setTimeout, String,
    Symbol, URL, WeakMap, WeakSet,
)

uncurry = Function.prototype.bind.bind(Function.prototype.call)
own_descriptor = Object.getOwnPropertyDescriptor


def getter(proto, name):
    """The native getter of `name`, on `proto` or the nearest prototype it inherits from (engines move
    them: Chromium has Range's startContainer on a NodeRange between Range and AbstractRange)."""
    while not own_descriptor(proto, name):
        proto = Object.getPrototypeOf(proto)
    return uncurry(own_descriptor(proto, name).get)


def setter(proto, name):
    return uncurry(own_descriptor(proto, name).set)


define_property = Object.defineProperty
set_prototype = Object.setPrototypeOf
call_with = Reflect.apply
construct_with = Reflect.construct
new_table = Object.create
assign_to = Object.assign
keys_of = Object.keys
is_array = Array.isArray
array_from = Array["from"]
iterator_symbol = Symbol.iterator
has_own = uncurry(Object.prototype.hasOwnProperty)
text_index = uncurry(String.prototype.indexOf)
text_lower = uncurry(String.prototype.toLowerCase)
text_upper = uncurry(String.prototype.toUpperCase)
text_ends_with = uncurry(String.prototype.endsWith)
text_slice = uncurry(String.prototype.slice)
text_trim = uncurry(String.prototype.trim)
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
now = Date.now
to_json = JSON.stringify
encode_component = encodeURIComponent
set_timeout = setTimeout


def type_of(value):
    """JavaScript's typeof (PScript has no name for it)."""
    return RawJS("typeof value")


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


def replaced(text, pattern, replacement):
    """`text` with each match of `pattern` (a global RegExp) replaced by `replacement(match)`:
    String.prototype.replace by hand (it looks up the pattern's Symbol.replace, which the page may set)."""
    out = ""
    at = 0
    pattern.lastIndex = 0
    found = regexp_exec(pattern, text)
    while found:
        out += text_slice(text, at, found.index) + replacement(found)
        at = found.index + len(found[0])
        found = regexp_exec(pattern, text)
    return out + text_slice(text, at) if at else text


def replace_constructor(win, name, construct):
    """win[name] becomes `construct`, which stands for the native constructor: instanceof, its
    prototype's methods and its static constants keep working."""
    construct.prototype = win[name].prototype
    set_prototype(construct, win[name])
    win[name] = construct


def define(target, name, value):
    define_property(target, name, set_prototype({"value": value, "configurable": True, "writable": True}, None))


def define_accessor(target, name, get, put):
    descriptor = set_prototype({"get": get, "configurable": True, "enumerable": True}, None)
    if put:
        descriptor.set = put
    define_property(target, name, descriptor)

