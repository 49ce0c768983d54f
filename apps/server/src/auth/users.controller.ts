import { Body, ConflictException, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  AUTH_REASONS,
  UserCreateSchema,
  UserDisabledSchema,
  UserUpdateSchema,
  type User,
  type UserCreate,
  type UserDisabled,
  type UserUpdate,
} from '#contracts';
import { zod } from '../http/zod.pipe.js';
import { notFound } from './access.js';
import { AccountsStore } from './accounts.store.js';
import { AuthService } from './auth.service.js';
import { Caller, Roles } from './decorators.js';
import { generatePassword, hashPassword } from './passwords.js';
import type { Principal } from './principal.js';

const visible = (u: User): User => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  scope: u.scope,
  ...(u.disabled ? { disabled: u.disabled } : {}),
});

/** People: the admin's to manage. Every change is in the audit trail under the admin who made it. */
@Controller('api/users')
@Roles('admin')
export class UsersController {
  constructor(
    private readonly store: AccountsStore,
    private readonly auth: AuthService,
  ) {}

  @Get()
  async list(): Promise<User[]> {
    return (await this.store.users()).map(visible);
  }

  @Post()
  @HttpCode(201)
  async create(
    @Caller() p: Principal,
    @Body(zod(UserCreateSchema)) b: UserCreate,
  ): Promise<{ user: User; password?: string }> {
    const password = b.password ?? generatePassword();
    const user: User = { username: b.username, displayName: b.displayName, role: b.role, scope: b.scope };
    const now = Date.now();
    if (!(await this.store.insertUser({ ...user, passwordHash: await hashPassword(password) }, now)))
      throw new ConflictException({ reason: 'USER_EXISTS', message: `user ${b.username} exists` });
    await this.store.audit(p.username, 'user.create', `${b.username} ${b.role}`, now);
    return b.password ? { user } : { user, password };
  }

  @Patch(':username')
  async update(
    @Caller() p: Principal,
    @Param('username') username: string,
    @Body(zod(UserUpdateSchema)) b: UserUpdate,
  ): Promise<{ user: User }> {
    const now = Date.now();
    const passwordHash = b.password ? await hashPassword(b.password) : undefined;
    const r = await this.store.updateUser(
      username,
      { displayName: b.displayName, role: b.role, scope: b.scope, passwordHash },
      now,
    );
    if (r === 'NOT_FOUND') throw notFound(`user ${username}`);
    if (r === 'LAST_ADMIN') throw new ConflictException({ reason: r, message: AUTH_REASONS.LAST_ADMIN });
    // a new password, role or scope ends the sessions (and sockets) opened under the old ones
    if (b.password || b.role || b.scope) await this.auth.endSessionsOf(username);
    await this.store.audit(p.username, 'user.update', `${username} ${Object.keys(b).join(',')}`, now);
    return { user: visible((await this.store.user(username))!) };
  }

  /** disables (no log-in; sessions, tokens and sockets end at once) or enables again an account */
  @Put(':username/disabled')
  async setDisabled(
    @Caller() p: Principal,
    @Param('username') username: string,
    @Body(zod(UserDisabledSchema)) b: UserDisabled,
  ): Promise<{ user: User }> {
    const r = await this.auth.setDisabled(p.username, username, b.disabled);
    if (r === 'NOT_FOUND') throw notFound(`user ${username}`);
    if (r !== 'done') throw new ConflictException({ reason: r, message: AUTH_REASONS[r] });
    return { user: visible((await this.store.user(username))!) };
  }

  @Delete(':username')
  @HttpCode(204)
  async remove(@Caller() p: Principal, @Param('username') username: string): Promise<void> {
    if (username === p.username)
      throw new ConflictException({ reason: 'SELF_DELETE', message: 'an admin cannot delete their own account' });
    await this.auth.endSessionsOf(username);
    if (!(await this.store.deleteUser(username))) throw notFound(`user ${username}`);
    await this.store.audit(p.username, 'user.delete', username, Date.now());
  }
}
