import { readFileSync, writeFileSync } from 'node:fs';
import type { DeviceSpec, EquipmentClass, FleetSpec } from '#contracts';
import { coreDetector } from './core-adapter.js';
import { DEFAULT_EVAL, HOLDOUT_SEEDS, type EvalOptions } from './eval.js';
import { runEval, table } from './eval-summary.js';
import { cli } from '../lib/cli.js';

/**
 * `npm run eval:detection [-- --holdout] [--seeds=1,2,3] [--classes=motor,boiler] [--interval=10] [--no-write]
 * [--details] [--verbose]`: the labelled suite on the demo fleet's devices (their nameplates; the regime is the evaluation's),
 * through the pure detection core. Prints the table and writes it into docs/detection.md between its markers.
 * `--verbose` also prints every run: its outcome and each alert opened or cleared after learning, with what raised
 * it (operating state, time since start, load, residual and chart, or the class KPI against its limit);
 * `--details` lists the healthy runs' false alarms with plant time and how long the unit had run.
 */
const flags = cli(
  process.argv.slice(2),
  'npm run eval:detection -- [options]',
  'The labelled suite on the demo fleet through the pure detection core; prints the table and, for the default or\nheld-out set as a whole, writes it into docs/detection.md between its markers.',
  {
    holdout: { type: 'boolean', help: 'the held-out set instead of the default one' },
    seeds: { type: 'string', arg: '<list>', help: 'comma-separated seeds (the table is then not written)' },
    classes: { type: 'string', arg: '<list>', help: 'comma-separated equipment classes (not written either)' },
    interval: { type: 'string', arg: '<s>', help: 'seconds between readings (not written either)' },
    'no-write': { type: 'boolean', help: 'print only, leave docs/detection.md as it is' },
    details: { type: 'boolean', help: "list the healthy runs' false alarms" },
    verbose: { type: 'boolean', help: 'print every run and each alert it opened or cleared' },
  },
  (v) => v,
);
const opt = (name: 'seeds' | 'classes' | 'interval'): string | undefined => flags[name];
const has = (name: 'no-write' | 'details' | 'verbose') => flags[name] === true;
const holdout = flags.holdout === true;
const fleet = JSON.parse(
  readFileSync(new URL('../../../device-sim/fleets/demo.json', import.meta.url), 'utf8'),
) as FleetSpec;
const classes = opt('classes')?.split(',') as EquipmentClass[] | undefined;
const devices: DeviceSpec[] = fleet.devices
  .filter((d) => !classes || classes.includes(d.class))
  .map(({ id, plantId, class: cls, name, nameplate, driver }) => ({
    id,
    plantId,
    class: cls,
    name,
    nameplate,
    driver,
  }));
const options: EvalOptions = {
  ...DEFAULT_EVAL,
  devices,
  regime: holdout ? 'holdout' : 'realistic',
  seeds: opt('seeds')?.split(',').map(Number) ?? (holdout ? HOLDOUT_SEEDS : DEFAULT_EVAL.seeds),
  intervalMs: Number(opt('interval') ?? DEFAULT_EVAL.intervalMs / 1000) * 1000,
};

const res = runEval(options, coreDetector());
if (has('verbose')) {
  const hrs = (ms: number) => (ms / 3_600_000).toFixed(1);
  for (const r of res.runs) {
    const { run } = r;
    const found = r.delayOperatingMs === undefined ? 'not found' : `found after ${hrs(r.delayOperatingMs)} operating h`;
    const outcome = run.branch === 'healthy' ? `${r.falseAlarms} false alarms, open ${hrs(r.openMs)} h` : found;
    console.log(`${run.device.id} seed ${run.seed} (${run.variant}) ${run.branch}: ${outcome}`);
    for (const l of r.log) {
      const at = `${hrs(l.ts - run.testStart)} h${l.ts >= r.onset ? ` (${hrs(l.ts - r.onset)} h after onset)` : ''}`;
      console.log(`  ${at} ${l.type} ${l.rule}${l.detail ? ` ${l.detail}` : ''}`);
    }
  }
}
const command = `npm run eval:detection${holdout ? ' -- --holdout' : ''}`;
const head =
  `${holdout ? 'Held-out set' : 'Default set'}: regime \`${options.regime}\`, seeds ${options.seeds.join(', ')}, ` +
  `${devices.length} devices (the demo fleet's nameplates), readings every ${options.intervalMs / 1000} s; ` +
  `learning ${options.learnDays} days (by seed: a low-load week, a holiday week, a week with a 3-day maintenance ` +
  `stop), then per device and seed: healthy ${options.healthyDays} days, ${options.stepsPerSeed} runs of a ` +
  `${options.stepDrop * 100} % step (horizon ${options.stepHorizonHours} operating h) and ` +
  `${options.driftsPerSeed} of a ${options.driftPerDay * 100} %/day drift (horizon ${options.driftHorizonHours} ` +
  `operating h), each at its own onset, once the unit has run ${options.learnOperatingHours} h since learning ` +
  `began; motors metered on input power only run the healthy branch alone (not observable). Targets: ≤ ${1} false alarm / 100 device-days, ≤ 2 % of healthy ` +
  `time open, step found in ≥ 95 % with median ≤ 15 min, drift found within 48 operating h in ≥ 95 %.`;
const cpu = process.cpuUsage();
const out =
  `${head}\n\n${table(res)}\n\n(${res.readings.toLocaleString('en-US')} readings in ${res.seconds.toFixed(0)} s, ` +
  `${((cpu.user + cpu.system) / 1e6).toFixed(0)} s of CPU)`;
console.log(`\n${out}\n`);
if (has('details')) {
  // every false alarm, with plant time and what the unit was doing: where to look when tuning
  for (const r of res.runs.filter((x) => x.run.branch === 'healthy'))
    for (const a of r.alarms)
      console.log(
        `${r.run.device.class.padEnd(11)} ${r.run.device.id.padEnd(13)} seed ${r.run.seed} (${r.run.variant}) ` +
          `${new Date(a.ts + 8 * 3_600_000).toISOString().slice(0, 16)} plant time  ${a.rule.padEnd(22)} ` +
          (a.runningMin < 0
            ? 'stopped'
            : `running for ${Number.isFinite(a.runningMin) ? `${a.runningMin} min` : 'days'}`),
      );
}

if (!has('no-write') && !has('verbose') && !opt('seeds') && !opt('classes') && !opt('interval')) {
  const file = new URL('../../../docs/detection.md', import.meta.url);
  const tag = holdout ? 'eval:detection:holdout' : 'eval:detection';
  const begin = `<!-- ${tag} begin -->`;
  const end = `<!-- ${tag} end -->`;
  const doc = readFileSync(file, 'utf8');
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) {
    console.error(`docs/detection.md has no ${begin} … ${end} block; the table was not written`);
    process.exitCode = 1;
  } else {
    const block = `${begin}\n\nGenerated by \`${command}\` on ${new Date().toISOString().slice(0, 10)}. ${out}\n\n${end}`;
    writeFileSync(file, doc.slice(0, a) + block + doc.slice(b + end.length));
    console.log(`written to docs/detection.md (${tag})`);
  }
}
