import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The lowest and highest of the runs that measured a figure; `n` of them. */
export interface Spread {
  min: number;
  max: number;
  n: number;
}

/**
 * One measured figure. `value` null = not measured (the note says why). Over several runs `value` and `note` are
 * the median run's and `spread` gives the lowest and highest.
 */
export interface Row {
  stage: string;
  figure: string;
  value: number | null;
  unit: string;
  note?: string;
  spread?: Spread;
}

/** qinwatt against a limit or the peer, from figures of the same run; `target` is the bar. */
export interface Ratio {
  name: string;
  value: number | null;
  /** lowest acceptable value (or highest, when `atMost`) */
  target?: number;
  atMost?: boolean;
  unit: '%' | '×' | 'ms' | 'MB' | 'readings';
  note?: string;
  spread?: Spread;
}

export interface Report {
  when: string;
  command: string;
  machine: Record<string, string>;
  /** runs of the repeated stages the figures are medians of */
  runs?: number;
  rows: Row[];
  ratios: Ratio[];
  failures: string[];
  details: Record<string, unknown>;
}

export const met = (r: Ratio): boolean | undefined =>
  r.value === null || r.target === undefined ? undefined : r.atMost ? r.value <= r.target : r.value >= r.target;

function fmt(v: number | null, unit = ''): string {
  if (v === null || !Number.isFinite(v)) return 'n/a';
  if (unit === '%' || unit === '×') return v.toFixed(unit === '%' ? 0 : 1);
  if (Math.abs(v) >= 100 || Number.isInteger(v)) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(Math.abs(v) >= 10 ? 1 : 2);
}

/** `lowest–highest` of the runs, or blank for a single run */
const range = (s: Spread | undefined, unit = '') => (s ? `${fmt(s.min, unit)}–${fmt(s.max, unit)}` : '');

/**
 * The table as Markdown, so the same text goes to the terminal and the README. With several runs `value` is the
 * median and the next column the lowest–highest of the runs; the note is the median run's.
 */
export function renderTable(rep: Report): string {
  const many = (rep.runs ?? 1) > 1;
  // one run: no spread column (the smoke run, or --runs 1)
  const cols = (cells: string[], spread: string) =>
    `| ${(many ? [...cells.slice(0, 3), spread, ...cells.slice(3)] : cells).join(' | ')} |`;
  const head = many ? `median of ${rep.runs}` : 'value';
  const lines = [
    cols(['stage', 'figure', head, 'unit', 'note'], 'lowest–highest'),
    cols(['---', '---', '---:', '---', '---'], '---:'),
  ];
  for (const r of rep.rows) lines.push(cols([r.stage, r.figure, fmt(r.value), r.unit, r.note ?? ''], range(r.spread)));
  const rcols = (cells: string[], spread: string) =>
    `| ${(many ? [...cells.slice(0, 2), spread, ...cells.slice(2)] : cells).join(' | ')} |`;
  lines.push(
    '',
    rcols(['ratio (same run)', head, 'target', many ? 'met (median)' : 'met', 'note'], 'lowest–highest'),
    rcols(['---', '---:', '---', '---', '---'], '---:'),
  );
  for (const r of rep.ratios) {
    const target = r.target === undefined ? '' : `${r.atMost ? '≤' : '≥'} ${fmt(r.target, r.unit)} ${r.unit}`;
    const m = met(r);
    const spread = r.spread ? `${range(r.spread, r.unit)} ${r.unit}` : '';
    const value = `${fmt(r.value, r.unit)} ${r.value === null ? '' : r.unit}`;
    lines.push(rcols([r.name, value, target, m === undefined ? '–' : m ? 'yes' : 'NO', r.note ?? ''], spread));
  }
  return lines.join('\n');
}

export function writeReport(path: string, rep: Report): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(rep, null, 2) + '\n');
}

/** The machine line and the table, for the README's Performance section. */
export function renderReadme(rep: Report): string {
  const m = rep.machine;
  return [
    `Latest full run (${rep.when.slice(0, 16).replace('T', ' ')} UTC, \`${rep.command}\`, ${rep.runs ?? 1} run${(rep.runs ?? 1) > 1 ? 's: medians with the lowest–highest' : ''}): ${m.cpu}, ${m.cores} cores, ` +
      `Node ${m.node}, Mosquitto ${m.mosquitto}, InfluxDB ${m.influxdb ?? '?'}; load average ${m.loadStart} at the ` +
      `start (the machine is shared: read the ratios, not the absolute figures).`,
    '',
    renderTable(rep),
  ].join('\n');
}

const START = '<!-- bench:table -->';
const END = '<!-- /bench:table -->';

/** Replaces the text between the README's bench markers with the report's table. */
export function updateReadme(path: string, rep: Report): void {
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${path}: no ${START} … ${END} markers`);
  writeFileSync(path, `${text.slice(0, a + START.length)}\n${renderReadme(rep)}\n${text.slice(b)}`);
}
