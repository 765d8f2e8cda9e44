// A service-worker shim of the coi-serviceworker kind, for hosts that cannot set headers: it passes
// every same-origin request on and adds the isolation headers to the response. Registered by
// sw-register.html; pages opened afterwards in its scope (and their workers) load through it.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  if (new URL(event.request.url).origin !== self.location.origin) return;
  event.respondWith(fetch(event.request).then((response) => {
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(isolation)) headers.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }));
});
