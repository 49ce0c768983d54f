/** Parses durations as people write them in scenario files and on the command line: 500ms, 10s, 30m, 2h, 7d. */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(v: string | number, what = 'duration'): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(String(v));
  if (!m) throw new Error(`${what}: cannot read ${JSON.stringify(v)} (use e.g. 500ms, 10s, 30m, 2h, 1d)`);
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']);
}

/** Formats a data-time offset as +HH:MM:SS for readable diffs. */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const s = Math.round(Math.abs(ms) / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
