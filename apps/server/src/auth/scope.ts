import { regionCovers, type EnterpriseSpec, type PlantSpec, type Role, type Scope } from '#contracts';

/** The fleet facts a scope decision needs: where each plant sits (its enterprise, its region). */
export interface Tenancy {
  plant(id: string): PlantSpec | undefined;
  enterprise(id: string): EnterpriseSpec | undefined;
}

export interface Subject {
  role: Role;
  scope: Scope;
}

/** A plant's region: its own code, else its enterprise's registered one. */
export function plantRegion(t: Tenancy, p: PlantSpec): string | undefined {
  return p.region ?? (p.enterprise ? t.enterprise(p.enterprise)?.region : undefined);
}

/**
 * Whether `s` may see plant `plantId`. Pure. admin: every plant. operator / technician: the plants named, and every
 * plant of the enterprises named. regulator: every plant whose region one of theirs covers. An unknown plant is
 * visible to an admin only, so a scoped account learns nothing about what exists outside its scope.
 */
export function seesPlant(s: Subject, t: Tenancy, plantId: string): boolean {
  if (s.role === 'admin') return true;
  const p = t.plant(plantId);
  if (!p) return false;
  if (s.role === 'regulator') {
    const code = plantRegion(t, p);
    return (s.scope.regions ?? []).some((r) => regionCovers(r, code));
  }
  return (
    (s.scope.plants ?? []).includes(p.id) ||
    (p.enterprise !== undefined && (s.scope.enterprises ?? []).includes(p.enterprise))
  );
}

/** Whether `s` may see an enterprise as a whole (its ledger, its monthly report). */
export function seesEnterprise(s: Subject, t: Tenancy, enterpriseId: string): boolean {
  if (s.role === 'admin') return true;
  const e = t.enterprise(enterpriseId);
  if (!e) return false;
  if (s.role === 'regulator') return (s.scope.regions ?? []).some((r) => regionCovers(r, e.region));
  return (s.scope.enterprises ?? []).includes(e.id);
}

/** Whether `s` may see a region's totals: a regulator when one of theirs covers it, an admin always. */
export function seesRegion(s: Subject, code: string): boolean {
  if (s.role === 'admin') return true;
  return s.role === 'regulator' && (s.scope.regions ?? []).some((r) => regionCovers(r, code));
}

/**
 * Whether a token with `role`/`scope` stays within what its creator may do: an admin may issue any; anyone else
 * only their own role, naming only plants, enterprises and regions inside their own scope.
 */
export function withinCreator(creator: Subject, t: Tenancy, role: Role, scope: Scope): boolean {
  if (creator.role === 'admin') return true;
  if (role !== creator.role) return false;
  const plantsOk = (scope.plants ?? []).every((p) => seesPlant(creator, t, p));
  const entsOk = (scope.enterprises ?? []).every((e) => seesEnterprise(creator, t, e));
  const regionsOk = (scope.regions ?? []).every((r) => seesRegion(creator, r));
  return plantsOk && entsOk && regionsOk;
}
