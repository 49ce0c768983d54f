import { readFileSync, writeFileSync } from 'node:fs';
import { startRecorder } from '../record/recorder.js';
import { openRecording } from '../record/recording.js';
import { replay } from '../record/replay.js';
import { parseMapping } from '../record/remap.js';
import { importCsv } from '../record/csv-import.js';
import { recordingText } from '../record/generate.js';
import { fleetCredentials, fleetGateways, loadFleet, readerCredentials } from '../fleet/fleet-file.js';
import { parseDuration } from '../duration.js';
import {
  err,
  globalCredentials,
  MQTT_OPTIONS,
  newRunId,
  num,
  out,
  required,
  str,
  type Command,
  type Values,
} from './command.js';

export const recordCmd: Command = {
  name: 'record',
  summary: 'Record live MQTT traffic with its timing to a JSON-lines file (stop with Ctrl-C, --duration or --count).',
  usage:
    'record --url mqtt://HOST:1883 --out FILE [--fleet FILE | --username NAME --password SECRET] [--filter plants/#] [--duration 10m] [--count N]',
  details:
    'A platform that checks credentials lets only a reader identity (a fleet file\'s "readers") subscribe to\n' +
    'plant topics: --fleet FILE logs in as its first reader with a secret (the demo fleet has "recorder").',
  options: {
    ...MQTT_OPTIONS,
    fleet: { type: 'string', arg: 'FILE', desc: 'fleet file whose reader identity to log in as' },
    reader: { type: 'string', arg: 'ID', desc: 'which reader of the --fleet file (default: the first with a secret)' },
    out: { type: 'string', short: 'o', arg: 'FILE', desc: 'recording file to write' },
    filter: { type: 'string', default: 'plants/#', arg: 'TOPIC', desc: 'MQTT topic filter to subscribe to' },
    duration: { type: 'string', arg: 'DUR', desc: 'stop after this long' },
    count: { type: 'string', arg: 'N', desc: 'stop after N messages' },
  },
  async run(v) {
    const fleet = str(v, 'fleet');
    const credentials =
      globalCredentials(v) ?? (fleet ? readerCredentials(loadFleet(fleet), str(v, 'reader')) : undefined);
    if (fleet && !credentials)
      throw new Error(`fleet file ${fleet} has no reader ${str(v, 'reader') ?? 'with a secret'}`);
    const rec = await startRecorder({
      brokerUrl: String(v.url),
      file: required(v, 'out'),
      filter: String(v.filter),
      credentials,
    });
    err(`recording ${v.filter} from ${v.url} to ${v.out}`);
    const limit = v.count ? num(v, 'count', 1, 1e12) : Infinity;
    const until = v.duration ? Date.now() + parseDuration(String(v.duration), 'duration') : Infinity;
    let interrupted = false;
    process.once('SIGINT', () => (interrupted = true));
    process.once('SIGTERM', () => (interrupted = true));
    while (!interrupted && rec.count() < limit && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    err(`recorded ${await rec.stop()} messages`);
    return 0;
  },
};

/** Credentials per identity for replays: the fleet file's secrets, or one global pair. */
function replayCredentials(v: Values) {
  const global = globalCredentials(v);
  if (global) return () => global;
  const path = str(v, 'fleet');
  if (!path) return undefined;
  const fleet = loadFleet(path);
  const secrets = new Map<string, string | undefined>();
  for (const d of fleet.devices) secrets.set(`${d.plantId}/${d.id}`, d.secret);
  for (const g of fleetGateways(fleet)) secrets.set(`${g.plantId}/${g.id}`, g.secret);
  return (plantId: string, id: string) => fleetCredentials(plantId, id, secrets.get(`${plantId}/${id}`));
}

export const replayCmd: Command = {
  name: 'replay',
  summary: 'Publish a recording again: at ×1 to ×10,000 of its timing, or as fast as acknowledgements allow.',
  usage: 'replay FILE --url mqtt://HOST:1883 [--speed 100|max] [--map m1=m9,...] [--plant-map p1=p2] [--retime]',
  details:
    'FILE is a recording (record, generate) or a CSV of meter data (import-csv columns), told apart by the\n' +
    '.csv extension. --retime shifts payload timestamps so the recording starts now (the platform refuses\n' +
    'readings older than 7 days). With --fleet, each device or gateway connects with its own secret.',
  options: {
    ...MQTT_OPTIONS,
    speed: { type: 'string', default: '1', arg: 'X|max', desc: 'time scale 1-10000, or max' },
    map: { type: 'string', arg: 'OLD=NEW,..', desc: 'device (and gateway) id remapping' },
    'plant-map': { type: 'string', arg: 'OLD=NEW,..', desc: 'plant id remapping' },
    retime: { type: 'boolean', desc: 'shift timestamps so the first message is stamped now' },
    qos: { type: 'string', arg: '0|1', desc: 'publish QoS (default: as recorded)' },
    window: { type: 'string', arg: 'N', desc: 'messages awaiting acknowledgement at once' },
    fleet: { type: 'string', arg: 'FILE', desc: 'fleet file with secrets, for per-device credentials' },
  },
  async run(v, pos) {
    const file = pos[0];
    if (!file) throw new Error('replay: name a recording file');
    // a recording is streamed from its file; a CSV is grouped and sorted by time, so it is read whole
    const rec = file.endsWith('.csv') ? importCsv(readFileSync(file, 'utf8'), file) : await openRecording(file);
    const speed = v.speed === 'max' ? 'max' : num(v, 'speed', 1, 10_000);
    const ac = new AbortController();
    process.once('SIGINT', () => ac.abort());
    err(`replaying ${file} at ${speed === 'max' ? 'max speed' : `×${speed}`}`);
    const r = await replay({
      brokerUrl: String(v.url),
      header: rec.header,
      messages: rec.messages,
      speed,
      remap: { devices: parseMapping(str(v, 'map')), plants: parseMapping(str(v, 'plant-map')) },
      retime: !!v.retime,
      qos: v.qos === undefined ? undefined : (num(v, 'qos', 0, 1) as 0 | 1),
      window: v.window ? num(v, 'window', 1, 1e6) : undefined,
      credentials: replayCredentials(v),
      runId: newRunId('replay'),
      signal: ac.signal,
    });
    out(JSON.stringify(r));
    return r.errors ? 1 : 0;
  },
};

export const importCsvCmd: Command = {
  name: 'import-csv',
  summary: 'Convert a CSV of historic meter data into a recording file.',
  usage: 'import-csv FILE.csv --out FILE',
  details:
    'Columns (header row required, any order): timestamp,plant,device,metric,value,unit\n' +
    '  timestamp  epoch ms or ISO-8601 with a zone    metric  a catalogue name, e.g. active_power\n' +
    'Rows with the same timestamp, plant and device become one reading.',
  options: { out: { type: 'string', short: 'o', arg: 'FILE', desc: 'recording file to write' } },
  async run(v, pos) {
    if (!pos[0]) throw new Error('import-csv: name a CSV file');
    const rec = importCsv(readFileSync(pos[0], 'utf8'), pos[0]);
    writeFileSync(required(v, 'out'), recordingText(rec));
    err(`wrote ${rec.messages.length} readings to ${v.out}`);
    return 0;
  },
};
