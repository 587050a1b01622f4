"""Every path a page or tag manager can take to a vendor, before and after the visitor decides.

One row per path: a line of JavaScript that takes that path to `url`, a probe on a Customer.io host.
The row runs while the page parses, right after the consent manager. For each row:

- before consent: no request reaches the probe, nothing runs, and a failed request fails like a
  network error (the row reports what the page saw through `outcome(...)`);
- then accept: a held script is fetched and runs exactly once; anything else is not replayed; on the
  next page view (consent stored) the same path loads once;
- reject: nothing, neither on this page view nor on the next.

kind: "script" (held, runs on release), "hint" (held, fetched on release, runs nothing: a link, or a
URL in the page's markup), "request" (dropped until granted), "dead" (a url() in the page's CSS, made dead by
the rewrite: never fetched, after consent neither; vendor CSS belongs in a <link>), "inert" (the browser itself never runs it; the row
shows nothing is fetched either way).
markup: HTML in the page before the row's script ({url}: the probe URL), served as the middleware serves
it (rewritten: the browser's preload scanner fetches from markup before any script could act).
engines: where an engine itself behaves otherwise (it never fetches that element, its URL parser rejects
the form...), the row's kind there, and why; the rows run in Chromium, Firefox and WebKit (tests/engines).
To add a path, add a row. The URL forms (tests/hostile/documents.py: trailing dots, backslashes, tabs,
%-escapes, fullwidth and ignored characters...) are rows too: each is written to the probe in its form,
which the browser resolves to the probe.
"""

import html
import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.configuration.schema import load as load_config
from heldback.server.rewrite import Rewriter
from heldback.testing.customerio import HOSTS as CIO_HOSTS
from tests.hostile.documents import URL_FORMS

PROBE = "https://cdp.customer.io/probe"
PROBE_URL = re.compile(r"^https?://([^/@]*@)?cdp\.customer\.io\.*(:443)?/probe")  # as the browser requests it
BANNER = "[data-cmp-banner]:not([hidden])"


@dataclass
class Row:
    name: str
    kind: str
    js: str
    failure: str = ""  # what the page sees before consent (request rows)
    url: str = "https://cdp.customer.io{path}"  # the probe URL in the form the row writes it
    markup: str = ""
    engines: dict = field(default_factory=dict)  # engine -> (kind, why) where the engine itself differs

    def kind_in(self, engine):
        return self.engines.get(engine, (self.kind,))[0]


# kind -> (requests on accept, runs on accept, requests on the next page view, runs then)
KINDS = {"script": (1, True, 1, True), "hint": (1, False, 1, False), "request": (0, False, 1, False),
         "dead": (0, False, 0, False), "inert": (0, False, 0, False)}


def insert(build):  # a script element, built and added to <head>
    return f"var s = document.createElement('script'); {build} document.head.appendChild(s);"


NO_SPECULATION = {engine: ("inert", "it has no speculation rules") for engine in ("firefox", "webkit")}
NO_BROKEN_DATA = {"firefox": ("inert", "Firefox requested nothing from these frames after consent either (why, not found)")}
NO_OBJECTS = {"firefox": ("inert", "Firefox fetches nothing for this <object>/<embed>, consent manager or not")}
# URL forms that engines resolve differently (held everywhere before consent all the same)
FORMS_ELSEWHERE = {
    "two trailing dots": {"firefox": ("inert", "Firefox does not connect to a host with two trailing dots")},
    "credentials": {engine: ("script", "runs a script whose URL has credentials; Chromium fetches it but does not run it")
                    for engine in ("firefox", "webkit")},
    **{name: {engine: ("inert", "its URL parser rejects the host (a '%' after mapping), so nothing is fetched")
              for engine in ("firefox", "webkit")}
       for name in ("fullwidth percent escape (Chromium decodes it after mapping)", "fullwidth percent, encoded")},
}

ROWS = [
    # Scripts
    Row("createElement, src property", "script", insert("s.src = url;")),
    Row("createElement, setAttribute", "script", insert("s.setAttribute('src', url);")),
    Row("createElement, setAttributeNS", "script", insert("s.setAttributeNS(null, 'src', url);")),
    Row("src set after insertion", "script", "var s = document.createElement('script'); document.head.appendChild(s); s.src = url;"),
    Row("createElementNS, XHTML", "script",
        "var s = document.createElementNS('http://www.w3.org/1999/xhtml', 'script'); s.src = url; document.head.appendChild(s);"),
    Row("createElementNS, SVG script", "script",
        "var s = document.createElementNS('http://www.w3.org/2000/svg', 'script');"
        " s.setAttributeNS('http://www.w3.org/1999/xlink', 'xlink:href', url); document.getElementById('svg').appendChild(s);"),
    Row("native src setter through the prototype", "script",
        insert("Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'src').set.call(s, url);")),
    Row("cloneNode of a script", "script",
        "var o = document.createElement('script'); o.src = url; document.head.appendChild(o.cloneNode(true));"),
    Row("Range.createContextualFragment", "script",
        "document.body.appendChild(document.createRange().createContextualFragment('<script src=\"' + url + '\"></scr' + 'ipt>'));"),
    Row("Range.createContextualFragment in an <svg>, a <p> breaking out of its <style>", "script",
        "var r = document.createRange(); r.selectNodeContents(document.getElementById('svg'));"
        " document.body.appendChild(r.createContextualFragment('<style><p><script src=\"' + url + '\"></scr' + 'ipt>'));"),
    Row("Range.createContextualFragment at a text node in an <svg>", "script",
        "var t = document.getElementById('svg').appendChild(document.createTextNode('x')), r = document.createRange();"
        " r.setStart(t, 0); document.body.appendChild(r.createContextualFragment('<style><p><script src=\"' + url + '\"></scr' + 'ipt>'));"),
    Row("Range.createContextualFragment in an SVG <style> (raw text)", "script", "var st = document.createElementNS('http://www.w3.org/2000/svg','style'); document.getElementById('svg').appendChild(st); var r = document.createRange(); r.selectNodeContents(st); document.body.appendChild(r.createContextualFragment('<style><p><script src=\"' + url + '\"></scr' + 'ipt>'));"),
    Row("insertAdjacentHTML <script>", "inert",
        "document.body.insertAdjacentHTML('beforeend', '<script src=\"' + url + '\"></scr' + 'ipt>');"),
    Row("document.write", "script", "document.write('<script src=\"' + url + '\"></scr' + 'ipt>');"),
    Row("document.writeln", "script", "document.writeln('<script src=\"' + url + '\"></scr' + 'ipt>');"),
    Row("document.write, an SVG script's href", "script",
        "document.write('<svg><script href=\"' + url + '\"></scr' + 'ipt></svg>');"),
    Row("document.write, an SVG script's xlink:href", "script",
        "document.write('<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><script xlink:href=\"' + url + '\"></scr' + 'ipt></svg>');"),
    # Attributes, on every path that sets one
    Row("Element.prototype.setAttribute on a script", "script", insert("Element.prototype.setAttribute.call(s, 'src', url);")),
    Row("setAttributeNode", "script", insert("var a = document.createAttribute('src'); a.value = url; s.setAttributeNode(a);")),
    Row("setAttributeNodeNS", "script",
        insert("var a = document.createAttributeNS(null, 'src'); a.value = url; s.setAttributeNodeNS(a);")),
    Row("attributes.setNamedItem", "script", insert("var a = document.createAttribute('src'); a.value = url; s.attributes.setNamedItem(a);")),
    Row("Attr.value once attached", "script", insert("var a = document.createAttribute('src'); s.setAttributeNode(a); a.value = url;")),
    Row("Attr.nodeValue once attached", "script", insert("s.setAttribute('src', ''); s.getAttributeNode('src').nodeValue = url;")),
    Row("Attr.textContent once attached", "script", insert("s.setAttribute('src', ''); s.attributes.src.textContent = url;")),
    Row("SVG script href.baseVal", "script",
        "var s = document.createElementNS('http://www.w3.org/2000/svg', 'script'); s.href.baseVal = url;"
        " document.getElementById('svg').appendChild(s);"),
    Row("<script type=module>", "script", insert("s.type = 'module'; s.src = url;")),
    Row("<link rel=preload>", "hint",
        "var l = document.createElement('link'); l.rel = 'preload'; l.as = 'script'; l.href = url; document.head.appendChild(l);"),
    Row("<link rel=prefetch>", "hint",
        "var l = document.createElement('link'); l.rel = 'prefetch'; l.setAttribute('href', url); document.head.appendChild(l);",
        engines={"webkit": ("inert", "WebKit does not prefetch")}),
    Row("<link rel=modulepreload>", "hint",
        "var l = document.createElement('link'); l.rel = 'modulepreload'; l.href = url; document.head.appendChild(l);"),
    Row("script made by a same-origin iframe's document", "script",
        "var f = document.createElement('iframe'); f.src = '/blank-frame.html'; document.body.appendChild(f);"
        " f.onload = function () { var d = f.contentDocument, s = d.createElement('script'); s.src = url; d.head.appendChild(s); };"),
    Row("script made in a run-time about:blank iframe, run in the page", "script",
        "var f = document.createElement('iframe'); document.body.appendChild(f);"
        " var s = f.contentWindow.document.createElement('script'); s.src = url; document.head.appendChild(s);"),
    # Other traffic
    Row("<img> pixel", "request",
        "var i = document.createElement('img'); i.onerror = function () { outcome('error') }; i.src = url; document.body.appendChild(i);",
        "error"),
    Row("new Image() pixel", "request", "var i = new Image(); i.onerror = function () { outcome('error') }; i.src = url;", "error"),
    Row("<img> by setAttribute", "request",
        "var i = new Image(); i.onerror = function () { outcome('error') }; i.setAttribute('src', url);", "error"),
    Row("<iframe>", "request", "var f = document.createElement('iframe'); f.src = url; document.body.appendChild(f);"),
    Row("<input type=image>", "request", "var i = document.createElement('input'); i.type = 'image';"
        " i.onerror = function () { outcome('error') }; i.src = url; document.body.appendChild(i);", "error"),
    Row("fetch", "request", "fetch(url).then(function () { outcome('ok') }, function (e) { outcome(e.name) });", "TypeError"),
    Row("fetch with a Request", "request",
        "fetch(new Request(url, {method: 'POST', body: 'x'})).catch(function (e) { outcome(e.name) });", "TypeError"),
    Row("XMLHttpRequest", "request",
        "var x = new XMLHttpRequest(); x.open('POST', url); x.onerror = function () { outcome('error ' + x.status) }; x.send('x');",
        "error 0"),
    Row("navigator.sendBeacon", "request", "outcome(navigator.sendBeacon(url, 'x'));", "true"),
    Row("WebSocket", "request",  # (WebKit fires no close event after a refused socket's error: README, limits)
        "var w = new WebSocket(url.replace('https:', 'wss:')); w.onerror = function () { outcome('error ' + (w instanceof WebSocket)) };",
        "error true"),
    Row("EventSource", "request",
        "var e = new EventSource(url); e.onerror = function () { outcome('error ' + e.readyState); e.close(); };", "error 2"),
    Row("<img srcset>", "request", "var i = new Image(); i.srcset = url + ' 1x'; document.body.appendChild(i);"),
    Row("<img> srcset by setAttribute", "request", "var i = new Image(); i.setAttribute('srcset', url + ' 1x, /x.png 2x'); document.body.appendChild(i);"),
    Row("<picture><source srcset>", "request",
        "var p = document.createElement('picture'), s = document.createElement('source'); s.srcset = url;"
        " p.appendChild(s); p.appendChild(new Image()); document.body.appendChild(p);"),
    Row("<link rel=preload imagesrcset>", "request",
        "var l = document.createElement('link'); l.rel = 'preload'; l.as = 'image'; l.imageSrcset = url + ' 1x'; document.head.appendChild(l);"),
    Row("<video poster>", "request", "var v = document.createElement('video'); v.poster = url; document.body.appendChild(v);"),
    Row("<video src>", "request", "var v = document.createElement('video'); v.src = url; document.body.appendChild(v);"),
    Row("new Audio(url)", "request", "var a = new Audio(url); a.preload = 'auto'; document.body.appendChild(a);"),
    Row("<object data>", "request", "var o = document.createElement('object'); o.data = url; document.body.appendChild(o);",
        engines=NO_OBJECTS),
    Row("<embed src>", "request", "var e = document.createElement('embed'); e.src = url; document.body.appendChild(e);",
        engines=NO_OBJECTS),
    Row("<a ping>", "request",
        "var f = document.createElement('iframe'); f.name = 'pinged'; document.body.appendChild(f);"
        " var a = document.createElement('a'); a.href = '/blank-frame.html'; a.target = 'pinged'; a.ping = url;"
        " document.body.appendChild(a); a.click();",
        engines={"firefox": ("inert", "Firefox sends no pings (browser.send_pings is off)")}),
    Row("SVG <image href>", "request",
        "var i = document.createElementNS('http://www.w3.org/2000/svg', 'image'); i.setAttribute('href', url);"
        " document.getElementById('svg').appendChild(i);"),
    Row("innerHTML <picture><source srcset>", "request",
        "document.getElementById('box').innerHTML = '<picture><source srcset=\"' + url + '\"><img></picture>';"),
    Row("ShadowRoot.innerHTML <img>", "request",
        "document.getElementById('box').attachShadow({mode: 'open'}).innerHTML = '<img src=\"' + url + '\">';"),
    Row("setHTMLUnsafe <img>", "request", "document.getElementById('box').setHTMLUnsafe('<img src=\"' + url + '\">');"),
    Row("setHTMLUnsafe, a declarative shadow root", "request",
        "document.getElementById('box').setHTMLUnsafe('<div><template shadowrootmode=open><img src=\"' + url + '\"></template></div>');"),
    Row("Document.parseHTMLUnsafe, the <img> adopted", "request",
        "document.body.appendChild(document.adoptNode(Document.parseHTMLUnsafe('<img src=\"' + url + '\">').querySelector('img')));"),
    Row("DOMParser, the <img> imported", "request",
        "var d = new DOMParser().parseFromString('<img src=\"' + url + '\">', 'text/html');"
        " document.body.appendChild(document.importNode(d.querySelector('img'), true));"),
    Row("DOMParser, the <script> imported", "inert",
        "var d = new DOMParser().parseFromString('<script src=\"' + url + '\"></scr' + 'ipt>', 'text/html');"
        " document.head.appendChild(document.importNode(d.querySelector('script'), true));"),
    Row("<iframe srcdoc> property", "script",
        "var f = document.createElement('iframe'); f.srcdoc = '<script src=\"' + url + '\"></scr' + 'ipt>'; document.body.appendChild(f);"),
    Row("<iframe srcdoc> by setAttribute", "script",
        "var f = document.createElement('iframe'); f.setAttribute('srcdoc', '<script src=\"' + url + '\"></scr' + 'ipt>');"
        " document.body.appendChild(f);"),
    Row("document.write <template>, its content imported", "script",
        "document.write('<template id=\"w\"><script src=\"' + url + '\"></scr' + 'ipt></template>');"
        " document.head.appendChild(document.importNode(document.getElementById('w').content, true));"),
    Row("document.write <iframe srcdoc>", "script",
        "document.write('<iframe srcdoc=\"<script src=&quot;' + url + '&quot;></scr' + 'ipt>\"></iframe>');"),
    # CSS url(): dropped
    Row("style.backgroundImage", "request",
        "var d = document.createElement('div'); d.style.width = d.style.height = '5px'; d.style.backgroundImage = 'url(' + url + ')';"
        " document.body.appendChild(d);"),
    Row("style.cssText", "request",
        "var d = document.createElement('div'); d.style.cssText = 'width: 5px; height: 5px; background: red url(' + url + ')'; document.body.appendChild(d);"),
    Row("style.setProperty", "request",
        "var d = document.createElement('div'); d.style.width = d.style.height = '5px';"
        " d.style.setProperty('background-image', 'url(\"' + url + '\")'); document.body.appendChild(d);"),
    Row("setAttribute('style')", "request",
        "var d = document.createElement('div'); d.setAttribute('style', 'width: 5px; height: 5px; background-image: url(' + url + ')');"
        " document.body.appendChild(d);"),
    Row("<style> textContent, @import", "request",
        "var s = document.createElement('style'); s.textContent = '@import url(' + url + ');'; document.head.appendChild(s);"),
    Row("<style> textContent, a CSS escape in the host", "request",
        "var s = document.createElement('style'); s.textContent = 'body { background: url(' + url + ') }'; document.head.appendChild(s);",
        url="https://cdp.customer\\2e io{path}"),
    Row("<style> innerHTML", "request",
        "var s = document.createElement('style'); s.innerHTML = 'body { background: url(' + url + ') }'; document.head.appendChild(s);"),
    Row("<style>, a text node appended", "request",
        "var s = document.createElement('style'); document.head.appendChild(s);"
        " s.appendChild(document.createTextNode('body { background: url(' + url + ') }'));"),
    Row("CSSStyleSheet.insertRule", "request",
        "var s = document.createElement('style'); document.head.appendChild(s); s.sheet.insertRule('body { background: url(' + url + ') }');"),
    Row("CSSStyleSheet.insertRule, @import", "request",
        "var s = document.createElement('style'); document.head.appendChild(s); s.sheet.insertRule('@import url(' + url + ');');"),
    Row("CSSStyleSheet.addRule", "request",
        "var s = document.createElement('style'); document.head.appendChild(s); s.sheet.addRule('body', 'background: url(' + url + ')');"),
    Row("constructed sheet, replaceSync", "request",
        "var c = new CSSStyleSheet(); c.replaceSync('body { background: url(' + url + ') }'); document.adoptedStyleSheets = [c];"),
    Row("constructed sheet, replace", "request",
        "var c = new CSSStyleSheet(); c.replace('body { background: url(' + url + ') }'); document.adoptedStyleSheets = [c];"),
    Row("innerHTML <div style>", "request",
        "document.getElementById('box').innerHTML = '<div style=\"width: 5px; height: 5px; background: url(' + url + ')\"></div>';"),
    Row("innerHTML <style>", "request",
        "document.getElementById('box').innerHTML = '<style>body { background: url(' + url + ') }</style>';"),
    # Round 3: attributes and CSS that fetch
    Row("<body background>", "request", "document.body.setAttribute('background', url);"),
    Row("<body background> property", "request", "document.body.background = url;"),
    Row("SVG <feImage> href.baseVal", "request",
        "var svg = document.getElementById('svg'), f = document.createElementNS('http://www.w3.org/2000/svg', 'filter'),"
        " i = document.createElementNS('http://www.w3.org/2000/svg', 'feImage'); f.id = 'fb'; i.href.baseVal = url;"
        " f.appendChild(i); svg.appendChild(f); var r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');"
        " r.setAttribute('width', 10); r.setAttribute('height', 10); r.setAttribute('filter', 'url(#fb)'); svg.appendChild(r);"),
    Row("<table background>", "request",
        "var t = document.createElement('table'); t.setAttribute('background', url); t.insertRow().insertCell().textContent = 'x';"
        " document.body.appendChild(t);"),
    Row("<td background>", "request",
        "var t = document.createElement('table'), c = t.insertRow().insertCell(); c.textContent = 'x'; c.setAttribute('background', url);"
        " document.body.appendChild(t);"),
    Row("SVG <feImage href>", "request",
        "var svg = document.getElementById('svg'), f = document.createElementNS('http://www.w3.org/2000/svg', 'filter'),"
        " i = document.createElementNS('http://www.w3.org/2000/svg', 'feImage'); f.id = 'fi'; i.setAttribute('href', url);"
        " f.appendChild(i); svg.appendChild(f); var r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');"
        " r.setAttribute('width', 10); r.setAttribute('height', 10); r.setAttribute('filter', 'url(#fi)'); svg.appendChild(r);"),
    Row("SVG fill=url() presentation attribute", "request",
        "var r = document.createElementNS('http://www.w3.org/2000/svg', 'rect'); r.setAttribute('width', 10); r.setAttribute('height', 10);"
        " r.setAttribute('fill', 'url(' + url + '#p)'); document.getElementById('svg').appendChild(r);",
        engines={engine: ("inert", "it fetches no external paint server or filter, consent manager or not") for engine in ("firefox", "webkit")}),
    Row("SVG mask=url() presentation attribute", "request",
        "var r = document.createElementNS('http://www.w3.org/2000/svg', 'rect'); r.setAttribute('width', 10); r.setAttribute('height', 10);"
        " r.setAttribute('mask', 'url(' + url + '#m)'); document.getElementById('svg').appendChild(r);"),
    Row("SVG filter=url() presentation attribute", "request",
        "var r = document.createElementNS('http://www.w3.org/2000/svg', 'rect'); r.setAttribute('width', 10); r.setAttribute('height', 10);"
        " r.setAttribute('filter', 'url(' + url + '#f)'); document.getElementById('svg').appendChild(r);",
        engines={engine: ("inert", "it fetches no external paint server or filter, consent manager or not") for engine in ("firefox", "webkit")}),
    Row("SVG cursor=url() presentation attribute", "request",
        "var r = document.createElementNS('http://www.w3.org/2000/svg', 'rect'); r.setAttribute('width', 10); r.setAttribute('height', 10);"
        " r.setAttribute('cursor', 'url(' + url + '), auto'); document.getElementById('svg').appendChild(r);"),
    Row("SVG <set> of an <image> href", "request",
        "var i = document.createElementNS('http://www.w3.org/2000/svg', 'image'), a = document.createElementNS('http://www.w3.org/2000/svg', 'set');"
        " a.setAttribute('attributeName', 'href'); a.setAttribute('to', url); i.appendChild(a); document.getElementById('svg').appendChild(i);",
        engines={"webkit": ("inert", "WebKit does not fetch an animated href")}),
    Row("SVG <animate> of an <image> href", "request",
        "var i = document.createElementNS('http://www.w3.org/2000/svg', 'image'), a = document.createElementNS('http://www.w3.org/2000/svg', 'animate');"
        " a.setAttribute('attributeName', 'href'); a.setAttribute('values', url); a.setAttribute('dur', '1s');"
        " i.appendChild(a); document.getElementById('svg').appendChild(i);", engines={"webkit": ("inert", "WebKit does not fetch an animated href")}),
    Row("<style>.append(text)", "request",
        "var s = document.createElement('style'); document.head.appendChild(s); s.append('body { background: url(' + url + ') }');"),
    Row("<style>.replaceChildren(text)", "request",
        "var s = document.createElement('style'); document.head.appendChild(s); s.replaceChildren('body { background: url(' + url + ') }');"),
    Row("<style>.innerText", "request",
        "var s = document.createElement('style'); document.head.appendChild(s); s.innerText = 'body { background: url(' + url + ') }';"),
    Row("<style> given its text while detached", "request",
        "var s = document.createElement('style'); s.appendChild(document.createTextNode('body { background: url(' + url + ') }'));"
        " document.head.appendChild(s);"),
    Row("<style> text node's data changed", "request",
        "var s = document.createElement('style'), t = document.createTextNode('body { color: red }'); s.appendChild(t);"
        " document.head.appendChild(s); t.data = 'body { background: url(' + url + ') }';"),
    Row("<style> text node's nodeValue changed", "request",
        "var s = document.createElement('style'), t = document.createTextNode('body { color: red }'); s.appendChild(t);"
        " document.head.appendChild(s); t.nodeValue = 'body { background: url(' + url + ') }';"),
    Row("Element.animate() keyframes with url()", "request",
        "var d = document.createElement('div'); d.style.width = d.style.height = '5px'; document.body.appendChild(d);"
        " d.animate([{backgroundImage: 'url(' + url + ')'}, {backgroundImage: 'url(' + url + ')'}], {duration: 5000});"),
    Row("Element.animate(), property-indexed keyframes", "request",
        "var d = document.createElement('div'); d.style.width = d.style.height = '5px'; document.body.appendChild(d);"
        " d.animate({backgroundImage: ['url(' + url + ')', 'none']}, 5000);"),
    Row("new KeyframeEffect, played", "request",
        "var d = document.createElement('div'); d.style.width = d.style.height = '5px'; document.body.appendChild(d);"
        " new Animation(new KeyframeEffect(d, [{backgroundImage: 'url(' + url + ')'}], 5000)).play();"),
    Row("KeyframeEffect.setKeyframes", "request",
        "var d = document.createElement('div'); d.style.width = d.style.height = '5px'; document.body.appendChild(d);"
        " d.animate([{opacity: 1}], 5000).effect.setKeyframes([{backgroundImage: 'url(' + url + ')'}]);"),
    # what the browser reads is what the guard checked: read twice, this one would name the vendor the second time
    Row("Element.animate(), a keyframe whose getter answers twice", "inert",
        "var d = document.createElement('div'), n = 0; d.style.width = d.style.height = '5px'; document.body.appendChild(d);"
        " d.animate([{get backgroundImage() { return n++ ? 'url(' + url + ')' : 'none' }}], 5000);"),
    Row("new FontFace with a url()", "request",
        "var f = new FontFace('probe', 'url(' + url + ')'); document.fonts.add(f); f.load().catch(function (e) { outcome(e.name) });"),
    Row("<link rel=stylesheet> data: with an @import", "hint",
        "var l = document.createElement('link'); l.rel = 'stylesheet'; l.href = 'data:text/css,' + encodeURIComponent('@import url(' + url + ');');"
        " document.head.appendChild(l);"),
    Row("document.write, a <link rel=stylesheet> data: with an @import", "request",  # refused until granted: README, "What the guard assumes"
        "document.write('<link rel=stylesheet href=\"data:text/css,' + encodeURIComponent('@import url(' + url + ');') + '\">');"),
    Row("document.write, an SVG fill=url()", "request",
        "document.write('<svg><rect width=10 height=10 fill=\"url(' + url + '#p)\"></rect></svg>');",
        engines={engine: ("inert", "it fetches no external paint server, consent manager or not") for engine in ("firefox", "webkit")}),
    Row("markup SVG fill=url()", "dead", "", markup='<svg><rect width="10" height="10" fill="url({url}#p)"></rect></svg>'),
    Row("markup <link rel=stylesheet> data: with an @import", "hint", "",
        markup='<link rel="stylesheet" href="data:text/css,@import url({url});">'),
    Row("markup <body background>", "hint", "", markup='<body background="{url}">'),
    Row("markup speculation rules", "hint", "", engines=NO_SPECULATION,
        markup='<script type="speculationrules">{"prefetch": [{"source": "list", "urls": ["{url}"]}]}</script>'),
    # Round 3: APIs
    Row("fetchLater", "request", "if (window.fetchLater) fetchLater(url, {activateAfter: 0});",
        engines={"firefox": ("inert", "Firefox has no fetchLater"), "webkit": ("inert", "WebKit has no fetchLater")}),
    Row("speculation rules, prefetch", "hint",
        "var s = document.createElement('script'); s.type = 'speculationrules';"
        " s.textContent = JSON.stringify({prefetch: [{source: 'list', urls: [url]}]}); document.head.appendChild(s);",
        engines=NO_SPECULATION),
    Row("speculation rules, their text given once the script is in the page", "hint",
        "var s = document.createElement('script'); s.setAttribute('type', 'speculationrules'); document.head.appendChild(s);"
        " s.appendChild(document.createTextNode(JSON.stringify({prefetch: [{source: 'list', urls: [url]}]})));",
        engines=NO_SPECULATION),
    Row("speculation rules, prerender", "hint",
        "var s = document.createElement('script'); s.type = 'speculationrules';"
        " s.text = JSON.stringify({prerender: [{source: 'list', urls: [url]}]}); document.body.appendChild(s);",
        engines=NO_SPECULATION),
    Row("CSS.paintWorklet.addModule", "request",
        "if (CSS.paintWorklet) CSS.paintWorklet.addModule(url).catch(function (e) { outcome(e.name) });",
        engines={"firefox": ("inert", "Firefox has no paint worklet"), "webkit": ("inert", "WebKit has no paint worklet")}),
    Row("audioWorklet.addModule", "request", "new AudioContext().audioWorklet.addModule(url).catch(function (e) { outcome(e.name) });",
        "AbortError", engines={"chromium": ("inert", "Playwright does not see an audio worklet's requests in Chromium (nor route "
                                                     "them): the paint worklet row checks the same guard there")}),
    Row("XHR document, a node appended", "request",
        "var x = new XMLHttpRequest(); x.open('GET', '/blank-frame.html'); x.responseType = 'document';"
        " x.onload = function () { var d = x.response, i = d.createElement('img'); i.src = url; document.body.appendChild(i); }; x.send();"),
    # Round 3: realms the page can reach
    Row("window.open(''), its fetch", "request",
        "var w = window.open(''); if (w) w.fetch(url).catch(function (e) { outcome(e.name) });",
        engines={"chromium": ("inert", "the new window's fetch does not settle while Playwright attaches to the window "
                                       "(before consent it fails at once: the guard is in it); Firefox shows the path after consent"),
                 "webkit": ("inert", "the WebKit driver here opens no pop-up")}),
    Row("<object> showing a page, its window's fetch", "request",
        "var o = document.createElement('object'); o.data = '/blank-frame.html'; o.type = 'text/html';"
        " o.onload = function () { o.contentWindow.fetch(url).catch(function (e) { outcome(e.name) }) }; document.body.appendChild(o);",
        engines=NO_OBJECTS),
    Row("<iframe src=javascript:>, a fetch in it", "request",
        "var f = document.createElement('iframe'); f.src = 'javascript:void fetch(' + JSON.stringify(url) + ').catch(function () {})';"
        " document.body.appendChild(f);"),
    Row("<iframe> of a data: page, a script in it", "request",
        "var f = document.createElement('iframe'); f.src = 'data:text/html,' + encodeURIComponent('<script src=\"' + url + '\"></scr' + 'ipt>');"
        " document.body.appendChild(f);"),
    Row("<iframe> of a data: page, a line break in its scheme and host", "request",
        "var f = document.createElement('iframe'); f.src = 'da\\nta:text/html,' + encodeURIComponent('<img src=\"'"
        " + url.replace('customer', 'cust\\nomer') + '\">'); document.body.appendChild(f);", engines=NO_BROKEN_DATA),
    Row("markup <iframe> of a data: page, a line break in it", "hint", "",
        markup='<iframe src="da&#10;ta:text/html,&lt;img src=&quot;{url}&quot;&gt;"></iframe>', engines=NO_BROKEN_DATA),
    Row("<iframe> of a blob: page, an image in it", "request",
        "var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob(['<img src=\"' + url + '\">'],"
        " {type: 'text/html'})); document.body.appendChild(f);"),
    Row("<iframe> of a blob: page made of bytes, a script in it", "dead",  # its text unread: held for good
        "var f = document.createElement('iframe'); f.src = URL.createObjectURL(new Blob([new TextEncoder().encode("
        "'<script src=\"' + url + '\"></scr' + 'ipt>')], {type: 'text/html; charset=utf-8'})); document.body.appendChild(f);"),
    # Round 3: workers (Playwright sees a dedicated worker's requests as the page's in Chromium)
    Row("new Worker from a blob:, its fetch", "request",
        "new Worker(URL.createObjectURL(new Blob(['fetch(' + JSON.stringify(url) + ').catch(function () {})'])));"),
    Row("new Worker from a blob:, its importScripts", "request",
        "new Worker(URL.createObjectURL(new Blob(['try { importScripts(' + JSON.stringify(url) + ') } catch (e) {}'])));"),
    Row("new Worker from a blob:, its XMLHttpRequest", "request",
        "new Worker(URL.createObjectURL(new Blob(['var x = new XMLHttpRequest(); x.open(\"GET\", ' + JSON.stringify(url) + '); x.send();'])));"),
    Row("new Worker from a data: URL, its fetch", "request",
        "new Worker('data:text/javascript,' + encodeURIComponent('fetch(' + JSON.stringify(url) + ').catch(function () {})'));"),
    Row("new Worker, a same-origin script, a fetch of what it is sent", "request", "new Worker('/worker-fetch.js').postMessage(url);"),
    Row("new Worker, a module, a fetch of what it is sent at once", "request",
        "new Worker('/worker-fetch.js', {type: 'module'}).postMessage(url);"),
    Row("a worker's own worker, its fetch", "request", "new Worker('/worker-fetch.js').postMessage('nested:' + url);"),
    Row("new SharedWorker, a fetch of what it is sent", "request",
        "var w = new SharedWorker('/worker-fetch.js'); w.port.postMessage(url);",
        engines={engine: ("inert", "Playwright does not see a shared worker's requests here (nor route them): WebKit, "
                                   "through its proxy, shows the path") for engine in ("chromium", "firefox")}),
    # The page's own markup, as the middleware serves it
    Row("markup <img srcset>", "hint", "", markup='<img srcset="{url} 1x">'),
    Row("markup <picture><source srcset>", "hint", "", markup='<picture><source srcset="{url}"><img></picture>'),
    Row("markup <video poster>", "hint", "", markup='<video poster="{url}"></video>'),
    Row("markup <object data>", "hint", "", markup='<object data="{url}"></object>',
        engines=NO_OBJECTS),
    Row("markup <embed src>", "hint", "", markup='<embed src="{url}">',
        engines=NO_OBJECTS),
    Row("markup <iframe srcdoc>", "script", "", markup='<iframe srcdoc="<script src=&quot;{url}&quot;></script>"></iframe>'),
    Row("markup <style> @import", "dead", "", markup='<style>@import url({url});</style>'),
    Row("markup style attribute", "dead", "",
        markup='<div style="width: 5px; height: 5px; background: url(&quot;{url}&quot;)"></div>'),
    Row("markup <base> at the vendor, a relative script after it", "script", "",
        markup='<base href="{url}"><script src="#"></script>'),
    Row("markup <template>, its content imported", "script",
        "document.head.appendChild(document.importNode(document.getElementById('t').content, true));",
        markup='<template id="t"><div><script src="{url}"></script></div></template>'),
    Row("markup <template>, its content moved into the page", "script",
        "document.body.appendChild(document.getElementById('t').content);",
        markup='<template id="t"><script src="{url}"></script></template>'),
    Row("markup <template>, its content cloned", "script",
        "document.body.appendChild(document.getElementById('t').content.cloneNode(true));",
        markup='<template id="t"><script src="{url}"></script></template>'),
    Row("markup, a declarative shadow root's <img>", "hint", "",
        markup='<div><template shadowrootmode="open"><p>shadow</p><img src="{url}"></template></div>'),
    Row("markup, a declarative shadow root's <script>", "script", "",
        markup='<div><template shadowrootmode="open"><script src="{url}"></script></template></div>'),
    Row("markup <iframe>, reached through window.frames", "script",
        "addEventListener('load', function () { var d = frames[0].document, s = d.createElement('script'); s.src = url; d.head.appendChild(s); });",
        markup='<iframe src="/blank-frame.html"></iframe>'),
    Row("innerHTML <img>", "request", "document.getElementById('box').innerHTML = '<img src=\"' + url + '\">';"),
    Row("innerHTML <img> in a detached element", "request", "document.createElement('div').innerHTML = '<img src=\"' + url + '\">';"),
    Row("outerHTML <img>", "request", "document.getElementById('box').outerHTML = '<div><img src=\"' + url + '\"></div>';"),
    Row("insertAdjacentHTML <img>", "request", "document.body.insertAdjacentHTML('beforeend', '<img src=\"' + url + '\">');"),
    Row("innerHTML <img>, the host in capitals", "request", "document.getElementById('box').innerHTML = '<IMG SRC=' + url + '>';",
        url="https://CDP.CUSTOMER.IO{path}"),
    Row("innerHTML <img>, a tab as a character reference", "request",
        "document.getElementById('box').innerHTML = '<img src=\"' + url + '\">';", url="https://cdp.cust&#9;omer.io{path}"),
    Row("innerHTML <img>, an escaped letter", "request",
        "document.getElementById('box').innerHTML = '<img src=\"' + url + '\">';", url="https://cdp.customer.%69o{path}"),
    Row("innerHTML <img>, fullwidth letters", "request",
        "document.getElementById('box').innerHTML = '<img src=\"' + url + '\">';", url="https://\uff43dp.customer.io{path}"),
    Row("innerHTML <img>, a line break in the host", "request",
        "document.getElementById('box').innerHTML = '<img src=\"' + url + '\">';", url="https://cdp.cust\nomer.io{path}"),
    Row("script src relative to a <base> at the vendor", "script",
        "var b = document.createElement('base'); b.href = 'https://cdp.customer.io/'; document.head.appendChild(b);"
        " var s = document.createElement('script'); s.src = url.slice(url.indexOf('/probe')); document.head.appendChild(s);"),
    Row("script src relative, then a <base> at the vendor put in before the script", "script",
        "var s = document.createElement('script'); s.src = url.slice(url.indexOf('/probe'));"
        " var b = document.createElement('base'); b.href = 'https://cdp.customer.io/'; document.head.appendChild(b);"
        " document.head.appendChild(s);"),
    Row("script src relative, then the page's <base> moved to the vendor", "script",
        "var b = document.createElement('base'); b.href = '/'; document.head.appendChild(b);"
        " var s = document.createElement('script'); s.src = url.slice(url.indexOf('/probe'));"
        " b.href = 'https://cdp.customer.io/'; document.head.appendChild(s);"),
    Row("<link rel=preload> relative, then a <base> at the vendor", "hint",
        "var l = document.createElement('link'); l.rel = 'preload'; l.as = 'script'; l.href = url.slice(url.indexOf('/probe'));"
        " var b = document.createElement('base'); b.href = 'https://cdp.customer.io/'; document.head.appendChild(b);"
        " document.head.appendChild(l);"),
    Row("<a ping> relative, then a <base> at the vendor", "request",
        "var f = document.createElement('iframe'); f.name = 'pinged'; document.body.appendChild(f);"
        " var a = document.createElement('a'); a.href = '/blank-frame.html'; a.target = 'pinged'; a.ping = url.slice(url.indexOf('/probe'));"
        " document.body.appendChild(a); var b = document.createElement('base'); b.href = 'https://cdp.customer.io/';"
        " document.head.appendChild(b); a.href = location.origin + '/blank-frame.html'; a.click();",
        engines={"firefox": ("inert", "Firefox sends no pings (browser.send_pings is off)")}),
    *[Row(f"createElement, src property, {name}", "hint" if "@" in form else "script", insert("s.src = url;"), url=form,
          engines=FORMS_ELSEWHERE.get(name, {})) for name, form in URL_FORMS.items()],
]

REWRITER = Rewriter(load_config(DEFAULT_CONFIG), "/dist/consent.js")
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{name}</title>
<script src="/dist/consent.js"></script>
<script>window.__ran = []; window.__outcome = []; function outcome(x) {{ __outcome.push(String(x)) }}</script>
</head><body><svg id="svg"></svg><div id="box"></div>
{markup}
<script>var url = {url};
{js}</script>
<p>matrix row</p></body></html>
"""


@pytest.fixture
def load(page, site, cio, written_page):
    """load(row, n): open the row's page, taking the path to probe URL n."""
    def probe(route, request):  # every probe answers with a script that reports it ran
        n = urlsplit(request.url).query.split("n=")[-1]
        route.fulfill(status=200, content_type="application/javascript", headers={"access-control-allow-origin": "*"},
                      body=f"(top.__ran = top.__ran || []).push('{n}');")  # CORS: a module script needs it

    page.route(PROBE_URL, probe)
    page.route(f"{site}/blank-frame.html", lambda route: route.fulfill(content_type="text/html", body="<!doctype html><title>f</title>"))

    def open_row(row, n):
        url = row.url.format(path=f"/probe.js?n={n}")
        body = PAGE.format(name=row.name, url=json.dumps(url), js=row.js, markup=row.markup.replace("{url}", html.escape(url)))
        if row.markup:
            body = REWRITER.rewrite(body, url=f"{site}/written/matrix.html")
        errors = []
        page.on("pageerror", lambda error: None if str(error).startswith(FIREFOX_SOCKET_FAILED) else errors.append(str(error)))
        page.goto(written_page("matrix.html", body), wait_until="load")  # (a data: worker reaches the server from it)
        page.wait_for_timeout(SETTLE)
        return errors

    return open_row


FIREFOX_SOCKET_FAILED = "Firefox can\u2019t establish a connection"  # its own report of a socket that failed, as any does
SETTLE = 150  # ms after the load event or a decision: time enough for anything the page does next to show


def probe_hits(network, n):
    """Requests (and sockets) the browser made to probe URL n."""
    return [url for url in network.urls + network.sockets
            if CIO_HOSTS.match(url.replace("wss://", "https://")) and urlsplit(url).path == "/probe.js" and f"n={n}" in url]


def settle(page, network, n, fetched, ran):
    """Wait until probe URL n was fetched ``fetched`` times and its script ran (if it should), at most
    5 s, and then SETTLE more: a second fetch or run would show by then."""
    deadline = time.monotonic() + 5
    while (len(probe_hits(network, n)) < fetched or ran and str(n) not in page.evaluate("__ran")) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    page.wait_for_timeout(SETTLE)


rows = pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])


@rows
def test_nothing_is_requested_or_run_before_consent_and_accept_loads_held_scripts_once(row, load, page, network, engine):
    kind = row.kind_in(engine)
    errors = load(row, 1)
    page.wait_for_selector(BANNER)
    assert probe_hits(network, 1) == []
    assert page.evaluate("__ran") == []
    assert errors == []
    if row.failure:
        page.wait_for_function("__outcome.length > 0")
        assert page.evaluate("__outcome") == [row.failure]

    page.evaluate("cmp.acceptAll(); cmp.acceptAll()")  # twice: still once
    fetched, ran, fetched_next, ran_next = KINDS[kind]
    settle(page, network, 1, fetched, ran)
    assert len(probe_hits(network, 1)) == fetched
    assert page.evaluate("__ran") == (["1"] if ran else [])

    load(row, 2)  # the next page view, consent stored: the path works from then on
    settle(page, network, 2, fetched_next, ran_next)
    if kind == "request":  # at least: media elements may ask for more ranges
        assert len(probe_hits(network, 2)) >= fetched_next
    else:
        assert len(probe_hits(network, 2)) == fetched_next
    assert page.evaluate("__ran") == (["2"] if ran_next else [])


@rows
def test_reject_keeps_the_path_closed_now_and_on_the_next_page_view(row, load, page, network):
    load(row, 1)
    page.evaluate("cmp.rejectAll()")
    page.wait_for_timeout(SETTLE)
    load(row, 2)

    assert probe_hits(network, 1) + probe_hits(network, 2) == []
    assert page.evaluate("__ran") == []
