// Stage 1's dialect is Python syntax over JavaScript values: PScript compiles it without its own
// helpers (which emulate Python's truthiness, equality and methods, and would weigh about 1 KB gzip),
// and these are the helpers it calls instead, with JavaScript semantics. Truthiness, `==` and `+`
// are JavaScript's own operators (the build writes them in place: loader/bundle.py OPERATORS).
// `for x in` is JavaScript's `for of`, over arrays and DOM lists (the build writes it so: for_of).
// The build fails if PScript needs a helper that is not here.
var _pyfunc_str = String;
var _pyfunc_int = parseInt;
var _pymeth_split = String.prototype.split;
var _pymeth_join = Array.prototype.join;
var _pymeth_get = Map.prototype.get;
