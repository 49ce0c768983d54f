import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, DeadLetter } from '#contracts';
import { SqlAlertStore } from '../../apps/server/src/alerts/sql-alert-store.js';
import { DeadLetterStore } from '../../apps/server/src/dead-letter/dead-letter.store.js';
import { FleetChanges } from '../../apps/server/src/fleet/fleet-changes.js';
import { Metrics } from '../../apps/server/src/metrics/metrics.js';
import { Outbox } from '../../apps/server/src/regulator/webhooks/outbox.js';
import { importOldFiles } from '../../apps/server/src/state/import-files.js';
import type { AppConfig } from '../../apps/server/src/config/config.js';
import { stateEngines } from './adapters.js';

const T = 1_790_000_000_000;
const alert: Alert = {
  id: 'al-1',
  plantId: 'p1',
  deviceId: 'm1',
  class: 'motor',
  rule: 'drift.cusum',
  kind: 'drift',
  priority: 'low',
  state: 'open',
  openedAt: T,
  message: { en: 'drift', zh: '漂移' },
  evidence: {},
  flags: {},
  history: [{ state: 'open', at: T, by: 'system' }],
  updatedAt: T,
};
const letter = (id: number): DeadLetter => ({
  id,
  receivedAt: T + id,
  topic: 'plants/p1/devices/m1/telemetry',
  clientId: 'c',
  plantId: 'p1',
  deviceId: 'm1',
  reason: 'MALFORMED_JSON',
  detail: `bad ${id}`,
  payload: Buffer.from('{').toString('base64'),
  size: 1,
});
const delivery = (id: string, at: number) => ({
  id,
  subscriberId: 'r',
  envelope: { id: `e-${id}`, type: 'alert.changed', createdAt: at, data: {} },
  attempts: 2,
  nextAt: at,
  lastError: 'HTTP 503',
});

/** A data directory as an earlier version left it: each of the four file formats, with its quirks. */
function oldDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qw-old-'));
  mkdirSync(join(dir, 'alerts'));
  const change = {
    change: { ...alert, state: 'acknowledged', history: undefined },
    add: [{ state: 'acknowledged', at: T + 1, by: 'li.wei' }],
    entries: 2,
  };
  writeFileSync(join(dir, 'alerts', 'alerts.jsonl'), `${JSON.stringify(alert)}\n${JSON.stringify(change)}\n{"torn`);
  writeFileSync(
    join(dir, 'alerts', 'floods.jsonl'),
    JSON.stringify({ plantId: 'p1', active: true, at: T, count: 12 }) + '\n',
  );
  writeFileSync(join(dir, 'alerts', 'detection-state.json'), JSON.stringify({ 'p1/m1': { cusum: 1.5 } }));
  writeFileSync(
    join(dir, 'dead-letters.jsonl'),
    [{ meta: { dropped: 40, nextId: 41 } }, letter(41), letter(42)].map((l) => JSON.stringify(l) + '\n').join(''),
  );
  mkdirSync(join(dir, 'webhooks', 'pending'), { recursive: true });
  mkdirSync(join(dir, 'webhooks', 'dead'), { recursive: true });
  writeFileSync(join(dir, 'webhooks', 'pending', 'b.json'), JSON.stringify(delivery('b', T + 2)));
  writeFileSync(join(dir, 'webhooks', 'pending', 'a.json'), JSON.stringify(delivery('a', T + 1)));
  writeFileSync(join(dir, 'webhooks', 'dead', 'z.json'), JSON.stringify(delivery('z', T)));
  writeFileSync(
    join(dir, 'fleet-registry.json'),
    JSON.stringify({
      version: 1,
      devices: { 'p1/m9': { id: 'm9', plantId: 'p1', class: 'pump', name: 'P9', nameplate: {} }, 'p1/m2': null },
      secrets: { 'p1/m9': 'scrypt$N=16384,r=8,p=1$aaaaaaaaaaaaaaaaaaaaaa$bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
    }),
  );
  return dir;
}

/** An upgrade loses nothing: the files of earlier versions are imported once, then renamed aside. */
describe.each(stateEngines('import of earlier files').map((e) => [e.engine, e] as const))(
  'importing an earlier version’s files into %s',
  (_, engine) => {
    it('imports alerts, floods, detection state, dead letters, the outbox and the fleet changes once', async () => {
      const dir = oldDataDir();
      const { state, where } = await engine.open();
      expect(await importOldFiles(state, dir)).toEqual({
        alerts: 1,
        'dead-letters': 2,
        webhooks: 3,
        'fleet-registry': 2,
      });
      const alerts = await new SqlAlertStore(state).load();
      expect(alerts.alerts.map((a) => [a.id, a.state, a.history.map((h) => h.by)])).toEqual([
        ['al-1', 'acknowledged', ['system', 'li.wei']],
      ]);
      expect(alerts.floods).toHaveLength(1);
      expect(alerts.detection).toEqual({ 'p1/m1': { cusum: 1.5 } });
      const letters = await new DeadLetterStore({ deadLetterMax: 100 } as AppConfig, state, new Metrics()).query({});
      expect(letters.items.map((l) => l.detail)).toEqual(['bad 42', 'bad 41']);
      expect(letters.dropped).toBe(40);
      const box = new Outbox(state, 100);
      expect((await box.pending()).map((d) => [d.id, d.attempts, d.lastError])).toEqual([
        ['a', 2, 'HTTP 503'],
        ['b', 2, 'HTTP 503'],
      ]);
      expect((await box.dead()).map((d) => d.id)).toEqual(['z']);
      const fleet = await new FleetChanges(state).load();
      expect(Object.keys(fleet.devices)).toEqual(['p1/m2', 'p1/m9']);
      expect(fleet.devices['p1/m2']).toBeNull();
      expect(Object.keys(fleet.secrets)).toEqual(['p1/m9']);

      // renamed aside; a second start imports nothing again
      for (const f of ['alerts/alerts.jsonl', 'dead-letters.jsonl', 'webhooks', 'fleet-registry.json']) {
        expect(existsSync(join(dir, f))).toBe(false);
        expect(existsSync(join(dir, `${f}.imported`))).toBe(true);
      }
      expect(await importOldFiles(state, dir)).toEqual({});
      await state.close();

      // a crash after the commit and before the rename: the next start only renames
      const again = oldDataDir();
      const other = await engine.open({ same: where });
      expect(await importOldFiles(other.state, again)).toEqual({});
      expect(existsSync(join(again, 'dead-letters.jsonl.imported'))).toBe(true);
      expect((await new SqlAlertStore(other.state).load()).alerts).toHaveLength(1);
      await other.state.close();
    });
  },
);
