import type { LoggedEntry, PriceEntry, TariffEntry, TouBandName } from '#contracts';
import { touCost, type Span } from '#ledger';

/** One 15-minute slot's price of a kWh: the bands its span falls in, with their share of the slot and CNY/kWh. */
export type SlotPrice = ReadonlyArray<{ band: TouBandName; share: number; price: number }>;

const covers = (e: { validFrom: string; validTo?: string }, date: string) =>
  e.validFrom <= date && (!e.validTo || date < e.validTo);

/**
 * The plants' tariffs and fuel prices from the ledger log (the latest entry valid on a day wins), as prices per
 * 15-minute slot of a plant-day, memoised. Pure apart from the memo.
 */
export class Pricing {
  private readonly tariffs: Array<TariffEntry & { seq: number }>;
  private readonly prices: Array<PriceEntry & { seq: number }>;
  private readonly memo = new Map<string, SlotPrice[] | undefined>();

  constructor(
    entries: readonly LoggedEntry[],
    private readonly zone: string,
  ) {
    this.tariffs = entries.filter((e): e is TariffEntry & LoggedEntry => e.kind === 'tariff');
    this.prices = entries.filter((e): e is PriceEntry & LoggedEntry => e.kind === 'price');
  }

  /** CNY per unit of a fuel or heat category on a day, or undefined */
  fuel(plantId: string, category: string, date: string): number | undefined {
    let best: (PriceEntry & { seq: number }) | undefined;
    for (const p of this.prices)
      if (p.plantId === plantId && p.category === category && covers(p, date) && (!best || p.seq > best.seq)) best = p;
    return best?.price;
  }

  /** the electricity price of each slot of a plant-day under the tariff valid that day, or undefined */
  slots(plantId: string, date: string, periods: readonly Span[]): SlotPrice[] | undefined {
    const k = `${plantId}|${date}`;
    if (this.memo.has(k)) return this.memo.get(k);
    let t: (TariffEntry & { seq: number }) | undefined;
    for (const e of this.tariffs) if (e.plantId === plantId && covers(e, date) && (!t || e.seq > t.seq)) t = e;
    const out = t
      ? periods.map((p) => {
          const c = touCost(
            [{ ...p, kWh: 1 }],
            {
              id: `tariff #${t.seq}`,
              validFrom: t.validFrom,
              ...(t.validTo ? { validTo: t.validTo } : {}),
              seasons: t.seasons,
              ratio: t.ratio,
              cite: {
                document: t.document ?? 'site tariff',
                year: t.validFrom.slice(0, 4),
                table: `site entry #${t.seq} by ${t.by}`,
                confidence: 'unverified',
              },
            },
            t.flatPrice,
            this.zone,
          );
          return Object.entries(c.byBand)
            .filter(([, v]) => v.kWh > 0)
            .map(([band, v]) => ({ band: band as TouBandName, share: v.kWh, price: v.cost / v.kWh }));
        })
      : undefined;
    this.memo.set(k, out);
    return out;
  }
}
