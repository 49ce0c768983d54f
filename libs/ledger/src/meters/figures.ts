/** How a period's figure was obtained: a metered energy register, or rates integrated over time. */
export type FigureSource = 'register' | 'integrated';

export interface PeriodFigure {
  start: number;
  end: number;
  /** the quantity in the meter's unit (kWh, Nm³, t) */
  value: number;
  source: FigureSource;
  /** share (0-1) of the period covered by readings no further apart than the meter's max interval */
  completeness: number;
  /** register only: the part of value allocated pro rata across a longer gap (its total is metered) */
  estimated?: number;
}

export interface MeterProblem {
  reason:
    | 'READING_NOT_FINITE'
    | 'READING_OUT_OF_ORDER'
    | 'REGISTER_DECREASED'
    | 'REPLACEMENT_INCONSISTENT'
    | 'REPLACEMENT_NOT_SEEN'
    | 'GAP_NOT_BRIDGED';
  t: number;
  detail: string;
}

export interface MeterResult {
  figures: PeriodFigure[];
  problems: MeterProblem[];
}
