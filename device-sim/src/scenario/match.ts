import type { Alert } from '#contracts';
import { formatOffset, parseDuration } from '../duration.js';
import type { ActiveFault } from '../faults/index.js';
import type { ExpectSpec } from './scenario-file.js';

/** An expectation resolved against a run: absolute data-time window. */
export interface ResolvedExpect {
  spec: ExpectSpec;
  plant?: string;
  device: string;
  from: number;
  to: number;
}

export interface MatchResult {
  ok: boolean;
  matched: Array<{ expect: ResolvedExpect; alerts: Alert[] }>;
  missing: ResolvedExpect[];
  unexpected: Alert[];
}

/** Resolves `after`/`within` of each expectation; `after` defaults to the first fault on the same device. */
export function resolveExpectations(
  expect: readonly ExpectSpec[],
  origin: number,
  faults: readonly ActiveFault[],
): ResolvedExpect[] {
  return expect.map((e) => {
    const firstFault = faults
      .filter((f) => f.device === e.device && (!e.plant || !f.plant || f.plant === e.plant))
      .reduce((min, f) => Math.min(min, f.from), Number.POSITIVE_INFINITY);
    const from =
      e.after !== undefined
        ? origin + parseDuration(e.after, 'after')
        : Number.isFinite(firstFault)
          ? firstFault
          : origin;
    return { spec: e, plant: e.plant, device: e.device, from, to: from + parseDuration(e.within, 'within') };
  });
}

const fits = (e: ResolvedExpect, a: Alert): boolean =>
  a.deviceId === e.device &&
  (!e.plant || a.plantId === e.plant) &&
  (!e.spec.class || a.class === e.spec.class) &&
  (!e.spec.rule || a.rule === e.spec.rule) &&
  (!e.spec.kind || a.kind === e.spec.kind) &&
  a.openedAt >= e.from &&
  a.openedAt <= e.to;

/**
 * Matches the alerts a platform raised against what a scenario expected. Pure. Every alert that fits an
 * expectation's device, filters and window counts for it (a fault may open a class alert and a drift alert);
 * an alert that fits none is unexpected; an expectation no alert fits is missing.
 */
export function matchAlerts(expected: readonly ResolvedExpect[], alerts: readonly Alert[]): MatchResult {
  const used = new Set<string>();
  const matched: MatchResult['matched'] = [];
  const missing: ResolvedExpect[] = [];
  for (const e of expected) {
    const hits = alerts.filter((a) => fits(e, a));
    hits.forEach((a) => used.add(a.id));
    if (hits.length) matched.push({ expect: e, alerts: hits });
    else missing.push(e);
  }
  const unexpected = alerts.filter((a) => !used.has(a.id));
  return { ok: missing.length === 0 && unexpected.length === 0, matched, missing, unexpected };
}

const describeExpect = (e: ResolvedExpect, origin: number): string => {
  const what = [e.spec.class, e.spec.kind, e.spec.rule].filter(Boolean).join(' ');
  return `${what ? `${what} ` : ''}alert on ${e.plant ? `${e.plant}/` : ''}${e.device} opening between ${formatOffset(
    e.from - origin,
  )} and ${formatOffset(e.to - origin)}`;
};

const describeAlert = (a: Alert, origin: number): string =>
  `${a.class} ${a.kind} alert ${a.rule} on ${a.plantId}/${a.deviceId} opened at ${formatOffset(a.openedAt - origin)}` +
  ` (${a.state}): ${a.message.en}`;

/** A diff a person can read: what was expected and found, missing, or unexpected. Times are data-time offsets. */
export function formatMatch(name: string, r: MatchResult, origin: number): string {
  const lines = [`scenario "${name}": ${r.ok ? 'PASS' : 'FAIL'}  (times are data time from the run start)`];
  for (const m of r.matched)
    lines.push(
      `  ok          expected ${describeExpect(m.expect, origin)}`,
      ...m.alerts.map((a) => `                got ${describeAlert(a, origin)}`),
    );
  for (const e of r.missing) lines.push(`  - missing   expected ${describeExpect(e, origin)}: no such alert`);
  for (const a of r.unexpected) lines.push(`  + unexpected ${describeAlert(a, origin)}`);
  if (!r.matched.length && !r.missing.length && !r.unexpected.length) lines.push('  no alerts expected, none raised');
  return lines.join('\n');
}
