import type { MeterBalance } from '#contracts';
import type { ClearEvent, OpenEvent } from '#detection';

export const BALANCE_RULE = 'ledger.balance' as const;

export type BalanceAction = { parent: string; event: OpenEvent } | { parent: string; event: ClearEvent };

const pct = (x: number) => `${x.toFixed(2)} %`;

/**
 * What a closed day's balances do to the alerts (pure): a parent whose loss left its band opens an alert, unless
 * one is already open for it (`open`: parents with an active balance alert), and a parent back inside its band
 * clears its alert. A day without a figure for a meter (no_data) changes nothing either way.
 */
export function balanceActions(
  day: { date: string; start: number; end: number },
  balances: readonly MeterBalance[],
  open: ReadonlySet<string>,
): BalanceAction[] {
  const out: BalanceAction[] = [];
  for (const b of balances) {
    if (b.status === 'no_data') continue;
    if (b.status === 'ok') {
      if (open.has(b.parent))
        out.push({
          parent: b.parent,
          event: { type: 'clear', rule: BALANCE_RULE, ts: day.end, evidence: evidence(day.date, b) },
        });
      continue;
    }
    if (open.has(b.parent)) continue;
    const [lo, hi] = b.band;
    const high = b.status === 'loss_high';
    out.push({
      parent: b.parent,
      event: {
        type: 'open',
        rule: BALANCE_RULE,
        kind: 'energy_balance',
        priority: 'medium',
        ts: day.start,
        message: {
          en: `${day.date}: loss between ${b.parent} and its sub-meters ${pct(b.lossPct!)}, ${high ? 'above' : 'below'} its band ${lo}-${hi} %`,
          zh: `${day.date}：${b.parent} 与其分表的损耗 ${pct(b.lossPct!)}，${high ? '高于' : '低于'}允许范围 ${lo}-${hi} %`,
        },
        evidence: evidence(day.date, b),
      },
    });
  }
  return out;
}

function evidence(date: string, b: MeterBalance): Record<string, unknown> {
  return {
    date,
    category: b.category,
    parentValue: b.parentValue,
    childrenSum: b.childrenSum,
    children: b.children,
    loss: b.loss,
    lossPct: b.lossPct,
    band: b.band,
    status: b.status,
  };
}
