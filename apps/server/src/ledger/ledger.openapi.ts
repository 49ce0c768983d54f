import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  FactorBookSchema,
  LedgerBalanceQuerySchema,
  LedgerBalanceResponseSchema,
  LedgerEntriesQuerySchema,
  LedgerQuerySchema,
  LedgerResponseSchema,
  LoggedEntriesSchema,
  ManualEntryAcceptedSchema,
  ManualEntrySchema,
  MonthlyReportQuerySchema,
  MonthlyReportSchema,
} from '#contracts';
import { describe } from '../http/openapi-operation.js';

const tag = 'ledger';

/** The energy and carbon ledger (ledger.controller.ts); refusals carry the ledger's reason codes (docs/ledger.md). */
export function describeLedger(r: OpenAPIRegistry): void {
  describe(r, {
    method: 'get',
    path: '/api/ledger',
    summary: 'Energy, tce, t CO₂ and cost per period of a device, plant, enterprise or region',
    tag,
    query: LedgerQuerySchema,
    response: LedgerResponseSchema,
  });
  describe(r, {
    method: 'get',
    path: '/api/ledger/balance',
    summary: "The plant's meter tree per period: each parent meter's balance and the virtual meters",
    tag,
    query: LedgerBalanceQuerySchema,
    response: LedgerBalanceResponseSchema,
  });
  describe(r, {
    method: 'get',
    path: '/api/ledger/reports/monthly',
    summary: 'The monthly energy and carbon report of a plant or an enterprise: JSON, .xlsx or PDF',
    tag,
    query: MonthlyReportQuerySchema,
    response: MonthlyReportSchema,
    errors: [503],
  });
  describe(r, {
    method: 'post',
    path: '/api/ledger/entries',
    summary: 'An entry made by hand: output, fuel receipt, meter reading, correction, factor, tariff or price',
    tag,
    body: ManualEntrySchema,
    response: ManualEntryAcceptedSchema,
    errors: [507],
  });
  describe(r, {
    method: 'get',
    path: '/api/ledger/entries',
    summary: 'The audit trail of the entries made by hand, oldest first',
    tag,
    query: LedgerEntriesQuerySchema,
    response: LoggedEntriesSchema,
  });
  describe(r, {
    method: 'get',
    path: '/api/ledger/factors',
    summary: 'The factor book in force: the defaults with their citations, then the site’s own',
    tag,
    response: FactorBookSchema,
  });
}
