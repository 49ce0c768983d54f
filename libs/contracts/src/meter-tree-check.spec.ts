import { METER_TREE_RULES } from '#ledger';
import { checkFleetDoc } from './fleet-check.js';

const dev = (id: string, ledger?: unknown) => ({
  id,
  plantId: 'p1',
  class: 'motor',
  name: id,
  nameplate: { ratedKw: 55 },
  ...(ledger !== undefined ? { ledger } : {}),
});
const fleet = (devices: unknown[], virtualMeters?: unknown) => ({
  plants: [{ id: 'p1', name: 'P1', ...(virtualMeters !== undefined ? { ledger: { virtualMeters } } : {}) }],
  devices,
});
const check = (doc: unknown) => checkFleetDoc(doc, { meters: METER_TREE_RULES });
const reasons = (lines: string[]) => lines.map((l) => /: ([A-Z_]+):/.exec(l)?.[1] ?? l);

describe('fleet check: meter tree and virtual meters', () => {
  it('accepts a parent with two sub-meters, a band, and virtual meters reading devices and each other', () => {
    const doc = fleet(
      [dev('main', { lossBand: [0, 3] }), dev('a', { parent: 'main', account: false }), dev('b', { parent: 'main' })],
      [
        { id: 'subs', formula: 'a + b', category: 'electricity' },
        { id: 'unmetered', formula: 'main - subs', category: 'electricity' },
      ],
    );
    expect(check(doc)).toEqual([]);
  });

  it('lists every problem at once: unknown parent, self-parent, a cycle, a bad band and category', () => {
    const doc = fleet([
      dev('a', { parent: 'nowhere' }),
      dev('b', { parent: 'b' }),
      dev('c', { parent: 'd' }),
      dev('d', { parent: 'e' }),
      dev('e', { parent: 'c', lossBand: [5, 1] }),
      dev('f', { category: 'moonlight', account: 'no' }),
      dev('g', 'yes'),
    ]);
    const lines = check(doc);
    expect(reasons(lines).sort()).toEqual(
      [
        'LEDGER_PARENT_UNKNOWN',
        'LEDGER_TREE_CYCLE',
        'LEDGER_TREE_CYCLE',
        'LEDGER_BAND_INVALID',
        'CATEGORY_UNKNOWN',
        'LEDGER_INVALID',
        'LEDGER_INVALID',
      ].sort(),
    );
    expect(lines).toContain('devices[0] (a): LEDGER_PARENT_UNKNOWN: no device nowhere in plant p1');
    expect(lines).toContain('plant p1: LEDGER_TREE_CYCLE: c → d → e → c');
  });

  it('a parent in another plant is unknown', () => {
    const doc = {
      plants: [
        { id: 'p1', name: 'P1' },
        { id: 'p2', name: 'P2' },
      ],
      devices: [dev('main'), { ...dev('a', { parent: 'main' }), plantId: 'p2' }],
    };
    expect(reasons(check(doc))).toEqual(['LEDGER_PARENT_UNKNOWN']);
  });

  it('refuses bad formulas, unknown meters, cycles, repeated ids and unknown categories, each with its reason', () => {
    const lines = check(
      fleet(
        [dev('main'), dev('a')],
        [
          { id: 'x', formula: 'main - (a', category: 'electricity' },
          { id: 'y', formula: 'main - ghost', category: 'electricity' },
          { id: 'p', formula: 'q + 1', category: 'electricity' },
          { id: 'q', formula: 'p * 2', category: 'electricity' },
          { id: 'main', formula: 'a', category: 'electricity' },
          { id: 'z', formula: 'a', category: 'moonlight' },
          { id: 'w', formula: 'Math.max(a, 1)', category: 'electricity' },
          { id: 'v', formula: '', category: 'electricity' },
        ],
      ),
    );
    expect(reasons(lines).sort()).toEqual(
      [
        'VIRTUAL_METER_FORMULA',
        'VIRTUAL_METER_UNKNOWN_METER',
        'VIRTUAL_METER_CYCLE',
        'VIRTUAL_METER_ID_INVALID',
        'CATEGORY_UNKNOWN',
        'VIRTUAL_METER_FORMULA',
        'VIRTUAL_METER_FORMULA',
      ].sort(),
    );
    expect(lines).toContain(
      'plants[0] (p1).ledger.virtualMeters[0] (x): VIRTUAL_METER_FORMULA: FORMULA_SYNTAX: missing ) for ( at 7',
    );
    expect(lines.find((l) => l.includes('CYCLE'))).toMatch(/p → q → p/);
  });

  it('a virtualMeters that is not a list is refused', () => {
    expect(reasons(check(fleet([dev('a')], 'a + b')))).toEqual(['VIRTUAL_METERS_INVALID']);
  });
});
