/**
 * The names the console needs at run time without the schemas (and zod) behind them: the roles, the session cookie,
 * the CSRF header and the form of a user name. The schemas in auth.ts build on these.
 */
/**
 * People and their rights. admin: users, fleet, settings, everything. operator: their plants (acknowledge, shelve,
 * resolve, comment, hand entries of the energy ledger). technician: simulator, replay, faults, provisioning, dead
 * letters of their plants. regulator: read-only across the enterprises and plants of their regions.
 */
export const ROLES = ['admin', 'operator', 'technician', 'regulator'] as const;
export type Role = (typeof ROLES)[number];

/** The cookie that carries a browser's session (HttpOnly, SameSite=Strict). */
export const SESSION_COOKIE = 'qw_session';
/** The header a state-changing request authenticated by the cookie must carry: no simple cross-site request can. */
export const CSRF_HEADER = 'x-qinwatt-csrf';

export const USERNAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
