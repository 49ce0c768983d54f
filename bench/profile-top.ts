/**
 * `node dist/bench/profile-top.js [--top N] [--stalls N] FILE.cpuprofile`: the N functions with the most self time
 * in a V8 CPU profile (as written by `npm run bench -- --only qinwatt --profile DIR` or `npm run bench:cpu --
 * --profile DIR`), with their share of the sampled time; then the longest stretches the thread never went idle
 * (what held the event loop), each with the application functions on the stack through most of it, and how much of
 * it passed between samples far apart: V8 samples the thread by a signal every interval (1 ms by default), so a gap
 * well over it is time the thread was not running (waiting for a CPU), not work.
 */
import { readFileSync } from 'node:fs';
import { cli, positive, UsageError } from './lib/cli.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const o = cli(
  process.argv.slice(2),
  'node dist/bench/profile-top.js [options] FILE.cpuprofile',
  'Functions by self time, the GC and idle shares, and the longest busy stretches of a V8 CPU profile.',
  {
    top: { type: 'string', arg: '<n>', help: 'functions listed by self time (default 25)' },
    stalls: { type: 'string', arg: '<n>', help: 'longest busy stretches listed (default 10)' },
    from: { type: 'string', arg: '<s>', help: 'list only stretches starting this many seconds in (skip start-up)' },
  },
  (v, files) => {
    if (files.length !== 1) throw new UsageError('give one .cpuprofile file');
    return {
      file: files[0],
      top: positive(v.top, 'top', 25, true),
      stalls: positive(v.stalls, 'stalls', 10, true),
      from: v.from === undefined ? 0 : positive(v.from, 'from', 0),
    };
  },
  1,
);

const prof = JSON.parse(readFileSync(o.file, 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((x) => [x.id, x]));
const parent = new Map<number, number>();
for (const x of prof.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const label = (f: Node['callFrame']) => {
  const where = f.url
    ? `${f.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '')}:${f.lineNumber + 1}`
    : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};
const self = new Map<string, number>();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  const key = label(byId.get(id)!.callFrame);
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
const idle = ['(idle)', '(program)', '(garbage collector)'].map((k) => [k, self.get(k) ?? 0] as const);
const busy = total - (self.get('(idle)') ?? 0);
process.stdout.write(`sampled ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s\n`);
for (const [k, v] of idle) process.stdout.write(`  ${k}: ${((100 * v) / total).toFixed(1)} %\n`);
process.stdout.write('self time, % of busy:\n');
for (const [k, v] of [...self.entries()]
  .filter(([k]) => k !== '(idle)')
  .sort((a, b) => b[1] - a[1])
  .slice(0, o.top))
  process.stdout.write(`${((100 * v) / busy).toFixed(1).padStart(6)} %  ${k}\n`);

/** application frames (the server's and the libraries' own code) on a sample's stack, innermost first */
function appFrames(id: number): string[] {
  const out: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const f = byId.get(at)!.callFrame;
    if (/\/dist\/(apps|libs)\//.test(f.url)) out.push(label(f));
  }
  return [...new Set(out)];
}

// the application's functions by inclusive time: which part of the server the busy time went to
const inclusive = new Map<string, number>();
prof.samples.forEach((id, i) => {
  for (const f of appFrames(id)) inclusive.set(f, (inclusive.get(f) ?? 0) + (prof.timeDeltas[i] ?? 0));
});
process.stdout.write('application functions by inclusive time, % of busy:\n');
for (const [k, v] of [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, o.top))
  process.stdout.write(`${((100 * v) / busy).toFixed(1).padStart(6)} %  ${k}\n`);

interface Stretch {
  at: number;
  us: number;
  /** time between samples more than GAP_US apart: the thread not running */
  gapUs: number;
  frames: Map<string, number>;
}
/** the profile's sampling interval is its median time delta; a gap is more than twice that */
const interval = [...prof.timeDeltas].sort((a, b) => a - b)[prof.timeDeltas.length >> 1] ?? 1000;
const GAP_US = 2 * interval;
const stretches: Stretch[] = [];
let cur: Stretch | undefined;
let t = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  t += dt;
  if (byId.get(id)!.callFrame.functionName === '(idle)') {
    if (cur) stretches.push(cur);
    cur = undefined;
    return;
  }
  cur ??= { at: t, us: 0, gapUs: 0, frames: new Map() };
  cur.us += dt;
  if (dt > GAP_US) cur.gapUs += dt - interval;
  for (const f of appFrames(id)) cur.frames.set(f, (cur.frames.get(f) ?? 0) + dt);
});
if (cur) stretches.push(cur);
const listed = stretches.filter((s) => s.at >= o.from * 1e6);
process.stdout.write(
  `longest busy stretches (the event loop held), of ${listed.length}${o.from ? ` from ${o.from} s` : ''}; ` +
    `"not running": between samples over ${(GAP_US / 1000).toFixed(1)} ms apart:\n`,
);
for (const s of listed.sort((a, b) => b.us - a.us).slice(0, o.stalls)) {
  const top = [...s.frames.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, v]) => `${k} ${((100 * v) / s.us).toFixed(0)} %`);
  process.stdout.write(
    `${(s.us / 1000).toFixed(1).padStart(8)} ms at ${(s.at / 1e6).toFixed(2)} s, ${(s.gapUs / 1000).toFixed(1)} ms of it ` +
      `not running: ${top.join('; ') || '(no application frames)'}\n`,
  );
}
