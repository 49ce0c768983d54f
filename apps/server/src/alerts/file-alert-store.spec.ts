import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '#contracts';
import { FileAlertStore } from './file-alert-store.js';

const alert = (id: string, state: Alert['state']): Alert => ({
  id,
  plantId: 'p1',
  deviceId: 'm1',
  class: 'motor',
  rule: 'drift.cusum',
  kind: 'drift',
  priority: 'low',
  state,
  openedAt: 1,
  message: { en: 'm', zh: 'm' },
  evidence: {},
  flags: {},
  history: [{ state: 'open', at: 1, by: 'system' }],
});

describe('FileAlertStore', () => {
  it('keeps the newest version of each alert, the detection state, and survives a torn final line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-alerts-'));
    const a = new FileAlertStore(dir);
    await a.load();
    await a.saveAlert(alert('x', 'open'));
    await a.saveAlert(alert('x', 'acknowledged'));
    await a.saveAlert(alert('y', 'open'));
    await a.saveFlood({ plantId: 'p1', active: true, at: 5, count: 11 });
    await a.saveDetection({ 'p1/m1': { v: 1, coef: [1, 2] } });
    await a.close();
    appendFileSync(join(dir, 'alerts', 'alerts.jsonl'), '{"id":"z","sta'); // a crash mid-append

    const b = await new FileAlertStore(dir).load();
    expect(b.alerts.map((x) => [x.id, x.state]).sort()).toEqual([
      ['x', 'acknowledged'],
      ['y', 'open'],
    ]);
    expect(b.floods).toEqual([{ plantId: 'p1', active: true, at: 5, count: 11 }]);
    expect(b.detection).toEqual({ 'p1/m1': { v: 1, coef: [1, 2] } });
  });
});
