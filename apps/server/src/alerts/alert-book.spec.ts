import { ALERT_HISTORY_LIMITS, type DeviceSpec } from '#contracts';
import type { OpenEvent } from '#detection';
import { AlertBook, AlertError } from './alert-book.js';

const dev = (id: string): DeviceSpec => ({ id, plantId: 'p1', class: 'motor', name: id, nameplate: {} });
const open = (ts: number, rule: OpenEvent['rule'] = 'drift.cusum'): OpenEvent => ({
  type: 'open',
  rule,
  kind: 'drift',
  priority: 'low',
  ts,
  message: { en: 'm', zh: 'm' },
  evidence: { x: 1 },
});
const T = Date.UTC(2026, 0, 1);

describe('alert lifecycle (ISA-18.2)', () => {
  it('keeps one open alert per (device, rule) and resolves it automatically on clear', () => {
    const b = new AlertBook();
    const [a] = b.open(dev('m1'), open(T), T).alerts;
    expect(b.open(dev('m1'), open(T + 600_000), T).alerts).toEqual([]);
    expect(b.open(dev('m1'), open(T, 'class.motor'), T).alerts).toHaveLength(1);
    const [r] = b.clear(dev('m1'), { type: 'clear', rule: 'drift.cusum', ts: T + 3_600_000 }, T + 1).alerts;
    expect(r).toMatchObject({ id: a.id, state: 'resolved', clearedAt: T + 3_600_000 });
    expect(r.history.map((h) => [h.state, h.by])).toEqual([
      ['open', 'system'],
      ['resolved', 'system'],
    ]);
  });

  it('acknowledge, shelve with reason and limit, auto-unshelve, manual resolve with comment', () => {
    const b = new AlertBook();
    const [a] = b.open(dev('m1'), open(T), T).alerts;
    b.acknowledge(a.id, 'li', 'seen', T + 1);
    expect(() => b.acknowledge(a.id, 'li', undefined, T + 2)).toThrow(AlertError);
    expect(() => b.shelve(a.id, 'li', '', 60_000, T + 2)).toThrow(/reason/);
    expect(() => b.shelve(a.id, 'li', 'maintenance', 48 * 3_600_000, T + 2)).toThrow(/duration/);
    b.shelve(a.id, 'li', 'maintenance', 60_000, T + 2);
    expect(b.get(a.id).state).toBe('shelved');
    expect(b.tick(T + 30_000).alerts).toEqual([]);
    const [u] = b.tick(T + 60_002).alerts;
    expect(u).toMatchObject({ state: 'acknowledged' });
    expect(() => b.resolve(a.id, 'li', ' ', T + 70_000)).toThrow(/comment/);
    b.resolve(a.id, 'zhang', 'fixed', T + 70_000);
    expect(b.get(a.id).history.map((h) => `${h.state}:${h.by}`)).toEqual([
      'open:system',
      'acknowledged:li',
      'shelved:li',
      'acknowledged:system',
      'resolved:zhang',
    ]);
  });

  it('suppresses and flags chattering: ≥ 3 transitions in a minute keep one alert open', () => {
    const b = new AlertBook();
    const [a] = b.open(dev('m1'), open(T), T).alerts;
    b.clear(dev('m1'), { type: 'clear', rule: 'drift.cusum', ts: T + 10_000 }, T);
    expect(b.get(a.id).state).toBe('resolved');
    const [c] = b.open(dev('m1'), open(T + 20_000), T).alerts; // third transition in a minute
    expect(c.flags.chattering).toBe(true);
    expect(b.clear(dev('m1'), { type: 'clear', rule: 'drift.cusum', ts: T + 30_000 }, T).alerts).toEqual([]);
    expect(b.get(c.id).state).toBe('open');
  });

  it('flags stale alerts after 24 h and raises a plant flood above 10 new in 10 minutes, ending below 5', () => {
    const b = new AlertBook();
    const floods = [];
    for (let i = 0; i < 11; i++) floods.push(...b.open(dev(`m${i}`), open(T), T + i * 1000).floods);
    expect(floods).toEqual([{ plantId: 'p1', active: true, at: T + 10_000, count: 11 }]);
    expect(b.isFlooding('p1')).toBe(true);
    const end = b.tick(T + 11 * 60_000).floods;
    expect(end).toEqual([{ plantId: 'p1', active: false, at: T + 11 * 60_000, count: 0 }]);
    const stale = b.tick(T + 24 * 3_600_000 + 20_000).alerts;
    expect(stale).toHaveLength(11);
    expect(stale.every((a) => a.flags.stale)).toBe(true);
  });

  it('rebuilds from stored alerts: the open one stays the one open alert for its key', () => {
    const b = new AlertBook();
    const [a] = b.open(dev('m1'), open(T), T).alerts;
    const again = new AlertBook(JSON.parse(JSON.stringify(b.list())));
    expect(again.open(dev('m1'), open(T + 1), T + 1).alerts).toEqual([]);
    expect(again.get(a.id).state).toBe('open');
  });
});

describe('audit trail bound', () => {
  it('keeps the first and the latest entries of 300 shelve/unshelve round trips and counts the rest', () => {
    const b = new AlertBook();
    const [a] = b.open(dev('m1'), open(T), T).alerts;
    for (let i = 0; i < 300; i++) {
      b.shelve(a.id, 'li', `reason ${i}`, 60_000, T + 2 * i + 1);
      b.unshelve(a.id, 'li', `back ${i}`, T + 2 * i + 2);
    }
    const { first, last } = ALERT_HISTORY_LIMITS;
    const h = b.get(a.id).history;
    expect(h).toHaveLength(first + last);
    expect(b.get(a.id).historyElided).toBe(1 + 600 - first - last);
    expect(h[0]).toMatchObject({ state: 'open', by: 'system' });
    expect(h[1].comment).toMatch(/^reason 0 /);
    expect(h[h.length - 1]).toMatchObject({ state: 'open', comment: 'back 299' });
  });
});

describe('an AlertBook holding only some plants (scale-out mode)', () => {
  const other = (id: string): DeviceSpec => ({ ...dev(id), plantId: 'p2' });

  it('names new alerts with the given id source', () => {
    let n = 0;
    const b = new AlertBook([], [], () => `al-x-${++n}`);
    expect(b.open(dev('m1'), open(T), T).alerts[0].id).toBe('al-x-1');
  });

  it('takes over alerts kept elsewhere: a re-raised condition finds its open alert, a clear resolves it', () => {
    const first = new AlertBook();
    const [a] = first.open(dev('m1'), open(T), T).alerts;
    const b = new AlertBook();
    b.adopt([structuredClone(a)]);
    expect(b.has(a.id)).toBe(true);
    expect(b.open(dev('m1'), open(T + 60_000), T + 1).alerts).toEqual([]);
    expect(
      b.clear(dev('m1'), { type: 'clear', rule: 'drift.cusum', ts: T + 7_200_000 }, T + 2).alerts[0],
    ).toMatchObject({ id: a.id, state: 'resolved' });
  });

  it("lets go of one plant's alerts and flood state, keeping the others'", () => {
    const b = new AlertBook();
    for (let i = 0; i < 11; i++) b.open(dev(`m${i}`), open(T), T);
    const [kept] = b.open(other('x'), open(T), T).alerts;
    expect(b.isFlooding('p1')).toBe(true);
    b.forget((plantId) => plantId === 'p1');
    expect(b.isFlooding('p1')).toBe(false);
    expect(b.list().map((a) => a.id)).toEqual([kept.id]);
    // the condition raised again after the plant came back is a new alert of the new holder's book
    expect(b.open(dev('m0'), open(T + 1), T + 1).alerts).toHaveLength(1);
  });
});
