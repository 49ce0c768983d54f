import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import {
  ApiTokenCreatedSchema,
  ApiTokenInfoSchema,
  LoginSchema,
  SetupSchema,
  TokenCreateSchema,
  UserCreateSchema,
  UserDisabledSchema,
  UserSchema,
  UserUpdateSchema,
} from '#contracts';
import { describe } from '../http/openapi-operation.js';

const tag = 'accounts';
const userParam = z.object({ username: z.string() });

/** Log-in, sessions, API tokens (auth.controller.ts) and the administrator's accounts (users.controller.ts). */
export function describeAuth(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in: sets the HttpOnly, SameSite=Strict session cookie `qw_session`',
    description:
      'Needs the `x-qinwatt-csrf` header like every state change. Failed log-ins are rate limited across every ' +
      'process (429 with Retry-After). A disabled account answers 403 ACCOUNT_DISABLED, only to the right password.',
    tag,
    public: true,
    body: LoginSchema,
    status: 200,
    response: z.object({ user: UserSchema }),
    errors: [401, 403, 429],
  });
  describe(r, {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Sign out: ends the session and clears its cookie (also without one)',
    tag,
    public: true,
    errors: [403],
  });
  describe(r, {
    method: 'get',
    path: '/api/auth/me',
    summary: 'The signed-in account (or the token) and how it was authenticated',
    tag,
    response: z.object({ user: UserSchema, via: z.enum(['session', 'token']) }),
    errors: [401],
  });
  describe(r, {
    method: 'get',
    path: '/api/auth/setup',
    summary: 'Whether the first administrator is still to be created (the log-in page then opens the set-up page)',
    tag,
    public: true,
    response: z.object({ required: z.boolean() }),
  });
  describe(r, {
    method: 'post',
    path: '/api/auth/setup',
    summary: 'First start: creates the administrator with the one-time secret the server printed',
    tag,
    public: true,
    body: SetupSchema,
    response: z.object({ user: z.object({ username: z.string() }) }),
    errors: [403, 409],
  });
  describe(r, {
    method: 'post',
    path: '/api/auth/tokens',
    summary: "An API token for an integration, within the creator's role and scope; the token is shown once",
    tag,
    body: TokenCreateSchema,
    response: ApiTokenCreatedSchema,
    errors: [401, 403],
  });
  describe(r, {
    method: 'get',
    path: '/api/auth/tokens',
    summary: "The caller's API tokens (an administrator's: all)",
    tag,
    response: z.array(ApiTokenInfoSchema),
    errors: [401],
  });
  describe(r, {
    method: 'delete',
    path: '/api/auth/tokens/{id}',
    summary: 'Revokes an API token; sockets it opened are disconnected',
    tag,
    params: z.object({ id: z.string() }),
    errors: [401, 404],
  });
  describe(r, {
    method: 'get',
    path: '/api/users',
    summary: 'The accounts (administrator)',
    tag,
    response: z.array(UserSchema),
    errors: [401, 403],
  });
  describe(r, {
    method: 'post',
    path: '/api/users',
    summary: 'Creates an account; without a password a random one is generated and returned once (administrator)',
    tag,
    body: UserCreateSchema,
    response: z.object({ user: UserSchema, password: z.string().optional() }),
    errors: [401, 403, 409],
  });
  describe(r, {
    method: 'patch',
    path: '/api/users/{username}',
    summary:
      "Changes an account's name, role, scope or password; its sessions end; 409 LAST_ADMIN when the last enabled " +
      'administrator would lose the role (administrator)',
    tag,
    params: userParam,
    body: UserUpdateSchema,
    status: 200,
    response: z.object({ user: UserSchema }),
    errors: [401, 403, 404, 409],
  });
  describe(r, {
    method: 'put',
    path: '/api/users/{username}/disabled',
    summary:
      'Disables an account (no log-in; its sessions, tokens and sockets end at once) or enables it again; 409 ' +
      'LAST_ADMIN for the last enabled administrator, SELF_DISABLE for the caller (administrator)',
    tag,
    params: userParam,
    body: UserDisabledSchema,
    status: 200,
    response: z.object({ user: UserSchema }),
    errors: [401, 403, 404, 409],
  });
  describe(r, {
    method: 'delete',
    path: '/api/users/{username}',
    summary: 'Deletes an account, its sessions and tokens (administrator)',
    tag,
    params: userParam,
    errors: [401, 403, 404],
  });
}
