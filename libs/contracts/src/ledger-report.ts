import { z } from 'zod';

export const REPORT_LANGS = ['zh', 'en'] as const;

const cell = z.union([z.string(), z.number()]);

/** `GET /api/ledger/reports/monthly?format=json`: a monthly energy and carbon report, laid out as its .xlsx and PDF. */
export const MonthlyReportSchema = z
  .object({
    lang: z.enum(REPORT_LANGS),
    title: z.string(),
    subject: z.string(),
    month: z.string(),
    headers: z.array(z.string()),
    rows: z.array(z.array(cell)),
    totals: z.object({
      label: z.string(),
      kgce: z.number(),
      tCo2: z.number(),
      tCo2Biogenic: z.number(),
      /** CNY; '–' when nothing was priced */
      cost: cell,
      momPct: z.number().optional(),
      yoyPct: z.number().optional(),
    }),
    outputHeaders: z.array(z.string()),
    outputs: z.array(z.array(cell)),
    notes: z.array(z.string()),
  })
  .meta({ id: 'MonthlyReport' });
export type MonthlyReport = z.infer<typeof MonthlyReportSchema>;
