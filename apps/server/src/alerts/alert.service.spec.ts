import { mkdtempSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, DeviceSpec, FloodEvent } from '#contracts';
import type { OpenEvent } from '#detection';
import type { LiveGateway } from '../live/live.gateway.js';
import { createLogger } from '../logger.js';
import { AlertStore, type AlertStoreContents } from './alert-store.js';
import { AlertService } from './alert.service.js';
import { openStateDb } from '../state/state-db.js';
import { SqlAlertStore } from './sql-alert-store.js';

const device = { id: 'm1', plantId: 'p1', class: 'motor', name: 'm1', nameplate: { ratedKw: 55 } } as DeviceSpec;
const gap: OpenEvent = {
  type: 'open',
  rule: 'dq.gap',
  kind: 'data_quality',
  priority: 'low',
  ts: 1_700_000_000_000,
  message: { en: 'no data', zh: '无数据' },
  evidence: {},
};

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** A store whose alert writes finish only when the test says so. */
class HeldStore extends AlertStore {
  readonly writes: Array<ReturnType<typeof deferred>> = [];
  load(): Promise<AlertStoreContents> {
    return Promise.resolve({ alerts: [], floods: [], detection: {} });
  }
  saveAlert(_a: Alert): Promise<void> {
    const d = deferred();
    this.writes.push(d);
    return d.promise;
  }
  saveFlood(_f: FloodEvent): Promise<void> {
    return Promise.resolve();
  }
  saveDetection(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const settle = () => new Promise((r) => setImmediate(r));

const running: AlertService[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

async function service(store: AlertStore, onEmit: (event: string, payload: unknown) => void) {
  const live = { emitToPlant: (_p: string, event: string, payload: unknown) => onEmit(event, payload) };
  const s = new AlertService(store, live as unknown as LiveGateway, createLogger('silent'));
  await s.onModuleInit();
  running.push(s);
  return s;
}

describe('AlertService: what a client sees is durable', () => {
  it('writes the alert and hands it to the listeners side by side, and broadcasts only after both are done', async () => {
    const store = new HeldStore();
    const log: string[] = [];
    const s = await service(store, (event) => log.push(`emit ${event}`));
    const listener = deferred();
    s.onChange(() => {
      log.push('listener called');
      return listener.promise;
    });

    const opened = s.onOpen(device, gap);
    await settle();
    expect(store.writes).toHaveLength(1);
    expect(log).toEqual(['listener called']); // started while the write is still running
    store.writes[0].resolve();
    await settle();
    expect(log).toEqual(['listener called']); // on disk, but the outbox has not taken it yet
    listener.resolve();
    await opened;
    expect(log).toEqual(['listener called', 'emit alert']);
  });

  it('broadcasts nothing when the write fails, and tells the caller', async () => {
    const store = new HeldStore();
    const emitted: string[] = [];
    const s = await service(store, (event) => emitted.push(event));
    const opened = s.onOpen(device, gap);
    await settle();
    store.writes[0].reject(new Error('EIO'));
    await expect(opened).rejects.toThrow('EIO');
    await settle();
    expect(emitted).toEqual([]);
  });

  it('has the alert committed in the state store when it is broadcast, so a crash right after loses nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-alert-svc-'));
    const state = openStateDb({ engine: 'embedded', dataDir: dir });
    await state.migrate();
    // another connection to the same file sees only what is committed
    const reader = new Database(join(dir, 'state.db'), { readonly: true });
    const atEmit: string[] = [];
    const s = await service(new SqlAlertStore(state), (event, a) => {
      if (event !== 'alert') return;
      const row = reader.prepare('select id from alerts where id = ?').get((a as Alert).id);
      atEmit.push(row ? 'committed' : 'missing');
    });
    await s.onOpen(device, gap);
    expect(atEmit).toEqual(['committed']);
    // the process dies here, without closing the store: the next start has the alert, open
    reader.close();
    const next = new SqlAlertStore(openStateDb({ engine: 'embedded', dataDir: dir }));
    const after = await next.load();
    await next.close();
    expect(after.alerts.map((a) => [a.deviceId, a.rule, a.state])).toEqual([['m1', 'dq.gap', 'open']]);
  });
});
