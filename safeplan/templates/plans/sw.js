// "My plan" offline worker (served by safeplan.plans.pwa; scope /portal/).
// Keeps the last plan page the client opened, refreshes it whenever the network answers, and shows it
// when there is no network. Logging out empties these caches (Clear-Site-Data and portal.js).
"use strict";
const VERSION = "{{ version }}";
const SHELL = "myplan-shell-" + VERSION;
const DATA = "myplan-data";
const PLAN_URL = "{{ plan_url }}";
const OFFLINE_URL = "{{ offline_url }}";
const ASSETS = {{ assets|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL)
      .then(function (cache) { return cache.addAll(ASSETS.concat([OFFLINE_URL])); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (key) {
          return key.indexOf("myplan-shell-") === 0 && key !== SHELL;
        }).map(function (key) { return caches.delete(key); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function planFromNetwork(request) {
  return fetch(request).then(function (response) {
    // Only the client's own plan page (a 200 from this origin) is kept; a redirect to the login page
    // is passed on without touching the saved copy, so an expired session never erases the plan.
    if (response.ok && response.type === "basic" && !response.redirected) {
      const copy = response.clone();
      caches.open(DATA).then(function (cache) { return cache.put(PLAN_URL, copy); });
    }
    return response;
  });
}

function savedPlanOrOffline() {
  return caches.open(DATA)
    .then(function (cache) { return cache.match(PLAN_URL); })
    .then(function (saved) {
      return saved || caches.match(OFFLINE_URL, { cacheName: SHELL });
    })
    .then(function (found) { return found || Response.error(); });
}

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname === PLAN_URL) {
    event.respondWith(planFromNetwork(request).catch(savedPlanOrOffline));
    return;
  }
  if (ASSETS.indexOf(url.pathname) !== -1) {
    // Network first so styles stay current; the installed copy when offline.
    event.respondWith(
      fetch(request).catch(function () {
        return caches.match(url.pathname, { cacheName: SHELL }).then(function (found) {
          return found || Response.error();
        });
      })
    );
    return;
  }
  if (request.mode === "navigate" && url.pathname.indexOf("/portal/") === 0) {
    event.respondWith(fetch(request).catch(savedPlanOrOffline));
  }
});
