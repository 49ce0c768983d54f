import { HttpException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUTH_REASONS, CSRF_HEADER, type AuthReason, type Role } from '#contracts';
import type { IncomingMessage } from 'node:http';
import { CONFIG } from '../tokens.js';
import { allowedOriginList, type AppConfig } from '../config/config.js';
import { Access } from './access.js';
import { AuthService } from './auth.service.js';
import { sessionFromCookie } from './cookies.js';
import { csrfProblem } from './csrf.js';
import { PUBLIC_KEY, ROLES_KEY } from './decorators.js';
import type { AuthedRequest, Principal } from './principal.js';

type Req = IncomingMessage &
  AuthedRequest & { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown };

export const refuse = (status: number, reason: AuthReason, detail?: string): HttpException =>
  new HttpException({ statusCode: status, reason, message: detail ?? AUTH_REASONS[reason] }, status);

/**
 * The one guard in front of every HTTP route: who is asking (API token, else session cookie), whether a
 * state-changing request could be cross-site (csrf.ts), whether the role may call the route (@Roles, @Public), and
 * whether the plant the route names (`:plantId` in the path, `plantId` in the query or body) is in the caller's scope.
 * Order of answers: 401 UNAUTHENTICATED, 403 CSRF, 403 FORBIDDEN_ROLE, 404 (out of scope, existence not confirmed).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly allowed: string[];

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly access: Access,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.allowed = allowedOriginList(config);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true; // socket.io authenticates at its handshake (live gateway)
    const req = ctx.switchToHttp().getRequest<Req>();
    const targets = [ctx.getHandler(), ctx.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;
    const principal = await this.authenticate(req);
    if (principal) req.principal = principal;
    if (!principal && !isPublic) throw refuse(401, 'UNAUTHENTICATED');
    if (principal?.via !== 'token') {
      const h = req.headers;
      const problem = csrfProblem(
        {
          method: req.method ?? 'GET',
          host: h.host,
          origin: h.origin,
          csrf: one(h[CSRF_HEADER]),
          contentType: h['content-type'],
          secFetchSite: one(h['sec-fetch-site']),
        },
        this.allowed,
      );
      if (problem) throw refuse(403, 'CSRF', `${AUTH_REASONS.CSRF}: ${problem}`);
    }
    if (isPublic || !principal) return true;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (principal.role !== 'admin' && !roles.includes(principal.role)) throw refuse(403, 'FORBIDDEN_ROLE');
    this.checkPlant(principal, req);
    return true;
  }

  private async authenticate(req: Req): Promise<Principal | undefined> {
    const authz = req.headers.authorization;
    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      const p = m ? await this.auth.tokenPrincipal(m[1]) : undefined;
      // a credential that was sent and is wrong is refused outright, not treated as anonymous
      if (!p) throw refuse(401, 'UNAUTHENTICATED', 'the API token is unknown, expired or revoked');
      return p;
    }
    const sid = sessionFromCookie(req.headers.cookie);
    return sid ? this.auth.sessionPrincipal(sid) : undefined;
  }

  /** a route naming a plant (path, query or body) answers 404 when it lies outside the caller's scope */
  private checkPlant(p: Principal, req: Req): void {
    if (p.role === 'admin') return;
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    for (const v of [req.params?.plantId, req.query?.plantId, body.plantId])
      if (typeof v === 'string' && v !== '') this.access.requirePlant(p, v, `plant ${v}`);
  }
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
