import { energyFromRates, energyFromRegister, periodsBetween, periodOfLabel } from '../index.js';

const H = 3_600_000;
const DAY = periodOfLabel('2024-06-10', 'day');
const hours = periodsBetween(DAY.start, DAY.end, 'hour');
const at = (h: number) => DAY.start + h * H;

describe('energyFromRegister', () => {
  it('spreads each interval over the hours it covers in proportion to time', () => {
    // 100 kWh between 00:30 and 02:30: 25 in hour 0, 50 in hour 1, 25 in hour 2
    const r = energyFromRegister(
      [
        { t: at(0.5), value: 1000 },
        { t: at(2.5), value: 1100 },
      ],
      hours,
      { maxIntervalMs: 3 * H },
    );
    expect(r.figures.slice(0, 3).map((f) => f.value)).toEqual([25, 50, 25]);
    expect(r.figures.slice(0, 3).map((f) => f.completeness)).toEqual([0.5, 1, 0.5]);
  });

  it('handles a roll-over: 99 999 990 → 40 on an 8-digit register is 50 kWh', () => {
    const r = energyFromRegister(
      [
        { t: at(0), value: 99_999_990 },
        { t: at(1), value: 40 },
      ],
      hours,
      { rollover: 100_000_000, maxIntervalMs: H },
    );
    expect(r.figures[0]!.value).toBe(50);
    expect(r.problems).toEqual([]);
  });

  it('reports a decrease with no roll-over configured and adds nothing for it', () => {
    const r = energyFromRegister(
      [
        { t: at(0), value: 500 },
        { t: at(1), value: 400 },
        { t: at(2), value: 410 },
      ],
      hours,
      { maxIntervalMs: H },
    );
    expect(r.figures[0]!.value).toBe(0);
    expect(r.figures[1]!.value).toBe(10);
    expect(r.problems.map((p) => p.reason)).toEqual(['REGISTER_DECREASED']);
  });

  it('a replacement: old meter 500 → final 530, new meter 3 → 23 is 50 kWh', () => {
    const r = energyFromRegister(
      [
        { t: at(0), value: 500 },
        { t: at(1), value: 23 },
      ],
      hours,
      { maxIntervalMs: H, replacements: [{ t: at(0.5), oldFinal: 530, newInitial: 3 }] },
    );
    expect(r.figures[0]!.value).toBe(50);
  });

  it('a recorded roll-over explains a decrease after it, and the modulus goes on applying', () => {
    // a 2-digit register recorded to wrap at 00:30: 90 → 40 is 50, 40 → 95 is 55, 95 → 30 wraps again: 35
    const readings = [
      { t: at(0), value: 90 },
      { t: at(1), value: 40 },
      { t: at(2), value: 95 },
      { t: at(3), value: 30 },
    ];
    const r = energyFromRegister(readings, hours, {
      maxIntervalMs: H,
      rollovers: [{ t: at(0.5), rollover: 100 }],
    });
    expect(r.figures.slice(0, 3).map((f) => f.value)).toEqual([50, 55, 35]);
    expect(r.problems).toEqual([]);
    // the same readings with the roll-over recorded only after the first decrease: that one stays unexplained
    const late = energyFromRegister(readings, hours, {
      maxIntervalMs: H,
      rollovers: [{ t: at(1.5), rollover: 100 }],
    });
    expect(late.figures[0]!.value).toBe(0);
    expect(late.problems.map((p) => p.reason)).toEqual(['REGISTER_DECREASED']);
  });

  it("a replacement with the new meter's modulus: the new meter's wrap is counted, the old one's modulus is not kept", () => {
    const r = energyFromRegister(
      [
        { t: at(0), value: 500 },
        { t: at(1), value: 9_990 },
        { t: at(2), value: 5 },
      ],
      hours,
      {
        maxIntervalMs: H,
        rollover: 1e8,
        replacements: [{ t: at(0.5), oldFinal: 530, newInitial: 9_950, rollover: 10_000 }],
      },
    );
    expect(r.figures.slice(0, 2).map((f) => f.value)).toEqual([70, 15]);
    expect(r.problems).toEqual([]);
  });

  it('an inconsistent replacement record is reported, not guessed', () => {
    const r = energyFromRegister(
      [
        { t: at(0), value: 500 },
        { t: at(1), value: 23 },
      ],
      hours,
      { maxIntervalMs: H, replacements: [{ t: at(0.5), oldFinal: 490, newInitial: 3 }] },
    );
    expect(r.figures[0]!.value).toBe(0);
    expect(r.problems[0]!.reason).toBe('REPLACEMENT_INCONSISTENT');
  });

  it('a gap longer than the max interval keeps the metered total but marks it estimated and not covered', () => {
    // readings at 00:00 and 04:00, 400 kWh; max interval 1 h
    const r = energyFromRegister(
      [
        { t: at(0), value: 0 },
        { t: at(4), value: 400 },
      ],
      hours,
      { maxIntervalMs: H },
    );
    expect(r.figures.slice(0, 4).map((f) => [f.value, f.estimated, f.completeness])).toEqual([
      [100, 100, 0],
      [100, 100, 0],
      [100, 100, 0],
      [100, 100, 0],
    ]);
    expect(r.figures.reduce((s, f) => s + f.value, 0)).toBe(400);
    expect(r.problems[0]!.reason).toBe('GAP_NOT_BRIDGED');
  });

  it('drops non-finite readings and duplicates with a reason', () => {
    const r = energyFromRegister(
      [
        { t: at(0), value: 0 },
        { t: at(0.5), value: Number.NaN },
        { t: at(1), value: 10 },
        { t: at(1), value: 12 },
      ],
      hours,
      { maxIntervalMs: H },
    );
    expect(r.figures[0]!.value).toBe(10);
    expect(r.problems.map((p) => p.reason).sort()).toEqual(['READING_NOT_FINITE', 'READING_OUT_OF_ORDER']);
  });
});

describe('energyFromRates', () => {
  it('trapezoids a ramp split at the hour: 0 → 200 kW from 00:30 to 01:30 is 25 + 75 kWh', () => {
    // rate at 01:00 = 100 kW; hour 0: (0 + 100)/2 × 0.5 h = 25; hour 1: (100 + 200)/2 × 0.5 h = 75
    const r = energyFromRates(
      [
        { t: at(0.5), value: 0 },
        { t: at(1.5), value: 200 },
      ],
      hours,
      { maxIntervalMs: H },
    );
    expect(r.figures[0]!.value).toBeCloseTo(25, 12);
    expect(r.figures[1]!.value).toBeCloseTo(75, 12);
    expect(r.figures[0]!.source).toBe('integrated');
  });

  it('does not bridge a gap beyond the max interval and counts it missing', () => {
    const r = energyFromRates(
      [
        { t: at(0), value: 100 },
        { t: at(1), value: 100 },
        { t: at(3), value: 100 },
        { t: at(4), value: 100 },
      ],
      hours,
      { maxIntervalMs: H },
    );
    expect(r.figures.slice(0, 4).map((f) => [f.value, f.completeness])).toEqual([
      [100, 1],
      [0, 0],
      [0, 0],
      [100, 1],
    ]);
    expect(r.problems.map((p) => p.reason)).toEqual(['GAP_NOT_BRIDGED']);
  });
});
