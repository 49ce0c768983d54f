import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import mqttPacket from 'mqtt-packet';
import { topics } from '#contracts';
import { hashSecretSync } from '../../apps/server/src/fleet/credentials.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { allDeadLetters, connect, creds, metric, motor } from '../support/ingest.js';

/** One raw CONNECT from a chosen source address; resolves with the CONNACK return code, or 'closed'. */
function rawConnect(url: string, username: string, password: string, localAddress: string): Promise<number | string> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tcpConnect({ port: Number(port), host: '127.0.0.1', localAddress });
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    const end = (code: number | string) => (socket.destroy(), resolve(code));
    parser.on('packet', (p) => end(p.cmd === 'connack' ? (p.returnCode ?? 0) : 'closed'));
    socket.on('data', (b) => parser.parse(b));
    socket.on('close', () => end('closed'));
    socket.on('error', () => end('closed'));
    socket.on('connect', () =>
      socket.write(
        mqttPacket.generate({
          cmd: 'connect',
          protocolId: 'MQTT',
          protocolVersion: 4,
          clean: true,
          clientId: username,
          keepalive: 0,
          username,
          password: Buffer.from(password),
        }),
      ),
    );
  });
}

/** Sockets that open and never speak, as a scanner or a attacker leaves them. */
async function idleSockets(url: string, n: number): Promise<{ sockets: Socket[]; closed: () => number }> {
  const { port } = new URL(url);
  let closed = 0;
  const sockets = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Socket>((resolve) => {
          const s = tcpConnect({ port: Number(port), host: '127.0.0.1' }, () => resolve(s));
          s.on('close', () => closed++);
          s.on('error', () => undefined);
        }),
    ),
  );
  return { sockets, closed: () => closed };
}

const until = async (cond: () => boolean | Promise<boolean>, what: string, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('identities that cannot be borrowed (built server, real MQTT over TCP)', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("refuses a device that connects with another device's client id, and leaves that device's session alone", async () => {
    server = await startServer({});
    const m1 = await mqtt.connectAsync(server.mqttUrl, { clientId: 'p1/m1', protocolVersion: 4, ...creds('m1') });
    let dropped = 0;
    m1.on('close', () => dropped++);
    for (let i = 0; i < 5; i++)
      await expect(
        mqtt.connectAsync(server.mqttUrl, {
          clientId: 'p1/m1',
          protocolVersion: 4,
          reconnectPeriod: 0,
          ...creds('t1'),
        }),
      ).rejects.toMatchObject({ code: 2 }); // CONNACK 2: identifier rejected
    // its own id with a tag, and an empty id (assigned by the broker), are fine
    const tagged = await connect(server.mqttUrl, 't1', { clientId: 'p1/t1/second-task' });
    const assigned = await connect(server.mqttUrl, 't1', { clientId: '', clean: true });
    await m1.publishAsync(topics.deviceTelemetry('p1', 'm1'), motor(Date.now()), { qos: 1 }); // still its session
    expect(dropped).toBe(0);
    expect(m1.connected).toBe(true);
    await Promise.all([m1.endAsync(), tagged.endAsync(), assigned.endAsync()]);

    expect(await metric(server, 'qinwatt_mqtt_connect_refused_total', 'reason="CLIENT_ID_REJECTED"')).toBe(5);
    const letters = await allDeadLetters(server, '&reason=CLIENT_ID_REJECTED');
    expect(letters).toHaveLength(5);
    expect(letters[0]).toMatchObject({ username: 'p1/t1', clientId: 'p1/m1' });
  });

  it('keeps sockets that never send CONNECT apart from the sessions: they neither lock devices out nor stay', async () => {
    server = await startServer({
      QW_MQTT_MAX_CONNECTIONS: '200',
      QW_MQTT_MAX_PENDING: '50',
      QW_MQTT_CONNECT_TIMEOUT_MS: '1500',
    });
    const idle = await idleSockets(server.mqttUrl, 200); // as many as the session cap
    await until(() => idle.closed() >= 150, 'the oldest idle sockets beyond 50 to be closed');
    const m1 = await connect(server.mqttUrl, 'm1', { connectTimeout: 3000 });
    expect(m1.connected).toBe(true);
    await until(() => idle.closed() === 200, 'the CONNECT timeout to close every idle socket', 5000);
    expect(m1.connected).toBe(true); // a session is not subject to the CONNECT timeout
    await m1.endAsync();
  });

  it('lets a device in beside a flood of wrong secrets from another address, and keeps verified secrets across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-identity-'));
    const fleetFile = join(dir, 'fleet.json');
    // secrets as the API issues them: only their scrypt hashes are on file
    const device = (id: string) => ({
      id,
      plantId: 'p1',
      class: 'motor',
      name: id,
      nameplate: { ratedKw: 55, ratedEfficiency: 94.6 },
      secretHash: hashSecretSync(`test-secret-${id}`),
    });
    writeFileSync(
      fleetFile,
      JSON.stringify({ plants: [{ id: 'p1', name: 'P1' }], devices: [device('m1'), device('m2')] }),
    );
    const env = { QW_FLEET_FILE: fleetFile, QW_DATA_DIR: join(dir, 'data') };
    server = await startServer(env);
    const url = server.mqttUrl;
    // waves of ten distinct wrong secrets, as a flood keeps coming; a device connects in the middle of it
    const flooding = (async () => {
      const answers: Array<number | string> = [];
      for (let w = 0; w < 8; w++)
        answers.push(
          ...(await Promise.all(
            Array.from({ length: 10 }, (_, i) =>
              rawConnect(url, i < 4 ? `p1/m${(i % 2) + 1}` : `p1/ghost-${w}-${i}`, `wrong-${w}-${i}`, '127.0.0.2'),
            ),
          )),
        );
      return answers;
    })();
    expect(await rawConnect(url, 'p1/m1', 'test-secret-m1', '127.0.0.1')).toBe(0);
    const answers = await flooding;
    expect(answers.filter((c) => c === 3).length).toBeGreaterThan(0); // the flood's address was throttled
    expect(answers.every((c) => c === 3 || c === 4)).toBe(true);
    expect(await rawConnect(url, 'p1/m1', 'test-secret-m1', '127.0.0.1')).toBe(0); // still in, from its address
    expect(await rawConnect(url, 'p1/m1', 'test-secret-m1', '127.0.0.2')).toBe(3); // the flooder's address is not
    expect(await metric(server, 'qinwatt_mqtt_connect_refused_total', 'reason="CONNECT_THROTTLED"')).toBeGreaterThan(0);
    expect((await allDeadLetters(server, '&reason=CONNECT_THROTTLED')).length).toBeGreaterThan(0);
    const checks = await metric(server, 'qinwatt_mqtt_secret_checks_total');
    expect(checks).toBeLessThanOrEqual(21); // m1's right secret + at most a burst of 10 wrong ones per user name

    await server.stop();
    server = await startServer(env); // a restart: m1's secret was verified before, m2's never
    expect(await rawConnect(server.mqttUrl, 'p1/m1', 'test-secret-m1', '127.0.0.1')).toBe(0);
    expect(await metric(server, 'qinwatt_mqtt_secret_checks_total')).toBe(0);
    expect(await rawConnect(server.mqttUrl, 'p1/m2', 'test-secret-m2', '127.0.0.1')).toBe(0);
    expect(await metric(server, 'qinwatt_mqtt_secret_checks_total')).toBe(1);
  });
});
