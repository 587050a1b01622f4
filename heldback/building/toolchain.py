"""The build's JavaScript tools, terser and Brython's own compiler, run in QuickJS (the ``quickjs``
package) inside this Python process: building needs no Node.js. terser's output is cached by content
(.cache in a checkout, else the user's cache folder): most of stage 2 is the same for every config.

QuickJS is not V8, and the output must be the same as in a browser's engine (dist/ reproduces byte
for byte, whoever builds it): the only difference the build meets is Number.prototype.toString with
a radix, which QuickJS writes in decimal for fractions and large numbers. terser uses it to choose
the shortest form of a number and Brython to name its lambdas, so ENGINE below replaces it by V8's
algorithm (DoubleToRadixCString). terser is vendored (vendor/terser.min.js, terser's own browser
build, BSD-2-Clause); tests/test_build.py checks it is the package-lock's version.
"""

import hashlib
import json
import os
import threading
from importlib.metadata import version
from pathlib import Path

import brython
import quickjs

from heldback.building.files import ROOT, BuildError

VENDOR = Path(__file__).resolve().parent / "vendor"
TERSER_VERSION = "5.51.4"  # vendor/terser.min.js
BRYTHON_JS = Path(brython.__file__).parent / "data" / "brython.js"

ENGINE = r"""
(function () {
  const native = Number.prototype.toString, chars = "0123456789abcdefghijklmnopqrstuvwxyz";
  const f64 = new Float64Array(1), bits = new BigUint64Array(f64.buffer);
  const next = x => { f64[0] = x; bits[0] += 1n; return f64[0]; };  // the next double up, for x >= 0
  const exponent = x => { f64[0] = x; const e = Number((bits[0] >> 52n) & 0x7ffn); return (e || 1) - 1075; };
  function radix(value, base) {  // V8's DoubleToRadixCString
    const negative = value < 0;
    if (negative) value = -value;
    let integer = Math.floor(value), fraction = value - integer;
    let delta = Math.max(next(0), 0.5 * (next(value) - value));
    const digits = [];
    if (fraction >= delta) {
      do {
        fraction *= base;
        delta *= base;
        const digit = Math.floor(fraction);
        digits.push(digit);
        fraction -= digit;
        if ((fraction > 0.5 || (fraction === 0.5 && (digit & 1))) && fraction + delta > 1) {
          for (;;) {  // round up
            if (!digits.length) { integer += 1; break; }
            const last = digits.pop();
            if (last + 1 < base) { digits.push(last + 1); break; }
          }
          break;
        }
      } while (fraction >= delta);
    }
    let text = "";
    while (exponent(integer / base) > 0) { integer /= base; text = "0" + text; }
    do {
      const remainder = integer % base;
      text = chars[remainder] + text;
      integer = (integer - remainder) / base;
    } while (integer > 0);
    return (negative ? "-" : "") + text + (digits.length ? "." + digits.map(d => chars[d]).join("") : "");
  }
  Object.defineProperty(Number.prototype, "toString", {configurable: true, writable: true, value: function (base) {
    const value = Number.prototype.valueOf.call(this);
    if (base === undefined || base === 10 || !isFinite(value) || value === 0) return native.call(value, base);
    base = Math.trunc(base);
    if (!(base >= 2 && base <= 36)) return native.call(value, base);  // throws the RangeError
    return radix(value, base);
  }});
})();
"""

TERSER_GLUE = """
var self = globalThis;
var __result;
function __minify(code, options) {
  __result = null;
  Terser.minify(code, JSON.parse(options)).then(r => { __result = {code: r.code}; },
                                               e => { __result = {error: String(e && e.message || e)}; });
}
"""

# brython.js expects a browser page; these are the globals it touches while loading. Its
# compile-time name counters start at Math.random(): a fixed-seed generator makes them reproducible.
BRYTHON_GLUE = """
var seed = 1;
Math.random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
globalThis.self = globalThis;
globalThis.global = globalThis;
globalThis.module = {};
globalThis.addEventListener = () => {};
globalThis.process = {release: {name: "node"}};
globalThis.navigator = {language: "en"};
globalThis.console = {log() {}, info() {}, warn() {}, error() {}};
globalThis.Intl = {DateTimeFormat: class { format() { return "UTC"; } }};
globalThis.URL = class {
  constructor(url) {
    const parts = /^([a-z]+:)\\/\\/([^/?#]*)([^?#]*)(\\?[^#]*)?(#.*)?$/.exec(url);
    if (!parts) throw new TypeError("not a URL: " + url);
    [this.href, this.protocol, this.host] = parts;
    this.pathname = parts[3] || "/"; this.search = parts[4] || ""; this.hash = parts[5] || "";
  }
};
if (!Object.hasOwn) Object.hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
"""

BRYTHON_COMPILE = """
var $B = globalThis.__BRYTHON__;
function __compile(name, filename, source) {
  $B.url2name[filename] = name;  // names the module's namespace locals_<name>, as the importer expects
  try {
    const root = $B.py2js({src: source, filename, imported: true}, name, name, $B.builtins_scope);
    return JSON.stringify({js: root.to_js(), imports: Object.keys(root.imports)});
  } catch (error) {
    const where = error.args ? `${filename}:${error.lineno ?? "?"}` : filename;
    return JSON.stringify({error: `${where}: ${error.args ? error.args[0] : error.stack}`});
  }
}
"""


_lock = threading.Lock()  # a QuickJS context is used by one thread at a time
_terser_contexts = []
# The Brython runtime (812 KB) took 15 s to minify in a fresh context, and 70 s to over 9 minutes in
# the one that had minified the other modules first (same input, same output; the cause inside QuickJS
# is not known): a script this large gets a context of its own.
FRESH_CONTEXT_FROM = 200_000


def _context(*scripts):
    context = quickjs.Context()
    context.set_memory_limit(4 << 30)
    context.set_max_stack_size(0)  # Brython's compiler and terser recurse deeply: no limit but the OS stack
    for script in (ENGINE, *scripts):
        context.eval(script)
    return context


def _terser_context():
    """One for the process: terser keeps no state between calls (loading it takes 0.1 s)."""
    if not _terser_contexts:
        _terser_contexts.append(_new_terser_context())
    return _terser_contexts[0]


def _new_terser_context():
    return _context(TERSER_GLUE, (VENDOR / "terser.min.js").read_text(encoding="utf-8"))


def minify(js: str, passes: int = 1, reserved: str = "") -> str:
    """terser's output, cached by content."""
    tools = f"terser {TERSER_VERSION} quickjs {version('quickjs')} {passes} {reserved}"
    cache = cache_dir() / "minified" / (hashlib.sha256(f"{tools}\0{js}".encode()).hexdigest()[:32] + ".js")
    if cache.exists():
        return cache.read_text(encoding="utf-8")
    minified = _terser(js, passes, reserved)
    write_cache(cache, minified)
    return minified


def _terser(js, passes, reserved):
    """terser --compress passes=N --mangle [reserved=[name]] --ecma 2020 --format ascii_only=true"""
    options = {"compress": {"passes": passes}, "mangle": {"reserved": [reserved]} if reserved else True,
               "ecma": 2020, "format": {"ascii_only": True}}
    with _lock:
        context = _terser_context() if len(js) < FRESH_CONTEXT_FROM else _new_terser_context()
        context.get("__minify")(js, json.dumps(options))
        while context.execute_pending_job():
            pass
        result = json.loads(context.eval("JSON.stringify(__result)"))
    if not result or "error" in result:
        raise BuildError(f"terser: {result['error'] if result else 'no result'}")
    return result["code"].strip() + "\n"


def compile_python(modules: list[list[str]]) -> dict[str, dict]:
    """Brython's compiler over [[module name, filename, source], ...]: {name: {"js", "imports"}}.
    A Python error raises BuildError("<filename>:<line>: <message>")."""
    compiled = {}
    with _lock:  # a new Brython each time: its name counters start again from the same seed
        compile_module = _context(BRYTHON_GLUE, BRYTHON_JS.read_text(encoding="utf-8"), BRYTHON_COMPILE).get("__compile")
        for name, filename, source in modules:
            result = json.loads(compile_module(name, filename, source))
            if "error" in result:
                raise BuildError(result["error"])
            compiled[name] = result
    return compiled


def write_cache(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError:  # no writable cache: the next build minifies again
        pass


def cache_dir() -> Path:
    """.cache in a checkout, else the user's cache folder."""
    if (ROOT / "pyproject.toml").exists():
        return ROOT / ".cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "heldback"
