import { createInterface } from 'node:readline';
import { startFleet } from '../fleet-runner.js';
import { loadFleet } from '../fleet/fleet-file.js';
import { loadScenario } from '../scenario/scenario-file.js';
import type { FaultSpec } from '../faults/index.js';
import { err, globalCredentials, MQTT_OPTIONS, newRunId, num, out, required, type Command } from './command.js';

export const runCmd: Command = {
  name: 'run',
  summary: 'Run a fleet in real time (data time = wall time), one connection per device; inject faults live.',
  usage: 'run --fleet FILE --url mqtt://HOST:1883 [--interval 1000] [--fault JSON] [--scenario FILE]',
  details:
    'Live control: write one line per command on standard input:\n' +
    '  {"type":"efficiency_step","device":"m1","drop":0.1}   inject a fault now (at/until count from now)\n' +
    "  clear [DEVICE]                                          remove faults (all, or one device's)\n" +
    '  faults                                                  list active faults\n' +
    '  stats                                                   sent / acknowledged / refused counts\n' +
    'Faults from --scenario are scheduled with their offsets counted from the start. Stop with Ctrl-C.',
  options: {
    ...MQTT_OPTIONS,
    fleet: { type: 'string', arg: 'FILE', desc: 'fleet file (JSON or YAML)' },
    interval: { type: 'string', default: '1000', arg: 'MS', desc: 'ms between readings of each device' },
    seed: { type: 'string', default: '1', arg: 'N', desc: 'random seed' },
    'run-id': { type: 'string', arg: 'ID', desc: 'run id marked in every payload (default: generated)' },
    fault: { type: 'string', multiple: true, arg: 'JSON', desc: 'a fault to schedule from the start' },
    scenario: { type: 'string', arg: 'FILE', desc: 'take scheduled faults from a scenario file' },
  },
  async run(v) {
    const fleet = loadFleet(required(v, 'fleet'));
    const faults: FaultSpec[] = ((v.fault as string[] | undefined) ?? []).map((f) => JSON.parse(f) as FaultSpec);
    if (v.scenario) faults.push(...loadScenario(String(v.scenario)).faults);
    const creds = globalCredentials(v);
    const runId = (v['run-id'] as string | undefined) ?? newRunId('run');
    const fleetRun = await startFleet({
      brokerUrl: String(v.url),
      fleet,
      intervalMs: num(v, 'interval', 10, 3_600_000),
      seed: num(v, 'seed', 0, 2 ** 32),
      runId,
      credentials: creds ? () => creds : undefined,
      faults,
    });
    err(`run ${runId}: ${fleetRun.devices.length} devices publishing to ${v.url}; commands on stdin, Ctrl-C to stop`);
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      const t = line.trim();
      try {
        if (!t) return;
        if (t === 'faults') out(JSON.stringify(fleetRun.faults()));
        else if (t === 'stats') out(JSON.stringify(fleetRun.stats));
        else if (t.startsWith('clear')) out(`cleared ${fleetRun.clear({ device: t.split(/\s+/)[1] })} faults`);
        else out(`injected ${JSON.stringify(fleetRun.inject(JSON.parse(t) as FaultSpec))}`);
      } catch (e) {
        err(`error: ${(e as Error).message}`);
      }
    });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    lines.close();
    await fleetRun.stop();
    err(`stopped: ${JSON.stringify(fleetRun.stats)}`);
    return 0;
  },
};
