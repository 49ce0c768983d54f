import { parentPort, workerData } from 'node:worker_threads';
import mqtt, { type MqttClient } from 'mqtt';
import { topics } from '#contracts';
import { devicePayload, type LoadBucket, type LoadResult, type LoadSpec } from './load.js';
import { Latencies, nowMs } from './stats.js';

const spec = workerData as LoadSpec;

interface Conn {
  client: MqttClient;
  topic: string;
  devices: string[];
  seq: number[];
  next: number;
  inflight: number;
}

interface Bucket {
  sent: number;
  acked: number;
  heldBack: number;
  lat: Latencies;
}

async function connect(): Promise<Conn[]> {
  return Promise.all(
    spec.targets.map(async (t, i) => {
      const client = await mqtt.connectAsync(spec.url, {
        clientId: t.username
          ? `${t.username}/bench-${process.pid}-${i}`
          : `bench-${process.pid}-${i}-${Date.now() % 100000}`,
        protocolVersion: 4,
        reconnectPeriod: 0,
        keepalive: 60,
        username: t.username,
        password: t.password,
      });
      const topic =
        spec.kind === 'raw'
          ? `bench/${t.id}`
          : spec.kind === 'gateway'
            ? topics.gatewayTelemetry(spec.plantId, t.id)
            : topics.deviceTelemetry(spec.plantId, t.id);
      return { client, topic, devices: t.devices, seq: t.devices.map(() => 0), next: 0, inflight: 0 };
    }),
  );
}

function nextPayload(c: Conn): { payload: string; readings: number } {
  if (spec.kind === 'gateway') {
    const parts: string[] = [];
    for (let k = 0; k < spec.batch; k++) {
      const d = c.next++ % c.devices.length;
      const one = spec.wallClock ? devicePayload(0, c.seq[d]++, Date.now()) : devicePayload(spec.tsBase, c.seq[d]++);
      parts.push(`{"device":"${c.devices[d]}",${one.slice(7)}`); // drop the leading {"v":1,
    }
    return { payload: `{"v":1,"readings":[${parts.join(',')}]}`, readings: spec.batch };
  }
  const body = spec.wallClock ? devicePayload(0, c.seq[0]++, Date.now()) : devicePayload(spec.tsBase, c.seq[0]++);
  if (spec.kind === 'raw') return { payload: `{"sent":${nowMs()},${body.slice(1)}`, readings: 1 };
  return { payload: body, readings: 1 };
}

async function run(conns: Conn[]): Promise<LoadResult> {
  const t0 = nowMs();
  const buckets: Bucket[] = [];
  const bucket = (t: number): Bucket => {
    const i = Math.max(0, Math.floor((t - t0) / spec.bucketMs));
    while (buckets.length <= i) buckets.push({ sent: 0, acked: 0, heldBack: 0, lat: new Latencies() });
    return buckets[i];
  };
  let sent = 0;
  let acked = 0;
  let readingsAcked = 0;
  let errors = 0;
  let heldBack = 0;
  let running = true;
  let outstanding = 0;
  let drained: () => void = () => undefined;

  let burstSent: () => void = () => undefined;
  const burstDone = new Promise<void>((r) => (burstSent = r));
  const send = (c: Conn) => {
    if (spec.maxMessages !== undefined && sent >= spec.maxMessages) return burstSent();
    const { payload, readings } = nextPayload(c);
    const t = nowMs();
    c.inflight++;
    outstanding++;
    sent++;
    bucket(t).sent++;
    c.client.publish(c.topic, payload, { qos: spec.qos }, (err) => {
      c.inflight--;
      outstanding--;
      if (err) errors++;
      else {
        acked++;
        readingsAcked += readings;
        const b = bucket(t);
        b.acked++;
        b.lat.add(nowMs() - t);
      }
      if (running && spec.rate === undefined) pump(c);
      if (!running && outstanding === 0) drained();
    });
  };

  // end-to-end window (raw passthrough): wait for the subscriber before sending more than the window allows
  const delivered = spec.delivered ? new Int32Array(spec.delivered) : undefined;
  const limit = spec.targets.length * spec.window;
  const waiting: Conn[] = [];
  let retry: NodeJS.Timeout | undefined;
  const pump = (c: Conn) => {
    if (!running) return;
    if (delivered && sent - Atomics.load(delivered, 0) >= limit) {
      waiting.push(c);
      retry ??= setTimeout(() => {
        retry = undefined;
        for (const w of waiting.splice(0)) pump(w);
      }, 1);
      return;
    }
    send(c);
  };

  const progress = spec.progressMs
    ? setInterval(
        () => parentPort!.postMessage({ type: 'progress', progress: { sent, acked, readingsAcked, errors, heldBack } }),
        spec.progressMs,
      )
    : undefined;
  let timer: NodeJS.Timeout | undefined;
  if (spec.rate === undefined) {
    for (const c of conns) for (let k = 0; k < spec.window; k++) send(c);
  } else {
    // open loop: offer rate × elapsed messages, spread over the connections round robin
    let offered = 0;
    let rr = 0;
    const tick = () => {
      const due = Math.floor(((nowMs() - t0) / 1000) * spec.rate!) - offered;
      for (let k = 0; k < due; k++) {
        const c = conns[rr++ % conns.length];
        offered++;
        if (c.inflight >= spec.window) {
          heldBack++;
          bucket(nowMs()).heldBack++;
        } else send(c);
      }
    };
    timer = setInterval(tick, 2);
  }
  await Promise.race([new Promise((r) => setTimeout(r, spec.durationMs)), burstDone]);
  running = false;
  if (timer) clearInterval(timer);
  if (progress) clearInterval(progress);
  if (outstanding > 0)
    await Promise.race([new Promise<void>((r) => (drained = r)), new Promise((r) => setTimeout(r, spec.drainMs))]);

  const first = Math.ceil(spec.warmupMs / spec.bucketMs);
  const last = Math.floor(spec.durationMs / spec.bucketMs); // exclusive: the run's tail bucket is partial
  const steady = buckets.slice(first, last);
  const all = new Latencies();
  let steadyAcked = 0;
  let steadySentReadings = 0;
  for (const b of steady) {
    steadyAcked += b.acked;
    steadySentReadings += b.acked * (spec.kind === 'gateway' ? spec.batch : 1);
    for (const v of b.lat.values()) all.add(v);
  }
  const steadySec = (steady.length * spec.bucketMs) / 1000;
  const out: LoadBucket[] = buckets.map((b, i) => {
    const s = b.lat.summary();
    return {
      atMs: i * spec.bucketMs,
      sent: b.sent,
      acked: b.acked,
      ackP50: s.p50,
      ackP99: s.p99,
      heldBack: b.heldBack,
    };
  });
  return {
    sent,
    acked,
    readingsAcked,
    errors,
    heldBack,
    ackRate: steadySec ? steadyAcked / steadySec : 0,
    readingsPerSec: steadySec ? steadySentReadings / steadySec : 0,
    ack: all.summary(),
    buckets: out,
    steadyFrom: t0 + first * spec.bucketMs,
    steadyTo: t0 + last * spec.bucketMs,
  };
}

const conns = await connect();
parentPort!.postMessage({ type: 'ready' });
parentPort!.once('message', () => {
  void run(conns).then(async (result) => {
    await Promise.all(conns.map((c) => c.client.endAsync(true)));
    parentPort!.postMessage({ type: 'done', result });
  });
});
