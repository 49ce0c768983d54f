import { writeFileSync } from 'node:fs';
import { generateFleet } from '../fleet/generate.js';
import { fleetGateways, loadFleet } from '../fleet/fleet-file.js';
import { generateRecording, recordingText } from '../record/generate.js';
import { parseDuration } from '../duration.js';
import type { FaultSpec } from '../faults/index.js';
import { err, num, out, required, str, type Command } from './command.js';

export const fleetGenerate: Command = {
  name: 'fleet generate',
  summary: 'Write a synthetic fleet file (plants, gateways, devices with nameplates) for load tests.',
  usage: 'fleet generate --devices N [--gateways M] [--plants P] [--secrets] [--out FILE]',
  details:
    'Classes are mixed as in an industrial park (40 % motors, 20 % pumps, ...); nameplates come from the\n' +
    'GB tables in the baselines. Devices are spread round-robin over gateways, gateways over plants.\n' +
    'The same --seed gives the same file.',
  options: {
    devices: { type: 'string', default: '100', arg: 'N', desc: 'number of devices' },
    gateways: { type: 'string', default: '0', arg: 'M', desc: 'number of gateways (0 = devices publish directly)' },
    plants: { type: 'string', arg: 'P', desc: 'number of plants (default: one per 10 gateways)' },
    seed: { type: 'string', default: '1', arg: 'N', desc: 'random seed' },
    secrets: { type: 'boolean', desc: 'give every device and gateway an MQTT secret' },
    out: { type: 'string', short: 'o', arg: 'FILE', desc: 'output file (default: stdout)' },
  },
  async run(v) {
    const fleet = generateFleet({
      devices: num(v, 'devices', 1, 1_000_000),
      gateways: num(v, 'gateways', 0, 100_000),
      plants: v.plants ? num(v, 'plants', 1, 10_000) : undefined,
      seed: num(v, 'seed', 0, 2 ** 32),
      secrets: !!v.secrets,
    });
    const text = JSON.stringify(fleet, null, 1) + '\n';
    if (v.out) {
      writeFileSync(String(v.out), text);
      err(
        `wrote ${fleet.devices.length} devices, ${fleet.gateways?.length ?? 0} gateways, ${fleet.plants.length} plants to ${v.out}`,
      );
    } else process.stdout.write(text);
    return 0;
  },
};

export const fleetCheck: Command = {
  name: 'fleet check',
  summary: 'Check a fleet file and list every problem, or print what it holds.',
  usage: 'fleet check FILE',
  options: {},
  async run(_v, pos) {
    if (!pos[0]) throw new Error('fleet check: name a fleet file');
    const f = loadFleet(pos[0]);
    const byClass: Record<string, number> = {};
    for (const d of f.devices) byClass[d.class] = (byClass[d.class] ?? 0) + 1;
    out(`${pos[0]}: ${f.plants.length} plants, ${fleetGateways(f).length} gateways, ${f.devices.length} devices`);
    out(
      `  ${Object.entries(byClass)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')}`,
    );
    return 0;
  },
};

export const generateCmd: Command = {
  name: 'generate',
  summary: 'Simulate a fleet offline over a span of data time and write it as a recording (no broker needed).',
  usage: 'generate --fleet FILE --duration 1d [--step 10s] [--end ISO] [--fault JSON] --out FILE',
  details: 'Deterministic: the same fleet, seed, run id and times give the same bytes. Replay the file with `replay`.',
  options: {
    fleet: { type: 'string', arg: 'FILE', desc: 'fleet file (JSON or YAML)' },
    duration: { type: 'string', default: '1h', arg: 'DUR', desc: 'data time to simulate (e.g. 30m, 6h, 2d)' },
    step: { type: 'string', default: '10s', arg: 'DUR', desc: 'data time between readings of a device' },
    end: { type: 'string', arg: 'TIME', desc: 'data time of the last reading, ISO-8601 or epoch ms (default: now)' },
    seed: { type: 'string', default: '1', arg: 'N', desc: 'random seed' },
    'run-id': { type: 'string', default: 'gen', arg: 'ID', desc: 'run id marked in every payload (`sim`)' },
    fault: {
      type: 'string',
      multiple: true,
      arg: 'JSON',
      desc: 'a fault, e.g. {"type":"efficiency_step","device":"m1","at":"30m","drop":0.1}',
    },
    out: { type: 'string', short: 'o', arg: 'FILE', desc: 'recording file to write' },
  },
  async run(v) {
    const fleet = loadFleet(required(v, 'fleet'));
    const stepMs = parseDuration(String(v.step), 'step');
    const endRaw = str(v, 'end');
    const end = endRaw ? (/^\d+$/.test(endRaw) ? Number(endRaw) : Date.parse(endRaw)) : Date.now();
    if (!Number.isFinite(end)) throw new Error(`--end: cannot read ${endRaw}`);
    const to = Math.floor(end / stepMs) * stepMs;
    const from = to - Math.floor(parseDuration(String(v.duration), 'duration') / stepMs) * stepMs;
    const faults = ((v.fault as string[] | undefined) ?? []).map((f) => JSON.parse(f) as FaultSpec);
    const rec = generateRecording({
      fleet,
      seed: num(v, 'seed', 0, 2 ** 32),
      runId: String(v['run-id']),
      from,
      to,
      stepMs,
      faults,
    });
    writeFileSync(required(v, 'out'), recordingText(rec));
    err(
      `wrote ${rec.messages.length} messages (${new Date(from).toISOString()} .. ${new Date(to).toISOString()}) to ${v.out}`,
    );
    return 0;
  },
};
