// Client portal: quick exit, service worker registration, offline copy removal on logout.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var exit = event.target.closest("[data-quick-exit]");
    if (exit) {
      event.preventDefault();
      // replace() so the back button does not return to the plan; /portal/exit/ ends the session.
      window.location.replace(exit.getAttribute("href"));
    }
  });
  // A page shown again from the back/forward cache is asked for anew: after a quick exit or a logout
  // the server answers with the login page, not the plan.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });
  document.addEventListener("submit", function (event) {
    if (!event.target.matches("[data-logout]")) { return; }
    if ("caches" in window) {
      caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); });
    }
    try { localStorage.clear(); } catch (e) { /* private mode */ }
  });
  if ("serviceWorker" in navigator && document.body.hasAttribute("data-offline")) {
    navigator.serviceWorker.register("/portal/sw.js", { scope: "/portal/" });
  }
})();
