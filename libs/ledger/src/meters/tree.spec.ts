import {
  FormulaError,
  balanceOf,
  balances,
  compileVirtualMeters,
  evaluateFormula,
  evaluateVirtualMeters,
  parseFormula,
  referencedMeters,
} from '../index.js';

const vals = (o: Record<string, number>) => new Map(Object.entries(o));

describe('formula', () => {
  it('follows precedence, unary minus and parentheses', () => {
    expect(evaluateFormula(parseFormula('M1 + 2 * M2 - (M3 - 1) / 2'), vals({ M1: 10, M2: 3, M3: 5 }))).toBe(14);
    expect(evaluateFormula(parseFormula('-M1 - -2'), vals({ M1: 1 }))).toBe(1);
    expect(evaluateFormula(parseFormula('{kiln-1.gas} * 1.5e1'), vals({ 'kiln-1.gas': 2 }))).toBe(30);
    expect([...referencedMeters(parseFormula('a + {b c} * a'))]).toEqual(['a', 'b c']);
  });

  it.each([
    ['M1 +', 'FORMULA_SYNTAX'],
    ['(M1', 'FORMULA_SYNTAX'],
    ['M1 M2', 'FORMULA_SYNTAX'],
    ['constructor.prototype', 'FORMULA_SYNTAX'],
    ['Math.max(1,2)', 'FORMULA_SYNTAX'],
    ['{}', 'FORMULA_SYNTAX'],
    ['1'.padEnd(3000, '+1'), 'FORMULA_TOO_LONG'],
    ['('.repeat(500) + '1' + ')'.repeat(500), 'FORMULA_TOO_LONG'],
  ])('rejects %s with %s', (src, reason) => {
    expect(() => parseFormula(src)).toThrow(expect.objectContaining({ reason }) as unknown as Error);
  });

  it('an identifier that is an Object.prototype member is just a meter id', () => {
    expect(() => evaluateFormula(parseFormula('constructor'), vals({}))).toThrow(/FORMULA_UNKNOWN_METER/);
    expect(evaluateFormula(parseFormula('toString'), vals({ toString: 4 }))).toBe(4);
  });

  it('division by zero is an error, not Infinity', () => {
    expect(() => evaluateFormula(parseFormula('M1 / M2'), vals({ M1: 1, M2: 0 }))).toThrow(FormulaError);
  });
});

describe('meter tree', () => {
  it('balance: parent 1 000, children 600 + 350 → loss 50 = 5 %, ok at the band edge; 940 → 6 % high', () => {
    const node = { id: 'main', children: ['a', 'b'] };
    expect(balanceOf(node, vals({ main: 1000, a: 600, b: 350 }))).toMatchObject({
      loss: 50,
      lossPct: 5,
      status: 'ok',
    });
    expect(balanceOf(node, vals({ main: 1000, a: 600, b: 340 }))).toMatchObject({ lossPct: 6, status: 'loss_high' });
    expect(balanceOf(node, vals({ main: 1000, a: 700, b: 340 }))).toMatchObject({
      lossPct: -4,
      status: 'loss_negative',
    });
    expect(balanceOf(node, vals({ main: 1000, a: 700 }))).toMatchObject({ status: 'no_data', missing: ['b'] });
  });

  it('a node-specific band', () => {
    const node = { id: 'main', children: ['a'], lossBand: { minPct: -1, maxPct: 2 } };
    expect(balanceOf(node, vals({ main: 100, a: 97 })).status).toBe('loss_high');
    expect(balances([node, { id: 'a' }], vals({ main: 100, a: 99 })).map((b) => b.status)).toEqual(['ok']);
  });

  it('virtual meters evaluate in dependency order and a cycle is refused', () => {
    const c = compileVirtualMeters([
      { id: 'unmetered', formula: 'main - sub_total' },
      { id: 'sub_total', formula: 'a + b' },
    ]);
    expect(c.order.map((o) => o.id)).toEqual(['sub_total', 'unmetered']);
    expect(evaluateVirtualMeters(c, vals({ main: 1000, a: 600, b: 350 })).get('unmetered')).toBe(50);
    expect(() =>
      compileVirtualMeters([
        { id: 'x', formula: 'y + 1' },
        { id: 'y', formula: 'x * 2' },
      ]),
    ).toThrow(/cycle: x → y → x/);
  });
});
