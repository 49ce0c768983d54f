import { z } from 'zod';

/**
 * Answers whose shape is still a TypeScript type only (libs/contracts ledger.ts and the server's report): described here as objects with a pointer to their type, until each becomes a schema in
 * libs/contracts. Every other answer and every request is described from its schema.
 */
const typed = (id: string, where: string) =>
  z.looseObject({}).meta({ id, description: `the ${id} type of ${where}; not yet a schema` });

export const LedgerResponseShape = typed('LedgerResponse', 'libs/contracts/src/ledger.ts');
export const LedgerBalanceShape = typed('LedgerBalanceResponse', 'libs/contracts/src/ledger.ts');
export const LoggedEntriesShape = z.object({ entries: z.array(typed('LoggedEntry', 'libs/contracts/src/ledger.ts')) });
export const FactorBookShape = typed('Book', 'libs/ledger/src (the factor book)');
export const MonthlyReportShape = typed('MonthlyReport', 'apps/server/src/ledger/report/monthly.ts');
