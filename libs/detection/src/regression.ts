/**
 * Weighted least squares on accumulated normal equations (XᵀWX, XᵀWy), k ≤ 4 drivers: small enough to solve by
 * Gaussian elimination. The drift check charts the relative residual (y − ŷ)/ŷ, so the fit weights each window by
 * 1/y², minimising relative rather than absolute error: otherwise the windows at high input dominate and the
 * fit's error lands where the input is small (a transformer at night: the loss is a tenth of the day's). A tiny ridge keeps collinear drivers (e.g. a schedule that did not vary while learning) solvable;
 * the fit then predicts well where it learned and the calibration period measures how well.
 */
export function accumulate(xtx: number[], xty: number[], x: readonly number[], y: number, w = 1): void {
  const k = x.length;
  for (let i = 0; i < k; i++) {
    xty[i] += w * x[i] * y;
    for (let j = 0; j < k; j++) xtx[i * k + j] += w * x[i] * x[j];
  }
}

/**
 * A prior on the coefficients (Bayesian linear regression with a normal prior, e.g. Gelman et al., Bayesian Data
 * Analysis, 3rd ed., §14.8): what the nameplate says each coefficient is, give or take `sd`. The data outweigh it
 * wherever they inform a coefficient; where a learning period cannot separate two drivers (a week at one load
 * cannot tell a transformer's no-load loss from a meter's ratio error), the nameplate holds them, instead of a
 * least-squares fit that balances two huge coefficients against each other and extrapolates wildly.
 */
export interface Prior {
  mean: readonly number[];
  sd: readonly number[];
}
/** relative spread of one window's energy input the prior is weighed against (the fit weights by 1/y²) */
const WINDOW_NOISE = 0.01;

export function solve(xtx: readonly number[], xty: readonly number[], k: number, prior?: Prior): number[] {
  let trace = 0;
  for (let i = 0; i < k; i++) trace += xtx[i * k + i];
  const ridge = 1e-9 * (trace / k) + 1e-12;
  const tau = (i: number) => (prior ? (WINDOW_NOISE / prior.sd[i]) ** 2 : 0);
  const a = Array.from({ length: k }, (_, i) => [
    ...xtx.slice(i * k, i * k + k).map((v, j) => (i === j ? v + ridge + tau(i) : v)),
    xty[i] + (prior ? tau(i) * prior.mean[i] : 0),
  ]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[p][c])) p = r;
    [a[c], a[p]] = [a[p], a[c]];
    const piv = a[c][c] || 1e-300;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r][c] / piv;
      for (let j = c; j <= k; j++) a[r][j] -= f * a[c][j];
    }
  }
  return a.map((row, i) => row[k] / (row[i] || 1e-300));
}

export function predict(coef: readonly number[], x: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < coef.length; i++) s += coef[i] * x[i];
  return s;
}
