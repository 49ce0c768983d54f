import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { platformAcls } from '../../apps/server/src/broker/external/dynsec-roles.js';
import { disposeMosquitto, startMosquitto, type Mosquitto } from '../support/mosquitto.js';
import { ROOT } from './manifests.js';

/**
 * The setup script the compose file and the Kubernetes Job run against Mosquitto, run here against Debian's
 * Mosquitto with the dynamic-security plugin: it gives the admin account exactly the platform's ACLs (the ones the
 * server's code names), twice without harm, and the account can then take the shared subscription.
 */

const SCRIPT = join(ROOT, 'deploy/k8s/backing/mosquitto-platform-acl.sh');
let m: Mosquitto | undefined;

beforeAll(async () => {
  m = await startMosquitto();
});
afterAll(() => disposeMosquitto(m));

const runScript = () =>
  spawnSync('sh', [SCRIPT], {
    encoding: 'utf8',
    timeout: 20_000,
    env: {
      ...process.env,
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: String(m!.port),
      MQTT_ADMIN_USER: m!.admin.username,
      MQTT_ADMIN_PASSWORD: m!.admin.password,
    },
  });

/** `mosquitto_ctrl dynsec getRole` lines: `type : allow : topic (priority: 0)` */
const aclsIn = (out: string): string[] =>
  [...out.matchAll(/(\w+)\s*: allow : (\S+) \(priority/g)].map(([, type, topic]) => `${type} ${topic}`).sort();

/** the QoS the broker granted on the shared subscription, or mqtt.js's error for a refusal */
async function shareGranted(): Promise<number | string> {
  const c = await mqtt.connectAsync(m!.url, {
    protocolVersion: 5,
    username: m!.admin.username,
    password: m!.admin.password,
    reconnectPeriod: 0,
  });
  try {
    const [grant] = await c
      .subscribeAsync('$share/qinwatt/plants/+/devices/+/telemetry', { qos: 1 })
      .catch((e: Error) => [{ qos: e.message }]);
    return grant.qos;
  } finally {
    await c.endAsync();
  }
}

describe('the Mosquitto setup script for the platform account', () => {
  it("grants exactly the platform's ACLs, idempotently, so the account can take the shared subscription", async () => {
    expect(await shareGranted()).toBe('Subscribe error: Not authorized');
    const first = runScript();
    expect({ status: first.status, stderr: first.stderr.replace(/Warning:.*\n.*\n\n?/g, '') }).toEqual({
      status: 0,
      stderr: '',
    });
    const want = platformAcls('qinwatt')
      .map((a) => `${a.acltype} ${a.topic}`)
      .sort();
    expect(aclsIn(first.stdout)).toEqual(want);
    const again = runScript();
    expect(again.status).toBe(0);
    expect(aclsIn(again.stdout)).toEqual(want);
    expect(await shareGranted()).toBe(1);
  });

  it('fails, and says so, when it cannot reach the broker as the admin', () => {
    const r = spawnSync('sh', [SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, MQTT_HOST: '127.0.0.1', MQTT_PORT: String(m!.port), MQTT_ADMIN_PASSWORD: 'wrong' },
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({
      status: 1,
      stderr: 'cannot reach the broker at 127.0.0.1 as qinwatt\n',
    });
  });
});
