import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { ALERT_HISTORY_LIMITS, TEXT_LIMITS, type Alert, type ApiErrorBody } from '#contracts';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { allDeadLetters, getJson } from '../support/ingest.js';

/** A data directory holding one open alert, as an earlier version left it (imported at the first start). */
function dataDirWithAlert(): { dir: string; alert: Alert } {
  const dir = mkdtempSync(join(tmpdir(), 'qw-test-'));
  const alert: Alert = {
    id: 'al-test-1',
    plantId: 'p1',
    deviceId: 'm1',
    class: 'motor',
    rule: 'drift.cusum',
    kind: 'drift',
    priority: 'low',
    state: 'open',
    openedAt: Date.now() - 60_000,
    message: { en: 'efficiency drifted', zh: '效率漂移' },
    evidence: { shift: 1.5 },
    flags: {},
    history: [{ state: 'open', at: Date.now() - 60_000, by: 'system', comment: 'efficiency drifted' }],
    updatedAt: Date.now() - 60_000,
  };
  mkdirSync(join(dir, 'alerts'));
  writeFileSync(join(dir, 'alerts', 'alerts.jsonl'), JSON.stringify(alert) + '\n');
  return { dir, alert };
}

/** the embedded state store's files: the database and its write-ahead log */
const stateStoreBytes = (dir: string) =>
  ['state.db', 'state.db-wal'].reduce((n, f) => n + (existsSync(join(dir, f)) ? statSync(join(dir, f)).size : 0), 0);

async function post(server: ServerProcess, path: string, body: unknown) {
  const res = await fetch(`${server.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as ApiErrorBody & Alert };
}

describe('bounded growth where an outsider can write (the built server)', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('300 shelve/unshelve calls: over-long texts get 400, the trail and the state store stay bounded, the next boot is fine', async () => {
    const { dir, alert } = dataDirWithAlert();
    server = await startServer({ QW_DATA_DIR: dir });
    const path = `/api/alerts/${alert.id}`;
    const longest = 'r'.repeat(TEXT_LIMITS.comment);

    const tooLong = await post(server, `${path}/shelve`, { reason: 'x'.repeat(100_000), durationMs: 60_000 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.problems).toEqual([expect.objectContaining({ path: 'reason', code: 'TOO_LONG' })]);
    const longName = await post(server, `${path}/acknowledge`, { by: 'u'.repeat(TEXT_LIMITS.by + 1) });
    expect(longName.body.problems).toEqual([expect.objectContaining({ path: 'by', code: 'TOO_LONG' })]);

    for (let i = 0; i < 150; i++) {
      expect((await post(server, `${path}/shelve`, { by: 'li.wei', reason: longest, durationMs: 60_000 })).status).toBe(
        201,
      );
      expect((await post(server, `${path}/unshelve`, { by: 'li.wei', comment: longest })).status).toBe(201);
    }
    const after = await getJson<Alert>(`${server.httpUrl}${path}`);
    expect(after.state).toBe('open');
    expect(after.history).toHaveLength(ALERT_HISTORY_LIMITS.first + ALERT_HISTORY_LIMITS.last);
    expect(after.historyElided).toBe(301 - ALERT_HISTORY_LIMITS.first - ALERT_HISTORY_LIMITS.last);
    expect(existsSync(join(dir, 'alerts', 'alerts.jsonl.imported'))).toBe(true);

    await server.stop();
    // one row per alert, bounded by the trail's limits: 300 changes of ~1 kB each do not add up (a log of whole
    // alerts made it 300²/2 kB, 45 MB, here); the write-ahead log is folded into the file at a clean stop
    expect(stateStoreBytes(dir)).toBeLessThan(1024 * 1024);
    server = await startServer({ QW_DATA_DIR: dir });
    expect(await getJson<Alert>(`${server.httpUrl}${path}`)).toEqual(after);
  });

  it('refused CONNECTs with 60 kB client ids and user names: counted, kept small in dead letters and the log', async () => {
    server = await startServer();
    const huge = (c: string) => c.repeat(60_000);
    const refusals = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        mqtt
          .connectAsync(server!.mqttUrl, {
            clientId: huge(String.fromCharCode(97 + (i % 26))),
            username: huge('u'),
            password: 'wrong-secret',
            protocolVersion: 4,
            reconnectPeriod: 0,
            connectTimeout: 5000,
          })
          .then(
            (c) => (c.end(true), 'connected'),
            (e: Error) => e.message,
          ),
      ),
    );
    expect(refusals.every((m) => /identifier rejected/i.test(m))).toBe(true);

    const letters = await allDeadLetters(server, '&reason=CLIENT_ID_REJECTED');
    expect(letters).toHaveLength(30);
    for (const l of letters) {
      expect(l.clientId.length).toBeLessThan(300);
      expect(l.username!.length).toBeLessThan(300);
      expect(l.clientId).toMatch(/\(60000 characters\)$/);
    }
    // what is kept of them: a few hundred characters each, not 120 kB
    expect(JSON.stringify(letters).length).toBeLessThan(30 * 2048);
    const refusedLines = server.logs
      .join('\n')
      .split('\n')
      .filter((l) => l.includes('mqtt connect refused'));
    expect(refusedLines).toHaveLength(30);
    for (const l of refusedLines) expect(l.length).toBeLessThan(2048);
  });
});
