/*
 * A TEST DOUBLE of Customer.io's classic `track.js` (Journeys Web SDK). The real file is not
 * published anywhere we can obtain it (research/customerio.md, A.1), so this follows the documented
 * contract (A.6) and marks what is assumed:
 *   - reads #cio-tracker's data-site-id;
 *   - keeps window._cio as the same array, replaces its push with a dispatcher and drains the
 *     queued [method, ...args] entries in order;
 *   - sets _cioanonid (UUID, 365 days) and, on identify, _cioid (365 days), Path=/;
 *   - ASSUMED transport: one image pixel per call to
 *       <track host>/events/<identify|track|page>.gif?s=<site id>&data=<JSON of the arguments>
 *     where <track host> is https://track.customer.io (https://track-eu.customer.io for track-eu.js),
 *     or the origin this file came from when that is not assets.customer.io (the demo sandbox);
 *   - ASSUMED: after the queue, a page view unless data-auto-track-page="false";
 *   - each pixel numbered (n=1, 2, ...), as tracking pixels carry a cache-buster.
 */
(function () {
  var cio = window._cio = window._cio || [];
  var tag = document.getElementById("cio-tracker");
  var siteId = tag ? tag.getAttribute("data-site-id") : "";
  var me = document.currentScript ? new URL(document.currentScript.src) : new URL("https://assets.customer.io/");
  var trackUrl = me.hostname === "assets.customer.io"
    ? (/track-eu\.js$/.test(me.pathname) ? "https://track-eu.customer.io" : "https://track.customer.io")
    : me.origin;
  var year = 365 * 86400;

  function setCookie(name, value) {
    document.cookie = name + "=" + encodeURIComponent(value) + "; Path=/; Max-Age=" + year + "; SameSite=Lax";
  }
  function getCookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : "";
  }
  var sent = 0;
  function send(kind, args) {  // n: a browser reuses an image it already has, so equal pixels would merge
    new Image().src = trackUrl + "/events/" + kind + ".gif?s=" + encodeURIComponent(siteId) + "&n=" + (++sent) +
      "&anon=" + encodeURIComponent(getCookie("_cioanonid")) + "&data=" + encodeURIComponent(JSON.stringify(args));
  }

  var methods = {
    identify: function (attributes) { setCookie("_cioid", attributes && attributes.id); send("identify", [attributes]); },
    sidentify: function (attributes) { methods.identify(attributes); },
    track: function (name, data) { send("track", [name, data]); },
    page: function (url, data) { send("page", [url || location.href, data]); },
    reset: function () { setCookie("_cioid", ""); document.cookie = "_cioid=; Path=/; Max-Age=0"; },
    load: function () {}, on: function () {}, off: function () {},
  };
  function dispatch(call) {
    var method = methods[call[0]];
    if (method) method.apply(null, call.slice(1));
  }

  if (!getCookie("_cioanonid")) setCookie("_cioanonid", crypto.randomUUID());
  var queued = cio.splice(0, cio.length);
  cio.push = function () { for (var i = 0; i < arguments.length; i++) dispatch(arguments[i]); return cio.length; };
  for (var name in methods) cio[name] = (function (n) { return function () { dispatch([n].concat([].slice.call(arguments))); }; })(name);
  cio.cookieNamespace = "_cio";
  cio._trackUrl = trackUrl;
  cio._findCustomer = function () { return getCookie("_cioid"); };
  for (var i = 0; i < queued.length; i++) dispatch(queued[i]);
  if (!tag || tag.getAttribute("data-auto-track-page") !== "false") send("page", [location.href]);
})();
