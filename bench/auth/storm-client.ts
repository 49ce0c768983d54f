/**
 * One load-generating process of the reconnect-storm benchmark (forked by reconnect-storm.ts, several at once so
 * the clients are not the bottleneck). Each device is one raw TCP socket speaking just CONNECT/CONNACK
 * (mqtt-packet), like a meter's firmware: it keeps trying until it is in, 0.5-1 s apart, and tries again when its
 * session drops (a server restart). A flood process instead sends CONNECTs with wrong secrets at a fixed rate.
 * Gets its spec as the first IPC message (20,000 logins are too large for the environment) and reports counts to
 * the parent over IPC every 100 ms.
 */
import { connect, type Socket } from 'node:net';
import mqttPacket from 'mqtt-packet';

export interface StormClientSpec {
  port: number;
  /** source address: the devices and the flood come from different ones, as they would */
  localAddress: string;
  devices: Array<{ username: string; password: string }>;
  /** flood: wrong-secret CONNECTs per second, for random user names of `devices` */
  floodPerSecond?: number;
}

export interface StormReport {
  connected: number;
  /** CONNACK return codes other than 0, by code; 'closed' for a socket closed without one */
  refused: Record<string, number>;
  attempts: number;
}

let spec: StormClientSpec;
const report: StormReport = { connected: 0, refused: {}, attempts: 0 };
const count = (why: string) => (report.refused[why] = (report.refused[why] ?? 0) + 1);

/** One CONNECT; resolves with the CONNACK return code ('closed', 'timeout' when there was none) and the socket. */
function tryConnect(
  username: string,
  password: string,
): Promise<{ code: number | 'closed' | 'timeout'; socket: Socket }> {
  report.attempts++;
  return new Promise((resolve) => {
    const socket = connect({ port: spec.port, host: '127.0.0.1', localAddress: spec.localAddress });
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    let done = false;
    // as mqtt.js and firmware do: no CONNACK within this, give up and retry
    const timer = setTimeout(() => finish('timeout'), 10_000);
    const finish = (code: number | 'closed' | 'timeout') => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ code, socket });
    };
    parser.on('packet', (p) => finish(p.cmd === 'connack' ? (p.returnCode ?? 0) : 'closed'));
    socket.on('data', (b) => parser.parse(b));
    socket.on('error', () => finish('closed'));
    socket.on('close', () => finish('closed'));
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

const pause = () => new Promise((r) => setTimeout(r, 500 + Math.random() * 500));

async function device(d: { username: string; password: string }): Promise<void> {
  for (;;) {
    const { code, socket } = await tryConnect(d.username, d.password);
    if (code !== 0) {
      count(String(code));
      socket.destroy();
      await pause();
      continue;
    }
    report.connected++;
    await new Promise((r) => socket.once('close', r));
    report.connected--;
    await pause();
  }
}

function flood(perSecond: number): void {
  let n = 0;
  setInterval(() => {
    for (let i = 0; i < perSecond / 10; i++) {
      const d = spec.devices[Math.floor(Math.random() * spec.devices.length)];
      void tryConnect(d.username, `wrong-${process.pid}-${n++}`).then(({ code, socket }) => {
        count(String(code));
        socket.destroy();
      });
    }
  }, 100);
}

process.once('message', (m) => {
  spec = m as StormClientSpec;
  if (spec.floodPerSecond) flood(spec.floodPerSecond);
  else for (const d of spec.devices) void device(d);
  setInterval(() => process.send?.(report), 100);
});
