/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character set (no I, O, Z, S,
 * V); characters 3-8 are the registering authority's administrative division code; the 18th is a check character,
 * 31 − (Σ value(cᵢ) × wᵢ mod 31) with wᵢ = 3^(i−1) mod 31, 31 written as 0.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type UsccProblem = 'length' | 'charset' | 'check';

/** undefined when `code` is a well-formed code with a correct check character */
export function usccProblem(code: string): UsccProblem | undefined {
  if (code.length !== 18) return 'length';
  const values = [...code].map((c) => CHARSET.indexOf(c));
  if (values.some((v) => v < 0) || !/^\d{6}$/.test(code.slice(2, 8))) return 'charset';
  const sum = WEIGHTS.reduce((s, w, i) => s + w * values[i], 0);
  const check = (31 - (sum % 31)) % 31;
  return values[17] === check ? undefined : 'check';
}

/** the administrative division code a valid USCC carries (characters 3-8) */
export const usccRegion = (code: string): string => code.slice(2, 8);
