// Build-time only: compile Python modules to JavaScript with Brython's own compiler, so the
// visitor's browser never parses Python. Called by loader/bundle.py.
//
// stdin:  {"runtime": "<path of brython.js>", "modules": [[name, filename, source], ...]}
// stdout: {"<name>": {"js": "<module code>", "imports": ["<module>", ...]}, ...}
// A Python error exits 1 with "<filename>:<line>: <message>" on stderr.
"use strict";
const fs = require("fs");
const vm = require("vm");

const request = JSON.parse(fs.readFileSync(0, "utf8"));

// Brython starts its compile-time name counters (locals such as Config313839) at Math.random():
// a fixed-seed generator makes the output, and so dist/, reproducible.
let seed = 1;
Math.random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

// brython.js expects a browser page; these are the only globals it touches while loading.
globalThis.self = globalThis;
globalThis.addEventListener = () => {};
globalThis.module = {};
vm.runInThisContext(fs.readFileSync(request.runtime, "utf8"), { filename: "brython.js" });
const $B = globalThis.__BRYTHON__;

const compiled = {};
for (const [name, filename, source] of request.modules) {
  $B.url2name[filename] = name; // names the module's namespace locals_<name>, as the importer expects
  try {
    const root = $B.py2js({ src: source, filename, imported: true }, name, name, $B.builtins_scope);
    compiled[name] = { js: root.to_js(), imports: Object.keys(root.imports) };
  } catch (error) {
    const where = error.args ? `${filename}:${error.lineno ?? "?"}` : filename;
    process.stderr.write(`${where}: ${error.args ? error.args[0] : error.stack}\n`);
    process.exit(1);
  }
}
process.stdout.write(JSON.stringify(compiled));
