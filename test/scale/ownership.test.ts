import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Redis } from 'ioredis';
import { partitionOf, type Alert, type DeviceSpec, type FleetSpec, type Reading } from '#contracts';
import { SimDevice } from '#device-sim';
import { AlertService } from '../../apps/server/src/alerts/alert.service.js';
import { SqlAlertStore } from '../../apps/server/src/alerts/sql-alert-store.js';
import { ReadingsBus } from '../../apps/server/src/bus/readings-bus.js';
import type { AppConfig } from '../../apps/server/src/config/config.js';
import { parseRoles, type ProcessRoles } from '../../apps/server/src/config/roles.js';
import { DetectionRunner } from '../../apps/server/src/detection/detection.runner.js';
import { FleetRegistry } from '../../apps/server/src/fleet/fleet-registry.js';
import { DomainError } from '../../apps/server/src/http/domain-error.js';
import { decodeMessage } from '../../apps/server/src/ingest/decode-message.js';
import type { LiveGateway } from '../../apps/server/src/live/live.gateway.js';
import { createLogger } from '../../apps/server/src/logger.js';
import { openRedis } from '../../apps/server/src/ownership/ownership.module.js';
import { PartitionLocks } from '../../apps/server/src/ownership/partition-locks.js';
import { PartitionOwner } from '../../apps/server/src/ownership/partition-owner.js';
import { ReadingsLog } from '../../apps/server/src/ownership/readings-log.js';
import { RoutedAlerts } from '../../apps/server/src/ownership/routed-alerts.js';
import { openStateDb, type StateDb } from '../../apps/server/src/state/state-db.js';
import { POSTGRES_URL, freshPostgresDatabase, requirePostgresInCi } from '../support/postgres.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { waitFor } from '../support/wait.js';

const PARTITIONS = 4;
const DETECTION = parseRoles('detection') as { roles: ProcessRoles };
const log = createLogger('silent');
/** no socket.io here: what the consoles would see is not what this test is about */
const live = { emitToPlant: () => undefined, emitInFrames: () => undefined } as unknown as LiveGateway;

/** one transformer per plant, the plants chosen so that every partition holds one */
function fleetOverPartitions(): FleetSpec {
  const fixture = JSON.parse(readFileSync('test/fixtures/fleet.json', 'utf8')) as FleetSpec;
  const t1 = fixture.devices.find((d) => d.id === 't1')!;
  const plants: string[] = [];
  for (let i = 0; plants.length < PARTITIONS; i++) {
    const id = `plant-${i}`;
    if (!plants.some((p) => partitionOf(p, PARTITIONS) === partitionOf(id, PARTITIONS))) plants.push(id);
  }
  return {
    plants: plants.map((id) => ({ ...fixture.plants[0], id })),
    devices: plants.map((plantId) => ({ ...t1, plantId, id: 't1' }) as DeviceSpec),
  };
}

/** readings of every device, one message each, in data-time order: 200 healthy minutes, then 30 with a 5 % drop */
function scenario(fleet: FleetRegistry, faultPlant: string): { readings: Reading[][]; stepAt: number } {
  const day = Date.now() - (Date.now() % 86_400_000) - 86_400_000;
  const base = day + 3_600_000;
  const stepAt = base + 200 * 60_000;
  const sims = fleet.devices().map((spec) => new SimDevice({ ...spec, regime: 'steady' }, 42, 'scale'));
  const readings: Reading[][] = [];
  for (let ts = base; ts < stepAt + 30 * 60_000; ts += 10_000)
    for (const sim of sims) {
      const spec = sim.spec as DeviceSpec;
      sim.health = spec.plantId === faultPlant && ts >= stepAt ? 0.95 : 1;
      const topic = { kind: 'device' as const, plantId: spec.plantId, deviceId: spec.id };
      const payload = Buffer.from(JSON.stringify(sim.reading(ts)));
      const out = decodeMessage(fleet, topic, payload, Date.now(), 7 * 86_400_000);
      expect(out.rejections).toEqual([]);
      readings.push(out.readings);
    }
  return { readings, stepAt };
}

/** the states by device, in device order (a process adds devices in the order it takes partitions) */
const canonical = (states: Record<string, unknown>) =>
  JSON.stringify(Object.entries(states).sort(([x], [y]) => x.localeCompare(y)));

interface Process {
  name: string;
  state: StateDb;
  runner: DetectionRunner;
  alerts: AlertService;
  owner?: PartitionOwner;
  redis: Redis;
  reader?: Redis;
  locks?: PartitionLocks;
  close(): Promise<void>;
}

const what = 'detection ownership over PostgreSQL';
if (POSTGRES_URL || requirePostgresInCi(what))
  describe('detection ownership of plant partitions (Redis Streams + PostgreSQL advisory locks)', () => {
    let redis: RedisServer;
    let url: string;
    const dirs: string[] = [];
    const processes: Process[] = [];
    const config = (dataDir: string, roles = 'detection') =>
      ({
        roles,
        dataDir,
        detectFitMinutes: 20,
        detectCalibrateMinutes: 20,
        silenceMs: 3_600_000,
        partitions: PARTITIONS,
      }) as AppConfig;
    const tmp = () => {
      const d = mkdtempSync(join(tmpdir(), 'qw-own-'));
      dirs.push(d);
      return d;
    };

    beforeAll(async () => {
      redis = await startRedis();
      url = await freshPostgresDatabase('qw_own');
      const s = openStateDb({ engine: 'postgres', postgresUrl: url });
      await s.migrate();
      await s.close();
    });
    afterAll(async () => {
      for (const p of processes) await p.close().catch(() => undefined);
      await redis?.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    /** a detection process: its own state-store pool, Redis connections, alert service, runner and owner */
    async function detectionProcess(name: string, fleet: FleetRegistry, checkpointMs = 1_000): Promise<Process> {
      const state = openStateDb({ engine: 'postgres', postgresUrl: url });
      const r = openRedis(redis.url);
      const reader = r.duplicate();
      const alerts = new AlertService(
        new SqlAlertStore(state),
        live,
        log,
        DETECTION.roles,
        new RoutedAlerts(state, r, PARTITIONS),
      );
      await alerts.onModuleInit();
      const runner = new DetectionRunner(fleet, new ReadingsBus(), alerts, live, config(tmp()), log);
      runner.useLog();
      await runner.onApplicationBootstrap();
      const p: Process = { name, state, runner, alerts, redis: r, reader, close: async () => undefined };
      p.owner = new PartitionOwner(
        {
          runner,
          alerts,
          state,
          plants: () => fleet.plants().map((x) => x.id),
          locks: () => (p.locks = new PartitionLocks(url)),
          redis: r,
          reader,
          log,
        },
        { partitions: PARTITIONS, checkpointMs, checkpointEntries: 100_000 },
      );
      await p.owner.start();
      p.close = async () => {
        await p.owner!.stop().catch(() => undefined);
        await runner.stop();
        await alerts.stop();
        reader.disconnect();
        r.disconnect();
        await state.close();
      };
      processes.push(p);
      return p;
    }

    it('a killed owner is replaced: every reading judged once, one alert for one step, actions routed to the owner', async () => {
      const spec = fleetOverPartitions();
      const fleet = new FleetRegistry(spec);
      // a checkpoints only when it gives a partition up: when it is killed, its successor replays everything a
      // judged, the reading that raised the alert included, and must not raise it a second time
      const a = await detectionProcess('a', fleet, 600_000);
      const b = await detectionProcess('b', fleet);
      // a took every partition alone; with b connected each one's share is half, and a lets go of the excess
      await waitFor(
        () => a.owner!.partitions().length === PARTITIONS / 2 && b.owner!.partitions().length === PARTITIONS / 2,
        'the partitions shared between the two processes',
        10_000,
      );
      expect([...a.owner!.partitions(), ...b.owner!.partitions()].sort()).toEqual([0, 1, 2, 3]);
      // each raises the alerts of its own plants only (the meter-tree balance check asks this)
      for (const plant of spec.plants) {
        const ofA = a.owner!.partitions().includes(partitionOf(plant.id, PARTITIONS));
        expect([a.alerts.ownsPlant(plant.id), b.alerts.ownsPlant(plant.id)]).toEqual([ofA, !ofA]);
      }
      // the step is injected in a plant of the process that will be killed: its state has to move
      const faultPlant = spec.plants.find((p) => a.owner!.partitions().includes(partitionOf(p.id, PARTITIONS)))!.id;
      const { readings, stepAt } = scenario(fleet, faultPlant);

      // the same readings judged by one detection runner alone: what every device's state must end as
      const refDir = tmp();
      const refState = openStateDb({ engine: 'embedded', dataDir: refDir });
      await refState.migrate();
      const refAlerts = new AlertService(new SqlAlertStore(refState), live, log);
      await refAlerts.onModuleInit();
      const ref = new DetectionRunner(fleet, new ReadingsBus(), refAlerts, live, config(refDir, 'all'), log);
      await ref.onApplicationBootstrap();
      for (const rs of readings) ref.judge(rs);

      // the ingest side: one append per message, as ingest does before acknowledging
      const ingest = openRedis(redis.url);
      const logOut = new ReadingsLog(ingest, PARTITIONS);
      const killAt = readings.findIndex((rs) => rs[0].ts >= stepAt + 20 * 60_000);
      for (const rs of readings.slice(0, killAt)) await logOut.publish(rs);
      const api = new RoutedAlerts(b.state, ingest, PARTITIONS);
      const drift = async () => (await api.list({ kind: 'drift' })).map((x) => [x.plantId, x.deviceId, x.openedAt]);
      await waitFor(async () => (await drift()).length > 0, 'process a raising the alert of the step', 20_000);

      // a killed process: it stops where it is (no checkpoint, nothing let go) and PostgreSQL drops its connection
      a.owner!.halt();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const killed = Date.now();
      await admin.query('select pg_terminate_backend($1)', [a.locks!.backendPid]);
      await waitFor(() => b.owner!.partitions().length === PARTITIONS, 'process b owning every partition', 10_000);
      const takeoverMs = Date.now() - killed;
      console.log(`takeover after the owner was killed: ${takeoverMs} ms (rebalance tick 1 s)`);
      expect(takeoverMs).toBeLessThan(5_000);

      for (const rs of readings.slice(killAt)) await logOut.publish(rs);
      const expected = canonical(ref.statesOf(() => true));
      await waitFor(
        () => canonical(b.runner.statesOf(() => true)) === expected,
        'the survivor to end with the states of a single uninterrupted run',
        20_000,
      );

      // what a judged after its last checkpoint was judged again by b (a replay), and yet counted once
      const judged = a.owner!.counters.readings + b.owner!.counters.readings;
      console.log(`readings ${readings.length}, judged by a and b together ${judged} (the difference: replayed)`);
      expect(judged).toBeGreaterThan(readings.length);

      // one alert for the one step, in the shared store, as the single run raised it
      const refRaised = refAlerts.list({}).filter((x) => x.kind === 'drift');
      expect(refRaised.map((x) => [x.plantId, x.deviceId])).toEqual([[faultPlant, 't1']]);
      await b.alerts.settled();
      const stored = await api.list({});
      expect(stored.filter((x) => x.kind === 'drift').map((x) => [x.plantId, x.deviceId])).toEqual([
        [faultPlant, 't1'],
      ]);
      expect(stored.filter((x) => x.kind === 'drift')[0].openedAt).toBe(refRaised[0].openedAt);
      expect(stored.filter((x) => x.kind === 'drift')[0].openedAt).toBeGreaterThan(stepAt);
      expect(stored.length).toBe(refAlerts.list({}).length);

      // an action sent by a process that owns nothing is applied by the owner, audited as the user who asked
      const alert = stored.find((x) => x.kind === 'drift')!;
      const acked: Alert = await api.act(alert.plantId, {
        op: 'acknowledge',
        id: alert.id,
        by: 'li.wei',
        comment: 'checking',
      });
      expect(acked.state).toBe('acknowledged');
      expect((await api.get(alert.id)).history.at(-1)).toMatchObject({ state: 'acknowledged', by: 'li.wei' });
      // refused as the AlertBook refuses it in one process
      const again = await api.act(alert.plantId, { op: 'acknowledge', id: alert.id, by: 'li.wei' }).catch((e) => e);
      expect(again).toBeInstanceOf(DomainError);
      expect((again as DomainError).status).toBe(409);

      // with no owner left, an action is answered 503 OWNER_UNAVAILABLE and not applied later
      await b.owner!.stop();
      const quick = new RoutedAlerts(b.state, ingest, PARTITIONS, 1_000);
      const orphan = await quick
        .act(alert.plantId, { op: 'resolve', id: alert.id, by: 'li.wei', comment: 'x' })
        .catch((e) => e);
      expect(orphan).toMatchObject({ status: 503, reason: 'OWNER_UNAVAILABLE' });
      const c = await detectionProcess('c', fleet);
      await waitFor(() => c.owner!.partitions().length === PARTITIONS, 'process c owning every partition', 10_000);
      await waitFor(() => c.owner!.counters.expired >= 1, 'the late action seen and dropped', 5_000);
      expect((await api.get(alert.id)).state).toBe('acknowledged');
      // and c resumed from b's checkpoints: the same states again, nothing judged twice
      expect(canonical(c.runner.statesOf(() => true))).toBe(expected);

      await admin.end();
      ingest.disconnect();
      await ref.stop();
      await refAlerts.stop();
      await refState.close();
    }, 60_000);
  });
