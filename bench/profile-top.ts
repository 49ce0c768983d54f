/**
 * `node dist/bench/profile-top.js FILE.cpuprofile [N]`: the N functions with the most self time in a V8 CPU
 * profile (as written by `npm run bench -- --only qinwatt --profile DIR`), with their share of the sampled time.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, n = '25'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: profile-top FILE.cpuprofile [N]\n');
  process.exit(2);
}
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(prof.nodes.map((x) => [x.id, x]));
const self = new Map<string, number>();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  const f = byId.get(id)!.callFrame;
  const where = f.url
    ? `${f.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/dist\//, '')}:${f.lineNumber + 1}`
    : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
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
  .slice(0, Number(n)))
  process.stdout.write(`${((100 * v) / busy).toFixed(1).padStart(6)} %  ${k}\n`);
