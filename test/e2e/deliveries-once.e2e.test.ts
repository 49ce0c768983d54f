import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEBHOOK_HEADERS } from '#contracts';
import { Outbox } from '../../apps/server/src/regulator/webhooks/outbox.js';
import { openStateDb } from '../../apps/server/src/state/state-db.js';
import { freshPostgresDatabase, requirePostgresInCi } from '../support/postgres.js';
import { hasRedisServer, startRedis, type RedisServer } from '../support/redis.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { waitFor } from '../support/wait.js';

/**
 * Webhook deliveries waiting in the shared outbox are sent once, not once per process: an api process sends none,
 * and two detection processes (the senders) together send each exactly once.
 */
const runs = requirePostgresInCi('deliveries sent once') && (hasRedisServer() || !!process.env.CI);
const SUBSCRIBERS = ['r1', 'r2', 'r3', 'r4'];
const PER_SUBSCRIBER = 6;

(runs ? describe : describe.skip)('webhook deliveries across processes', () => {
  let redis: RedisServer;
  let receiver: Server;
  const received: string[] = [];
  const procs: ServerProcess[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      received.push(String(req.headers[WEBHOOK_HEADERS.id]));
      req.resume().on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    redis = await startRedis();
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await redis?.stop();
    await new Promise((r) => receiver?.close(r));
  });

  it('are sent exactly once by two sender processes, and never by an api process', async () => {
    const postgresUrl = await freshPostgresDatabase('qw_once');
    const state = openStateDb({ engine: 'postgres', postgresUrl });
    await state.migrate();
    const box = new Outbox(state, 1000);
    const now = Date.now();
    const ids = SUBSCRIBERS.flatMap((s) => Array.from({ length: PER_SUBSCRIBER }, (_, i) => `${s}-${i}`));
    await Promise.all(
      ids.map((id) =>
        box.add({
          id,
          subscriberId: id.split('-')[0]!,
          envelope: { id: `e-${id}`, type: 'alert.changed', createdAt: now, data: {} },
          attempts: 0,
          nextAt: now,
        }),
      ),
    );
    await box.close();
    await state.close();

    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    const file = join(mkdtempSync(join(tmpdir(), 'qw-hooks-')), 'webhooks.json');
    writeFileSync(file, JSON.stringify(SUBSCRIBERS.map((id) => ({ id, url, secret: `secret-${id}-0123456789` }))));
    const env = {
      QW_STATE_STORE: 'postgres',
      QW_POSTGRES_URL: postgresUrl,
      QW_REDIS_URL: redis.url,
      QW_WEBHOOKS_FILE: file,
    };

    // an api process with the same subscribers queues what it changes but sends nothing
    procs.push(await startServer({ ...env, QW_ROLES: 'api' }));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(received).toEqual([]);

    procs.push(
      ...(await Promise.all([
        startServer({ ...env, QW_ROLES: 'detection' }),
        startServer({ ...env, QW_ROLES: 'detection' }),
      ])),
    );
    await waitFor(() => received.length >= ids.length, `${ids.length} deliveries`, 20_000);
    // a little longer: a second sending of any of them would arrive now
    await new Promise((r) => setTimeout(r, 1_000));
    expect([...received].sort()).toEqual([...ids].sort());
  }, 60_000);
});
