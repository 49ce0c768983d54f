/**
 * Calls to a running platform's HTTP API, authenticated with the API token in the environment variable
 * QW_API_TOKEN (create one in the console or with POST /api/auth/tokens; a technician's token for its plants).
 * The token travels as `Authorization: Bearer …`, never on the command line, where `ps` would show it.
 */
export function platformFetch(url: URL | string, init: RequestInit = {}): Promise<Response> {
  const token = process.env.QW_API_TOKEN;
  if (!token) return fetch(url, init);
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(url, { ...init, headers });
}
