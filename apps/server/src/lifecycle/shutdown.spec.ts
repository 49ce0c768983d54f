import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LOGGER } from '../tokens.js';
import { SHUTDOWN_STEPS, ShutdownCoordinator, type ShutdownStep } from './shutdown.js';

const stopped: string[] = [];

@Injectable()
class Broker {
  stop() {
    stopped.push('broker');
    throw new Error('listener would not close');
  }
}
@Injectable()
class Writer {
  async stop() {
    await new Promise((r) => setTimeout(r, 10));
    stopped.push('writer');
  }
}
@Injectable()
class Demo {
  stop() {
    stopped.push('demo');
  }
}

/** a feature module deeper than the root: Nest would destroy it after the root's providers */
@Module({ providers: [Writer, Broker], exports: [Writer, Broker] })
class Feature {}

describe('the shutdown coordinator', () => {
  it("stops in the steps' order, past a failing step, skipping what this run does not have", async () => {
    const errors: unknown[] = [];
    const steps: ShutdownStep[] = [
      { why: 'stop producing', stop: [Demo] },
      { why: 'stop taking messages', stop: [Broker] },
      { why: 'drain', stop: [Writer] },
    ];
    @Module({
      imports: [Feature],
      providers: [
        { provide: SHUTDOWN_STEPS, useValue: steps },
        { provide: LOGGER, useValue: { error: (o: unknown) => errors.push(o) } },
        ShutdownCoordinator,
      ],
    })
    class Root {}
    const app = await NestFactory.createApplicationContext(Root, { logger: false });
    await app.close();
    expect(stopped).toEqual(['broker', 'writer']);
    expect(errors).toHaveLength(1);
  });
});
