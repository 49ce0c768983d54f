import mqtt from 'mqtt';
import { topics, type Alert, type DeadLetterPage, type RotatedSecret } from '#contracts';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { INGEST_FLEET, connect, getJson, motor, spoolDrained } from '../support/ingest.js';
import { POSTGRES_URL, freshPostgresDatabase, requirePostgresInCi } from '../support/postgres.js';
import { waitFor } from '../support/wait.js';

/**
 * The built server with its state store on PostgreSQL (as a site running several processes does): alerts, a fleet
 * change and a dead letter are in PostgreSQL, so a restart with an empty data directory still has them.
 */
const what = 'the server on a PostgreSQL state store';
if (POSTGRES_URL || requirePostgresInCi(what))
  describe('the built server with QW_STATE_STORE=postgres (real PostgreSQL)', () => {
    let server: ServerProcess | undefined;
    afterAll(async () => {
      await server?.stop('SIGKILL');
    });

    it('alerts, a device created through the API and a dead letter survive a restart on a new data directory', async () => {
      const env = {
        QW_FLEET_FILE: INGEST_FLEET,
        QW_STATE_STORE: 'postgres',
        QW_POSTGRES_URL: await freshPostgresDatabase('qw_e2e'),
      };
      server = await startServer(env);
      // two readings 15 minutes apart: a data-gap alert
      const c = await connect(server.mqttUrl, 'm1');
      const t0 = Date.now() - 30 * 60_000;
      await c.publishAsync(topics.deviceTelemetry('p1', 'm1'), motor(t0), { qos: 1 });
      await c.publishAsync(topics.deviceTelemetry('p1', 'm1'), motor(t0 + 15 * 60_000), { qos: 1 });
      // a dead letter: not JSON (the PUBACK comes once it is committed)
      await c.publishAsync(topics.deviceTelemetry('p1', 'm1'), 'not json {', { qos: 1 });
      await c.endAsync();
      const res = await fetch(`${server.httpUrl}/api/fleet/devices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ plantId: 'p1', id: 'pg-1', class: 'pump', name: 'P', nameplate: {} }),
      });
      expect(res.status).toBe(201);
      const { credentials } = (await res.json()) as { credentials: RotatedSecret };
      await waitFor(
        async () => (await getJson<Alert[]>(`${server!.httpUrl}/api/alerts`)).some((a) => a.rule === 'dq.gap'),
        'the data-gap alert',
      );
      const before = await getJson<Alert[]>(`${server.httpUrl}/api/alerts`);
      await spoolDrained(server);
      expect(await server.stop()).toBe(0);

      // another data directory: nothing of the above can come from it
      server = await startServer(env);
      expect(await getJson<Alert[]>(`${server.httpUrl}/api/alerts`)).toEqual(before);
      const letters = await getJson<DeadLetterPage>(`${server.httpUrl}/api/dead-letters?reason=MALFORMED_JSON`);
      expect(letters.items.map((l) => [l.deviceId, Buffer.from(l.payload, 'base64').toString()])).toEqual([
        ['m1', 'not json {'],
      ]);
      expect((await getJson<{ name: string }>(`${server.httpUrl}/api/fleet/plants/p1/devices/pg-1`)).name).toBe('P');
      const device = await mqtt.connectAsync(server.mqttUrl, {
        clientId: `${credentials.username}/t`,
        protocolVersion: 4,
        reconnectPeriod: 0,
        username: credentials.username,
        password: credentials.secret,
      });
      await device.endAsync();
    });
  });
