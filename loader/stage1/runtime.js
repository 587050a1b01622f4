// Stage 1's dialect is Python syntax over JavaScript values: PScript compiles it without its own
// helpers (which emulate Python's truthiness, equality and methods, and would weigh about 1 KB gzip),
// and these are the helpers it calls instead, with JavaScript semantics. `for x in` iterates arrays
// only (the build drops PScript's dict-keys conversion). The build fails if PScript needs a helper
// that is not here.
var _pyfunc_truthy = function (x) { return x; };
var _pyfunc_op_equals = function (a, b) { return a === b; };
var _pyfunc_op_add = function (a, b) { return a + b; };
var _pyfunc_str = String;
var _pyfunc_int = parseInt;
var _pymeth_split = String.prototype.split;
var _pymeth_join = Array.prototype.join;
var _pymeth_get = Map.prototype.get;
