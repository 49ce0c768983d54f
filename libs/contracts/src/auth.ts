import { z } from 'zod';
import { REGION_CODE } from './regions.js';
import { ID_PATTERN } from './topics.js';
import { CSRF_HEADER, ROLES, USERNAME } from './roles.js';

const id = z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, "_", "." or "-"');
const region = z.string().regex(REGION_CODE, 'must be a 6-digit administrative division code');

/**
 * What an account may see: operators and technicians name plants and/or enterprises (an enterprise means all its
 * plants); regulators name regions (a code covers every code below it, see regions.ts); an admin's scope is ignored.
 */
export const ScopeSchema = z.strictObject({
  plants: z.array(id).max(1000).optional(),
  enterprises: z.array(id).max(1000).optional(),
  regions: z.array(region).max(100).optional(),
});
export type Scope = z.infer<typeof ScopeSchema>;

const username = z.string().regex(USERNAME, 'must be 1-64 lower-case letters, digits, "_", "." or "-"');
/** NIST SP 800-63B §5.1.1.2: at least 8 characters, and long pass phrases allowed */
const password = z.string().min(8, 'at least 8 characters').max(256);

export const LoginSchema = z.strictObject({ username: z.string().max(64), password: z.string().max(256) });
export type LoginRequest = z.infer<typeof LoginSchema>;

export const SetupSchema = z.strictObject({ secret: z.string().max(256), username, password });
export type SetupRequest = z.infer<typeof SetupSchema>;

export const UserSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  scope: ScopeSchema,
  /** present while an admin has the account disabled: when, and which admin */
  disabled: z.object({ at: z.number(), by: z.string() }).optional(),
});
export type User = z.infer<typeof UserSchema>;

export const UserCreateSchema = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(128),
  role: z.enum(ROLES),
  scope: ScopeSchema.default({}),
  /** omitted: a random one is generated and returned once */
  password: password.optional(),
});
export type UserCreate = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(128).optional(),
  role: z.enum(ROLES).optional(),
  scope: ScopeSchema.optional(),
  password: password.optional(),
});
export type UserUpdate = z.infer<typeof UserUpdateSchema>;

/** PUT /api/users/:username/disabled: a disabled account cannot log in, and its sessions, tokens and sockets end */
export const UserDisabledSchema = z.strictObject({ disabled: z.boolean() });
export type UserDisabled = z.infer<typeof UserDisabledSchema>;

export const TokenCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(128),
  /** at most the creator's role; the creator's by default */
  role: z.enum(ROLES).optional(),
  /** within the creator's scope; the creator's by default */
  scope: ScopeSchema.optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TokenCreate = z.infer<typeof TokenCreateSchema>;

export const ApiTokenInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  owner: z.string(),
  role: z.enum(ROLES),
  scope: ScopeSchema,
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
});
export type ApiTokenInfo = z.infer<typeof ApiTokenInfoSchema>;

/** The answer to creating a token: the token itself is shown this once and kept only as a hash. */
export const ApiTokenCreatedSchema = ApiTokenInfoSchema.extend({ token: z.string() });
export type ApiTokenCreated = z.infer<typeof ApiTokenCreatedSchema>;

/** Why the front door refused: 401 UNAUTHENTICATED, 403 FORBIDDEN_ROLE or CSRF, 429 LOGIN_RATE_LIMITED, ... */
export const AUTH_REASONS = {
  UNAUTHENTICATED: 'sign in, or send a valid API token',
  BAD_CREDENTIALS: 'wrong user name or password',
  ACCOUNT_DISABLED: 'the account is disabled: ask an administrator',
  LOGIN_RATE_LIMITED: 'too many failed log-ins: wait before trying again',
  FORBIDDEN_ROLE: "the account's role may not do this",
  CSRF: `a state change needs the ${CSRF_HEADER} header and an allowed Origin`,
  SETUP_DONE: 'the administrator already exists',
  SETUP_SECRET: 'wrong setup secret',
  SCOPE_EXCEEDS: "a token's role and scope cannot exceed its creator's",
  LAST_ADMIN: 'the last enabled administrator cannot be disabled or lose the admin role',
  SELF_DISABLE: 'an admin cannot disable their own account',
} as const;
export type AuthReason = keyof typeof AUTH_REASONS;
