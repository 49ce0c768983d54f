import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { out, type Command } from './command.js';
import { platformFetch } from '../platform-api.js';

/** Calls the platform's simulator control API (apps/server/src/sim-control) and prints the JSON answer. */
async function call(base: string, method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await platformFetch(new URL(path, base), {
    method,
    headers: body === undefined ? {} : { 'content-type': type },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  out(text);
  return res.ok ? 0 : 1;
}

export const controlCmd: Command = {
  name: 'control',
  summary: "Drive the simulator inside a running platform through its API (what the console's controls call).",
  usage: 'control ACTION [ARGS] --url http://HOST:3000   (API token in QW_API_TOKEN)',
  details:
    'Actions:\n' +
    '  status                              runs (the demo plant, scenarios, replays) and their faults\n' +
    '  start-scenario FILE.yaml            start a scenario against the platform (its own broker and fleet)\n' +
    '  stop RUN                            stop a scenario or replay\n' +
    '  inject JSON [--run RUN]             inject a fault into a device of the demo plant (default) or a run\n' +
    '  clear [--run RUN] [--device ID]     remove injected faults\n' +
    '  replay FILE [--speed X] [--map ..] [--retime]   upload a recording (or .csv) and replay it there',
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000', arg: 'URL', desc: 'the platform' },
    run: { type: 'string', default: 'demo', arg: 'RUN', desc: 'run id (inject, clear)' },
    device: { type: 'string', arg: 'ID', desc: 'device id (clear)' },
    speed: { type: 'string', default: '1', arg: 'X|max', desc: 'replay speed' },
    map: { type: 'string', arg: 'OLD=NEW,..', desc: 'replay: device id remapping' },
    'plant-map': { type: 'string', arg: 'OLD=NEW,..', desc: 'replay: plant id remapping' },
    retime: { type: 'boolean', desc: 'replay: stamp the recording as if it started now' },
  },
  async run(v, pos) {
    const base = String(v.url);
    const [action, arg] = pos;
    switch (action) {
      case 'status':
        return call(base, 'GET', '/api/sim/runs');
      case 'start-scenario':
        if (!arg) throw new Error('start-scenario: name a scenario file');
        return call(base, 'POST', '/api/sim/scenarios', { scenario: parseYaml(readFileSync(arg, 'utf8')) });
      case 'stop':
        if (!arg) throw new Error('stop: name a run id');
        return call(base, 'POST', `/api/sim/runs/${encodeURIComponent(arg)}/stop`);
      case 'inject':
        if (!arg) throw new Error('inject: give the fault as JSON');
        return call(base, 'POST', '/api/sim/faults', { runId: v.run, fault: JSON.parse(arg) });
      case 'clear': {
        const q = new URLSearchParams({ runId: String(v.run), ...(v.device ? { device: String(v.device) } : {}) });
        return call(base, 'DELETE', `/api/sim/faults?${q}`);
      }
      case 'replay': {
        if (!arg) throw new Error('replay: name a recording file');
        const q = new URLSearchParams({ speed: String(v.speed) });
        if (v.map) q.set('map', String(v.map));
        if (v['plant-map']) q.set('plantMap', String(v['plant-map']));
        if (v.retime) q.set('retime', 'true');
        const type = arg.endsWith('.csv') ? 'text/csv' : 'application/x-ndjson';
        return call(base, 'POST', `/api/sim/replays?${q}`, readFileSync(arg, 'utf8'), type);
      }
      default:
        throw new Error(`control: unknown action ${JSON.stringify(action ?? '')}; see device-sim control --help`);
    }
  },
};
