import type { Alert } from '#contracts';
import { formatMatch, matchAlerts, resolveExpectations } from './match.js';
import { parseScenario } from './scenario-file.js';
import { resolveFault } from '../faults/index.js';

const T0 = Date.parse('2026-11-23T00:00:00Z');
const MIN = 60_000;

const alert = (over: Partial<Alert>): Alert => ({
  id: 'a1',
  plantId: 'p1',
  deviceId: 'm1',
  class: 'motor',
  rule: 'class.motor.efficiency',
  kind: 'efficiency',
  priority: 'medium',
  state: 'open',
  openedAt: T0 + 40 * MIN,
  message: { en: 'motor efficiency below grade 3', zh: '电机效率低于3级' },
  evidence: {},
  flags: {},
  history: [],
  ...over,
});

const faults = [resolveFault({ type: 'efficiency_step', device: 'm1', at: '30m', drop: 0.1 }, T0, 'f1')];
const expectM1 = resolveExpectations([{ device: 'm1', class: 'motor', within: '20m' }], T0, faults);

describe('alert matching (pure)', () => {
  it('an expectation is met by an alert on its device, class, within the window after the fault', () => {
    const r = matchAlerts(expectM1, [alert({})]);
    expect(r.ok).toBe(true);
    expect(expectM1[0]).toMatchObject({ from: T0 + 30 * MIN, to: T0 + 50 * MIN });
  });

  it('too late, wrong class or wrong device: missing, and the stray alert is unexpected', () => {
    for (const stray of [
      alert({ openedAt: T0 + 51 * MIN }),
      alert({ openedAt: T0 + 29 * MIN }),
      alert({ class: 'pump' }),
      alert({ deviceId: 'm2' }),
    ]) {
      const r = matchAlerts(expectM1, [stray]);
      expect(r.ok).toBe(false);
      expect(r.missing).toHaveLength(1);
      expect(r.unexpected).toEqual([stray]);
    }
  });

  it('one fault may raise a class alert and a drift alert: both count for the expectation', () => {
    const r = matchAlerts(expectM1, [alert({}), alert({ id: 'a2', rule: 'drift.cusum', kind: 'drift' })]);
    expect(r.ok).toBe(true);
    expect(r.matched[0].alerts).toHaveLength(2);
  });

  it('rule and kind filters narrow the match; `after` overrides the fault time', () => {
    const e = resolveExpectations([{ device: 'm1', kind: 'drift', within: '10m', after: '35m' }], T0, faults);
    expect(matchAlerts(e, [alert({})]).ok).toBe(false);
    expect(matchAlerts(e, [alert({ kind: 'drift' })]).ok).toBe(true);
  });

  it('no expectations and no alerts passes; no expectations and an alert fails', () => {
    expect(matchAlerts([], []).ok).toBe(true);
    expect(matchAlerts([], [alert({})]).unexpected).toHaveLength(1);
  });

  it('prints a readable diff with data-time offsets', () => {
    const text = formatMatch(
      'motor step',
      matchAlerts(expectM1, [alert({ deviceId: 't1', class: 'transformer' })]),
      T0,
    );
    expect(text).toContain('scenario "motor step": FAIL');
    expect(text).toContain(
      '- missing   expected motor alert on m1 opening between +00:30:00 and +00:50:00: no such alert',
    );
    expect(text).toContain(
      '+ unexpected transformer efficiency alert class.motor.efficiency on p1/t1 opened at +00:40:00',
    );
  });
});

describe('scenario files', () => {
  it('reads durations and lists every problem at once', () => {
    const s = parseScenario({ name: 'x', duration: '3h', step: '30s', faults: [], expect: [] });
    expect(s).toMatchObject({ duration: 3 * 3600_000, step: 30_000, settle: 5000, seed: 1 });
    expect(() =>
      parseScenario({ duration: '8d', step: 'often', faults: [{ type: 'meltdown' }], expect: [{ class: 'warp' }] }),
    ).toThrow(
      /step: cannot read[\s\S]*at most 6d[\s\S]*unknown type meltdown[\s\S]*device is required[\s\S]*unknown class warp[\s\S]*within is required/,
    );
  });
});
