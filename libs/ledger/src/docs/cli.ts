/** Regenerates the factor table in docs/ledger.md from the factor book (npm run docs:ledger). */
import { readFileSync, writeFileSync } from 'node:fs';
import { withFactorTable } from './factor-table.js';

const path = process.argv[2] ?? 'docs/ledger.md';
writeFileSync(path, withFactorTable(readFileSync(path, 'utf8')));
console.log(`factor table written to ${path}`);
