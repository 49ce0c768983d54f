import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { generateRecording, loadFleet, readRecording, replay, startRecorder, type RecordedMessage } from '#device-sim';
import { startAedes } from '../support/aedes-broker.js';
import { waitFor } from '../support/wait.js';
import { runCli, spawnCli } from '../support/sim-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'qw-sim-rr-'));
const demo = loadFleet(join(process.cwd(), 'device-sim/fleets/demo.json'));
const strip = (ms: RecordedMessage[]) =>
  ms.map((m) => ({ topic: m.topic, payload: m.payload, payload64: m.payload64 }));

describe('record → replay round trip over a real MQTT broker', () => {
  let broker: Awaited<ReturnType<typeof startAedes>>;
  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(async () => broker?.stop());

  it('records live traffic with timing, and a replay (CLI, ×10, ids remapped) reproduces the same messages', async () => {
    // live traffic: two minutes of the demo fleet with a malformed-payload fault, published at ×100 of data time
    const end = Date.now();
    const source = generateRecording({
      fleet: demo,
      seed: 11,
      runId: 'rr',
      from: end - 120_000,
      to: end,
      stepMs: 10_000,
      faults: [{ type: 'malformed', device: 'pump-1', mode: 'json' }],
    });
    const fileA = join(dir, 'a.jsonl');
    const recA = await startRecorder({ brokerUrl: broker.url, file: fileA });
    const binary = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
    await binary.publishAsync('plants/xa-cement/devices/kiln-1/telemetry', Buffer.from([0x7b, 0xff, 0x7d]), { qos: 1 });
    const r = await replay({ brokerUrl: broker.url, ...source, speed: 100 });
    expect(r).toMatchObject({ sent: source.messages.length, acked: source.messages.length, errors: 0 });
    await binary.endAsync();
    await waitFor(() => recA.count() >= source.messages.length + 1, 'the recorder to see every message');
    await recA.stop();

    const a = await readRecording(fileA);
    expect(a.messages).toHaveLength(source.messages.length + 1);
    expect(a.messages[0].payload64).toBe(Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'));
    expect(strip(a.messages.slice(1))).toEqual(strip(source.messages));
    expect(a.messages.at(-1)!.t).toBeGreaterThan(1000); // ≈ 1.2 s of wall time for 120 s of data at ×100

    // replay the recording through the CLI while the CLI records it again
    const fileB = join(dir, 'b.jsonl');
    const rec = spawnCli(['record', '--url', broker.url, '--out', fileB, '--count', String(a.messages.length)]);
    await rec.ready(/^recording /m); // printed once subscribed
    const play = await runCli(['replay', fileA, '--url', broker.url, '--speed', '10', '--map', 'kiln-1=kiln-9']);
    expect(play.code).toBe(0);
    expect(JSON.parse(play.stdout)).toMatchObject({ sent: a.messages.length, acked: a.messages.length });
    expect((await rec.done).code).toBe(0);
    const b = await readRecording(fileB);
    const remapped = strip(a.messages).map((m) => ({ ...m, topic: m.topic.replace('/kiln-1/', '/kiln-9/') }));
    expect(strip(b.messages)).toEqual(remapped);
  });

  it('imports a CSV of historic meter data and replays it as fast as acknowledgements allow', async () => {
    const csv = join(dir, 'meter.csv');
    const base = Date.parse('2026-11-20T00:00:00Z');
    const rows = ['timestamp,plant,device,metric,value,unit'];
    for (let i = 0; i < 50; i++)
      rows.push(
        `${base + i * 900_000},p1,m1,active_power,${40 + i},kW`,
        `${base + i * 900_000},p1,m1,current,${80 + i},A`,
      );
    writeFileSync(csv, rows.join('\n'));
    const out = join(dir, 'meter.jsonl');
    const imp = await runCli(['import-csv', csv, '--out', out]);
    expect(imp.code).toBe(0);
    const rec = await readRecording(out);
    expect(rec.messages).toHaveLength(50);
    const recorder = await startRecorder({ brokerUrl: broker.url, file: join(dir, 'c.jsonl') });
    const r = await replay({ brokerUrl: broker.url, ...rec, speed: 'max', retime: true });
    expect(r.acked).toBe(50);
    await waitFor(() => recorder.count() >= 50, 'the recorder to see the replay');
    await recorder.stop();
    const c = await readRecording(join(dir, 'c.jsonl'));
    const first = JSON.parse(c.messages[0].payload!) as { ts: number; metrics: { active_power: { value: number } } };
    expect(Math.abs(first.ts - Date.now())).toBeLessThan(60_000); // retimed to now
    expect(first.metrics.active_power.value).toBe(40);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toContain('"recording":1');
  });
});
