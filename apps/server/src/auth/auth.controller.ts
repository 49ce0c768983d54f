import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import {
  LoginSchema,
  SetupSchema,
  TokenCreateSchema,
  type ApiTokenCreated,
  type ApiTokenInfo,
  type LoginRequest,
  type SetupRequest,
  type TokenCreate,
  type User,
} from '#contracts';
import { Inject } from '@nestjs/common';
import { CONFIG } from '../tokens.js';
import type { AppConfig } from '../config/config.js';
import { zod } from '../http/zod.pipe.js';
import { Access, notFound } from './access.js';
import { AuthService } from './auth.service.js';
import { refuse } from './auth.guard.js';
import { clearedSessionCookie, sessionCookie, sessionFromCookie } from './cookies.js';
import { ANY_ROLE, Caller, Public, Roles } from './decorators.js';
import { LoginLimiter } from './login-limiter.js';
import { LoginFailuresStore } from './login-failures.store.js';
import type { Principal } from './principal.js';
import { withinCreator } from './scope.js';

interface CookieSink {
  setHeader(name: string, value: string): void;
  status(code: number): unknown;
}

const secure = (req: IncomingMessage & { secure?: boolean }): boolean =>
  req.secure === true || req.headers['x-forwarded-proto'] === 'https';

const me = (p: Principal): User => ({
  username: p.username,
  displayName: p.displayName,
  role: p.role,
  scope: p.scope,
});

/** Log-in, log-out, who am I, the first admin's set-up, and API tokens (AUTH-API.md). */
@Controller('api/auth')
export class AuthController {
  private readonly limiter: LoginLimiter;

  constructor(
    private readonly auth: AuthService,
    private readonly access: Access,
    @Inject(CONFIG) private readonly config: AppConfig,
    failures: LoginFailuresStore,
  ) {
    this.limiter = new LoginLimiter(failures);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  async login(
    @Body(zod(LoginSchema)) b: LoginRequest,
    @Req() req: IncomingMessage,
    @Res({ passthrough: true }) res: CookieSink,
  ): Promise<{ user: User }> {
    const now = Date.now();
    const address = req.socket.remoteAddress ?? '?';
    const account = b.username.toLowerCase();
    const wait = await this.limiter.waitMs(account, address, now);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw refuse(429, 'LOGIN_RATE_LIMITED');
    }
    const user = await this.auth.checkPassword(account, b.password);
    if (!user) {
      await this.limiter.fail(account, address, now);
      throw refuse(401, 'BAD_CREDENTIALS');
    }
    // said only to whoever knows the password: to anyone else a disabled account answers as a wrong password does
    if (user.disabled) throw refuse(403, 'ACCOUNT_DISABLED');
    const sid = await this.auth.openSession(user.username, now);
    res.setHeader('Set-Cookie', sessionCookie(sid, this.config.sessionMaxHours * 3600, secure(req)));
    return { user };
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  async logout(@Req() req: IncomingMessage, @Res({ passthrough: true }) res: CookieSink): Promise<void> {
    const sid = sessionFromCookie(req.headers.cookie);
    if (sid) await this.auth.closeSession(sid);
    res.setHeader('Set-Cookie', clearedSessionCookie(secure(req)));
  }

  @Get('me')
  @Roles(...ANY_ROLE)
  whoAmI(@Caller() p: Principal): { user: User; via: Principal['via'] } {
    return { user: me(p), via: p.via };
  }

  /** Whether the first administrator is still to be created: the console's log-in page then offers the set-up page. */
  @Get('setup')
  @Public()
  setupState(): { required: boolean } {
    return { required: this.auth.setupPending };
  }

  @Post('setup')
  @Public()
  @HttpCode(201)
  async setup(@Body(zod(SetupSchema)) b: SetupRequest): Promise<{ user: { username: string } }> {
    const r = await this.auth.setup(b.secret, b.username, b.password);
    if (r === 'SETUP_DONE') throw refuse(409, 'SETUP_DONE');
    if (r === 'SETUP_SECRET') throw refuse(403, 'SETUP_SECRET');
    return { user: { username: b.username } };
  }

  @Post('tokens')
  @Roles(...ANY_ROLE)
  @HttpCode(201)
  async createToken(@Caller() p: Principal, @Body(zod(TokenCreateSchema)) b: TokenCreate): Promise<ApiTokenCreated> {
    // a token cannot mint tokens: a leaked one must not outlive its own revocation
    if (p.via === 'token') throw refuse(403, 'FORBIDDEN_ROLE', 'API tokens are created by a signed-in person');
    const role = b.role ?? p.role;
    const scope = b.scope ?? p.scope;
    if (!withinCreator(p, this.access.fleetTenancy, role, scope)) throw refuse(403, 'SCOPE_EXCEEDS');
    return this.auth.createToken(p.username, { name: b.name, role, scope, expiresInDays: b.expiresInDays });
  }

  @Get('tokens')
  @Roles(...ANY_ROLE)
  tokens(@Caller() p: Principal): Promise<ApiTokenInfo[]> {
    return this.auth.tokens(p.role === 'admin' ? undefined : p.username);
  }

  @Delete('tokens/:id')
  @Roles(...ANY_ROLE)
  @HttpCode(204)
  async revoke(@Caller() p: Principal, @Param('id') id: string): Promise<void> {
    const t = await this.auth.token(id);
    if (!t || t.revokedAt !== null || (p.role !== 'admin' && t.owner !== p.username)) throw notFound(`token ${id}`);
    await this.auth.revokeToken(p.username, id);
  }
}
