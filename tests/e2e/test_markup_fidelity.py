"""The guard never changes what an HTML string means (issue 23): for every markup API it wraps and every
mutation vector (tests/hostile/mutations.py), the page gets the DOM the browser makes without the guard,
and no handler runs that would not run without it. With a vendor's URL added to the same vector (which
makes the guard parse it and hold the vendor), the DOM is the same but for the vendor element's URL
attributes, the same handlers run, and nothing reaches the vendor.

One page runs every vector through every API and dumps what each made (elements with their namespace
and attributes, text, comments, template content, shadow roots); the same page without consent.js is
the reference, in the same engine."""

import json

from tests.hostile.mutations import HIT, VECTORS

VENDOR = '<img src="https://cdp.customer.io/probe.gif">'
# attributes the guard may change on a vendor element (the URL, and declarative markup's own)
URL_ATTRIBUTES = ("src", "srcset", "href", "type", "data-src", "data-type", "data-cmp-category", "data-cmp-inert")

RUN = """
window.__hits = [];
window.__hit = function (n) { __hits.push(n) };
function dump(node) {
  if (!node) return null;
  if (node.nodeType === 3) return '#text ' + node.data;
  if (node.nodeType === 8) return '#comment ' + node.data;
  if (node.nodeType === 10) return '#doctype ' + node.name;
  var kids = Array.prototype.map.call(node.childNodes, dump);
  if (node.nodeType !== 1) return ['#' + node.nodeType, kids];
  if (node.localName === 'template' && node.content) kids.push(['#content', dump(node.content)]);
  if (node.shadowRoot) kids.push(['#shadow', dump(node.shadowRoot)]);
  var attributes = Array.prototype.map.call(node.attributes, function (a) { return [a.namespaceURI, a.name, a.value] });
  return [node.namespaceURI, node.localName, attributes, kids];
}
function box(tag, ns) {
  var made = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  document.getElementById('boxes').appendChild(made);
  return made;
}
var SVG = 'http://www.w3.org/2000/svg', MATH = 'http://www.w3.org/1998/Math/MathML';
var APIS = {
  'innerHTML': function (v) { var b = box('div'); b.innerHTML = v; return b },
  'innerHTML in <table>': function (v) { var b = box('table'); b.innerHTML = v; return b },
  'innerHTML in <select>': function (v) { var b = box('select'); b.innerHTML = v; return b },
  'innerHTML in <svg>': function (v) { var b = box('svg', SVG); b.innerHTML = v; return b },
  'innerHTML in <math>': function (v) { var b = box('math', MATH); b.innerHTML = v; return b },
  'innerHTML in a form': function (v) { var f = box('form'), b = f.appendChild(document.createElement('div')); b.innerHTML = v; return f },
  'innerHTML of a <template>': function (v) { var b = box('template'); b.innerHTML = v; return b },
  'outerHTML': function (v) { var b = box('div'); b.appendChild(document.createElement('p')).outerHTML = v; return b },
  'insertAdjacentHTML': function (v) { var b = box('div'); b.appendChild(document.createElement('p')); b.insertAdjacentHTML('beforeend', v); b.firstChild.insertAdjacentHTML('beforebegin', v); return b },
  'ShadowRoot.innerHTML': function (v) { var b = box('div'); b.attachShadow({mode: 'open'}).innerHTML = v; return b },
  'setHTMLUnsafe': Element.prototype.setHTMLUnsafe && function (v) { var b = box('div'); b.setHTMLUnsafe(v); return b },
  'createContextualFragment': function (v) { var b = box('div'), r = document.createRange(); r.selectNodeContents(b); b.appendChild(r.createContextualFragment(v)); return b },
  'DOMParser': function (v) { return new DOMParser().parseFromString(v, 'text/html') },
  'Document.parseHTMLUnsafe': Document.parseHTMLUnsafe && function (v) { return Document.parseHTMLUnsafe(v) },
  'document.write': function (v) { var f = box('iframe'), d = f.contentDocument; d.open(); d.write(v); d.close(); return d },
};
function run(cases) {  // [[api, id, markup]]: each one's dump, by id
  var out = {}, frames = [];
  cases.forEach(function (c) {
    if (c[0] === 'srcdoc') {
      var f = box('iframe');
      frames.push(new Promise(function (done) { f.onload = function () { out[c[1]] = JSON.stringify(dump(f.contentDocument)); done() } }));
      f.srcdoc = c[2];
    } else if (APIS[c[0]]) {
      try { out[c[1]] = JSON.stringify(dump(APIS[c[0]](c[2]))) } catch (e) { out[c[1]] = 'threw ' + e.name }
    }
  });
  return Promise.all(frames).then(function () {
    return new Promise(function (done) { setTimeout(function () { done({dumps: out, hits: __hits}) }, 1500) });
  });
}
"""
APIS = ["innerHTML", "innerHTML in <table>", "innerHTML in <select>", "innerHTML in <svg>", "innerHTML in <math>",
        "innerHTML in a form", "innerHTML of a <template>", "outerHTML", "insertAdjacentHTML", "ShadowRoot.innerHTML",
        "setHTMLUnsafe", "createContextualFragment", "DOMParser", "Document.parseHTMLUnsafe", "document.write", "srcdoc"]


def cases():
    """[api, id, markup]: every vector (a non-ASCII letter added, so that the guard parses each first)
    and the same with a vendor image, through every API."""
    found = []
    for a, api in enumerate(APIS):
        for v, vector in enumerate(VECTORS.values()):
            for vendor in (False, True):
                case = f"{a}.{v}.{int(vendor)}"
                markup = vector.replace(HIT, f"top.__hit('{case}')") + "\u00e9" + (VENDOR if vendor else "")
                found.append([api, case, markup])
    return found


def outcome(page, written_page, guarded):
    head = '<script src="/dist/consent.js"></script>' if guarded else ""
    url = written_page(f"fidelity-{int(guarded)}.html", f"<!doctype html><html><head><meta charset=utf-8>{head}"
                                                         f"<script>{RUN}</script></head><body><div id=boxes></div></body></html>")
    page.goto(url)
    return page.evaluate("cases => run(cases)", cases())


def without_vendor_urls(dump):
    """A dump with the attributes the guard may change on a vendor element left out."""
    if isinstance(dump, list) and len(dump) == 4 and isinstance(dump[2], list):
        ns, name, attributes, kids = dump
        return [ns, name, [a for a in attributes if a[1] not in URL_ATTRIBUTES], [without_vendor_urls(k) for k in kids]]
    if isinstance(dump, list):
        return [without_vendor_urls(item) for item in dump]
    return dump


def test_every_markup_api_gives_the_page_the_dom_and_handlers_it_would_have_without_the_guard(page, written_page, cio, network):
    guarded = outcome(page, written_page, True)
    assert network.to_customerio() == []  # (the vendor image, before consent)
    reference = outcome(page, written_page, False)
    assert len(guarded["dumps"]) == len(reference["dumps"]) > 1000

    names = list(VECTORS)
    differences = []
    for case, expected in reference["dumps"].items():
        a, v, vendor = case.split(".")
        got = guarded["dumps"].get(case)
        if vendor == "1":
            got, expected = (json.dumps(without_vendor_urls(json.loads(d))) if d and d[0] == "[" else d for d in (got, expected))
        if got != expected:
            differences.append(f"{APIS[int(a)]}, {names[int(v)]}{' + vendor' if vendor == '1' else ''}:\n  without: {expected}\n  with:    {got}")
    assert differences == [], f"{len(differences)} differ:\n" + "\n".join(differences[:10])
    assert sorted(set(guarded["hits"])) == sorted(set(reference["hits"]))  # the same handlers ran, no other
