/**
 * Energy-conversion and emission factors: cited, dated and configurable (a plant or regulator may publish newer
 * figures). Override any of them with `withFactors({...})`.
 */
export interface Factor {
  value: number;
  unit: string;
  source: string;
  /** the date or reporting year the figure refers to */
  asOf: string;
  verified: boolean;
}

export interface EnergyFactors {
  /** equivalent value of electricity in standard coal */
  electricityKgcePerKwh: Factor;
  /** 1 kgce = 29,307 kJ */
  kjPerKgce: Factor;
  /** grid emission factor */
  gridKgCo2PerKwh: Factor;
  naturalGasKgCo2PerNm3: Factor;
  /** coal, per kgce of heat */
  coalKgCo2PerKgce: Factor;
}

export const DEFAULT_FACTORS: EnergyFactors = {
  electricityKgcePerKwh: {
    value: 0.1229,
    unit: 'kgce/kWh',
    source: 'GB/T 2589-2020 Appendix A (equivalent value)',
    asOf: '2020',
    verified: true,
  },
  kjPerKgce: { value: 29_307, unit: 'kJ/kgce', source: 'GB/T 2589-2020 §3', asOf: '2020', verified: true },
  gridKgCo2PerKwh: {
    value: 0.5703,
    unit: 'kgCO2/kWh',
    source: 'MEE 2023 notice: national grid factor for enterprise reporting (0.5703 tCO2/MWh)',
    asOf: '2022',
    verified: true,
  },
  naturalGasKgCo2PerNm3: {
    value: 2.162,
    unit: 'kgCO2/Nm3',
    source: '389.31 GJ/10^4 Nm3 × 15.3 tC/TJ × 0.99 oxidation × 44/12 (GB/T 32150 defaults)',
    asOf: '2015',
    verified: true,
  },
  coalKgCo2PerKgce: {
    value: 2.66,
    unit: 'kgCO2/kgce',
    source: 'commonly used national average for raw coal per tce',
    asOf: '2011',
    verified: false,
  },
};

export function withFactors(over: Partial<Record<keyof EnergyFactors, number>>): EnergyFactors {
  const out = { ...DEFAULT_FACTORS };
  for (const [k, v] of Object.entries(over)) {
    const key = k as keyof EnergyFactors;
    if (v !== undefined) out[key] = { ...out[key], value: v, source: 'configured', asOf: 'configured' };
  }
  return out;
}
