import { Injectable, NotFoundException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { FleetRegistry } from './fleet-registry.js';

/**
 * Routes under `plants/:plantId/devices/:deviceId` that need the device to exist answer 404 here, before the
 * handler, instead of each controller checking. Put it after the guards that authorise the caller, so that whether
 * a device exists is told only to those who may know.
 */
@Injectable()
export class KnownDevice implements CanActivate {
  constructor(private readonly fleet: FleetRegistry) {}

  canActivate(ctx: ExecutionContext): boolean {
    const { plantId, deviceId } = ctx.switchToHttp().getRequest<{ params: Record<string, string> }>().params;
    if (!plantId || !deviceId || !this.fleet.device(plantId, deviceId))
      throw new NotFoundException(`no device ${deviceId} in plant ${plantId}`);
    return true;
  }
}
