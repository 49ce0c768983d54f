import type { Role } from '#contracts';
import { ACCESS_CELLS } from './authz-cells-access.js';

/** Who asks, in the authorisation matrix: anonymous, people by their session cookie, and a narrowed API token. */
export const WHO = [
  'anonymous',
  'admin',
  'operator',
  'operator-out',
  'technician',
  'regulator',
  'regulator-out',
  'narrow-token',
] as const;
export type Who = (typeof WHO)[number];

/** the role each caller acts with */
export const ROLE_OF: Record<Exclude<Who, 'anonymous'>, Role> = {
  admin: 'admin',
  operator: 'operator',
  'operator-out': 'operator',
  technician: 'technician',
  regulator: 'regulator',
  'regulator-out': 'regulator',
  'narrow-token': 'operator',
};

/** callers whose scope does not include the plant the cells name (xa-plant) */
export const OUT_OF_SCOPE = new Set<Who>(['operator-out', 'regulator-out', 'narrow-token']);

/** Cross-site variants of each route, made with the admin's cookie: what a foreign page could make a browser send. */
export const CROSS_SITE = ['foreign-origin', 'text-plain', 'no-csrf-header'] as const;
export type CrossSite = (typeof CROSS_SITE)[number];

export interface Ctx {
  /** a counter, for ids that must be new at each call */
  n(): number;
  /** runs as the admin (API token) before the cell: creates what a delete removes */
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  /** the same with the admin's session (what only a person may do: issue a token) */
  adminSession(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  today: string;
}

export interface Cell {
  /** the concrete path (with query) for this call; may create what it needs first */
  path: (c: Ctx) => string | Promise<string>;
  body?: (c: Ctx) => unknown;
  contentType?: string;
  /** 'public', or the roles that may call it besides admin */
  roles: 'public' | Role[];
  /** names xa-plant (path, query, body or the resource's plant): callers out of scope get 404 */
  scoped?: boolean;
  /** the statuses an allowed caller gets (the handler's own answer) */
  ok: number[];
  /** the reason code of that answer, when it is a refusal of the handler's (so it cannot be the guard's 404) */
  okReason?: string;
  /** overrides for particular callers */
  except?: Partial<Record<Who, number[]>>;
  /** a list: out-of-scope callers must not see `xa-` ids, p1-only callers must not see `bj-` ones */
  list?: boolean;
}

const json = (v: unknown) => v;

const REGION_ONLY: Cell['except'] = {
  operator: [404],
  'operator-out': [404],
  technician: [404],
  'regulator-out': [404],
  'narrow-token': [404],
};

/** One cell per route the server exposes ("METHOD /path" as its router lists it). */
export const CELLS: Record<string, Cell> = {
  'GET /health': { path: () => '/health', roles: 'public', ok: [200] },
  'GET /ready': { path: () => '/ready', roles: 'public', ok: [200, 503] },
  'GET /metrics': { path: () => '/metrics', roles: ['technician'], ok: [200] },
  'GET /api/openapi.json': { path: () => '/api/openapi.json', roles: 'public', ok: [200] },
  'GET /api/docs': { path: () => '/api/docs', roles: 'public', ok: [200] },

  ...ACCESS_CELLS,

  'GET /api/fleet': { path: () => '/api/fleet', roles: ['operator', 'technician', 'regulator'], ok: [200], list: true },
  'GET /api/fleet/plants/:plantId/devices/:deviceId': {
    path: () => '/api/fleet/plants/xa-plant/devices/xa-motor',
    roles: ['operator', 'technician', 'regulator'],
    scoped: true,
    ok: [200],
  },
  'POST /api/fleet/devices': {
    path: () => '/api/fleet/devices',
    body: (c) => ({ id: `new-${c.n()}`, plantId: 'xa-plant', class: 'motor', nameplate: { ratedKw: 55 } }),
    roles: ['technician'],
    scoped: true,
    ok: [201],
  },
  'PUT /api/fleet/plants/:plantId/devices/:deviceId': {
    path: () => '/api/fleet/plants/xa-plant/devices/xa-motor',
    body: () => ({ class: 'motor', name: "Xi'an motor", nameplate: { ratedKw: 55, ratedEfficiency: 94.6 } }),
    roles: ['technician'],
    scoped: true,
    ok: [200],
  },
  'DELETE /api/fleet/plants/:plantId/devices/:deviceId': {
    path: async (c) => {
      const id = `del-${c.n()}`;
      await c.admin('/api/fleet/devices', {
        method: 'POST',
        body: { id, plantId: 'xa-plant', class: 'motor', nameplate: { ratedKw: 55 } },
      });
      return `/api/fleet/plants/xa-plant/devices/${id}`;
    },
    roles: ['technician'],
    scoped: true,
    ok: [204],
  },
  'POST /api/fleet/plants/:plantId/devices/:deviceId/secret': {
    path: () => '/api/fleet/plants/xa-plant/devices/xa-motor/secret',
    body: () => json({}),
    roles: ['technician'],
    scoped: true,
    ok: [201],
  },
  'POST /api/fleet/plants/:plantId/gateways/:gatewayId/secret': {
    path: () => '/api/fleet/plants/xa-plant/gateways/xa-gw/secret',
    body: () => ({}),
    roles: ['technician'],
    scoped: true,
    ok: [201],
  },

  'GET /api/dead-letters': { path: () => '/api/dead-letters', roles: ['technician'], ok: [200], list: true },
  'GET /api/history/plants/:plantId/devices/:deviceId': {
    path: () => '/api/history/plants/xa-plant/devices/xa-motor',
    roles: ['operator', 'technician', 'regulator'],
    scoped: true,
    ok: [200],
  },
  'GET /api/history/plants/:plantId/devices/:deviceId/kpi': {
    path: () => '/api/history/plants/xa-plant/devices/xa-motor/kpi',
    roles: ['operator', 'technician', 'regulator'],
    scoped: true,
    ok: [200],
  },

  'GET /api/alerts': {
    path: () => '/api/alerts',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
    list: true,
  },
  'GET /api/alerts/floods': {
    path: () => '/api/alerts/floods',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
  },
  'GET /api/alerts/:id': {
    path: () => '/api/alerts/xa-alert',
    roles: ['operator', 'technician', 'regulator'],
    scoped: true,
    ok: [200],
  },
  // the alert's state decides between 201 and 409 (acknowledged twice, shelving a resolved one): both are the
  // handler's answers, past the guard
  'POST /api/alerts/:id/acknowledge': {
    path: () => '/api/alerts/xa-alert/acknowledge',
    body: () => ({ comment: 'seen' }),
    roles: ['operator'],
    scoped: true,
    ok: [201, 409],
  },
  'POST /api/alerts/:id/shelve': {
    path: () => '/api/alerts/xa-alert/shelve',
    body: () => ({ reason: 'maintenance', durationMs: 60_000 }),
    roles: ['operator'],
    scoped: true,
    ok: [201, 409],
  },
  'POST /api/alerts/:id/unshelve': {
    path: () => '/api/alerts/xa-alert/unshelve',
    body: () => ({ comment: 'back' }),
    roles: ['operator'],
    scoped: true,
    ok: [201, 409],
  },
  'POST /api/alerts/:id/resolve': {
    path: () => '/api/alerts/xa-alert/resolve',
    body: () => ({ comment: 'fixed' }),
    roles: ['operator'],
    scoped: true,
    ok: [201, 409],
  },

  'GET /api/kpis': { path: () => '/api/kpis', roles: ['operator', 'technician', 'regulator'], ok: [200], list: true },
  'POST /api/detection/plants/:plantId/devices/:deviceId/relearn': {
    path: () => '/api/detection/plants/xa-plant/devices/xa-motor/relearn',
    body: () => ({ reason: 'bearing replaced' }),
    roles: ['operator', 'technician'],
    scoped: true,
    ok: [201],
  },
  'GET /api/detection/audit': {
    path: () => '/api/detection/audit',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
    list: true,
  },
  'GET /api/register': {
    path: () => '/api/register',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
    list: true,
  },

  'GET /api/regulator/compliance': {
    path: () => '/api/regulator/compliance?groupBy=plant',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
    list: true,
  },
  'GET /api/regulator/compliance.csv': {
    path: () => '/api/regulator/compliance.csv?groupBy=plant',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
    list: true,
  },
  // the plan's figures for a region: operators and technicians see no region's; a regulator only theirs
  'GET /api/regulator/plan': {
    path: () => '/api/regulator/plan?from=2026-01&to=2026-01&region=610100',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
    except: REGION_ONLY,
  },
  'GET /api/regulator/plan.csv': {
    path: () => '/api/regulator/plan.csv?from=2026-01&to=2026-01&region=610100',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
    except: REGION_ONLY,
  },
  // an enterprise's monitoring indicators: its technician (scope: the enterprise) and its region's regulator
  'GET /api/regulator/monitoring': {
    path: () => '/api/regulator/monitoring?enterprise=xa-ent&month=2026-01',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
    except: { operator: [404], 'operator-out': [404], 'regulator-out': [404], 'narrow-token': [404] },
  },
  'GET /api/regulator/levels': {
    path: () => '/api/regulator/levels',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
  },
  'GET /api/regulator/plan.xlsx': {
    path: () => '/api/regulator/plan.xlsx?from=2026-01&to=2026-01&region=610100',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
    except: REGION_ONLY,
  },
  'GET /api/regulator/webhooks': { path: () => '/api/regulator/webhooks', roles: [], ok: [200] },
  // the provincial exporter: its delivery log is the regulators' (filtered to their regions), a push an admin's act
  'GET /api/regulator/exports': { path: () => '/api/regulator/exports', roles: ['regulator'], ok: [200] },
  'GET /api/regulator/exports/format': {
    path: () => '/api/regulator/exports/format',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
  },
  'POST /api/regulator/exports': {
    path: () => '/api/regulator/exports',
    body: () => ({ enterprise: 'xa-ent', kind: 'monthly', period: '2026-01' }),
    roles: [],
    // this server has no provincial platform subscribed: an admin reaches the handler, which says so (400 on `kind`)
    ok: [400],
  },

  // the simulator: no demo and no runs here, so an allowed caller gets the controls' own refusals
  'GET /api/sim/runs': { path: () => '/api/sim/runs', roles: ['technician'], ok: [200] },
  'GET /api/sim/runs/:id': {
    path: () => '/api/sim/runs/none',
    roles: ['technician'],
    ok: [404],
    okReason: 'NO_SUCH_RUN',
  },
  'POST /api/sim/scenarios': {
    path: () => '/api/sim/scenarios',
    body: () => ({}),
    roles: ['technician'],
    ok: [400],
  },
  'POST /api/sim/runs/:id/stop': {
    path: () => '/api/sim/runs/none/stop',
    body: () => ({}),
    roles: ['technician'],
    ok: [404],
  },
  'POST /api/sim/faults': {
    path: () => '/api/sim/faults',
    body: () => ({ runId: 'demo', fault: { type: 'sensor_stuck', device: 'xa-motor' } }),
    roles: ['technician'],
    ok: [404],
    okReason: 'DEMO_OFF',
  },
  'DELETE /api/sim/faults': {
    path: () => '/api/sim/faults?runId=demo',
    roles: ['technician'],
    ok: [404],
    okReason: 'DEMO_OFF',
  },
  'POST /api/sim/replays': {
    path: () => '/api/sim/replays?speed=max',
    body: () => '',
    contentType: 'application/x-ndjson',
    roles: ['technician'],
    ok: [400],
  },

  'GET /api/ledger/reports/monthly': {
    path: () => '/api/ledger/reports/monthly?level=plant&id=xa-plant&month=2026-01',
    roles: ['operator', 'technician', 'regulator'],
    scoped: true,
    ok: [200],
  },
  'GET /api/ledger/balance': {
    path: (c) => `/api/ledger/balance?plantId=xa-plant&from=${c.today}&to=${c.today}`,
    roles: ['operator', 'technician', 'regulator'],
    scoped: true,
    ok: [200],
  },
  'GET /api/ledger': {
    path: (c) => `/api/ledger?level=plant&id=xa-plant&granularity=day&from=${c.today}&to=${c.today}`,
    roles: ['operator', 'technician', 'regulator'],
    scoped: true,
    ok: [200],
  },
  'POST /api/ledger/entries': {
    path: () => '/api/ledger/entries',
    body: (c) => ({
      kind: 'output',
      plantId: 'xa-plant',
      line: 'xa-motor',
      product: 'cement',
      period: c.today,
      quantity: 10 + c.n(),
      unit: 't',
      by: 'a-name-the-server-ignores',
    }),
    roles: ['operator'],
    scoped: true,
    ok: [201],
  },
  'GET /api/ledger/entries': {
    path: () => '/api/ledger/entries',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
    list: true,
  },
  'GET /api/ledger/factors': {
    path: () => '/api/ledger/factors',
    roles: ['operator', 'technician', 'regulator'],
    ok: [200],
  },

  // last: it ends the caller's session
  'POST /api/auth/logout': { path: () => '/api/auth/logout', body: () => ({}), roles: 'public', ok: [204] },
};

/** The statuses a caller gets for a cell: 401 anonymous, 403 wrong role, 404 out of scope, else the handler's. */
export function expected(cell: Cell, who: Who): number[] {
  if (cell.except?.[who]) return cell.except[who];
  if (cell.roles === 'public') return cell.ok;
  if (who === 'anonymous') return [401];
  const role = ROLE_OF[who];
  if (role !== 'admin' && !cell.roles.includes(role)) return [403];
  if (cell.scoped && OUT_OF_SCOPE.has(who)) return [404];
  return cell.ok;
}
