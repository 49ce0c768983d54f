import { readFileSync } from 'node:fs';
import { FACTORS } from '../factors/data.js';
import { factorTable, withFactorTable } from './factor-table.js';

describe('docs/ledger.md factor table', () => {
  it('is the one generated from the factor book (run npm run docs:ledger after changing a factor)', () => {
    const doc = readFileSync(new URL('../../../../docs/ledger.md', import.meta.url), 'utf8');
    expect(withFactorTable(doc)).toBe(doc);
  });

  it('has one row per factor', () => {
    expect(factorTable().split('\n')).toHaveLength(FACTORS.length + 2);
  });
});
