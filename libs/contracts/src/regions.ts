/**
 * Administrative division codes (GB/T 2260): 6 digits, province (2) · prefecture (2) · county (2). A code ending in
 * `0000` names a province, one ending in `00` a prefecture-level city; a regulator's scope code covers every code
 * below it: 610000 (Shaanxi) covers 610100 (Xi'an) and 610113 (Yanta district); 610100 covers 6101xx only.
 */
export const REGION_CODE = /^\d{6}$/;

/** the prefix of codes that `scope` covers: '61' for a province, '6101' for a prefecture, the code for a county */
export function regionPrefix(scope: string): string {
  if (scope.endsWith('0000')) return scope.slice(0, 2);
  if (scope.endsWith('00')) return scope.slice(0, 4);
  return scope;
}

/** whether a regulator whose scope is `scope` may see a plant or enterprise registered in `code` */
export const regionCovers = (scope: string, code: string | undefined): boolean =>
  code !== undefined && REGION_CODE.test(code) && code.startsWith(regionPrefix(scope));
