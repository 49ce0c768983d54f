import { TOU_BAND_NAMES, type TouBandName } from '#contracts';

/**
 * The ledger page's entry form → the body of POST /api/ledger/entries, per kind (pure). Every field is sent as the
 * user typed it (a number where one is asked for, left out when empty), so the server's validation says what is
 * wrong, with its reason code, at the field; `inputOf` maps a problem's field back to the form's control.
 */
export type Values = (name: string) => string;

/** every plant's time zone is Asia/Shanghai (docs/ledger.md): a time typed on the page is plant-local */
const PLANT_OFFSET = '+08:00';

const numberOrText = (s: string): number | string | undefined =>
  s === '' ? undefined : Number.isFinite(Number(s)) ? Number(s) : s;

const BANDS: Record<string, TouBandName> = { 尖峰: 'sharp', 尖: 'sharp', 峰: 'peak', 平: 'flat', 谷: 'valley' };

/**
 * Seasons typed one a line, `months: HH:MM-HH:MM band, …` (months as 1,2,12 or 6-8; band sharp/peak/flat/valley or
 * 尖峰/峰/平/谷). Text that does not read so is sent as it is, for the server to refuse at `seasons`.
 */
export function parseSeasons(text: string): unknown {
  const seasons = [];
  for (const line of text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^([\d,\s-]+):(.+)$/.exec(line);
    if (!m) return text;
    const months: number[] = [];
    for (const part of m[1]!
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)) {
      const [a, b] = part.split('-').map(Number);
      for (let k = a!; k <= (b ?? a!); k++) months.push(k);
    }
    const segments = [];
    for (const seg of m[2]!
      .split(/[,，;；]/)
      .map((x) => x.trim())
      .filter(Boolean)) {
      const g = /^(\d\d:\d\d)\s*-\s*(\d\d:\d\d)\s+(\S+)$/.exec(seg);
      const band = g && (BANDS[g[3]!] ?? (TOU_BAND_NAMES.includes(g[3] as TouBandName) ? g[3] : undefined));
      if (!g || !band) return text;
      segments.push({ from: g[1], to: g[2], band });
    }
    seasons.push({ months, segments });
  }
  return seasons.length ? seasons : undefined;
}

/** The request body of the form's entry of `kind`. */
export function entryBody(kind: string, v: Values): Record<string, unknown> {
  const n = (name: string) => numberOrText(v(name));
  const s = (name: string) => (v(name) === '' ? undefined : v(name));
  const ts = v('ts') === '' ? undefined : `${v('ts').length === 16 ? `${v('ts')}:00` : v('ts')}${PLANT_OFFSET}`;
  const body: Record<string, unknown> = { kind, by: s('by'), note: s('note') };
  const plant = { plantId: s('plantId') };
  switch (kind) {
    case 'output':
      Object.assign(body, plant, {
        line: s('line'),
        product: s('product'),
        period: s('period'),
        quantity: n('quantity'),
        unit: 't',
      });
      break;
    case 'correction':
      Object.assign(body, plant, {
        deviceId: s('deviceId'),
        category: s('category'),
        date: s('date'),
        quantity: n('quantity'),
      });
      break;
    case 'receipt':
      Object.assign(body, plant, {
        category: s('category'),
        date: s('date'),
        quantity: n('quantity'),
        ncv: n('ncv'),
        lab: s('lab'),
      });
      break;
    case 'meter_reading':
      Object.assign(body, plant, { meterId: s('meterId'), category: s('category'), ts, value: n('value') });
      break;
    case 'meter_swap':
      Object.assign(body, plant, {
        meterId: s('meterId'),
        category: s('category'),
        ts,
        oldFinal: n('oldFinal'),
        newInitial: n('newInitial'),
        rollover: n('rollover'),
      });
      break;
    case 'meter_rollover':
      Object.assign(body, plant, { meterId: s('meterId'), category: s('category'), ts, rollover: n('rollover') });
      break;
    case 'price':
      Object.assign(body, plant, {
        category: s('category'),
        price: n('price'),
        validFrom: s('validFrom'),
        validTo: s('validTo'),
      });
      break;
    case 'tariff': {
      const ratio = Object.fromEntries(TOU_BAND_NAMES.map((b) => [b, n(`ratio_${b}`)]));
      Object.assign(body, plant, {
        flatPrice: n('flatPrice'),
        ratio,
        seasons: parseSeasons(v('seasons')),
        validFrom: s('validFrom'),
        validTo: s('validTo'),
        document: s('document'),
      });
      break;
    }
    case 'factor':
      Object.assign(body, {
        category: s('category'),
        quantity: s('factorQuantity'),
        value: n('value'),
        unit: s('unit'),
        validFrom: s('validFrom'),
        validTo: s('validTo'),
        region: s('region'),
        document: s('document'),
        year: s('year'),
      });
      break;
  }
  return Object.fromEntries(Object.entries(body).filter(([, x]) => x !== undefined));
}

/** The form control a problem's field names (the API's field names differ from the controls' in a few places). */
export function inputOf(kind: string, field: string): string {
  if (kind === 'factor' && field === 'quantity') return 'factorQuantity';
  if (field === 'ratio') return 'ratio_sharp';
  return field;
}
