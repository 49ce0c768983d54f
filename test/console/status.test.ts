import type { DeviceKpi } from '#contracts';
import { deviceStatus, margin, STATUS_ORDER } from '../../apps/console/src/ops/status.js';

const kpi = (o: Partial<DeviceKpi> = {}): DeviceKpi => ({
  plantId: 'p',
  deviceId: 'd',
  class: 'motor',
  ts: 0,
  name: { en: 'Efficiency', zh: '效率' },
  value: 93,
  unit: '%',
  limit: 91,
  higherIsBetter: true,
  unverified: false,
  drift: { phase: 'monitor', z: 0.5 },
  state: 'steady',
  judgement: { status: 'judged' },
  observable: true,
  grade: 2,
  ...o,
});
const now = 1_000_000;

describe("a unit's display state (exceptions first)", () => {
  it('puts an open alert before everything else', () => {
    expect(deviceStatus({ alarm: true, lastTs: 0, kpi: kpi({ grade: 'below' }), now })).toBe('alarm');
  });
  it('shows below-limit against the limit the class check alarms on, only on a window that may be judged', () => {
    expect(deviceStatus({ alarm: false, lastTs: now, kpi: kpi({ value: 90, grade: 'below' }), now })).toBe('below');
    // below grade 3 at design conditions but above the limit at this operating point: shown, not an exception
    expect(deviceStatus({ alarm: false, lastTs: now, kpi: kpi({ value: 92, grade: 'below' }), now })).toBe('normal');
    expect(deviceStatus({ alarm: false, lastTs: now, kpi: kpi({ limit: undefined, grade: 'below' }), now })).toBe(
      'below',
    );
    const starting = kpi({ value: 80, grade: 'below', judgement: { status: 'not_judged', reason: 'STARTING' } });
    expect(deviceStatus({ alarm: false, lastTs: now, kpi: starting, now })).toBe('normal');
  });
  it('shows outside the learned band on a large residual or an unlearned operating point', () => {
    expect(deviceStatus({ alarm: false, lastTs: now, kpi: kpi({ drift: { phase: 'monitor', z: -3.4 } }), now })).toBe(
      'outside',
    );
    const outside = kpi({ judgement: { status: 'outside_baseline', reason: 'OUTSIDE_BASELINE' } });
    expect(deviceStatus({ alarm: false, lastTs: now, kpi: outside, now })).toBe('outside');
  });
  it('is stale with no reading for 30 s, or none at all', () => {
    expect(deviceStatus({ alarm: false, lastTs: now - 31_000, kpi: kpi(), now })).toBe('stale');
    expect(deviceStatus({ alarm: false, now })).toBe('stale');
    expect(deviceStatus({ alarm: false, lastTs: now - 1_000, kpi: kpi(), now })).toBe('normal');
  });
  it('says when efficiency cannot be observed', () => {
    expect(deviceStatus({ alarm: false, lastTs: now, kpi: kpi({ observable: false }), now })).toBe('unobservable');
  });
  it('orders the states as the issue lists them', () => {
    expect(STATUS_ORDER).toEqual(['alarm', 'below', 'outside', 'stale', 'unobservable', 'normal']);
  });
});

describe('deviation from the class limit', () => {
  it('is positive on the good side for either direction', () => {
    expect(margin(kpi({ value: 93, limit: 91 }))).toBeCloseTo(2.198, 2);
    expect(margin(kpi({ value: 110, limit: 100, higherIsBetter: false }))).toBeCloseTo(-10, 5);
    expect(margin(kpi({ limit: undefined }))).toBeUndefined();
  });
});
