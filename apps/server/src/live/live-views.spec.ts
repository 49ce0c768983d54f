import { decodeLiveFrame, stateOf, type DeviceKpi, type Reading } from '#contracts';
import { LiveViews } from './live-views.js';

const reading = (deviceId: string, ts: number, kw = 40): Reading => ({
  plantId: 'p1',
  deviceId,
  class: 'motor',
  ts,
  seq: 7,
  metrics: { active_power: kw },
});
const kpi = (deviceId: string, ts: number): DeviceKpi =>
  ({ plantId: 'p1', deviceId, ts, value: 90, observable: true }) as unknown as DeviceKpi;

describe('the summarised view', () => {
  it('sends each socket only the devices it shows, what changed, and each item serialised once', () => {
    const v = new LiveViews();
    const a: Buffer[] = [];
    const b: Buffer[] = [];
    v.setView('a', (f) => a.push(f), ['p1/m1', 'p1/m2']);
    v.setView('b', (f) => b.push(f), ['p1/m2']);
    expect(a).toEqual([]); // nothing known yet, nothing sent
    const original = JSON.stringify;
    let serialised = 0;
    JSON.stringify = ((...args: Parameters<typeof original>) => (serialised++, original(...args))) as typeof original;
    for (let i = 0; i < 100; i++) v.reading(reading(`m${i}`, 1000));
    v.kpi(kpi('m1', 1000));
    try {
      v.flush();
    } finally {
      JSON.stringify = original;
    }
    // m1, m2 and m1's KPI: three serialisations for two sockets, none for the 98 devices nobody shows
    expect(serialised).toBe(3);
    const fa = decodeLiveFrame(a[0]);
    expect(fa.readings.map((r) => r.deviceId).sort()).toEqual(['m1', 'm2']);
    expect(fa.readings[0]).not.toHaveProperty('seq'); // what the console does not show stays on the server
    expect(fa.kpis.map((k) => k.deviceId)).toEqual(['m1']);
    expect(decodeLiveFrame(b[0])).toEqual({ readings: [expect.objectContaining({ deviceId: 'm2' })], kpis: [] });
    v.flush(); // nothing changed: nothing sent
    expect([a.length, b.length]).toEqual([1, 1]);
    v.reading(reading('m1', 900)); // older than what is known: ignored
    v.flush();
    expect(a.length).toBe(1);
  });

  it('a device newly shown is sent at once with its newest reading and KPI; a dropped socket gets nothing more', () => {
    const v = new LiveViews();
    v.reading(reading('m3', 1000));
    v.kpi(kpi('m3', 1000));
    const a: Buffer[] = [];
    v.setView('a', (f) => a.push(f), ['p1/m3']);
    expect(decodeLiveFrame(a[0]).readings.map((r) => r.deviceId)).toEqual(['m3']);
    expect(decodeLiveFrame(a[0]).kpis.map((k) => k.deviceId)).toEqual(['m3']);
    v.setView('a', (f) => a.push(f), ['p1/m3']); // the same set again: nothing new to send
    expect(a.length).toBe(1);
    v.drop('a');
    v.reading(reading('m3', 2000));
    v.flush();
    expect(a.length).toBe(1);
  });

  it('summarises a plant as one state per device in the given order, sent again only when it changed', () => {
    const v = new LiveViews();
    const now = 100_000;
    v.reading(reading('m1', now - 1000));
    v.kpi(kpi('m1', now - 1000));
    v.reading(reading('m2', now - 1000));
    const alarmed = (key: string) => key === 'p1/m2';
    const s = v.changedSummary('p1', 3, ['m1', 'm2', 'm3'], alarmed, now)!;
    expect([...s.states].map(stateOf)).toEqual(['normal', 'alarm', 'stale']); // m3 never spoke
    expect(s).toMatchObject({ plantId: 'p1', rev: 3, counts: { normal: 1, alarm: 1, stale: 1, below: 0 } });
    expect(v.changedSummary('p1', 3, ['m1', 'm2', 'm3'], alarmed, now)).toBeUndefined();
    expect(v.changedSummary('p1', 4, ['m1', 'm2', 'm3'], alarmed, now)?.rev).toBe(4); // the fleet changed
    // 31 s later without readings every device is stale
    expect(v.changedSummary('p1', 4, ['m1', 'm2', 'm3'], () => false, now + 31_000)?.states).toBe('ddd');
  });
});
