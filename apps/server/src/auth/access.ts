import { Injectable, NotFoundException } from '@nestjs/common';
import { FleetRegistry } from '../fleet/fleet-registry.js';
import type { Principal } from './principal.js';
import { seesEnterprise, seesPlant, seesRegion, type Tenancy } from './scope.js';

/** 404 for what lies outside the caller's scope: its existence is not confirmed (AUTH-API.md). */
export const notFound = (what: string): NotFoundException =>
  new NotFoundException({ reason: 'NOT_FOUND', message: `no ${what}` });

/** Scope decisions against the live fleet, for guards and for controllers filtering their lists. */
@Injectable()
export class Access {
  private readonly tenancy: Tenancy;

  constructor(fleet: FleetRegistry) {
    this.tenancy = { plant: (id) => fleet.plant(id), enterprise: (id) => fleet.enterprise(id) };
  }

  plant(p: Principal, plantId: string | undefined): boolean {
    return plantId !== undefined && seesPlant(p, this.tenancy, plantId);
  }

  enterprise(p: Principal, id: string): boolean {
    return seesEnterprise(p, this.tenancy, id);
  }

  region(p: Principal, code: string): boolean {
    return seesRegion(p, code);
  }

  /** the items whose plant the caller sees (an item without a plant: admins only) */
  filter<T>(p: Principal, items: T[], plantOf: (t: T) => string | undefined): T[] {
    if (p.role === 'admin') return items;
    return items.filter((t) => this.plant(p, plantOf(t)));
  }

  /** throws 404 unless the caller sees the plant */
  requirePlant(p: Principal, plantId: string | undefined, what: string): void {
    if (!this.plant(p, plantId)) throw notFound(what);
  }

  get fleetTenancy(): Tenancy {
    return this.tenancy;
  }
}
