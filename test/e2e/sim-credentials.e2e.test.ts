import { mqttUsername } from '#contracts';
import { generateFleet, parseScenario, runLoad, runScenario } from '#device-sim';
import { startAedes } from '../support/aedes-broker.js';

const fleet = generateFleet({ devices: 40, gateways: 2, plants: 1, seed: 9, secrets: true });
const users = new Map<string, string>();
for (const d of fleet.devices) users.set(mqttUsername(d.plantId, d.id), d.secret!);
for (const g of fleet.gateways!) users.set(mqttUsername(g.plantId, g.id), g.secret!);

describe('credentials from the fleet file, against a broker that checks them', () => {
  let broker: Awaited<ReturnType<typeof startAedes>>;
  beforeAll(async () => {
    broker = await startAedes(users);
  });
  afterAll(async () => broker?.stop());

  it('devices connect with their secrets; the wrong-credentials fault is refused and counted', async () => {
    const s = parseScenario({
      name: 'bad password',
      devices: ['d01', 'd02'],
      duration: '10m',
      step: '1m',
      faults: [{ type: 'wrong_credentials', device: 'd02', at: '3m', until: '6m' }],
    });
    const r = await runScenario(s, { brokerUrl: broker.url, fleet, runId: 'cred', now: Date.now() });
    expect(r.stats).toEqual({ sent: 19, acked: 19, refused: 3, errors: 0 });
  });

  it('gateways connect with theirs in load mode', async () => {
    const s = await runLoad({
      brokerUrl: broker.url,
      fleet,
      devices: 40,
      mode: 'gateway',
      rate: 10,
      qos: 1,
      rampMs: 0,
      durationMs: 300,
      batch: 100,
      tickMs: 100,
      seed: 1,
      runId: 'cred-load',
    });
    expect(s).toMatchObject({ connections: 2, errors: 0, skipped: 0 });
    expect(s.acked.readings).toBe(s.sent.readings);
    expect(s.sent.readings).toBe(120); // 40 devices × 10/s × 0.3 s
  });
});
