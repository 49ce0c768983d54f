// Container health check without curl (the slim image has none): `node deploy/container/probe.mjs /ready` exits 0
// when the server on QW_HTTP_PORT answers 2xx on that path within 3 s, 1 otherwise.
/* global fetch, AbortSignal -- Node 20 globals */
const path = process.argv[2] ?? '/ready';
const port = process.env.QW_HTTP_PORT || '3000';
fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) }).then(
  (r) => process.exit(r.ok ? 0 : 1),
  () => process.exit(1),
);
