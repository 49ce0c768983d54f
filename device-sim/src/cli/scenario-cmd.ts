import { loadScenario, scenarioFleetPath } from '../scenario/scenario-file.js';
import { runScenario } from '../scenario/run.js';
import { platformMqttUrl, verifyScenario } from '../scenario/verify.js';
import { loadFleet } from '../fleet/fleet-file.js';
import { err, globalCredentials, MQTT_OPTIONS, newRunId, out, required, type Command } from './command.js';

const SCENARIO_DETAILS =
  'A scenario (YAML) names the devices, the span of data time (ending now), the faults to inject and\n' +
  'the alerts expected. Readings are stamped in data time and sent as fast as the broker acknowledges,\n' +
  'so hours of data take seconds. See docs/device-sim.md for the format.';

export const scenarioCmd: Command = {
  name: 'scenario',
  summary: "Run a scenario's readings and faults into a broker in compressed time, without checking alerts.",
  usage: 'scenario FILE.yaml --url mqtt://HOST:1883 [--fleet FILE]',
  details: SCENARIO_DETAILS,
  options: {
    ...MQTT_OPTIONS,
    fleet: { type: 'string', arg: 'FILE', desc: 'fleet file (default: the one the scenario names)' },
  },
  async run(v, pos) {
    if (!pos[0]) throw new Error('scenario: name a scenario file');
    const s = loadScenario(pos[0]);
    const fleetPath = (v.fleet as string | undefined) ?? scenarioFleetPath(s);
    if (!fleetPath) throw new Error('scenario: the scenario names no fleet file; pass --fleet');
    const creds = globalCredentials(v);
    const r = await runScenario(s, {
      brokerUrl: String(v.url),
      fleet: loadFleet(fleetPath),
      runId: newRunId('scn'),
      now: Date.now(),
      credentials: creds ? () => creds : undefined,
    });
    out(JSON.stringify({ runId: r.runId, from: r.from, to: r.to, devices: r.devices.length, ...r.stats }));
    return 0;
  },
};

export const verifyCmd: Command = {
  name: 'verify',
  summary:
    'Run a scenario against a live platform; exit 1 with a diff if an expected alert is missing or an unexpected one appears.',
  usage: 'verify FILE.yaml --url http://HOST:3000 [--mqtt mqtt://HOST:1883]',
  details:
    SCENARIO_DETAILS +
    '\nAlerts are read from socket.io `alert` events and GET /api/alerts. Exit codes: 0 pass, 1 fail, 2 usage.',
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000', arg: 'URL', desc: 'the platform (REST + socket.io)' },
    mqtt: {
      type: 'string',
      arg: 'URL',
      desc: "the platform's MQTT broker (default: the --url host, at the port the platform reports, else 1883)",
    },
    fleet: {
      type: 'string',
      arg: 'FILE',
      desc: "fleet file with the devices' secrets (default: the scenario's, else the platform's GET /api/fleet)",
    },
    username: MQTT_OPTIONS.username,
    password: MQTT_OPTIONS.password,
    json: { type: 'string', arg: 'FILE', desc: 'also write the result as JSON' },
  },
  async run(v, pos) {
    if (!pos[0]) throw new Error('verify: name a scenario file');
    const s = loadScenario(pos[0]);
    const url = required(v, 'url');
    const mqttUrl = (v.mqtt as string | undefined) ?? (await platformMqttUrl(url));
    const creds = globalCredentials(v);
    const r = await verifyScenario(s, {
      url,
      mqttUrl,
      runId: newRunId('verify'),
      fleet: v.fleet ? loadFleet(String(v.fleet)) : undefined,
      credentials: creds ? () => creds : undefined,
      log: err,
    });
    if (!r.restAlerts) err('note: the platform has no GET /api/alerts; only socket.io alert events were seen');
    out(r.report);
    if (v.json) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(String(v.json), JSON.stringify({ ok: r.ok, run: r.run, match: r.match }, null, 2));
    }
    return r.ok ? 0 : 1;
  },
};
