import type { DeviceSpec } from '#contracts';
import { createContext } from './detector.js';
import { freshDrift } from './drift.js';
import { kpiAtInput, kpiBand, kpiInverse } from './kpi-band.js';

describe('the KPI at a predicted input, per class (the inverse of the KPI formula at the observed output)', () => {
  it('efficiency (output/input): η scales inversely with the input', () => {
    expect(kpiInverse('motor', true)).toBe('efficiency');
    expect(kpiInverse('boiler', true)).toBe('efficiency');
    // η 0.92 observed at P₁/P_N 0.50; the model expects 0.48: the same P₂ over 0.48 gives 0.92 × 0.50 / 0.48
    expect(kpiAtInput('efficiency', 0.92, 0.5, 0.48)).toBeCloseTo(0.958333, 6);
  });
  it('specific energy (input/output): scales with the input', () => {
    expect(kpiInverse('compressor', false)).toBe('specific');
    expect(kpiInverse('kiln', false)).toBe('specific');
    // 6.5 kW/(m³/min) observed at y 7.0, expected 6.8: 6.5 × 6.8 / 7.0
    expect(kpiAtInput('specific', 6.5, 7.0, 6.8)).toBeCloseTo(6.314286, 6);
  });
  it('transformer: the loss, η = out / (out + ΔP)', () => {
    expect(kpiInverse('transformer', true)).toBe('loss');
    // η 0.98 at ΔP 20 kW: output 0.98 × 20 / 0.02 = 980 kW; with ΔP 15 kW: 980 / 995
    expect(kpiAtInput('loss', 0.98, 20, 15)).toBeCloseTo(0.984925, 6);
    expect(kpiAtInput('loss', 0.98, 20, 20)).toBeCloseTo(0.98, 12); // the observed input gives the observed KPI
  });
});

describe('the learned-baseline band of a window', () => {
  const boiler: DeviceSpec = {
    id: 'b1',
    plantId: 'p1',
    class: 'boiler',
    name: 'B1',
    nameplate: { boilerType: 'stoker_coal', fuel: 'coal', ratedOutputTph: 20 },
  };
  const ctx = createContext(boiler);
  // channel means [heat output kW, fuel heat kW, steam t/h]: η = 10,000 / 12,500 = 80 % at 16 t/h (load 0.8)
  const means = [10_000, 12_500, 16];
  const learned = () => {
    const d = freshDrift(ctx);
    d.phase = 'monitor';
    d.coef = [12_000, 0, 0, 0]; // ŷ = 12,000 kW of fuel heat at any output
    d.scales[0].bias = 0.01;
    d.scales[0].sigma = 0.01;
    d.cells = { '8': 100 };
    return d;
  };

  it('is the model’s input ± the detector’s tolerance, as the KPI at the observed output', () => {
    // relative residual bias ± 3σ = [−0.02, +0.04]: inputs 11,760 … 12,480 kW, expected 12,120 kW
    // η = 10,000 / input: 85.034 % … 80.128 %, expected 82.508 %
    const b = kpiBand(ctx, learned(), means);
    expect(b).toEqual({ expected: expect.any(Number), lo: expect.any(Number), hi: expect.any(Number) });
    if (!('lo' in b)) return;
    expect(b.expected).toBeCloseTo(82.5083, 3);
    expect(b.lo).toBeCloseTo(80.1282, 3);
    expect(b.hi).toBeCloseTo(85.034, 3);
  });

  it('says why where there is no band', () => {
    expect(kpiBand(ctx, freshDrift(ctx), means)).toEqual({ reason: 'LEARNING' });
    const noSpread = learned();
    noSpread.scales[0].sigma = 0;
    expect(kpiBand(ctx, noSpread, means)).toEqual({ reason: 'NO_SPREAD' });
    expect(kpiBand(ctx, learned(), [0, 0, 0])).toEqual({ reason: 'OFF' });
    // 8 t/h (load 0.4): a cell the baseline never saw
    expect(kpiBand(ctx, learned(), [5_000, 6_500, 8])).toEqual({ reason: 'OUTSIDE_BASELINE' });
    const motor = createContext({ ...boiler, class: 'motor', nameplate: { ratedKw: 55 } });
    expect(kpiBand(motor, freshDrift(motor), [40])).toEqual({ reason: 'NOT_OBSERVABLE' });
  });
});
