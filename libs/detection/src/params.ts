/**
 * Detection parameters. The false-alarm arithmetic behind the defaults (one-sided CUSUM, Siegmund's
 * approximation ARL₀ ≈ (e^{2k·b} − 2k·b − 1)/(2k²), b = h + 1.166, independent standardised window means):
 *
 * - fast scale, 1-min windows, k = 0.5, h = 12: ARL₀ ≈ 1.0 × 10⁶ windows ≈ 720 days per device;
 * - slow scale, 15-min windows, k = 0.5, h = 10: ARL₀ ≈ 1.4 × 10⁵ windows ≈ 1,470 days per device;
 *   together ≈ 0.2 false drift alarms per 100 device-days if the residuals were independent and normal. They are
 *   not quite (heavy tails, slow misfit): the harness (`npm run eval:detection`) measures 0.7-1.4 per 100 device-days
 *   on simulated plants, see docs/detection.md.
 * - For comparison, the table in BASELINES.md: CUSUM k = 0.5, h = 5 has ARL₀ = 465 samples — at one sample per
 *   10 s that is a false alarm every 78 minutes per device, hence the aggregation and the larger h.
 */
export interface CusumScale {
  /** how many aggregation windows one chart sample spans */
  windows: number;
  /** reference value, in standard deviations of the chart sample */
  k: number;
  /** decision interval */
  h: number;
}

export interface DetectionParams {
  /** aggregation window, ms of data time */
  windowMs: number;
  /** a window with fewer usable readings is discarded */
  minWindowReadings: number;
  classCheck: {
    /** the KPI must stay beyond the class limit this long before an alert opens */
    minDurationMs: number;
    /** and back inside the limit by the clear margin this long before it clears */
    clearDurationMs: number;
    /** clear margin as a fraction of the class's high-priority shortfall (hysteresis) */
    clearMarginFrac: number;
  };
  drift: {
    /** operating data (steady windows × window length, not calendar time) the device's own baseline is fitted on */
    fitMs: number;
    /** then the residuals' bias and spread are measured over this much operating data */
    calibrateMs: number;
    /** an operating-point cell counts as learned once it holds this many windows of learning data */
    coverMinWindows: number;
    /** outside the learned cells: this many steady windows in a new cell extend the baseline to it */
    extendWindows: number;
    minFitWindows: number;
    minCalSamples: number;
    /** lower bound on a chart sample's standard deviation (relative residual), so a very quiet device is not
     * alarmed on model error below what matters */
    sigmaFloor: number;
    scales: CusumScale[];
    /** EWMA of the standardised residual that must stay below `clearBelow` for `clearDurationMs` to clear */
    clearLambda: number;
    clearBelow: number;
    clearDurationMs: number;
  };
  dataQuality: {
    /** no reading for this long is a gap */
    gapMs: number;
    /** a gap alert clears after readings have flowed this long without another gap */
    gapClearMs: number;
    /** identical non-zero values for at least this many readings and this long: stuck */
    stuckReadings: number;
    stuckMs: number;
    /** consecutive identical values from which a reading is withheld from the KPI */
    stuckExclude: number;
    /** this many physically impossible readings within the window open an alert */
    impossibleCount: number;
    impossibleWindowMs: number;
    impossibleClearMs: number;
  };
}

const MIN = 60_000;
const HOUR = 60 * MIN;

export const DEFAULT_PARAMS: DetectionParams = {
  windowMs: MIN,
  minWindowReadings: 3,
  classCheck: { minDurationMs: 5 * MIN, clearDurationMs: 10 * MIN, clearMarginFrac: 0.25 },
  drift: {
    fitMs: 24 * HOUR,
    calibrateMs: 24 * HOUR,
    minFitWindows: 20,
    minCalSamples: 10,
    coverMinWindows: 10,
    extendWindows: 60,
    sigmaFloor: 0.002,
    scales: [
      { windows: 1, k: 0.5, h: 12 },
      { windows: 15, k: 0.5, h: 10 },
    ],
    clearLambda: 0.2,
    clearBelow: 0.5,
    clearDurationMs: 30 * MIN,
  },
  dataQuality: {
    gapMs: 10 * MIN,
    gapClearMs: 10 * MIN,
    stuckReadings: 20,
    stuckMs: 10 * MIN,
    stuckExclude: 3,
    impossibleCount: 3,
    impossibleWindowMs: 10 * MIN,
    impossibleClearMs: 30 * MIN,
  },
};

/** Parameters with the learning periods overridden (tests and short demonstrations). */
export function paramsWith(
  fitMs: number,
  calibrateMs: number,
  base: DetectionParams = DEFAULT_PARAMS,
): DetectionParams {
  return { ...base, drift: { ...base.drift, fitMs, calibrateMs } };
}
