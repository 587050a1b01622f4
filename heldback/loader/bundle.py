"""Build dist/ from source: the files a site serves.

- ``consent.js`` (stage 1): heldback/loader/stage1/*.py in PScript's Python dialect, compiled ahead of time to
  standalone JavaScript over a few lines of runtime (heldback/loader/stage1/runtime.js), with the facts it
  needs baked in from heldback/core (hosts, categories, cookie).
- ``consent-app.js`` (stage 2): the Brython runtime followed by the ``heldback`` package, precompiled to
  JavaScript here with Brython's own compiler, so visitors never parse Python.
- ``consent-banner.<language>.js``: the first layer (heldback/loader/first_layer.py), one file per language:
  the banner, made here from heldback/core/views.py, and the decisions it makes without stage 2.
- ``consent-sw.js``: the network guard, a service worker a site may opt into (heldback/loader/consent_sw.py).
- ``cmp_consent.py``: window.cmp for Python on PyScript pages (heldback/pyscript), as it is.

All go through terser, which also escapes every non-ASCII character: the files then work whatever
encoding the page declares (or fails to). terser and Brython's compiler run in QuickJS, in this
process (toolchain.py): no Node.js. The output depends only on the sources, the config and the
pinned tool versions, so a rebuild reproduces the committed dist/ byte for byte.
"""

import ast
import gzip
import hashlib
import json
import os
import re
from importlib.metadata import version
from pathlib import Path

import brotli
import pscript

import brython
from heldback.core import config_schema, consent_record, fetching, handover, policy, receipts, views
from heldback.core.config import Config
from heldback.loader import toolchain

PACKAGE = Path(__file__).resolve().parent.parent  # heldback/
ROOT = PACKAGE.parent  # in a checkout: dist/, node_modules/ (test fixtures)
STAGE1_DIR = Path(__file__).resolve().parent / "stage1"
STAGE1_PARTS = ("natives", "dom", "strict", "hosts", "guard", "elements", "markup", "inert", "written", "styles", "network", "queues", "record", "release", "language", "api", "main")  # one scope, in this order
BRYTHON_JS = toolchain.BRYTHON_JS
LOADER_FILE = "consent.js"
APP_FILE = "consent-app.js"
BANNER_FILES = "consent-banner.{}.js"  # the first layer, one per language
LAYER_DOM = Path(__file__).resolve().parent / "layer_dom.py"  # in the first layer, and stage 1's floating button
SERVICE_WORKER_FILE = "consent-sw.js"  # the network guard, opt-in (heldback/loader/consent_sw.py)
PYSCRIPT_FILE = "cmp_consent.py"  # for PyScript pages: copied from heldback/pyscript as it is
BAKED_MODULE = "cmp_baked"  # stage 2's view of the config, generated here
ENTRY = "from heldback.web import main\nmain.start(handover)\n"  # handover: set by build_app's glue
BRYTHON_BUILTINS = ("browser", "javascript")  # modules inside the Brython runtime itself


class BuildError(Exception):
    pass


def build(config: Config, out_dir: Path, precompressed: bool = True) -> dict[str, int]:
    """Write the files into ``out_dir``, each script with its precompressed copies (``.gz``, ``.br``:
    a server can send them as they are, heldback/server/built_files.py); return their sizes.
    Nothing is written if any step fails. ``precompressed=False``: the scripts alone (brotli's best
    takes about 2 s of a 6 s build; the tests' server sends files as they are)."""
    texts = {LOADER_FILE: build_loader(config),
             **{BANNER_FILES.format(code): build_first_layer(config, code) for code in config.texts},
             APP_FILE: build_app(config),
             SERVICE_WORKER_FILE: build_service_worker(config),
             PYSCRIPT_FILE: (PACKAGE / "pyscript" / PYSCRIPT_FILE).read_text(encoding="utf-8")}
    files = {}
    for name, text in texts.items():
        data = files[name] = text.encode()
        if precompressed and name.endswith(".js"):
            files[name + ".gz"] = gzip.compress(data, 9, mtime=0)  # no time stamp: reproducible
            files[name + ".br"] = brotli.compress(data, quality=11)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        tmp = out_dir / (name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(out_dir / name)
    return {name: len(data) for name, data in files.items()}


# Stage 1 -------------------------------------------------------------------------------------------

def loader_settings(config: Config) -> dict:
    """The facts stage 1 needs, derived from the config and heldback/core (defined there once)."""
    return {
        "COOKIE": consent_record.COOKIE,
        "RECORD_PART": consent_record.part_pattern(),
        "CATEGORY_SEPARATOR": consent_record.CATEGORY_SEPARATOR,
        "MAX_CLOCK_SKEW": consent_record.MAX_CLOCK_SKEW,
        "REVISION": config.revision,
        "LIFETIME": config.lifetime_days * consent_record.DAY,
        "KEYS": config.consent_keys,
        "CATEGORIES": config.category_names,
        "HOSTS": [[host, v["key"]] for v in config.vendors for host in v["hosts"]],
        "FETCHING_LIST": list(fetching.FETCHING),
        "HELD_LIST": list(fetching.HELD),
        "URL_LIST_NAMES": list(fetching.URL_LISTS),
        "LIST_SEPARATOR_CHARACTERS": list(fetching.LIST_SEPARATORS),
        "QUEUES": [[name, v["key"], list(methods)] for v in config.vendors for name, methods in v["queues"].items()
                   if name not in v["object_queues"] and name not in v["function_queues"]],
        "MODES": list(config_schema.MODES),
        "MODE": config.mode,
        "GPC_KEYS": policy.refused_by_gpc(config),
        "RELOAD": config.reload_on_withdraw,
        "FIRST_LAYER": list(policy.first_layer(config)),
        "APP_FILE": APP_FILE,
        "LANGUAGES": list(config.texts),
        "BANNER_FILES": BANNER_FILES,
        "LANGUAGE": config.language,
        "DEFAULT_LANGUAGE": config.default_language,
        "MARK": handover.MARK,
    }


def optional_parts(config: Config) -> dict[str, dict]:
    """The stage 1 parts this config asks for, each with the settings it needs baked: a site pays
    only for what it uses. They hook into stage 1 through `extensions` (release.py)."""
    parts = {}
    if config.google_consent_mode:
        parts["consent_mode"] = {"CONSENT_SIGNALS": list(config.google_consent_mode["signals"].items()),
                                 "WAIT_FOR_UPDATE": config.google_consent_mode["wait_for_update"]}
    if config.floating_button:
        parts["floating"] = {"FLOATING": {language: views.floating(texts) for language, texts in config.texts.items()},
                             "FLOATING_STYLE": compact(views.FLOATING_STYLE)}
    if config.receipt_endpoint:
        parts["receipts"] = {"RECEIPT_ENDPOINT": config.receipt_endpoint, "RECEIPTS_KEY": receipts.KEY}
    objects = [[name, v["key"], list(methods), *v["object_queues"][name]]
               for v in config.vendors for name, methods in v["queues"].items() if name in v["object_queues"]]
    if objects:
        parts["object_queues"] = {"OBJECT_QUEUES": objects}
    functions = [[name, v["key"], *shape] for v in config.vendors for name, shape in v["function_queues"].items()]
    if functions:
        parts["function_queues"] = {"FUNCTION_QUEUES": functions}
    if config.service_worker:
        parts["service_worker"] = {"SERVICE_WORKER": config.service_worker,
                                   "SERVICE_WORKER_SCOPE": config.service_worker_scope}
    return parts


def build_loader(config: Config) -> str:
    optional = optional_parts(config)
    settings = {**loader_settings(config), **{k: v for part in optional.values() for k, v in part.items()}}
    baked, literals = bake(settings)
    names = [*STAGE1_PARTS[:-1], *optional, STAGE1_PARTS[-1]]  # main.py last: it starts everything
    paths = [STAGE1_DIR / f"{name}.py" for name in names]
    if "floating" in optional:  # it draws views nodes as the first layer does
        paths.insert(names.index("floating"), LAYER_DOM)
    parts = [("(baked settings)", baked)] + [(str(path.relative_to(ROOT)), path.read_text()) for path in paths]
    return f"/* heldback stage 1 */\n{compile_pscript(parts, literals)}"


def build_service_worker(config: Config) -> str:
    """consent-sw.js: consent_sw.py over the parts of stage 1 a worker has (no DOM)."""
    baked, literals = bake(loader_settings(config))
    paths = [STAGE1_DIR / "natives.py", STAGE1_DIR / "hosts.py", STAGE1_DIR / "record.py",
             Path(__file__).resolve().parent / "consent_sw.py"]
    parts = [("(baked settings)", baked)] + [(str(path.relative_to(ROOT)), path.read_text()) for path in paths]
    return f"/* heldback service worker */\n{compile_pscript(parts, literals)}"


def bake(settings: dict) -> tuple[str, dict[str, str]]:
    """PScript source setting each of ``settings``, and the literals compile_pscript writes in: dicts
    and nodes (tuples) as JavaScript literals after PScript (it would need a helper for keys such as
    "opt-in"; JSON.parse would run when the page may have replaced it)."""
    literals = {name: json.dumps(value) for name, value in settings.items() if isinstance(value, (dict, tuple))}
    source = "".join(f"{name} = {'None' if name in literals or value is None else json.dumps(value)}\n"
                     for name, value in settings.items())
    return source, literals


def build_first_layer(config: Config, code: str) -> str:
    """The first layer in language ``code``: the banner as heldback/core/views.py makes it (stage 2 shows the
    same), its text in each mode, and the decisions it makes without stage 2 (heldback/core/policy.py),
    written as heldback/core/consent_record.py says."""
    texts = config.texts[code]
    settings = {"BANNER": views.banner(config, texts, views.NOTICES[config_schema.MODES[0]], True),
                "NOTICES": {mode: views.notice_text(config, texts, key) for mode, key in views.NOTICES.items()},
                "FLOATING": views.floating(texts) if config.floating_button else None,
                "DECISIONS": policy.first_layer(config), "STYLE": compact(views.FLOATING_STYLE + views.BANNER_STYLE),
                "MARK": handover.MARK, "CODE": code,
                "TEMPLATE": consent_record.TEMPLATE, "COOKIE": consent_record.COOKIE,
                "ATTRIBUTES": consent_record.ATTRIBUTES, "MAX_AGE": str(config.lifetime_days * consent_record.DAY),
                "REVISION": config.revision}
    baked, literals = bake(settings)
    source = Path(__file__).resolve().parent / "first_layer.py"
    js = compile_pscript([('(baked settings)', baked), ('heldback/loader/layer_dom.py', LAYER_DOM.read_text()),
                          ('heldback/loader/first_layer.py', source.read_text())], literals, prologue=connect_to_stage1("door"))
    return f"/* heldback first layer ({code}) */\n{js}"


def compact(css: str) -> str:
    """views' CSS without its line breaks (they fall between declarations and rules only)."""
    return re.sub(r"\n\s*", "", css)


def connect_to_stage1(name: str) -> str:
    """A layer's first statement: ``name`` becomes stage 1's door for it (heldback/loader/stage1/api.py
    connect), or null. First, so that nothing the page may have replaced runs before it (while this
    script runs, the page could otherwise connect in its place)."""
    key = json.dumps(handover.MARK)
    return f"var {name} = typeof window[{key}] === \"function\" ? window[{key}]() : null;\n"


def compile_pscript(parts: list[tuple[str, str]], literals: dict[str, str] | None = None, prologue: str = "") -> str:
    """PScript-dialect Python (one scope, in order) to minified standalone JavaScript. ``literals``:
    {name: JavaScript expression} for names the source sets to None, written in in their place;
    ``prologue``: JavaScript that runs first."""
    source = "".join(text for _, text in parts)
    for name, text in parts:  # CPython's syntax check names the file and line; PScript's would not
        try:
            compile(text, name, "exec")
        except SyntaxError as error:
            raise BuildError(f"{name}:{error.lineno}: {error.msg}") from None
    try:
        js = pscript.py2js(source, inline_stdlib=False)
    except Exception as error:
        raise BuildError(f"PScript: {error}") from None
    js = declared_where_set(index_loops(rest_arguments(unbound(inline_operators(js), source))))
    runtime = (STAGE1_DIR / "runtime.js").read_text()
    needed = set(re.findall(r"\b_py(?:func|meth)_\w+", js))
    missing = sorted(needed - set(re.findall(r"var (_py\w+) =", runtime)))
    if missing:
        raise BuildError(f"PScript needs helpers that heldback/loader/stage1/runtime.js lacks: {', '.join(missing)}")
    runtime = "".join(line for line in runtime.splitlines(keepends=True)  # only the helpers this file calls
                      if not line.startswith("var _py") or line.split(" ")[1] in needed)
    js = re.sub(r"\n\s*return null;(\n\s*\};)", r"\1", js)  # PScript's implicit `return null`: pages expect undefined
    if "Array.isArray(stub" in js:
        raise BuildError("stage 1: a `for` loop PScript wrote in a form index_loops does not know")
    for name, literal in (literals or {}).items():
        js, count = re.subn(rf"^(var )?{name} = null;$", lambda m: f"{m.group(1) or ''}{name} = {literal};", js,
                            flags=re.MULTILINE)
        if count != 1:
            raise BuildError(f"cannot write the literal of {name}: its `{name} = None` is not there once")
    return minify(f"(function(){{\n{prologue}{runtime}{js}\n}})();\n", passes=3)


# PScript's helpers that are plain JavaScript operators in stage 1's dialect (runtime.js), written as
# the operators: a function call for every `if`, `==` and `+` would cost bytes and time on every page view.
# Each operand keeps its parentheses (an argument such as `c ? "1" : "0"` binds looser than `+`); the
# minifier drops those that are not needed.
OPERATORS = {"_pyfunc_truthy": "({0})", "_pyfunc_op_equals": "(({0}) === ({1}))", "_pyfunc_op_add": "(({0}) + ({1}))"}


def inline_operators(js: str) -> str:
    call = re.compile(r"\b(" + "|".join(OPERATORS) + r")\(")
    while match := call.search(js):  # the outermost first; its arguments are copied as they are
        arguments, end = call_arguments(js, match.end())
        js = js[:match.start()] + OPERATORS[match.group(1)].format(*arguments) + js[end:]
    return js


def index_loops(js: str) -> str:
    """PScript's ``for x in seq`` without its dict case (``Array.isArray`` and ``Object.keys``, which
    the page may replace): a plain index loop over an array, read through no prototype (natives.py),
    its index and sequence declared by the loop itself."""
    js = re.sub(r"\n\s*if \(\(typeof (stub\d+_seq) === \"object\"\) && \(!Array\.isArray\(\1\)\)\) "
                r"\{ \1 = Object\.keys\(\1\);\}", "", js)
    js = re.sub(r"(stub\d+_seq) = (.+);\n(\s*)for \((stub\d+_itr) = 0; \4 < \1\.length; \4 \+= 1\) \{",
                r"\3for (let \4 = 0, \1 = \2; \4 < \1.length; \4++) {", js)
    return re.sub(r"\b(var [^;\n]*);", lambda m: without_loop_names(m.group(1)), js)


def without_loop_names(declaration: str) -> str:
    names = [name for name in declaration[4:].split(", ") if not re.fullmatch(r"stub\d+_(seq|itr)", name)]
    return f"var {', '.join(names)};" if names else ";"


def declared_where_set(js: str) -> str:
    """PScript declares every top-level name in one ``var`` at the start; each is declared where it is
    first set instead (the minified file is shorter by the whole list)."""
    first, _, rest = js.partition("\n")
    if not first.startswith("var "):
        return js
    kept = []
    for name in first[4:-1].split(", "):
        rest, count = re.subn(rf"^{re.escape(name)} = ", f"var {name} = ", rest, count=1, flags=re.MULTILINE)
        if not count:
            kept.append(name)
    return (f"var {', '.join(kept)};\n" if kept else "") + rest


def rest_arguments(js: str) -> str:
    """PScript's ``*args`` (a copy of ``arguments`` in the body) as a rest parameter."""
    def rest(match):
        names = [name for name in match.group(3).split(", ") if name != match.group(4)]
        declared = f"{match.group(2)}var {', '.join(names)};\n" if names else ""
        return f"function{match.group(1) or ''} (...{match.group(4)}) {{\n{declared}"

    return re.sub(r"function( \w+)? \(\) \{\n(\s*)var ([\w, ]+);\n\s*(\w+) = Array\.prototype\.slice\.call\(arguments\);\n",
                  rest, js)


def unbound(js: str, source: str) -> str:
    """PScript binds every nested function to the enclosing ``this``. Stage 1 uses ``this`` only as a
    function's own (its first parameter, in PScript's dialect), so the bindings go; the build checks it."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.Lambda)) and not (node.args.args and node.args.args[0].arg == "this"):
            if any(isinstance(n, ast.Name) and n.id == "this" for n in own_nodes(node)):
                raise BuildError(f"stage 1: line {node.lineno} uses `this` without taking it as first parameter")
    return js.replace(").bind(this)", ")")


def own_nodes(node):
    """What ``node`` contains, without the functions defined in it."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, (ast.FunctionDef, ast.Lambda)):
            yield child
            yield from own_nodes(child)


def call_arguments(js: str, start: int) -> tuple[list[str], int]:
    """The arguments of the call whose "(" ends at ``start``, and where its ")" ends (PScript's output
    has string literals but no regular expression or template literals)."""
    arguments, depth, quote, begin, i = [], 0, None, start, start
    while True:
        char = js[i]
        if quote:
            i += char == "\\"  # skip the escaped character
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char in ",)" and not depth:
            arguments.append(js[begin:i].strip())
            if char == ")":
                return arguments, i + 1
            begin = i + 1
        i += 1


# Stage 2 -------------------------------------------------------------------------------------------

def compile_app(config: Config) -> dict[str, dict]:
    """Precompile stage 2: the entry and every module it imports, transitively (nothing else ships).

    Returns {module name: {"js", "imports", "package"}}; "cmp_start" is the entry.
    """
    data = json.dumps(config.data, separators=(",", ":"), sort_keys=True)  # a string: smaller than a compiled literal
    baked = f'"""The site config, resolved at build time."""\nfrom javascript import JSON\n\nCONFIG = JSON.parse({data!r})\n'
    sources = {"cmp_start": (ENTRY, False), BAKED_MODULE: (baked, False)}
    wanted = ["cmp_start"]
    while wanted:
        name = wanted.pop()
        if name in BRYTHON_BUILTINS or name.split(".")[0] in BRYTHON_BUILTINS:
            continue
        if name not in sources:
            sources[name] = package_source(name)
        wanted.extend(n for n in imported_modules(name, sources[name][0]) if n not in sources)
    # docstrings first: a function a docstring mentions is still unused
    shaken = without_unused_functions({name: without_docstrings(source) for name, (source, _) in sources.items()})
    modules = []
    for name, (_, is_package) in sorted(sources.items()):
        filename = "VFS." + name + ("/__init__.py" if is_package else ".py")
        modules.append([name, filename, shaken[name]])
    compiled = compile_python(modules)
    for name, (_, is_package) in sources.items():
        compiled[name]["package"] = is_package
        if name != "cmp_start":  # the entry is minified with the glue around it
            compiled[name]["js"] = minify_module(name, compiled[name]["js"])
    return compiled


def without_unused_functions(sources: dict[str, str]) -> dict[str, str]:
    """Drop the top-level functions no shipped module mentions (e.g. consent_record.decode, used by
    tests and server tools only), blanking their lines so tracebacks keep their line numbers.
    Repeated until nothing more goes: a helper of a dropped function may go next."""
    while True:
        dropped = False
        for name, source in sources.items():
            lines = source.splitlines(keepends=True)
            for node in ast.parse(source).body:
                if not isinstance(node, ast.FunctionDef):
                    continue
                mention = re.compile(rf"\b{node.name}\b")
                if sum(len(mention.findall(text)) for text in sources.values()) > 1:
                    continue  # its own def is one mention
                first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
                lines[first - 1:node.end_lineno] = ["\n"] * (node.end_lineno - first + 1)
                sources = {**sources, name: "".join(lines)}
                dropped = True
                break
            if dropped:
                break
        if not dropped:
            return sources


def without_docstrings(source: str) -> str:
    """``source`` with each docstring replaced by an empty string spanning the same lines: the
    browser does not need them, and tracebacks keep their line numbers."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line, column):  # ast columns count UTF-8 bytes
        return starts[line - 1] + len(lines[line - 1].encode()[:column].decode())

    docstrings = []
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.append(first.value)
    for node in sorted(docstrings, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        start, end = offset(node.lineno, node.col_offset), offset(node.end_lineno, node.end_col_offset)
        source = source[:start] + '(""' + "\n" * (node.end_lineno - node.lineno) + ")" + source[end:]
    return source


def minify_module(name: str, js: str) -> str:
    """A precompiled module's code as a minified JavaScript function that runs it and returns its
    namespace: Brython's importer calls it (RUNTIME_PATCHES), where it would evaluate a string."""
    code = minify(f"var module=function(){{{js}\nreturn locals_{name.replace('.', '_')}}}")
    if not (code.startswith("var module=function(){") and code.endswith("};\n")):
        raise BuildError(f"terser changed the shape of module {name}")
    return code[len("var module="):-2]


def imported_modules(name: str, source: str) -> list[str]:
    """Modules ``source`` imports: each imported name, its parent packages, submodules named by from-imports."""
    filename = f"{name.replace('.', '/')}.py"
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as error:
        raise BuildError(f"{filename}:{error.lineno}: {error.msg}") from None
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names if is_module(f"{node.module}.{alias.name}"))
    with_parents = []
    for module in found:
        parts = module.split(".")
        with_parents.extend(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return with_parents


def is_module(name: str) -> bool:
    return module_file(name) is not None


def module_file(name: str) -> Path | None:
    """The file of module ``name`` of the heldback package (``__init__.py`` for a package), or None."""
    if name.split(".")[0] != PACKAGE.name:
        return None
    path = ROOT.joinpath(*name.split("."))
    return next((f for f in (path / "__init__.py", path.with_suffix(".py")) if f.exists()), None)


def package_source(name: str) -> tuple[str, bool]:
    """Source of module ``name`` of the heldback package, and whether it is a package."""
    file = module_file(name)
    if file is None:
        raise BuildError(f"stage 2 imports {name!r}, which is neither part of heldback nor built into Brython")
    return file.read_text(encoding="utf-8"), file.name == "__init__.py"


def build_app(config: Config) -> str:
    compiled = compile_app(config)
    entry = compiled.pop("cmp_start")["js"]
    vfs, precompiled = {}, []
    for name, module in sorted(compiled.items()):
        vfs[name] = [".py", "", module["imports"]] + ([1] if module["package"] else [])
        precompiled.append(f"{json.dumps(name)}:" + (f"[{module['js']}]" if module["package"] else module["js"]))
    glue = minify(
        "(function($B){\n"
        # stage 1's door (connected first thing in the file: build_app), for stage 2's entry; stage 1's
        # calls into stage 2 and stage 2's listeners run with the browser's globals
        "var guard = function (run) { return function () { return withNatives(run, arguments) } };\n"
        "var handover = stage1 && {attach: function (handler) { return stage1.attach(guard(handler)) }, guard: guard,\n"
        "  decided: stage1.decided, state: stage1.state, granted: stage1.granted, mode: stage1.mode};\n"
        "$B.use_VFS = true;\n"
        f"$B.update_VFS({json.dumps(vfs, sort_keys=True)});\n"
        "Object.assign($B.precompiled, CMP_MODULES);\n"
        "if (!$B.options_parsed) { $B.$options = $B.parse_options({}) }\n"
        "$B.script_path = location.href.split('#')[0];\n"
        "$B.imported.cmp_start = $B.module.$factory('cmp_start');\n"
        "$B.module_setattr($B.imported.cmp_start, 'handover', handover ? $B.jsobj2pyobj(handover) : $B.builtins.None);\n"
        "try {\n"
        f"(function(){{\n{entry}\n}})();\n"
        "} catch (error) {\n"
        "  console.error('cmp: the consent manager failed to start; vendors stay blocked.');\n"
        "  $B.handle_error ? $B.handle_error(error) : console.error(error);\n"
        "}\n"
        "$B.module_setattr($B.imported.cmp_start, 'handover', $B.builtins.None);\n"  # the door stays with stage 2's app
        "})(__BRYTHON__);\n"
    )
    header = f"/* heldback stage 2: the heldback package on Brython {brython.__version__} (BSD-3-Clause, brython.info) */\n"
    if glue.count("CMP_MODULES") != 1:
        raise BuildError("terser changed the stage 2 glue")
    prelude = minify((Path(__file__).parent / "stage2_natives.js").read_text())  # defines withNatives
    body = minify(trimmed_runtime()) + "\n" + glue.replace("CMP_MODULES", "{" + ",".join(precompiled) + "}")
    return f"{header}(function(){{\n{connect_to_stage1('stage1')}{prelude}withNatives(function(){{\n{body}}}, []);\n}})();\n"


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
  function missing() { throw new Error("cmp: not in this trimmed Brython runtime (see heldback/loader/bundle.py UNUSED_PARTS)") }
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
            raise BuildError(f"brython {brython.__version__}: cannot find its {name} (heldback/loader/bundle.py UNUSED_PARTS)")
        parts[found[0]] = None
    runtime = '\n"use strict";\n'.join(part for part in parts if part is not None)
    for name, (old, new) in RUNTIME_PATCHES.items():
        if runtime.count(old) != 1:
            raise BuildError(f"brython {brython.__version__}: cannot find the {name} (heldback/loader/bundle.py RUNTIME_PATCHES)")
        runtime = runtime.replace(old, new)
    return own_for_in(runtime) + UNUSED_STUBS


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


# Tools ---------------------------------------------------------------------------------------------

def minify(js: str, passes: int = 1, reserved: str = "") -> str:
    """terser's output, cached by content (most of stage 2 is the same for every config)."""
    tools = f"terser {toolchain.TERSER_VERSION} quickjs {version('quickjs')} {passes} {reserved}"
    cache = cache_dir() / "minified" / (hashlib.sha256(f"{tools}\0{js}".encode()).hexdigest()[:32] + ".js")
    if cache.exists():
        return cache.read_text(encoding="utf-8")
    try:
        minified = toolchain.minify(js, passes, reserved)
    except toolchain.ToolError as error:
        raise BuildError(str(error)) from None
    write_cache(cache, minified)
    return minified


def compile_python(modules: list[list[str]]) -> dict[str, dict]:
    try:
        return toolchain.compile_python(modules)
    except toolchain.ToolError as error:
        raise BuildError(str(error)) from None
