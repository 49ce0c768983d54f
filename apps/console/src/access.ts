/**
 * What each role may open and do in the console: one table the navigation, the pages' action buttons and the
 * log-in page's landing choice all read. It mirrors the server's guards (the server decides; the console only avoids
 * offering what would be refused). Pure: no DOM, no requests.
 */
import { ROLES, type Role, type User } from '#contracts';

export { ROLES, type Role, type Scope } from '#contracts';
/** The signed-in person as GET /api/auth/me answers. */
export type Me = User;

/** The console's pages and where they live (Vite's inputs). */
export const PAGE_PATHS = {
  console: '/',
  technician: '/technician.html',
  ledger: '/ledger.html',
  regulator: '/regulator.html',
  admin: '/admin.html',
} as const;
export type PageId = keyof typeof PAGE_PATHS;

/** Pages per role, the first being where the role lands after logging in. */
const PAGES_OF: Record<Role, readonly PageId[]> = {
  admin: ['console', 'technician', 'ledger', 'regulator', 'admin'],
  operator: ['console', 'ledger'],
  technician: ['technician'],
  regulator: ['regulator', 'ledger'],
};

/** The state-changing things a page offers, each refused by the server to the roles not listed. */
export type Action =
  | 'alerts.act' // acknowledge, shelve, unshelve, resolve, comment
  | 'ledger.enter' // hand-entered outputs, corrections, meter swaps
  | 'sim.control' // scenarios, replays, faults
  | 'fleet.write' // provisioning, secret rotation
  | 'users.manage'
  | 'tokens.manage';

const ACTIONS_OF: Record<Role, readonly Action[]> = {
  admin: ['alerts.act', 'ledger.enter', 'sim.control', 'fleet.write', 'users.manage', 'tokens.manage'],
  operator: ['alerts.act', 'ledger.enter'],
  technician: ['sim.control', 'fleet.write'],
  regulator: [],
};

export const isRole = (x: unknown): x is Role => (ROLES as readonly unknown[]).includes(x);
export const pagesOf = (role: Role): readonly PageId[] => PAGES_OF[role];
export const canOpen = (role: Role, page: PageId): boolean => PAGES_OF[role].includes(page);
export const can = (role: Role, action: Action): boolean => ACTIONS_OF[role].includes(action);
export const homeOf = (role: Role): string => PAGE_PATHS[PAGES_OF[role][0]];

/** The page a path shows; undefined for the log-in and set-up pages and anything else outside the table. */
export function pageAt(pathname: string): PageId | undefined {
  const path = pathname === '/index.html' ? '/' : pathname;
  return (Object.keys(PAGE_PATHS) as PageId[]).find((id) => PAGE_PATHS[id] === path);
}

/**
 * Where to go after logging in: the return URL when it is a path of this site that the role may open, otherwise the
 * role's first page. Anything else (another origin, `//host`, a backslash trick, the log-in page itself) is ignored,
 * so the return URL cannot send a person off-site.
 */
export function landingFor(role: Role, next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return homeOf(role);
  const url = new URL(next, 'http://x');
  if (url.origin !== 'http://x') return homeOf(role);
  const page = pageAt(url.pathname);
  return page && canOpen(role, page) ? url.pathname + url.search + url.hash : homeOf(role);
}

/** The log-in page's address that brings the person back to `returnTo` (a path with its query and hash). */
export const loginHref = (returnTo: string): string => `/login.html?next=${encodeURIComponent(returnTo)}`;
