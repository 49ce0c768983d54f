/**
 * Ledger entry write latency (a program, not a test): `--entries` output entries appended one after another, as
 * people make them, to the entry log in the state store (embedded SQLite in a fresh directory; PostgreSQL too when
 * `--postgres <url>` names an empty database), beside the same JSON lines appended to an fdatasync'd file the way
 * the file-backed log of earlier versions wrote them. Prints per store the median and 95th percentile per entry,
 * and the time a second process takes to read every entry at start.
 *
 *   npm run bench:ledger-entries -- --entries 500 [--postgres postgres://user@host:port/db]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ManualEntry } from '#contracts';
import { AppendLog } from '../../apps/server/src/alerts/append-log.js';
import { LedgerLog } from '../../apps/server/src/ledger/ledger-log.js';
import { openStateDb, type StateDbOptions } from '../../apps/server/src/state/state-db.js';

const { values: o } = parseArgs({
  options: { entries: { type: 'string', default: '500' }, postgres: { type: 'string' } },
});
const N = Number(o.entries);
const entry = (i: number): ManualEntry => ({
  kind: 'output',
  plantId: 'xa-cement',
  line: 'kiln-1',
  product: 'clinker',
  period: '2026-03-09',
  quantity: 1000 + i,
  unit: 't',
  by: 'li.wei',
});
const ms = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
const row = (what: string, xs: number[], extra = '') =>
  console.log(`| ${what} | ${N} | ${ms(xs, 0.5).toFixed(2)} ms | ${ms(xs, 0.95).toFixed(2)} ms | ${extra} |`);

async function file(): Promise<void> {
  const log = new AppendLog(join(mkdtempSync(join(tmpdir(), 'qw-bench-le-')), 'entries.jsonl'));
  await log.open();
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await log.append(JSON.stringify({ ...entry(i), seq: i + 1, at: Date.now() }) + '\n');
    xs.push(performance.now() - t);
  }
  await log.close();
  row('JSON-lines file, fdatasync (earlier versions)', xs, 'each process read its own file');
}

async function store(name: string, opts: StateDbOptions): Promise<void> {
  const state = openStateDb(opts);
  await state.migrate();
  const log = new LedgerLog(state, 64 * 1024 * 1024);
  await log.sync();
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await log.append(entry(i), Date.now());
    xs.push(performance.now() - t);
  }
  const other = openStateDb(opts);
  const t = performance.now();
  const second = new LedgerLog(other, 64 * 1024 * 1024);
  await second.sync();
  const readAll = performance.now() - t;
  const t2 = performance.now();
  await second.sync();
  const catchUp = performance.now() - t2;
  if (second.all().length !== N) throw new Error(`read ${second.all().length} of ${N}`);
  row(
    name,
    xs,
    `a second process reads all ${N} in ${readAll.toFixed(1)} ms; a catch-up with nothing new ${catchUp.toFixed(2)} ms`,
  );
  await other.close();
  await state.close();
}

console.log('| log | entries | median per entry | p95 per entry | |');
console.log('| --- | --- | --- | --- | --- |');
await file();
await store('state store, embedded SQLite (WAL, synchronous=FULL)', {
  engine: 'embedded',
  dataDir: mkdtempSync(join(tmpdir(), 'qw-bench-le-')),
});
if (o.postgres) await store('state store, PostgreSQL', { engine: 'postgres', postgresUrl: o.postgres });
console.log(`\nNode ${process.version}; entries appended one after another (each awaited), as people make them`);
