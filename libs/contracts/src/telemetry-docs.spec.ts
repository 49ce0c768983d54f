import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_TELEMETRY } from './equipment-classes.js';
import { REJECT_REASONS } from './reasons.js';
import { METRICS } from './units.js';

/** docs/telemetry.md is what device makers read: its tables must say what the code does. */
const rows = readFileSync(join(process.cwd(), 'docs/telemetry.md'), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('|'))
  .map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
const row = (first: string) => rows.find((r) => r[0] === first);
const list = (cell: string | undefined) => (cell ?? '').match(/`[^`]+`/g)?.map((s) => s.slice(1, -1)) ?? [];

describe('docs/telemetry.md matches the contracts', () => {
  it.each(Object.entries(CLASS_TELEMETRY))('class %s: required, one-of groups and optional metrics', (cls, t) => {
    const r = row(`${cls} (${t.labels.zh})`);
    expect(r).toBeDefined();
    expect(list(r![1])).toEqual(t.required);
    expect(list(r![2])).toEqual(t.oneOf?.flat() ?? []);
    expect(list(r![3])).toEqual(t.optional);
  });

  it.each(Object.entries(METRICS))('metric %s: canonical and accepted units', (name, def) => {
    const r = row(`\`${name}\``);
    expect(r).toBeDefined();
    expect(r![1]).toBe(def.canonical);
    expect(r![2].split(', ')).toEqual(Object.keys(def.units));
  });

  it.each(Object.keys(REJECT_REASONS))('reason code %s is documented', (code) => {
    expect(row(`\`${code}\``)).toBeDefined();
  });
});
