import type { Confidence } from './cite.js';
import { weakest } from './cite.js';
import type { Conversion } from './convert.js';

export interface IntensityInput {
  line: string;
  /** what the line used in the period, converted */
  energy: readonly Conversion[];
  /** energy the line gave back across its boundary (e.g. waste-heat power exported), converted: subtracted */
  credits?: readonly Conversion[];
  /** output in the period */
  output: number;
  /** the product's unit: t (clinker, steam), weight box, … */
  outputUnit: string;
}

export interface Intensity {
  line: string;
  kgce: number;
  output: number;
  /** unit-product energy consumption: kgce per output unit (the quantity 基准/标杆 levels are set on) */
  kgcePerUnit?: number;
  unit: string;
  /** electricity per output unit, kWh (a product standard's separate electricity figure) */
  kwhPerUnit?: number;
  confidence: Confidence;
  /** why there is no figure */
  reason?: 'NO_OUTPUT';
}

/**
 * Unit-product energy consumption of a line over a period: (Σ kgce used − Σ kgce credited) / output.
 * A period with no output gives no figure (not infinity, not zero).
 */
export function unitConsumption(x: IntensityInput): Intensity {
  const used = x.energy.reduce((s, c) => s + c.kgce, 0);
  const credited = (x.credits ?? []).reduce((s, c) => s + c.kgce, 0);
  const kgce = used - credited;
  const kwh =
    x.energy.filter((c) => c.category === 'electricity').reduce((s, c) => s + c.quantity, 0) -
    (x.credits ?? []).filter((c) => c.category === 'electricity').reduce((s, c) => s + c.quantity, 0);
  const confidence = weakest(...[...x.energy, ...(x.credits ?? [])].map((c) => c.confidence));
  const unit = `kgce/${x.outputUnit}`;
  if (!(x.output > 0)) return { line: x.line, kgce, output: x.output, unit, confidence, reason: 'NO_OUTPUT' };
  return {
    line: x.line,
    kgce,
    output: x.output,
    kgcePerUnit: kgce / x.output,
    unit,
    kwhPerUnit: kwh / x.output,
    confidence,
  };
}
