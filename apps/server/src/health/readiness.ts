import { Injectable } from '@nestjs/common';
import type { Role } from '../config/roles.js';

/** one readiness check: resolves with why it fails, in words an operator can act on, or undefined when it passes */
export type ReadyCheck = () => Promise<string | undefined> | string | undefined;

export interface ReadyResult {
  ready: boolean;
  checks: Record<string, boolean>;
  reasons: Record<string, string>;
}

/**
 * What `/ready` asks, per role: each role's capabilities register their checks here when the process runs that role
 * (ingest: broker, spool, store; detection and api: the state store and Redis; the detection ownership adds
 * `partitions`). Names are `role.check` in a process of chosen roles; the all-in-one process keeps the ingest
 * checks' plain names (`broker`, `spool`, `store`), as its probes have always read them.
 */
@Injectable()
export class Readiness {
  private readonly checks: Array<{ name: string; check: ReadyCheck }> = [];
  private prefixed = true;

  /** the all-in-one process: names without their role */
  plainNames(): void {
    this.prefixed = false;
  }

  register(role: Role, name: string, check: ReadyCheck): void {
    this.checks.push({ name: this.prefixed ? `${role}.${name}` : name, check });
  }

  async run(): Promise<ReadyResult> {
    const results = await Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          return [name, await check()] as const;
        } catch (e) {
          return [name, `check failed: ${(e as Error).message}`] as const;
        }
      }),
    );
    const checks: Record<string, boolean> = {};
    const reasons: Record<string, string> = {};
    for (const [name, reason] of results) {
      checks[name] = reason === undefined;
      if (reason !== undefined) reasons[name] = reason;
    }
    return { ready: results.every(([, r]) => r === undefined), checks, reasons };
  }
}
