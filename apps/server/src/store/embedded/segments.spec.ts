import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomic } from './segments.js';

describe('writeAtomic', () => {
  it('lets two writers of the same file at once both succeed, leaving one whole file and no temporary', async () => {
    // two ledger requests sealing the same hour's rollup at the same moment
    const dir = mkdtempSync(join(tmpdir(), 'qw-atomic-'));
    const path = join(dir, '2024-03-05T08.json');
    await Promise.all([writeAtomic(path, '{"a":1}'), writeAtomic(path, '{"a":1}'), writeAtomic(path, '{"a":1}')]);
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
    expect(readdirSync(dir)).toEqual(['2024-03-05T08.json']);
  });
});
