import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics, type Alert } from '#contracts';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { INGEST_FLEET, connect, getJson, motor, spoolDrained, storedReadings } from '../support/ingest.js';
import { waitFor } from '../support/wait.js';

/** What a second process must not touch: the spool's segments and the state store (alerts), by name and content. */
function snapshot(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const files = [
    ...readdirSync(join(dataDir, 'spool')).map((f) => join('spool', f)),
    ...readdirSync(dataDir).filter((f) => f.startsWith('state.db')),
  ];
  for (const f of files)
    out[f] = createHash('sha256')
      .update(readFileSync(join(dataDir, f)))
      .digest('hex');
  return out;
}

/** the snapshot once the first process has finished its own writes (its spool checkpoint follows a drain) */
async function settled(dataDir: string): Promise<Record<string, string>> {
  let last = snapshot(dataDir);
  for (;;) {
    await new Promise((r) => setTimeout(r, 400));
    const now = snapshot(dataDir);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
}

async function publish(server: ServerProcess, ts: number): Promise<void> {
  const client = await connect(server.mqttUrl, 'm1');
  await client.publishAsync(topics.deviceTelemetry('p1', 'm1'), motor(ts), { qos: 1 }); // resolves on PUBACK
  await client.endAsync();
}

describe('one platform per data directory (real server processes)', () => {
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop('SIGKILL');
  });

  it('a second process refuses at once, touching nothing; the first keeps working; a SIGKILLed holder does not block the next start', async () => {
    const first = await startServer({ QW_FLEET_FILE: INGEST_FLEET });
    servers.push(first);
    const dir = first.dataDir;
    // two readings 15 minutes apart: acknowledged, stored, and a data-gap alert in the alert log
    const t0 = Date.now() - 30 * 60_000;
    await publish(first, t0);
    await publish(first, t0 + 15 * 60_000);
    await waitFor(
      async () => (await getJson<Alert[]>(`${first.httpUrl}/api/alerts`)).some((a) => a.rule === 'dq.gap'),
      'the data-gap alert',
    );
    await spoolDrained(first);
    const before = await settled(dir);
    expect(Object.keys(before)).toContain('state.db');

    // same data directory, ports of its own: only the data directory stands in the way
    const t = Date.now();
    const second = startServer({ QW_FLEET_FILE: INGEST_FLEET, QW_DATA_DIR: dir }, 10_000);
    const refused = await second.then(
      (s) => {
        servers.push(s);
        return 'started';
      },
      (e: Error) => e.message,
    );
    const refusedInMs = Date.now() - t;
    expect(refused).toContain('server exited 3');
    expect(refused).toContain(`data directory ${dir} is in use by qinwatt process ${first.proc.pid}`);
    expect(refused).not.toContain('replaying spool');
    expect(refusedInMs).toBeLessThan(5_000); // at once: no boot, no replay (a bound, not a benchmark)
    expect(snapshot(dir)).toEqual(before);

    // the first one still acknowledges and stores, and its alert log is whole
    await publish(first, t0 + 16 * 60_000);
    await spoolDrained(first);
    expect([...storedReadings(dir).keys()].sort()).toEqual(
      [t0, t0 + 15 * 60_000, t0 + 16 * 60_000].map((ts) => `p1/m1/${ts}`).sort(),
    );
    expect((await getJson<Alert[]>(`${first.httpUrl}/api/alerts`)).map((a) => a.rule)).toContain('dq.gap');
    expect((await getJson<{ status: string }>(`${first.httpUrl}/health`)).status).toBe('ok');

    // a holder killed outright leaves its lock file behind; the next start sees it is stale and takes over
    expect(await first.stop('SIGKILL')).toBeNull();
    expect(existsSync(join(dir, 'qinwatt.pid'))).toBe(true);
    const third = await startServer({ QW_FLEET_FILE: INGEST_FLEET, QW_DATA_DIR: dir });
    servers.push(third);
    expect(third.logs.join('')).toContain(`was held by process ${first.proc.pid}, which has gone`);
    expect((await getJson<Alert[]>(`${third.httpUrl}/api/alerts`)).map((a) => a.rule)).toContain('dq.gap');
    await publish(third, t0 + 17 * 60_000);
    await spoolDrained(third);
    expect(storedReadings(dir).size).toBe(4);
    // a clean stop gives the directory back
    expect(await third.stop()).toBe(0);
    expect(existsSync(join(dir, 'qinwatt.pid'))).toBe(false);
  });

  it('a busy port refuses the start before the data directory is opened, naming every port in the way', async () => {
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
    const port = (squatter.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'qw-ports-'));
    try {
      const refused = await startServer({
        QW_FLEET_FILE: INGEST_FLEET,
        QW_DATA_DIR: dir,
        QW_MQTT_PORT: String(port),
      }).then(
        (s) => {
          servers.push(s);
          return 'started';
        },
        (e: Error) => e.message,
      );
      expect(refused).toContain('server exited 3');
      expect(refused).toContain(`MQTT port 127.0.0.1:${port} (QW_MQTT_PORT): in use by another process`);
      // nothing was opened: no spool, no alert log, no store; and the lock was given back
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      squatter.close();
    }
  });
});
