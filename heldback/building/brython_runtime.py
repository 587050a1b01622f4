"""The Brython runtime stage 2 ships: brython.js without what stage 2 never runs, patched where it
would evaluate strings, its for-in loops over own properties only."""

import re

import brython
from heldback.building.files import BuildError
from heldback.building.toolchain import BRYTHON_JS


# Parts of brython.js stage 2 never uses, each found by a line only it contains: the Python compiler
# (its modules are precompiled), its tokenizer with the Unicode tables only identifiers and the
# str.is*() / title() / swapcase() methods read (heldback does not call them), and the methods of two
# builtin types its code does not use (the types themselves stay, so isinstance() works). Kept code
# reaches them only from compile(), eval(), exec(), importing uncompiled source, syntax-error hints,
# files, bytes, complex numbers and those str methods; the stubs make those fail with a clear message.
UNUSED_PARTS = {
    "token names": "const tokens=['ENDMARKER','NAME','NUMBER','STRING','NEWLINE','INDENT','DEDENT'",
    "tokenizer and Unicode identifier tables": "$B.is_XID_Start=",
    "symtable": "var GLOBAL_PARAM=\"name '%s' is parameter and global\"",
    "string literal parser": "$B.prepare_string=",
    "number literal parser and Parser": "(function($B){function test_num(num_lit){",
    "PEG parser": "const Load=new $B.ast.Load()",
    "bytes and bytearray methods": "function bytes_value(",
    "complex methods": "function conv_complex(",
}
UNUSED_STUBS = """;(function($B){
  function missing() { throw new Error("cmp: not in this trimmed Brython runtime (see heldback/building/brython_runtime.py UNUSED_PARTS)") }
  $B.Parser = $B._PySymtable_Build = missing; $B._PyPegen = {run_parser: missing}; $B.python_keywords = {};
  $B.bytes_decode = $B.decode = $B.encode = $B.fast_bytes = $B.is_bytes_like = $B.to_bytes = $B.make_complex = missing;
  $B.tokenizer = $B.in_unicode_category = $B.is_XID_Start = $B.is_XID_Continue = missing; $B.py_tokens = {};
})(__BRYTHON__);
"""


# Where the kept runtime evaluates strings as code while it loads or imports our modules (under a
# Content-Security-Policy without 'unsafe-eval' each would throw and report a violation), and where it
# trusts the browser's language tag. Each patch replaces one exact passage (the build fails if it is
# not there exactly once). The rest of the runtime's eval()s serve exec(), eval() and uncompiled
# imports, which stage 2 never uses.
RUNTIME_PATCHES = {
    "feature test with eval at load": (
        'try{\neval("async function* f(){}")}catch(err){console.warn("Your browser is not fully supported. If you are using "+\n'
        '"Microsoft Edge, please upgrade to the latest version")}\n', ""),
    "AST node classes made with Function() at load": (
        "ast[kl]=Function(...arg_list,body)",
        "ast[kl]=(function(names,lists){return function(...values){names.forEach((name,i)=>{"
        "this[name]=lists[i]?$B.$list(values[i]===undefined?[]:values[i]):values[i]})}})"
        "(arg_list,args.split(',').map(arg=>arg.split(/\\s+/)[0].endsWith('*')))"),
    "the time zone's name read in navigator.language, which may not be a valid tag (WebKitGTK under a C locale "
    "says \"C\"): RangeError, and stage 2 never starts; the browser's default locale reads it as well": (
        "var formatter=new Intl.DateTimeFormat($B.language,{timeZoneName:'short'}),short=formatter.format(date)\n"
        "formatter=new Intl.DateTimeFormat($B.language,{timeZoneName:'long'})",
        "var formatter=new Intl.DateTimeFormat(undefined,{timeZoneName:'short'}),short=formatter.format(date)\n"
        "formatter=new Intl.DateTimeFormat(undefined,{timeZoneName:'long'})"),
    "precompiled modules run with new Function(): here they are functions (build_app)": (
        'mod_js+="return "+prefix+parent_id\nvar $module=new Function(prefix+parent_id,mod_js)(\nmod)',
        "var $module=mod_js(mod)"),
}


# The runtime walks its own objects with for-in, which also visits what a page adds to Object.prototype
# (enumerable, as some libraries still do): stage 2 would then fail to start, or fail later. Each of
# its for-in loops is made to visit own properties only.
FOR_IN = re.compile(r"for\s*\(\s*(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s+in\s+([A-Za-z_$][\w$.]*(?:\[[\w$.]*\])?[\w$.]*)\s*\)")


def own_for_in(runtime: str) -> str:
    """``runtime`` with every ``for (x in obj)`` skipping inherited properties; the build fails on a
    for-in this does not recognise (its object must be a plain name or member expression)."""
    total = len(re.findall(r"\bfor\s*\([^;)]*\bin\s", runtime))
    patched, count = FOR_IN.subn(lambda m: f"{m.group(0)} if (Object.hasOwn({m.group(2)}, {m.group(1)}))", runtime)
    if count != total:
        raise BuildError(f"brython {brython.__version__}: {total - count} for-in loops in a form own_for_in does not know")
    return patched


def trimmed_runtime() -> str:
    """brython.js minus UNUSED_PARTS, with RUNTIME_PATCHES, its for-in loops over own properties
    (own_for_in). Its components each start with a '"use strict";' line."""
    parts = BRYTHON_JS.read_text(encoding="utf-8").split('\n"use strict";\n')
    for name, signature in UNUSED_PARTS.items():
        found = [i for i, part in enumerate(parts) if part and signature in part]
        if len(found) != 1:
            raise BuildError(f"brython {brython.__version__}: cannot find its {name} (heldback/building/brython_runtime.py UNUSED_PARTS)")
        parts[found[0]] = None
    runtime = '\n"use strict";\n'.join(part for part in parts if part is not None)
    for name, (old, new) in RUNTIME_PATCHES.items():
        if runtime.count(old) != 1:
            raise BuildError(f"brython {brython.__version__}: cannot find the {name} (heldback/building/brython_runtime.py RUNTIME_PATCHES)")
        runtime = runtime.replace(old, new)
    return own_for_in(runtime) + UNUSED_STUBS
