import { Inject, Injectable, type Abstract, type OnModuleDestroy, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Logger } from '../logger.js';
import { LOGGER } from '../tokens.js';

/** A capability that holds something to let go of at shutdown: listeners, timers, files, buffered writes. */
export interface Stoppable {
  stop(): void | Promise<void>;
}

/** One step of the shutdown: why it comes where it does, and whose `stop()` it calls (in this order). */
export interface ShutdownStep {
  why: string;
  stop: Array<Type<Stoppable> | Abstract<Stoppable>>;
}

export const SHUTDOWN_STEPS = Symbol('qinwatt.shutdown-steps');

/**
 * Stops the capabilities in the order the steps give, not in the order Nest happens to destroy modules in (which
 * follows the import graph's depth, and gave the order of a provider array before). It is provided by the root
 * module, whose hooks Nest runs first at shutdown; the modules that own the telemetry store and the state store
 * close them in their own hooks, which Nest runs after the root's. One failing step is logged and the next still
 * runs: the spool must drain even if the broker failed to close.
 */
@Injectable()
export class ShutdownCoordinator implements OnModuleDestroy {
  constructor(
    private readonly modules: ModuleRef,
    @Inject(SHUTDOWN_STEPS) private readonly steps: ShutdownStep[],
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onModuleDestroy(): Promise<void> {
    for (const step of this.steps)
      for (const type of step.stop) {
        const instance = this.present(type);
        if (!instance) continue;
        try {
          await instance.stop();
        } catch (err) {
          this.log.error({ err, step: step.why, capability: type.name }, 'shutdown step failed');
        }
      }
  }

  /** the instance, or none where the capability is not part of this run (the demo plant when QW_DEMO=false) */
  private present(type: Type<Stoppable> | Abstract<Stoppable>): Stoppable | undefined {
    try {
      return this.modules.get(type, { strict: false });
    } catch {
      return undefined;
    }
  }
}
