import { writeFileSync } from 'node:fs';
import { loadFleet } from '../fleet/fleet-file.js';
import { formatProgress, runLoad } from '../load/run.js';
import { parseDuration } from '../duration.js';
import { globalCredentials, MQTT_OPTIONS, newRunId, num, out, required, type Command } from './command.js';

export const loadCmd: Command = {
  name: 'load',
  summary: 'Load mode: N devices over M connections at a target rate, with a ramp, live progress and a summary.',
  usage: 'load --fleet FILE --devices 20000 --mode gateway --rate 1 --duration 60s [--ramp 10s] [--json out.json]',
  details:
    "Gateway mode: one connection per gateway of the fleet, each tick's readings batched per gateway.\n" +
    "Direct mode: --connections shared connections, one message per reading on the device's topic\n" +
    '(one connection per device when the fleet gives devices secrets).\n' +
    'The progress line (stderr, every second): readings sent and acknowledged, acknowledged rate, messages in\n' +
    'flight, readings skipped because a connection had --max-inflight messages unacknowledged (the platform is\n' +
    'not keeping up), publish→PUBACK latency percentiles over the last second. The summary goes to stdout as JSON.',
  options: {
    ...MQTT_OPTIONS,
    fleet: { type: 'string', arg: 'FILE', desc: 'fleet file (fleet generate makes one)' },
    devices: { type: 'string', arg: 'N', desc: 'devices to run, the first N of the fleet (default: all)' },
    mode: { type: 'string', default: 'gateway', arg: 'gateway|direct', desc: 'batched through gateways, or direct' },
    connections: { type: 'string', default: '100', arg: 'M', desc: 'direct mode: number of connections' },
    rate: { type: 'string', default: '1', arg: 'R', desc: 'readings per device per second' },
    qos: { type: 'string', default: '1', arg: '0|1', desc: 'MQTT QoS (latency needs 1)' },
    ramp: { type: 'string', default: '0s', arg: 'DUR', desc: 'bring devices in linearly over this long' },
    duration: { type: 'string', default: '60s', arg: 'DUR', desc: 'how long to send (ramp included)' },
    batch: { type: 'string', default: '250', arg: 'N', desc: 'most readings in one gateway message' },
    tick: { type: 'string', default: '250', arg: 'MS', desc: 'scheduling tick; devices are spread over ticks' },
    'max-inflight': {
      type: 'string',
      default: '8',
      arg: 'N',
      desc: 'unacknowledged messages per connection before readings are skipped (and counted)',
    },
    seed: { type: 'string', default: '1', arg: 'N', desc: 'random seed' },
    json: { type: 'string', arg: 'FILE', desc: 'also write the summary as JSON to FILE' },
  },
  async run(v) {
    const fleetPath = required(v, 'fleet');
    const fleet = loadFleet(fleetPath);
    const mode = v.mode === 'direct' ? 'direct' : v.mode === 'gateway' ? 'gateway' : undefined;
    if (!mode) throw new Error('--mode: gateway or direct');
    const ac = new AbortController();
    process.once('SIGINT', () => ac.abort());
    const tty = process.stderr.isTTY;
    const summary = await runLoad({
      brokerUrl: String(v.url),
      fleet,
      devices: v.devices ? num(v, 'devices', 1, 1_000_000) : fleet.devices.length,
      mode,
      connections: num(v, 'connections', 1, 100_000),
      rate: num(v, 'rate', 0.001, 1000),
      qos: num(v, 'qos', 0, 1) as 0 | 1,
      rampMs: parseDuration(String(v.ramp), 'ramp'),
      durationMs: parseDuration(String(v.duration), 'duration'),
      batch: num(v, 'batch', 1, 100_000),
      tickMs: num(v, 'tick', 1, 60_000),
      seed: num(v, 'seed', 0, 2 ** 32),
      maxInflight: num(v, 'max-inflight', 1, 1e6),
      runId: newRunId('load'),
      credentials: globalCredentials(v),
      signal: ac.signal,
      onProgress: (p) => process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${formatProgress(p)}${tty ? '' : '\n'}`),
    });
    if (tty) process.stderr.write('\n');
    const text = JSON.stringify({ command: process.argv.slice(2).join(' '), fleet: fleetPath, ...summary }, null, 2);
    out(text);
    if (v.json) writeFileSync(String(v.json), text + '\n');
    return summary.errors ? 1 : 0; // skipped readings are a finding about the platform, not a failure of the run
  },
};
