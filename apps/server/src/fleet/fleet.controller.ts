import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import type { DeviceSpec, PlantSpec } from '#contracts';
import { FleetRegistry } from './fleet-registry.js';

@Controller('api/fleet')
export class FleetController {
  constructor(private readonly fleet: FleetRegistry) {}

  @Get()
  list(): { plants: PlantSpec[]; devices: DeviceSpec[] } {
    return { plants: this.fleet.plants(), devices: this.fleet.devices() };
  }

  @Get('plants/:plantId/devices/:deviceId')
  device(@Param('plantId') plantId: string, @Param('deviceId') deviceId: string): DeviceSpec {
    const d = this.fleet.device(plantId, deviceId);
    if (!d) throw new NotFoundException(`no device ${deviceId} in plant ${plantId}`);
    return d;
  }
}
