import { validateEntry, type EntryContext } from './validate-entry.js';

const ctx: EntryContext = {
  hasPlant: (p) => p === 'p1',
  hasDevice: (p, d) => p === 'p1' && d === 'kiln',
  categories: ['electricity', 'coal_raw'],
  today: '2026-03-01',
};
const codes = (r: ReturnType<typeof validateEntry>) =>
  'problems' in r ? r.problems.map((p) => [p.path, p.code]).sort() : [];

describe('a manual ledger entry: its schema, then the fleet and the day', () => {
  it('accepts a correction and gives it back typed', () => {
    const body = {
      kind: 'correction',
      plantId: 'p1',
      deviceId: 'kiln',
      category: 'coal_raw',
      date: '2026-02-27',
      quantity: 5,
      by: 'li',
    };
    expect(validateEntry(body, ctx)).toEqual({ entry: body });
  });

  it('lists the shape problems and the unknown references at once, with the ledger reason codes', () => {
    const r = validateEntry(
      { kind: 'correction', plantId: 'nope', deviceId: 'x', category: 'coal?', date: '2024-13-01', quantity: -1 },
      ctx,
    );
    expect(codes(r)).toEqual(
      [
        ['by', 'FIELD_MISSING'],
        ['category', 'FIELD_INVALID'],
        ['date', 'PERIOD_INVALID'],
        ['plantId', 'PLANT_UNKNOWN'],
        ['quantity', 'FIELD_INVALID'],
      ].sort(),
    );
  });

  it('names an unknown kind, a body that is no object, a field it does not take, a date in the future', () => {
    expect(codes(validateEntry({ kind: 'spam', by: 'x' }, ctx))).toEqual([['kind', 'KIND_UNKNOWN']]);
    expect(codes(validateEntry([1, 2], ctx))).toEqual([['', 'BODY_INVALID']]);
    const extra = {
      kind: 'output',
      plantId: 'p1',
      line: 'kiln',
      product: 'clinker',
      period: '2026-04',
      quantity: 1,
      unit: 't',
      by: 'li',
      colour: 'red',
    };
    expect(codes(validateEntry(extra, ctx))).toEqual([
      ['', 'FIELD_INVALID'],
      ['period', 'PERIOD_INVALID'],
    ]);
  });

  it('refuses a tariff whose seasons do not tile the year, and one whose validity ends before it starts', () => {
    const tariff = {
      kind: 'tariff',
      plantId: 'p1',
      validFrom: '2026-01-01',
      validTo: '2025-01-01',
      flatPrice: 0.6,
      ratio: { sharp: 1.8, peak: 1.5, flat: 1, valley: 0.5 },
      seasons: [{ months: [1, 2, 3], segments: [{ from: '00:00', to: '24:00', band: 'flat' }] }],
      by: 'li',
    };
    expect(codes(validateEntry(tariff, ctx))).toEqual([
      ['seasons', 'FIELD_INVALID'],
      ['validTo', 'PERIOD_INVALID'],
    ]);
  });
});
