import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '#contracts';
import type { AuthedRequest, Principal } from './principal.js';

export const PUBLIC_KEY = 'qw:public';
export const ROLES_KEY = 'qw:roles';

/** Anyone may call this route, signed in or not (log-in, health probes, the API's description). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/**
 * The roles that may call this route (admin is always one of them). A route with neither @Public nor @Roles is
 * admin-only: a route added without a decision is closed, not open.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** every role: any signed-in account or token, subject to the scope checks */
export const ANY_ROLE: Role[] = ['admin', 'operator', 'technician', 'regulator'];

/** The authenticated caller (the guard has run: a route that is not @Public always has one). */
export const Caller = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<AuthedRequest>().principal!,
);
