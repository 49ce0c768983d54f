import type { DeviceSpec, PlantSpec } from '#contracts';
import { balancesOf, treeOf, virtualMetersOf } from './meter-tree.js';
import { balanceActions } from './balance-alerts.js';
import { lastClosedDay } from './balance-monitor.js';

const dev = (id: string, ledger?: DeviceSpec['ledger']): DeviceSpec => ({
  id,
  plantId: 'p1',
  class: 'transformer',
  name: id,
  nameplate: {},
  ...(ledger ? { ledger } : {}),
});
const q = (o: Record<string, Record<string, number>>) =>
  new Map(Object.entries(o).map(([c, m]) => [c, new Map(Object.entries(m))]));

describe('meter tree wiring', () => {
  const devices = [
    dev('main', { lossBand: [0, 3] }),
    dev('a', { parent: 'main', account: false }),
    dev('b', { parent: 'main', account: false }),
    dev('boiler', { category: 'natural_gas' }),
    dev('burner', { parent: 'boiler' }),
    dev('lonely'),
  ];

  it('builds parents from ledger.parent, with their band and category (defaults 0-5 %, electricity)', () => {
    expect(treeOf(devices)).toEqual([
      { parent: 'main', children: ['a', 'b'], category: 'electricity', band: [0, 3] },
      { parent: 'boiler', children: ['burner'], category: 'natural_gas', band: [0, 5] },
    ]);
  });

  it('balances each parent in its own category: 1 000 kWh against 600 + 360 is 4 % loss, outside 0-3 %', () => {
    const b = balancesOf(
      treeOf(devices),
      q({ electricity: { main: 1000, a: 600, b: 360, boiler: 5 }, natural_gas: { boiler: 200, burner: 195 } }),
    );
    expect(b[0]).toMatchObject({ parent: 'main', childrenSum: 960, loss: 40, status: 'loss_high', inBand: false });
    expect(b[0]!.lossPct).toBeCloseTo(4, 12);
    expect(b[1]).toMatchObject({ parent: 'boiler', loss: 5, lossPct: 2.5, status: 'ok', inBand: true });
  });

  it('a missing sub-meter gives no_data and no inBand verdict', () => {
    const [b] = balancesOf(treeOf(devices), q({ electricity: { main: 1000, a: 600 } }));
    expect(b).toMatchObject({ status: 'no_data', missing: ['b'] });
    expect(b!.inBand).toBeUndefined();
  });

  it('virtual meters evaluate over their category and each other; a missing meter is a problem, not a 0', () => {
    const plant: PlantSpec = {
      id: 'p1',
      name: 'P1',
      ledger: {
        virtualMeters: [
          { id: 'unmetered', formula: 'main - subs', category: 'electricity' },
          { id: 'subs', formula: 'a + b', category: 'electricity' },
          { id: 'gas_half', formula: 'boiler / 2', category: 'natural_gas' },
          { id: 'ghost', formula: 'lonely * 2', category: 'electricity' },
        ],
      },
    };
    const v = virtualMetersOf(plant, q({ electricity: { main: 1000, a: 600, b: 360 }, natural_gas: { boiler: 200 } }));
    expect(v.map((x) => [x.id, x.value])).toEqual([
      ['unmetered', 40],
      ['subs', 960],
      ['gas_half', 100],
      ['ghost', undefined],
    ]);
    expect(v[3]!.problem).toMatch(/FORMULA_UNKNOWN_METER/);
  });
});

describe('balance alerts', () => {
  const day = { date: '2026-11-25', start: 1, end: 2 };
  const [high, ok] = balancesOf(
    [
      { parent: 'main', children: ['a'], category: 'electricity', band: [0, 5] },
      { parent: 'm2', children: ['c'], category: 'electricity', band: [0, 5] },
    ],
    q({ electricity: { main: 100, a: 80, m2: 100, c: 98 } }),
  );

  it('opens for a parent out of band, once: not again while its alert is open', () => {
    const acts = balanceActions(day, [high!, ok!], new Set());
    expect(acts).toHaveLength(1);
    expect(acts[0]).toMatchObject({
      parent: 'main',
      event: { type: 'open', rule: 'ledger.balance', kind: 'energy_balance', ts: 1, evidence: { lossPct: 20 } },
    });
    expect((acts[0]!.event as { message: { en: string } }).message.en).toMatch(/20.00 %, above its band 0-5 %/);
    expect(balanceActions(day, [high!], new Set(['main']))).toEqual([]);
  });

  it('clears a parent back in band that has an open alert; no_data changes nothing', () => {
    expect(balanceActions(day, [ok!], new Set(['m2']))).toMatchObject([
      { parent: 'm2', event: { type: 'clear', rule: 'ledger.balance', ts: 2 } },
    ]);
    expect(balanceActions(day, [ok!], new Set())).toEqual([]);
    const [none] = balancesOf([{ parent: 'main', children: ['a'], category: 'electricity', band: [0, 5] }], q({}));
    expect(balanceActions(day, [none!], new Set(['main']))).toEqual([]);
  });

  it('the last closed day is yesterday once 15 minutes of today have passed (plant-local)', () => {
    const zone = 'Asia/Shanghai';
    expect(lastClosedDay(Date.parse('2026-11-26T00:20:00+08:00'), zone)).toBe('2026-11-25');
    expect(lastClosedDay(Date.parse('2026-11-26T00:10:00+08:00'), zone)).toBe('2026-11-24');
  });
});
