// Service worker: pages once opened (and the home pages, map and code list) reopen offline.
// HTML: network first, falling back to the saved copy after {{ timeout_ms }} ms on a weak signal.
// Photos under media/: saved copy first (their names change when their content does).
"use strict";
const VERSION = {{ version }};
const CORE = "diachido-core-" + VERSION;
const PAGES = "diachido-pages";
const PRECACHE = {{ precache }};
const scope = self.registration.scope;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CORE)
    .then((cache) => cache.addAll(PRECACHE.map((path) => new URL(path, scope).href)))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith("diachido-core-") && k !== CORE)
      .map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

const remember = (request, response) => {
  if (response && response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(PAGES).then((cache) => cache.put(request, copy));
  }
  return response;
};

const saved = (request) => caches.match(request, { ignoreSearch: true });

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin ||
      request.url.startsWith(new URL("admin/", scope).href)) {
    return;  // the web editor (/admin/) is never served from or kept in a cache
  }
  if (!new URL(request.url).pathname.includes("/media/")) {
    const network = fetch(request).then((response) => remember(request, response));
    const timeout = new Promise((resolve) => setTimeout(resolve, {{ timeout_ms }}));
    event.respondWith(
      Promise.race([network, timeout.then(() => saved(request))])
        .then((response) => response || network)
        .catch(() => saved(request))
        .then((response) => response || (request.mode === "navigate"
          ? saved(new URL("404.html", scope).href) : Response.error()))
    );
    return;
  }
  event.respondWith(saved(request).then((hit) => hit || fetch(request)
    .then((response) => remember(request, response))));
});
