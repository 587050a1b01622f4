"""The browser's JavaScript globals that stage 1, the first layer and the service worker use, declared
so that Python tools (pyflakes, an editor) know where each name comes from. Their sources import
them from here; the build drops those imports (heldback/building/pscript_dialect.py) and the names
stay the page's globals in the compiled JavaScript. Never compiled, never run.

Stage 1 reads most of them once, as it starts, before any other script of the page
(heldback/loader/stage1/natives.py and dom.py say why)."""

Array = Attr = Blob = CSSRule = CSSRuleList = CSSStyleDeclaration = CSSStyleSheet = CustomEvent = None
DOMImplementation = DOMParser = Date = Document = DocumentFragment = Element = EventTarget = None
Function = HTMLElement = HTMLIFrameElement = HTMLObjectElement = HTMLStyleElement = HTMLTemplateElement = JSON = Map = Math = None
MessageEvent = MutationObserver = MutationRecord = NamedNodeMap = Node = NodeList = Object = Promise = Range = Reflect = None
DOMException = RegExp = Request = Response = SVGElement = ShadowRoot = String = Symbol = TreeWalker = URL = Uint8Array = None
WeakMap = WeakSet = None
atob = decodeURIComponent = encodeURIComponent = None
arguments = None  # a JavaScript function's own arguments object
console = crypto = document = fetch = globalThis = localStorage = location = navigator = setTimeout = None
trustedTypes = TypeError = window = None
importScripts = None  # a worker's
RawJS = None  # PScript's own marker: JavaScript written as it is
