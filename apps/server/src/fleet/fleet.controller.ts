import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  UseGuards,
} from '@nestjs/common';
import {
  DeviceCreateSchema,
  DeviceUpsertSchema,
  mqttUsername,
  SecretRotationSchema,
  type DeviceCreate,
  type DeviceSpec,
  type DeviceUpsert,
  type FleetList,
  type Nameplate,
  type RotatedSecret,
  type SecretRotation,
} from '#contracts';
import { badRequest } from '../http/api-error.js';
import { zod } from '../http/zod.pipe.js';
import { checkDevice, FleetRegistry } from './fleet-registry.js';
import { KnownDevice } from './known-device.guard.js';
import { generateSecret, hashSecret } from './credentials.js';
import { ANY_ROLE, Caller, Roles } from '../auth/decorators.js';
import { Access } from '../auth/access.js';
import type { Principal } from '../auth/principal.js';

/** The fleet registry over HTTP. Secrets are accepted or generated here and returned once; only hashes are kept. */
@Controller('api/fleet')
export class FleetController {
  constructor(
    private readonly fleet: FleetRegistry,
    private readonly access: Access,
  ) {}

  @Get()
  @Roles(...ANY_ROLE)
  list(@Caller() p: Principal): FleetList {
    const plants = this.access.filter(p, this.fleet.plants(), (x) => x.id);
    const seen = new Set(plants.map((x) => x.enterprise));
    return {
      plants,
      devices: this.access.filter(p, this.fleet.devices(), (x) => x.plantId),
      gateways: this.access.filter(p, this.fleet.gateways(), (x) => x.plantId),
      // only the enterprises of plants in scope: a regulator learns no other enterprise's name or code here
      enterprises: this.fleet.enterprises().filter((e) => seen.has(e.id)),
    };
  }

  @Get('plants/:plantId/devices/:deviceId')
  @Roles(...ANY_ROLE)
  @UseGuards(KnownDevice)
  device(@Param('plantId') plantId: string, @Param('deviceId') deviceId: string): DeviceSpec {
    return this.fleet.device(plantId, deviceId)!;
  }

  @Post('devices')
  @Roles('technician')
  async create(
    @Body(zod(DeviceCreateSchema)) body: DeviceCreate,
  ): Promise<{ device: DeviceSpec; credentials: RotatedSecret }> {
    const device = this.validate(body, body.plantId, body.id);
    if (this.fleet.device(device.plantId, device.id) || this.fleet.gateway(device.plantId, device.id))
      throw new ConflictException(`${mqttUsername(device.plantId, device.id)} already exists`);
    const secret = body.secret ?? generateSecret();
    await this.fleet.upsertDevice(device, await hashSecret(secret), secret);
    return { device, credentials: { username: mqttUsername(device.plantId, device.id), secret } };
  }

  @Put('plants/:plantId/devices/:deviceId')
  @Roles('technician')
  @UseGuards(KnownDevice)
  async update(
    @Param('plantId') plantId: string,
    @Param('deviceId') deviceId: string,
    @Body(zod(DeviceUpsertSchema)) body: DeviceUpsert,
  ): Promise<DeviceSpec> {
    if (body.secret !== undefined) throw new BadRequestException('rotate secrets with POST …/secret');
    const device = this.validate(body, plantId, deviceId);
    await this.fleet.upsertDevice(device);
    return device;
  }

  @Delete('plants/:plantId/devices/:deviceId')
  @Roles('technician')
  @HttpCode(204)
  async remove(@Param('plantId') plantId: string, @Param('deviceId') deviceId: string): Promise<void> {
    if (!(await this.fleet.deleteDevice(plantId, deviceId)))
      throw new NotFoundException(`no device ${deviceId} in plant ${plantId}`);
  }

  @Post('plants/:plantId/devices/:deviceId/secret')
  @Roles('technician')
  rotateDevice(
    @Param('plantId') plantId: string,
    @Param('deviceId') deviceId: string,
    @Body(zod(SecretRotationSchema)) body: SecretRotation,
  ): Promise<RotatedSecret> {
    return this.rotate(plantId, deviceId, body.secret);
  }

  @Post('plants/:plantId/gateways/:gatewayId/secret')
  @Roles('technician')
  rotateGateway(
    @Param('plantId') plantId: string,
    @Param('gatewayId') gatewayId: string,
    @Body(zod(SecretRotationSchema)) body: SecretRotation,
  ): Promise<RotatedSecret> {
    return this.rotate(plantId, gatewayId, body.secret);
  }

  private async rotate(plantId: string, id: string, given?: string): Promise<RotatedSecret> {
    const username = mqttUsername(plantId, id);
    if (!this.fleet.identity(username)) throw new NotFoundException(`no device or gateway ${username}`);
    const secret = given ?? generateSecret();
    await this.fleet.setSecretHash(username, await hashSecret(secret), secret);
    return { username, secret };
  }

  /** The record's references (its plant) and credentials; its shape was checked by DeviceUpsertSchema. */
  private validate(body: DeviceUpsert, plantId: string, id: string): DeviceSpec {
    const device: DeviceSpec = {
      id,
      plantId,
      class: body.class,
      name: body.name ?? id,
      nameplate: body.nameplate as Nameplate,
      ...(body.area !== undefined ? { area: body.area } : {}),
      ...(body.gatewayId !== undefined ? { gatewayId: body.gatewayId } : {}),
    };
    const plants = new Set(this.fleet.plants().map((p) => p.id));
    const problems = checkDevice({ ...device, secret: body.secret }, plants, 'device');
    if (problems.length) throw badRequest(problems.map((message) => ({ path: '', code: 'INVALID', message })));
    return device;
  }
}
