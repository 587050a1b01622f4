// Stage 1's dialect is Python syntax over JavaScript values: PScript compiles it without its own
// helpers (which emulate Python's truthiness, equality and methods, and would weigh about 1 KB gzip),
// and these are the helpers it calls instead, with JavaScript semantics. Truthiness, `==` and `+`
// are JavaScript's own operators, and `for x in` is an index loop over an array or a DOM list: the
// compiler writes them so (heldback/building/pscript_dialect.py Dialect).
// PScript calls a method helper as `helper.call(target, ...)`: each `call` here is the native
// method itself, bound so that nothing is looked up later (heldback/loader/stage1/natives.py says why).
// The build fails if PScript needs a helper that is not here.
var _pyfunc_str = String;
var _pyfunc_int = parseInt;
var _pymeth_split = {call: Function.prototype.call.bind(String.prototype.split)};
var _pymeth_join = {call: Function.prototype.call.bind(Array.prototype.join)};
