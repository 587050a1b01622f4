/*
 * Demo only: the "What Customer.io sees" panel.
 *
 * Left: the Customer.io calls this page has made that are still held in memory (window._cio and
 * window.cioanalytics while they are plain queues). Right: what the local Customer.io sandbox has
 * received from this browser, read from this site's own /api/sandbox/events (the panel never
 * contacts the sandbox host itself: the consent manager blocks that host, and the panel must not
 * count as traffic). The sandbox is shared by every visitor of the demo: the panel asks for the
 * events of the anonymous ids Customer.io's SDKs keep in this browser (none before they ran).
 * Everything is rendered with textContent.
 */
(function () {
  "use strict";
  var STORE = "pulse.panel";
  var POLL_MS = 700;
  var CATEGORY = "marketing"; // Customer.io's category in the demo config

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function compact(value) {
    try {
      var text = JSON.stringify(value);
      return text === undefined ? String(value) : text;
    } catch (error) {
      return String(value);
    }
  }

  function consent() {
    return window.cmp && typeof window.cmp.getConsent === "function" ? window.cmp.getConsent() : null;
  }

  // Build the panel ---------------------------------------------------------------------------
  var panel = el("aside", "cio-panel");
  panel.id = "cio-panel";
  panel.setAttribute("aria-label", "What Customer.io sees");
  var header = el("header");
  var title = el("h2", null, "What Customer.io sees");
  var reset = el("button", null, "Reset sandbox");
  reset.type = "button";
  reset.setAttribute("data-panel-action", "reset");
  var toggle = el("button", null, "Hide");
  toggle.type = "button";
  toggle.setAttribute("data-panel-action", "toggle");
  toggle.setAttribute("aria-controls", "cio-panel-body");
  header.append(title, reset, toggle);

  var status = el("p", "cio-status");
  status.setAttribute("data-panel", "status");
  status.setAttribute("aria-live", "polite");

  var columns = el("div", "cio-columns");
  columns.id = "cio-panel-body";
  var heldSection = el("section");
  heldSection.setAttribute("data-panel", "held");
  var heldNote = el("p", "cio-note");
  var heldList = el("ol", "cio-list");
  heldSection.append(el("h3", null, "Held in memory (this page)"), heldNote, heldList);
  var gotSection = el("section");
  gotSection.setAttribute("data-panel", "received");
  var gotNote = el("p", "cio-note");
  var gotList = el("ol", "cio-list");
  gotSection.append(el("h3", null, "Received by the sandbox"), gotNote, gotList);
  columns.append(heldSection, gotSection);
  panel.append(header, status, columns);

  function entry(number, sdk, type, args) {
    var item = el("li");
    var head = el("div", "cio-head");
    if (number != null) head.append(el("span", "cio-num", "#" + number));
    head.append(el("span", "cio-sdk", sdk), el("span", "cio-type", type));
    item.append(head, el("code", null, compact(args)));
    return item;
  }

  // Collapse ----------------------------------------------------------------------------------
  function setOpen(open) {
    panel.classList.toggle("collapsed", !open);
    document.body.classList.toggle("cio-panel-open", open);
    toggle.textContent = open ? "Hide" : "Show";
    toggle.setAttribute("aria-expanded", String(open));
    try { sessionStorage.setItem(STORE, open ? "open" : "closed"); } catch (error) { /* storage off */ }
  }

  toggle.addEventListener("click", function () { setOpen(panel.classList.contains("collapsed")); });

  // Consent status ----------------------------------------------------------------------------
  function renderStatus() {
    var state = consent();
    status.textContent = "";
    status.append("Consent: ");
    if (!state) {
      status.append(el("strong", "undecided", "undecided"), " (Customer.io is held)");
      return;
    }
    var parts = [];
    Object.keys(state).forEach(function (key) {  // the categories: getConsent() gives them as booleans
      if (typeof state[key] === "boolean" && key !== "necessary") parts.push(key + " " + (state[key] ? "✓" : "✗"));
    });
    Object.keys(state.vendors || {}).forEach(function (key) {
      parts.push(key + " " + (state.vendors[key] ? "✓" : "✗"));
    });
    var granted = state[CATEGORY] === true;
    status.append(el("strong", granted ? "granted" : "refused", granted ? "Customer.io allowed" : "Customer.io refused"),
      " · " + parts.join(", "));
  }

  // Held calls --------------------------------------------------------------------------------
  var lastHeld = null;

  function heldView() {
    var state = consent();
    var cio = window._cio;
    var cdp = window.cioanalytics;
    var usesClassic = !!document.getElementById("cio-tracker");
    var usesCdp = !!cdp && (!Array.isArray(cdp) || !!cdp.invoked);
    var entries = [];
    var notes = [];
    if (!usesClassic && !usesCdp) {
      return { note: "This page makes no Customer.io calls.", entries: [] };
    }
    if (state && state[CATEGORY] === false) {
      return { note: "Refused: nothing kept.", entries: [] };
    }
    var classicLoaded = usesClassic && Array.isArray(cio) && cio.push !== Array.prototype.push;
    var cdpLoaded = usesCdp && !Array.isArray(cdp);
    if (usesClassic && !classicLoaded && Array.isArray(cio)) {
      cio.forEach(function (call) { entries.push(["_cio", call]); });
    }
    if (usesCdp && !cdpLoaded) {
      cdp.forEach(function (call) { entries.push(["cioanalytics", call]); });
    }
    if ((usesClassic && classicLoaded) || (usesCdp && cdpLoaded)) {
      notes.push("SDK loaded: queue handed over.");
    }
    if ((usesClassic && !classicLoaded) || (usesCdp && !cdpLoaded)) {
      if (!state) notes.push("Waiting for consent: " + entries.length + " call(s) held, nothing sent.");
      else notes.push("Consent given: loading the SDK…");
    }
    return { note: notes.join(" "), entries: entries };
  }

  function renderHeld() {
    var view = heldView();
    var key = compact(view);
    if (key === lastHeld) return;
    lastHeld = key;
    heldNote.textContent = view.note;
    heldList.textContent = "";
    view.entries.forEach(function (pair) {
      var call = Array.isArray(pair[1]) ? pair[1] : [String(pair[1])];
      heldList.append(entry(null, pair[0], String(call[0]), call.slice(1)));
    });
  }

  // Received events ---------------------------------------------------------------------------
  var lastGot = null;

  function renderReceived(events) {
    var key = compact(events);
    if (key === lastGot) return;
    var grew = lastGot === null || events.length > gotList.children.length;
    lastGot = key;
    gotNote.textContent = events.length
      ? events.length + " event(s), oldest first."
      : "Nothing received from this browser.";
    gotList.textContent = "";
    events.forEach(function (event, index) {
      gotList.append(entry(index + 1, event.sdk, event.type, event.args));
    });
    if (grew) gotList.scrollTop = gotList.scrollHeight;
  }

  // The anonymous ids the SDKs keep in this browser: the classic SDK's _cioanonid cookie, the CDP
  // SDK's ajs_anonymous_id (localStorage, JSON-encoded).
  function visitorIds() {
    var ids = [];
    var cookie = document.cookie.match(/(?:^|; )_cioanonid=([^;]*)/);
    if (cookie) ids.push(decodeURIComponent(cookie[1]));
    try {
      var stored = localStorage.getItem("ajs_anonymous_id");
      if (stored) ids.push(JSON.parse(stored));
    } catch (error) { /* storage off, or not JSON */ }
    return ids.filter(function (id) { return typeof id === "string" && id; });
  }

  function poll() {
    var ids = visitorIds();
    if (!ids.length) {
      renderReceived([]);
      return;
    }
    fetch("/api/sandbox/events?visitor=" + encodeURIComponent(ids.join(",")), { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(renderReceived)
      .catch(function (error) {
        lastGot = null;
        gotNote.textContent = "Sandbox API unreachable (" + error.message + ").";
      });
  }

  reset.addEventListener("click", function () {
    fetch("/api/sandbox/reset", { method: "POST", cache: "no-store" }).then(poll, poll);
  });

  function tick() {
    renderStatus();
    renderHeld();
  }

  function start() {
    document.body.append(panel);
    var stored = null;
    try { stored = sessionStorage.getItem(STORE); } catch (error) { /* storage off */ }
    setOpen(stored ? stored === "open" : window.matchMedia("(min-width: 900px)").matches);
    tick();
    poll();
    setInterval(tick, 250);
    setInterval(poll, POLL_MS);
    window.addEventListener("cmp:consent", tick);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
