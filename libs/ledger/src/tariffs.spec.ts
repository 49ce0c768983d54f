import { SHAANXI_TOU_RECALLED, checkSchedule, fuelCost, periodOfLabel, periodsBetween, touCost } from './index.js';

describe('time-of-use cost', () => {
  it('the example schedule tiles every day of every month', () => {
    expect(checkSchedule(SHAANXI_TOU_RECALLED)).toEqual([]);
    expect(SHAANXI_TOU_RECALLED.cite.confidence).toBe('recalled');
  });

  it('a flat 100 kW over a March day: 800 kWh each in valley, flat and peak, 1 440 CNY at 0.6 CNY/kWh flat', () => {
    const day = periodOfLabel('2024-03-05', 'day');
    const slots = periodsBetween(day.start, day.end, '15min').map((p) => ({ ...p, kWh: 25 }));
    const c = touCost(slots, SHAANXI_TOU_RECALLED, 0.6);
    // valley 00-07 + 23-24 = 8 h → 800 kWh; flat 07-08 + 11:30-18:30 = 8 h → 800; peak 08-11:30 + 18:30-23 = 8 h → 800
    expect(c.byBand.valley.kWh).toBeCloseTo(800, 9);
    expect(c.byBand.flat.kWh).toBeCloseTo(800, 9);
    expect(c.byBand.peak.kWh).toBeCloseTo(800, 9);
    expect(c.byBand.sharp.kWh).toBe(0);
    // 800 × 0.6 × (0.5 + 1 + 1.5) = 1 440 CNY
    expect(c.cost).toBeCloseTo(1440, 9);
    expect(c.kWh).toBeCloseTo(2400, 9);
  });

  it('July has the sharp peak 19:30-21:30; an hourly slot straddling 19:30 is split by time', () => {
    const t = Date.parse('2024-07-10T11:00:00Z'); // 19:00-20:00 local
    const c = touCost([{ start: t, end: t + 3_600_000, kWh: 100 }], SHAANXI_TOU_RECALLED, 1);
    expect(c.byBand.peak.kWh).toBeCloseTo(50, 9);
    expect(c.byBand.sharp.kWh).toBeCloseTo(50, 9);
    expect(c.cost).toBeCloseTo(50 * 1.5 + 50 * 1.8, 9);
  });

  it('refuses a date before the schedule is valid and a schedule with a hole', () => {
    const t = Date.parse('2021-07-10T11:00:00Z');
    expect(() => touCost([{ start: t, end: t + 1, kWh: 1 }], SHAANXI_TOU_RECALLED, 1)).toThrow(/not valid/);
    const holed = {
      ...SHAANXI_TOU_RECALLED,
      seasons: [
        {
          months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
          segments: [{ from: '00:00', to: '23:00', band: 'flat' as const }],
        },
      ],
    };
    expect(checkSchedule(holed)).toEqual(['months 1,2,3,4,5,6,7,8,9,10,11,12: day ends at 1380 min, not 24:00']);
  });

  it('fuel cost at the price valid on the date', () => {
    const prices = [
      { category: 'natural_gas', price: 3.2, unit: 'CNY/Nm3', validFrom: '2024-01-01', validTo: '2024-04-01' },
      { category: 'natural_gas', price: 3.5, unit: 'CNY/Nm3', validFrom: '2024-04-01' },
    ];
    expect(fuelCost('natural_gas', 297_600, '2024-03-01', prices)?.cost).toBeCloseTo(952_320, 6);
    expect(fuelCost('natural_gas', 1000, '2024-05-01', prices)?.cost).toBe(3500);
    expect(fuelCost('natural_gas', 1000, '2023-05-01', prices)).toBeUndefined();
  });
});
