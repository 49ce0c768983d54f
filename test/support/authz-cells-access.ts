import type { Cell } from './authz-cells.js';

/** The front door's own routes in the authorisation matrix: log-in, set-up, tokens and the admin's accounts. */
export const ACCESS_CELLS: Record<string, Cell> = {
  'POST /api/auth/login': {
    path: () => '/api/auth/login',
    body: () => ({ username: 'matrix-login', password: 'matrix-login-password' }),
    roles: 'public',
    ok: [200],
  },
  'GET /api/auth/me': { path: () => '/api/auth/me', roles: ['operator', 'technician', 'regulator'], ok: [200] },
  'GET /api/auth/setup': { path: () => '/api/auth/setup', roles: 'public', ok: [200] },
  'POST /api/auth/setup': {
    path: () => '/api/auth/setup',
    body: () => ({ secret: 'not-the-secret', username: 'intruder', password: 'intruder-password' }),
    roles: 'public',
    ok: [409], // the admin exists: set-up is over for everyone
  },
  'POST /api/auth/tokens': {
    path: () => '/api/auth/tokens',
    body: () => ({ name: 'matrix' }),
    roles: ['operator', 'technician', 'regulator'],
    ok: [201],
    except: { 'narrow-token': [403] }, // a token cannot mint tokens
  },
  'GET /api/auth/tokens': { path: () => '/api/auth/tokens', roles: ['operator', 'technician', 'regulator'], ok: [200] },
  'DELETE /api/auth/tokens/:id': {
    // the admin's own token: only an admin may revoke another's; to anyone else it does not exist
    path: async (c) => {
      const res = await c.adminSession('/api/auth/tokens', { method: 'POST', body: { name: `revoke-${c.n()}` } });
      return `/api/auth/tokens/${((await res.json()) as { id: string }).id}`;
    },
    roles: ['operator', 'technician', 'regulator'],
    ok: [204],
    except: {
      operator: [404],
      'operator-out': [404],
      technician: [404],
      regulator: [404],
      'regulator-out': [404],
      'narrow-token': [404],
    },
  },

  'GET /api/users': { path: () => '/api/users', roles: [], ok: [200] },
  'POST /api/users': {
    path: () => '/api/users',
    body: (c) => ({
      username: `made-${c.n()}`,
      displayName: 'Made',
      role: 'operator',
      scope: { plants: ['xa-plant'] },
    }),
    roles: [],
    ok: [201],
  },
  'PATCH /api/users/:username': {
    path: () => '/api/users/patch-me',
    body: () => ({ displayName: 'Patched' }),
    roles: [],
    ok: [200],
  },
  'PUT /api/users/:username/disabled': {
    path: async (c) => {
      const username = `off-${c.n()}`;
      await c.admin('/api/users', { method: 'POST', body: { username, displayName: 'Off', role: 'operator' } });
      return `/api/users/${username}/disabled`;
    },
    body: () => ({ disabled: true }),
    roles: [],
    ok: [200],
  },
  'DELETE /api/users/:username': {
    path: async (c) => {
      const username = `gone-${c.n()}`;
      await c.admin('/api/users', { method: 'POST', body: { username, displayName: 'Gone', role: 'regulator' } });
      return `/api/users/${username}`;
    },
    roles: [],
    ok: [204],
  },
};
