// The start of consent-app.js (stage 2): the browser's own globals for the Brython runtime.
//
// Stage 2 arrives after the page's scripts have run, and the runtime reads globals and built-in
// methods as it runs: a page that replaced one (a polyfill, a test double, a careless script) would
// stop the visitor from deciding. So where the page replaced one with a function that is not the
// browser's, the browser's own is taken from a new, empty realm (an about:blank frame, made and
// removed at once) and put in place of the page's for as long as stage 2 runs: its start, each call
// stage 1 makes into it (clicks, API calls) and its event listeners (stage1.guard). Then the page's
// value comes back, unless the page changed it meanwhile. This code itself uses nothing the page may
// have replaced once the realm is there. Enumerable additions to Object.prototype are another matter:
// the runtime's for-in loops skip them (heldback/building/brython_runtime.py own_for_in).
var withNatives = (function () {
  var RESTORED = [
    [function (w) { return w }, ["URL", "Map", "Set", "WeakMap", "WeakSet", "Promise", "Symbol", "Proxy"]],
    [function (w) { return w.JSON }, ["parse", "stringify"]],
    [function (w) { return w.Object }, ["keys", "values", "entries", "assign", "create", "defineProperty",
      "defineProperties", "getOwnPropertyDescriptor", "getOwnPropertyNames", "getPrototypeOf", "setPrototypeOf",
      "freeze"]],
    [function (w) { return w.Array }, ["isArray", "from", "of"]],
    [function (w) { return w.Function.prototype }, ["call", "apply", "bind", "toString"]],
    [function (w) { return w.Array.prototype }, ["indexOf", "lastIndexOf", "includes", "push", "pop", "shift",
      "unshift", "slice", "splice", "concat", "join", "map", "forEach", "filter", "some", "every", "find",
      "findIndex", "reduce", "reverse", "sort", "fill", "keys", "values", "entries"]],
    [function (w) { return w.String.prototype }, ["split", "indexOf", "lastIndexOf", "includes", "replace",
      "replaceAll", "slice", "substring", "substr", "startsWith", "endsWith", "toLowerCase", "toUpperCase",
      "trim", "charAt", "charCodeAt", "codePointAt", "padStart", "padEnd", "repeat", "normalize", "match",
      "search"]],
    [function (w) { return w.RegExp.prototype }, ["exec", "test"]]
  ];
  var swaps = [], apply = Reflect.apply, ownSource = Function.prototype.toString;  // swaps: [object, key, value]
  function native(value, name, source) {  // a function of the browser's, by that name
    try { return apply(source, value, []) === "function " + name + "() { [native code] }" } catch (e) { return false }
  }
  function holdersIn(w) {
    var holders = [];
    for (var i = 0; i < RESTORED.length; i++) holders[i] = RESTORED[i][0](w);
    return holders;
  }
  try {
    var page = holdersIn(window), iterator = Symbol.iterator, suspects = [];
    for (var j = 0; j < RESTORED.length; j++) {
      for (var k = 0; k < RESTORED[j][1].length; k++) {
        var key = RESTORED[j][1][k];
        if (!native(page[j][key], key, ownSource)) suspects[suspects.length] = [j, key];
      }
    }
    var iteratorsReplaced = !native(Array.prototype[iterator], "values", ownSource) ||
      !native(String.prototype[iterator], "[Symbol.iterator]", ownSource);
    if (suspects.length || iteratorsReplaced) {  // only then: a new frame costs some 20 ms
      var frame = document.createElement("iframe");
      frame.hidden = true;
      document.documentElement.appendChild(frame);
      var realm = frame.contentWindow, own = holdersIn(realm), values = [];
      for (var n = 0; n < suspects.length; n++) values[n] = own[suspects[n][0]][suspects[n][1]];  // read now: a
      var iterators = [realm.Array.prototype[iterator], realm.String.prototype[iterator]];  // removed frame's
      apply = realm.Reflect.apply;                                                           // window is empty
      var parse = inThisRealm(realm.JSON.parse, realm.Array.isArray, realm.Object.keys, realm.Object.create,
                              realm.Object.defineProperty);
      frame.remove();  // what was taken from the realm keeps working
      for (var m = 0; m < suspects.length; m++) {
        var object = page[suspects[m][0]], name = suspects[m][1];
        swaps[swaps.length] = [object, name, object === page[1] && name === "parse" ? parse : values[m]];
      }
      if (iteratorsReplaced) {
        swaps[swaps.length] = [Array.prototype, iterator, iterators[0]];
        swaps[swaps.length] = [String.prototype, iterator, iterators[1]];
      }
    }
  } catch (error) {  // e.g. in a sandboxed frame, whose new frames it may not read
    console.warn("cmp: no new realm to read the browser's own globals from; stage 2 runs with the page's", error);
  }

  // JSON.parse of the other realm makes that realm's objects, which the runtime does not take for
  // plain objects: the same parse, with every object and array copied into this realm
  function inThisRealm(parse, isArray, keys, create, define) {
    function ours(value) {
      if (value === null || typeof value !== "object") return value;
      var copy = isArray(value) ? [] : {}, names = keys(value);
      for (var i = 0; i < names.length; i++) {
        var field = create(null);
        field.value = value[names[i]];
        field.writable = field.enumerable = field.configurable = true;
        define(copy, names[i], field);
      }
      return copy;
    }
    return function (text, reviver) {
      return parse(text, function (key, value) {
        value = ours(value);
        return reviver ? apply(reviver, this, [key, value]) : value;
      });
    };
  }

  return function (run, args) {
    var replaced = [];
    for (var i = 0; i < swaps.length; i++) {
      var swap = swaps[i], value = swap[0][swap[1]];
      if (value !== swap[2]) {
        try { swap[0][swap[1]] = swap[2]; replaced[replaced.length] = [swap, value] } catch (e) {}
      }
    }
    try {
      return apply(run, this, args);
    } finally {
      for (var j = replaced.length - 1; j >= 0; j--) {
        var item = replaced[j];
        if (item[0][0][item[0][1]] === item[0][2]) item[0][0][item[0][1]] = item[1];
      }
    }
  };
})();
