/* Pulse demo site: small shared helpers (first-party app state and UI, no tracking). */
window.Pulse = (function () {
  "use strict";
  var USER_KEY = "pulse.user"; // the signed-up user, kept for this tab so /app and /pricing know them

  // FNV-1a, 32 bits: a stable, short id derived from the email address.
  function hash(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return ("0000000" + h.toString(16)).slice(-8);
  }

  function userId(email) {
    return "u_" + hash(String(email).trim().toLowerCase());
  }

  function getUser() {
    try {
      return JSON.parse(sessionStorage.getItem(USER_KEY) || "null");
    } catch (error) {
      return null;
    }
  }

  function setUser(user) {
    try { sessionStorage.setItem(USER_KEY, JSON.stringify(user)); } catch (error) { /* storage off */ }
  }

  var toastTimer = null;
  function toast(text) {
    var node = document.querySelector(".toast");
    if (!node) {
      node = document.createElement("div");
      node.className = "toast";
      node.setAttribute("role", "status");
      document.body.append(node);
    }
    node.textContent = text;
    node.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { node.hidden = true; }, 2200);
  }

  return { userId: userId, getUser: getUser, setUser: setUser, toast: toast };
})();

// The shared nav (pages/partials/header.html) marks the current page.
document.querySelectorAll(".nav-links a").forEach(function (link) {
  if (link.getAttribute("href") === location.pathname) link.setAttribute("aria-current", "page");
});
