"""WebKit (Debian's WebKitGTK: its MiniBrowser under Xvfb, driven by WebKitWebDriver through
Selenium) behind the part of Playwright's sync API the engine-wide tests use, so the same test runs
in all three engines. Registered as a pytest plugin by ``--engine webkit`` (tests/conftest.py): its
``context`` and ``page`` fixtures replace pytest-playwright's.

Classic WebDriver cannot intercept requests, run init scripts or report page errors, so:
- every request goes through a recording proxy on loopback (proxy.py), where the routes answer it;
- ``add_init_script`` scripts and a recorder of uncaught errors are put at the head of each top-level
  HTML document as it passes the proxy (an inline script before the page's first one; our test pages
  carry no CSP), and ``pageerror`` listeners hear of an error at the next call on the page.
Each ``page`` is a new WebDriver session: a new MiniBrowser with empty, ephemeral storage.
"""

import atexit
import contextlib
import inspect
import os
import re
import subprocess
import threading
import time

import pytest

from tests.engines.proxy import Proxy

MINIBROWSER = os.environ.get("CMP_MINIBROWSER", "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
WEBDRIVER = os.environ.get("CMP_WEBKITDRIVER", "/usr/bin/WebKitWebDriver")
LOOPBACK = re.compile(r"^http://(127\.0\.0\.1|localhost)[:/]")

# Elements matching a CSS selector as Playwright's CSS engine finds them: a descendant combinator
# pierces open shadow roots ("[data-cmp-root] .floating" finds .floating in the root's shadow).
QUERY = """
const [selector, visibleOnly] = arguments, parts = [];
let depth = 0, quote = null, part = '';
for (const c of selector.trim()) {  // split at descendant combinators outside brackets and quotes
  if (quote) { if (c === quote) quote = null } else if (c === '"' || c === "'") quote = c;
  else if (c === '[' || c === '(') depth++; else if (c === ']' || c === ')') depth--;
  if (c === ' ' && !quote && !depth) { parts.push(part); part = ''; } else part += c;
}
parts.push(part);
const compound = [];  // "a", ">", "b" stay together
for (const p of parts.filter(Boolean)) {
  if (compound.length && (/^[>+~]$/.test(p) || /[>+~]$/.test(compound[compound.length - 1]))) compound[compound.length - 1] += ' ' + p;
  else compound.push(p);
}
const within = (scope, sel) => {
  const out = [];
  (function walk(root) {
    root.querySelectorAll(sel).forEach(e => out.push(e));
    if (root.shadowRoot) walk(root.shadowRoot);
    root.querySelectorAll('*').forEach(e => { if (e.shadowRoot) walk(e.shadowRoot) });
  })(scope);
  return out;
};
let found = within(document, compound[0]);
for (const sel of compound.slice(1)) found = [...new Set(found.flatMap(e => within(e, sel)))];
const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden' };
return visibleOnly ? found.filter(visible) : found;
"""
# Playwright's evaluate: a function is called with the argument, anything else is evaluated as a script.
EVALUATE = """
let value;
try { value = (0, eval)('(' + arguments[0] + '\\n)') } catch (e) {
  if (!(e instanceof SyntaxError)) throw e;
  value = (0, eval)(arguments[0]);
}
return typeof value === 'function' ? value(arguments[1]) : value;
"""
ERRORS = ("(function () { var seen = window.__heldbackErrors = [];"
          " addEventListener('error', function (e) { seen.push(e.message) });"
          " addEventListener('unhandledrejection', function (e) { seen.push(String(e.reason)) }); })();")


def start(session, attempts=3, seconds=30):
    """A WebDriver session from ``session()``. Under load a MiniBrowser sometimes never answers, and
    WebKitWebDriver then waits for ever: stop that driver and try again."""
    for _ in range(attempts):
        started = {}

        def run():
            try:
                started["driver"] = session()
            except Exception as error:  # the driver was stopped, or could not start
                started["error"] = error

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        thread.join(seconds)
        if "driver" in started:
            return started["driver"]
        subprocess.run(["pkill", "-P", str(os.getpid()), "-f", WEBDRIVER])  # ours only: its hung request fails
        thread.join(5)
    raise RuntimeError(f"WebKitWebDriver started no MiniBrowser in {seconds} s, {attempts} times: {started.get('error')}")


class Display:
    """One Xvfb server for this process (the GTK MiniBrowser has no headless mode)."""

    process = None

    @classmethod
    def ensure(cls):
        if cls.process is None:
            read, write = os.pipe()
            cls.process = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                                           pass_fds=[write], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            os.close(write)
            with os.fdopen(read) as pipe:
                number = pipe.readline().strip()
            if not number:
                raise RuntimeError("Xvfb did not start: install it (apt-get install xvfb)")
            os.environ["DISPLAY"] = f":{number}"
            atexit.register(cls.process.terminate)
        return os.environ["DISPLAY"]


def glob_matches(pattern, url):
    """Playwright's URL glob: ** any characters, * any but '/'; a string without either is the URL."""
    regex = "".join(".*" if part == "**" else "[^/]*" if part == "*" else re.escape(part)
                    for part in re.split(r"(\*\*|\*)", pattern))
    return re.fullmatch(regex, url) is not None


def arity(function):
    parameters = inspect.signature(function).parameters.values()
    return 2 if any(p.kind == p.VAR_POSITIONAL for p in parameters) else len(parameters)


def url_matches(pattern, url):
    if callable(pattern):
        return bool(pattern(url))
    if isinstance(pattern, re.Pattern):
        return pattern.search(url) is not None
    return glob_matches(pattern, url)


class Events:
    def __init__(self):
        self._listeners = {}

    def on(self, event, listener):
        self._listeners.setdefault(event, []).append(listener)

    def emit(self, event, *args):
        for listener in list(self._listeners.get(event, [])):
            listener(*args)


class Context(Events):
    """A browser context: its routes and request listeners; one page (one WebDriver session)."""

    def __init__(self, proxy):
        super().__init__()
        self.proxy, self.routes, self.pages = proxy, [], []
        proxy.handler = self._handle

    def route(self, pattern, handler):
        self.routes.append((pattern, handler))

    def new_page(self):
        page = Page(self)
        self.pages.append(page)
        self.emit("page", page)
        return page

    def cookies(self):
        return [{"name": c["name"], "value": c["value"], "domain": c.get("domain", ""), "path": c.get("path", "/"),
                 "secure": c.get("secure", False), "httpOnly": c.get("httpOnly", False),
                 "sameSite": c.get("sameSite", "None"), "expires": c.get("expiry", -1)}
                for page in self.pages for c in page.driver.get_cookies()]

    def _handle(self, route, request):
        """The proxy's handler: listeners hear of the request, then the newest matching route answers."""
        page = self.pages[-1] if self.pages else None
        self.emit("request", request)
        if page:
            page.emit("request", request)
        for pattern, handler in [*(reversed(page.routes) if page else ()), *reversed(self.routes)]:
            if url_matches(pattern, request.url):
                handler(*(route, request)[:arity(handler)])  # Playwright passes what the handler takes
                break
        else:
            route.continue_() if LOOPBACK.match(request.url) else route.abort()
        if page and request.headers.get("sec-fetch-dest") == "document" and route.answer:
            page._prepare(route)

    def close(self):
        for page in self.pages:
            page.close()
        self.proxy.handler = None


class Element:
    def __init__(self, page, element):
        self.page, self.element = page, element

    def evaluate(self, expression, arg=None):
        return self.page.driver.execute_script("return (" + expression + ")(arguments[0], arguments[1]);", self.element, arg)

    def click(self):
        self.element.click()


class Locator:
    def __init__(self, page, selector):
        self.page, self.selector = page, selector

    def _all(self, visible_only=False):
        return self.page.driver.execute_script(QUERY, self.selector, visible_only) or []

    def count(self):
        return len(self._all())

    def wait_for(self, state="visible", timeout=30_000):
        return self.page.wait_for_selector(self.selector, state=state, timeout=timeout)

    def click(self, timeout=30_000):
        self.page.click(self.selector, timeout=timeout)

    def set_checked(self, checked, timeout=30_000):
        element = self.wait_for("attached", timeout)
        if element.evaluate("e => e.checked") != checked:
            self.click(timeout)


class Page(Events):
    def __init__(self, context):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.service import Service

        super().__init__()
        Display.ensure()
        self.context, self.routes, self.init_scripts = context, [], []
        options = webdriver.WebKitGTKOptions()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        options.add_argument(f"--proxy=http://127.0.0.1:{context.proxy.port}")
        options.accept_insecure_certs = True
        # WebKitGTK takes navigator.language from the locale (under LANG=C it is "C"): give it a real one
        env = dict(os.environ, LANG="en_US.UTF-8", LANGUAGE="", LC_ALL="")
        self.driver = start(lambda: webdriver.WebKitGTK(options=options, service=Service(executable_path=WEBDRIVER, env=env)))
        self.driver.set_window_size(1280, 800)
        # Playwright's evaluate waits as long as the page's promise takes; WebDriver's default is 30 s,
        # which one busy CI run's markup fidelity check (4 s here) went past
        self.driver.set_script_timeout(180)

    # Playwright's API ----------------------------------------------------------------------------

    def route(self, pattern, handler):
        self.routes.append((pattern, handler))

    def add_init_script(self, script):
        self.init_scripts.append(script)

    def goto(self, url, wait_until="load", timeout=30_000):
        self._report_errors()
        self.driver.set_page_load_timeout(timeout / 1000)
        self.driver.get(url)  # waits for the load event, whatever wait_until asks: never sooner than Playwright

    def reload(self, wait_until="load", timeout=30_000):
        self._report_errors()
        self.driver.set_page_load_timeout(timeout / 1000)
        self.driver.refresh()

    def evaluate(self, expression, arg=None):
        value = self.driver.execute_script(EVALUATE, expression, arg)
        self._report_errors()
        return value

    def wait_for_timeout(self, ms):
        time.sleep(ms / 1000)

    def wait_for_function(self, expression, timeout=30_000, arg=None):
        self._poll(lambda: self.driver.execute_script(EVALUATE, expression, arg), timeout, f"function {expression!r}")

    def wait_for_selector(self, selector, state="visible", timeout=30_000):
        found = self._poll(lambda: (self.driver.execute_script(QUERY, selector, state == "visible") or [None])[0]
                           if state != "detached" else not self.driver.execute_script(QUERY, selector, False),
                           timeout, f"selector {selector!r} {state}")
        return Element(self, found) if state in ("visible", "attached") else None

    def locator(self, selector):
        return Locator(self, selector)

    def click(self, selector, timeout=30_000):
        from selenium.common.exceptions import WebDriverException

        def clicked():
            try:
                self.wait_for_selector(selector, timeout=timeout).click()
                return True
            except WebDriverException:  # covered or moving: Playwright waits as well
                return False

        self._poll(clicked, timeout, f"click on {selector!r}")
        self._report_errors()

    @contextlib.contextmanager
    def expect_navigation(self, timeout=30_000):
        self.driver.execute_script("window.__heldbackBefore = true")
        yield
        self._poll(lambda: self.driver.execute_script("return !window.__heldbackBefore && document.readyState === 'complete'"),
                   timeout, "a navigation")

    def close(self):
        with contextlib.suppress(Exception):
            self.driver.quit()

    # Our own -------------------------------------------------------------------------------------

    def _poll(self, check, timeout, what):
        from selenium.common.exceptions import WebDriverException

        deadline = time.monotonic() + timeout / 1000
        while True:
            try:
                if value := check():
                    return value
            except WebDriverException:
                pass  # a script error is a falsy result, as in Playwright's polling; or the page is navigating
            if time.monotonic() > deadline:
                raise TimeoutError(f"Timeout {timeout} ms exceeded waiting for {what}")
            time.sleep(0.05)

    def _prepare(self, route):
        """A top-level HTML document on its way: the error recorder and the init scripts go first in it."""
        status, headers, body = route.answer
        if "html" not in headers.get("content-type", ""):
            return
        script = f"<script>{ERRORS}{';'.join(self.init_scripts)}</script>".encode()
        head = re.search(rb"<head[^>]*>", body, re.I) or re.search(rb"<!doctype[^>]*>", body, re.I)
        at = head.end() if head else 0
        route.answer = (status, headers, body[:at] + script + body[at:])

    def _report_errors(self):
        if not self._listeners.get("pageerror"):
            return
        try:
            errors = self.driver.execute_script("var e = window.__heldbackErrors || []; window.__heldbackErrors = []; return e;")
        except Exception:
            return
        for message in errors or []:
            self.emit("pageerror", RuntimeError(message))


@pytest.fixture(scope="session")
def webkit_proxy():
    proxy = Proxy()
    yield proxy
    proxy.close()


@pytest.fixture
def context(webkit_proxy):
    context = Context(webkit_proxy)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()




def pytest_unconfigure(config):
    if Display.process:  # (xdist's workers may leave without running atexit)
        Display.process.terminate()
