import type { Nameplate } from '#contracts';
import { boilerLookup, BOILER_ROWS, COAL_CLASSES } from './boilers.js';
import { compressorLookup, COMPRESSOR_ROWS } from './compressors.js';
import { motorGrades, motorLookup, MOTOR_POLES, MOTOR_TABLE } from './motors.js';
import { classLookup, nameplateProblems } from './nameplate.js';
import { transformerLookup, TRANSFORMER_TABLE } from './transformers.js';
import type { GradeLevels, Lookup } from './types.js';

const value = <T>(l: Lookup<T>): T => {
  if (!l.ok) throw new Error(`${l.problem.reason}: ${l.problem.detail}`);
  return l.value;
};

// GB 18613-2020 Table 1 lists these ratings, kW
const RATINGS = [
  0.12, 0.18, 0.2, 0.25, 0.37, 0.4, 0.55, 0.75, 1.1, 1.5, 2.2, 3, 4, 5.5, 7.5, 11, 15, 18.5, 22, 30, 37, 45, 55, 75, 90,
  110, 132, 160, 200, 250, 280, 315, 355, 400, 450, 500, 560, 630, 710, 800, 900, 1000,
];

describe('GB 18613-2020 motors', () => {
  it('has every (poles × rating) cell of Table 1, 0.12-1000 kW, 2/4/6/8 poles', () => {
    expect(MOTOR_TABLE.map((r) => r.ratedKw)).toEqual(RATINGS);
    for (const r of MOTOR_TABLE)
      for (const g of r.grades) {
        expect(g).toHaveLength(MOTOR_POLES.length);
        for (const v of g) expect(v).toBeGreaterThan(50);
      }
  });
  it('is non-decreasing with rating within a pole count, and grade 1 ≥ grade 2 ≥ grade 3', () => {
    MOTOR_POLES.forEach((_, col) => {
      for (let i = 1; i < MOTOR_TABLE.length; i++)
        for (let g = 0; g < 3; g++)
          expect(MOTOR_TABLE[i].grades[g][col]).toBeGreaterThanOrEqual(MOTOR_TABLE[i - 1].grades[g][col]);
      for (const r of MOTOR_TABLE) {
        expect(r.grades[0][col]).toBeGreaterThanOrEqual(r.grades[1][col]);
        expect(r.grades[1][col]).toBeGreaterThan(r.grades[2][col]);
      }
    });
  });
  // hand-checked against GB 18613-2020 Table 1 (grade 3 = IEC 60034-30-1 IE3, grade 2 = IE4)
  it.each([
    [0.12, 2, [71.4, 66.5, 60.8]],
    [0.75, 8, [82.0, 78.4, 75.0]],
    [7.5, 4, [94.0, 92.6, 90.4]],
    [7.5, 6, [92.9, 91.3, 89.1]],
    [55, 4, [96.5, 95.7, 94.6]],
    [110, 2, [96.8, 96.0, 95.2]],
    [250, 6, [97.0, 96.5, 95.8]],
    [1000, 8, [96.3, 95.4, 94.6]],
  ])('%f kW, %i poles: grades 1/2/3 = %j', (kw, poles, g) => {
    const l = motorGrades(kw, poles);
    expect([l.grade1, l.grade2, l.grade3]).toEqual(g);
    expect(l.cite.standard).toBe('GB 18613');
  });
  it('confirms only the rows two sources agree on, transcribed elsewhere', () => {
    expect(motorGrades(55, 4).cite.confidence).toBe('confirmed');
    expect(motorGrades(55, 2).cite.confidence).toBe('transcribed');
    expect(motorGrades(30, 4).cite.confidence).toBe('transcribed');
  });
  it('interpolates between rows in log(kW), cited derived; exact at the rows themselves', () => {
    const mid = motorGrades(Math.sqrt(160 * 200), 4); // geometric middle of 160 and 200 kW
    expect(mid.grade3).toBeCloseTo((95.8 + 96.0) / 2, 2);
    expect(mid.cite.confidence).toBe('derived');
    expect(motorGrades(160, 4).grade3).toBe(95.8);
    expect(motorGrades(160.0000001, 4).cite.confidence).not.toBe('derived');
  });
  it('has no row outside 0.12-1000 kW or for other pole counts', () => {
    expect(motorLookup(0.1, 4)).toMatchObject({ ok: false, problem: { reason: 'NAMEPLATE_OUT_OF_RANGE' } });
    expect(motorLookup(1200, 4)).toMatchObject({ ok: false, problem: { reason: 'NAMEPLATE_OUT_OF_RANGE' } });
    expect(motorLookup(55, 10)).toMatchObject({ ok: false, problem: { reason: 'NAMEPLATE_UNKNOWN_TYPE' } });
    expect(value(motorLookup(0.12, 2)).grade3).toBe(60.8);
    expect(value(motorLookup(1000, 2)).grade3).toBe(95.8);
    expect(() => motorGrades(2000)).toThrow(/NAMEPLATE_OUT_OF_RANGE/);
  });
});

describe('GB 20052 10 kV transformers', () => {
  const KVA_OIL = [30, 50, 63, 80, 100, 125, 160, 200, 250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500];
  it('has oil (3 connection groups) and dry (B/F/H) rows for both cores, 30-2500 kVA', () => {
    for (const core of ['silicon', 'amorphous'] as const) {
      const oil = TRANSFORMER_TABLE.filter((r) => r.type === 'oil' && r.core === core && r.connection === 'Yyn0');
      expect(oil.map((r) => r.ratedKva)).toEqual(KVA_OIL);
      const dry = TRANSFORMER_TABLE.filter((r) => r.type === 'dry' && r.core === core && r.insulation === 'F');
      expect(dry.map((r) => r.ratedKva)).toEqual(KVA_OIL.filter((k) => k !== 63));
    }
  });
  it('losses rise with rating; grade 1 ≤ grade 2 ≤ grade 3; amorphous P0 below silicon', () => {
    const groups = new Map<string, typeof TRANSFORMER_TABLE>();
    for (const r of TRANSFORMER_TABLE) {
      const k = `${r.type}/${r.core}/${r.insulation ?? r.connection}`;
      groups.set(k, [...(groups.get(k) ?? []), r]);
      for (const v of [r.p0, r.pk]) {
        expect(v[0]).toBeLessThanOrEqual(v[1]);
        expect(v[1]).toBeLessThanOrEqual(v[2]);
      }
    }
    for (const rows of groups.values())
      for (let i = 1; i < rows.length; i++)
        for (let g = 0; g < 3; g++) {
          expect(rows[i].p0[g]).toBeGreaterThan(rows[i - 1].p0[g]);
          expect(rows[i].pk[g]).toBeGreaterThan(rows[i - 1].pk[g]);
        }
    for (const r of TRANSFORMER_TABLE.filter((x) => x.core === 'amorphous')) {
      const si = TRANSFORMER_TABLE.find(
        (x) => x.core === 'silicon' && x.type === r.type && x.ratedKva === r.ratedKva && x.connection === r.connection,
      )!;
      expect(r.p0[2]).toBeLessThan(si.p0[2]);
    }
  });
  // hand-checked against GB 20052 Tables 1-2
  it.each([
    [{ type: 'oil', core: 'silicon', ratedKva: 100, connection: 'Dyn11' }, [0.12, 0.135, 0.15], [1.14, 1.265, 1.58]],
    [{ type: 'oil', core: 'silicon', ratedKva: 100, connection: 'Yyn0' }, [0.12, 0.135, 0.15], [1.08, 1.2, 1.5]],
    [{ type: 'oil', core: 'amorphous', ratedKva: 630 }, [0.25, 0.32, 0.32], [5.02, 5.3, 6.2]],
    [{ type: 'oil', core: 'silicon', ratedKva: 2500 }, [1.28, 1.44, 1.6], [15.27, 16.96, 21.2]],
    [{ type: 'dry', core: 'silicon', ratedKva: 1000, insulation: 'F' }, [1.02, 1.205, 1.415], [7.315, 7.315, 8.13]],
    [{ type: 'dry', core: 'amorphous', ratedKva: 400, insulation: 'H' }, [0.215, 0.265, 0.31], [3.85, 3.85, 4.28]],
  ] as const)('%j: P0 %j, Pk %j', (key, p0, pk) => {
    expect(value(transformerLookup(key))).toMatchObject({ p0, pk });
  });
  it('interpolates a capacity between rows linearly, cited derived; none outside 30-2500 kVA', () => {
    const r = value(transformerLookup({ type: 'oil', core: 'silicon', ratedKva: 900 }));
    expect(r.p0[2]).toBeCloseTo((0.7 + 0.83) / 2, 6);
    expect(r.cite.confidence).toBe('derived');
    expect(transformerLookup({ type: 'oil', core: 'silicon', ratedKva: 3150 })).toMatchObject({
      ok: false,
      problem: { reason: 'NAMEPLATE_OUT_OF_RANGE' },
    });
    expect(transformerLookup({ type: 'dry', core: 'silicon', ratedKva: 630 })).toMatchObject({
      ok: false,
      problem: { reason: 'NAMEPLATE_MISSING' },
    });
  });
});

describe('GB 24500-2020 boilers', () => {
  it('has a row for every coal class of the stoker (both capacity bands) and CFB tables', () => {
    for (const c of COAL_CLASSES) {
      expect(value(boilerLookup({ boilerType: 'cfb_coal', coalClass: c })).grade3).toBeGreaterThan(80);
      if (c === 'bituminous_I') continue; // Table 1 has no bituminous I row
      const small = value(boilerLookup({ boilerType: 'stoker_coal', coalClass: c, ratedOutputTph: 20 }));
      const large = value(boilerLookup({ boilerType: 'stoker_coal', coalClass: c, ratedOutputTph: 20.1 }));
      expect(large.grade3!).toBeGreaterThanOrEqual(small.grade3!);
    }
    expect(boilerLookup({ boilerType: 'stoker_coal', coalClass: 'bituminous_I', ratedOutputTph: 10 })).toMatchObject({
      ok: false,
      problem: { reason: 'NAMEPLATE_UNKNOWN_TYPE' },
    });
  });
  it('orders grades 1 ≥ 2 ≥ 3 in every row', () => {
    for (const r of BOILER_ROWS.filter((x) => x.type !== 'electric')) {
      expect(r.eff[0]!).toBeGreaterThanOrEqual(r.eff[1]!);
      expect(r.eff[1]!).toBeGreaterThanOrEqual(r.eff[2]);
    }
  });
  // hand-checked against GB 24500-2020 Tables 1-4 and clause 5.2
  it.each([
    [{ boilerType: 'stoker_coal', coalClass: 'lignite', ratedOutputTph: 35 }, [87, 84, 82]],
    [{ boilerType: 'stoker_coal', coalClass: 'anthracite_II', ratedHeatMw: 7 }, [85, 82, 80]],
    [{ boilerType: 'cfb_coal', coalClass: 'bituminous_I' }, [89, 85, 82]],
    [{ boilerType: 'biomass', ratedOutputTph: 10 }, [88, 84, 80]],
    [{ boilerType: 'biomass', ratedHeatMw: 7.1 }, [91, 88, 86]],
    [{ boilerType: 'oil' }, [95, 93, 90]],
    [{ boilerType: 'pulverised_coal' }, [92, 90, 88]],
    [{ boilerType: 'electric' }, [undefined, undefined, 97]],
  ])('%j: %j', (key, g) => {
    const l = value(boilerLookup(key));
    expect([l.grade1, l.grade2, l.grade3]).toEqual(g);
  });
  it('uses the steam t/h or the hot-water MW band, 20 t/h and 14 MW inclusive in the small band', () => {
    const g3 = (k: object) =>
      value(boilerLookup({ boilerType: 'stoker_coal', coalClass: 'bituminous_III', ...k })).grade3;
    expect(g3({ ratedOutputTph: 20 })).toBe(82);
    expect(g3({ ratedOutputTph: 20.5 })).toBe(84);
    expect(g3({ ratedHeatMw: 14 })).toBe(82);
    expect(g3({ ratedHeatMw: 29 })).toBe(84);
  });
  it('names the coal class it assumed when the nameplate has none, and does not call that grade confirmed', () => {
    const l = value(boilerLookup({ boilerType: 'stoker_coal', ratedOutputTph: 20 }));
    expect(l.cite.note).toMatch(/bituminous III assumed/);
    expect(l.cite.confidence).toBe('derived');
    const declared = value(
      boilerLookup({ boilerType: 'stoker_coal', coalClass: 'bituminous_III', ratedOutputTph: 20 }),
    );
    expect(declared.cite.confidence).toBe('confirmed');
  });
  it('cites a motor graded on assumed poles as derived', () => {
    const l = classLookup('motor', { ratedKw: 55 }) as { value: GradeLevels };
    expect(l.value.grade3).toBe(94.6);
    expect(l.value.cite).toMatchObject({ confidence: 'derived', note: expect.stringMatching(/4 assumed/) });
  });
});

describe('GB 19153-2019 compressors', () => {
  const ROTARY_KW = [
    1.5, 2.2, 3, 4, 5.5, 7.5, 11, 15, 18.5, 22, 30, 37, 45, 55, 75, 90, 110, 132, 160, 200, 250, 315, 355, 400, 450,
    500, 560, 630,
  ];
  const VSD_KW = ROTARY_KW.filter((k) => k >= 2.2 && k <= 315);
  const PISTON_KW = [0.75, 1.1, 1.5, 2.2, 3, 4, 5.5, 7.5, 11, 15, 18.5, 22, 30, 37, 45, 55, 63, 75];
  const OIL_FREE_KW = [0.55, 0.75, 1.1, 1.5, 2.2, 3, 4, 5.5, 7.5, 11, 15];
  const rows = (kind: string, cooling: string) =>
    COMPRESSOR_ROWS.filter((r) => r.kind === kind && r.cooling === cooling);
  const cells = (kind: string) =>
    COMPRESSOR_ROWS.filter((r) => r.kind === kind).reduce(
      (n, r) => n + r.sp.flat().filter((v) => v !== null).length,
      0,
    );

  it('has every row of Tables 1-4 of the transcription, liquid-cooled from 18.5 kW', () => {
    expect(rows('oil_injected_rotary', 'air').map((r) => r.ratedKw)).toEqual(ROTARY_KW);
    expect(rows('oil_injected_rotary', 'liquid').map((r) => r.ratedKw)).toEqual(ROTARY_KW.filter((k) => k >= 18.5));
    expect(rows('oil_injected_rotary_vsd', 'air').map((r) => r.ratedKw)).toEqual(VSD_KW);
    expect(rows('oil_injected_rotary_vsd', 'liquid').map((r) => r.ratedKw)).toEqual(VSD_KW.filter((k) => k >= 18.5));
    expect(rows('piston', 'any').map((r) => r.ratedKw)).toEqual(PISTON_KW);
    expect(rows('oil_free_piston', 'any').map((r) => r.ratedKw)).toEqual(OIL_FREE_KW);
    for (const r of COMPRESSOR_ROWS) for (const g of r.sp) expect(g).toHaveLength(r.pressures.length);
    // cells with a figure ('-' cells excluded), counted by hand in the transcription: Table 3 4×8 + 6×7 + 5 + 7×4
    // per grade, Table 4 4×5 + 7×7
    expect([
      cells('oil_injected_rotary'),
      cells('oil_injected_rotary_vsd'),
      cells('piston'),
      cells('oil_free_piston'),
    ]).toEqual([864, 630, 321, 207]);
  });
  it('falls with size, rises with pressure, grade 1 ≤ 2 ≤ 3; "-" cells only at the edges of a row', () => {
    for (const r of COMPRESSOR_ROWS) {
      for (const g of r.sp) {
        const filled = g.map((v) => v !== null).join('');
        expect(filled).toMatch(/^(false)*(true)+(false)*$/);
      }
      for (let j = 0; j < r.pressures.length; j++) {
        const [g1, g2, g3] = r.sp.map((g) => g[j]);
        if (g1 === null || g2 === null || g3 === null) {
          expect([g1, g2, g3]).toEqual([null, null, null]);
          continue;
        }
        expect(g1).toBeLessThanOrEqual(g2);
        expect(g2).toBeLessThanOrEqual(g3);
        const prevCol = r.sp.map((g) => g[j - 1]);
        for (let g = 0; g < 3; g++) if (prevCol[g] != null) expect(r.sp[g][j]!).toBeGreaterThan(prevCol[g]!);
      }
      const smaller = COMPRESSOR_ROWS.filter(
        (x) => x.kind === r.kind && x.cooling === r.cooling && x.ratedKw < r.ratedKw,
      );
      const prev = smaller[smaller.length - 1];
      if (prev)
        for (let g = 0; g < 3; g++)
          r.sp[g].forEach((v, j) => {
            if (v !== null && prev.sp[g][j] !== null) expect(v).toBeLessThanOrEqual(prev.sp[g][j]!);
          });
    }
  });
  it('asks no less of a variable-speed package (Table 2) than of a fixed-speed one (Table 1) of the same rating', () => {
    for (const v of COMPRESSOR_ROWS.filter((r) => r.kind === 'oil_injected_rotary_vsd')) {
      const f = COMPRESSOR_ROWS.find(
        (r) => r.kind === 'oil_injected_rotary' && r.ratedKw === v.ratedKw && r.cooling === v.cooling,
      )!;
      for (let g = 0; g < 3; g++) v.sp[g].forEach((x, j) => expect(x!).toBeGreaterThanOrEqual(f.sp[g][j]!));
    }
  });
  // hand-checked against the transcription of GB 19153-2019 Tables 1-4
  it.each([
    [{ kind: 'oil_injected_rotary', ratedKw: 200, pressureMpa: 0.8, cooling: 'air' }, [6.0, 6.5, 7.2], 'confirmed'],
    [{ kind: 'oil_injected_rotary', ratedKw: 200, pressureMpa: 0.8, cooling: 'water' }, [5.8, 6.2, 6.9], 'confirmed'],
    [{ kind: 'oil_injected_rotary', ratedKw: 1.5, pressureMpa: 0.3, cooling: 'air' }, [5.8, 6.5, 7.4], 'transcribed'],
    [{ kind: 'oil_injected_rotary', ratedKw: 55, pressureMpa: 1.25, cooling: 'water' }, [7.8, 8.5, 9.5], 'transcribed'],
    [{ kind: 'oil_injected_rotary', ratedKw: 250, pressureMpa: 0.8, cooling: 'air' }, [5.9, 6.4, 7.1], 'transcribed'],
    [{ kind: 'oil_injected_rotary', ratedKw: 315, pressureMpa: 0.3, cooling: 'air' }, [3.5, 3.8, 4.3], 'transcribed'],
    [
      { kind: 'oil_injected_rotary', ratedKw: 630, pressureMpa: 1.25, cooling: 'liquid' },
      [6.9, 7.6, 8.5],
      'transcribed',
    ],
    [
      { kind: 'oil_injected_rotary_vsd', ratedKw: 22, pressureMpa: 0.7, cooling: 'air' },
      [6.8, 7.3, 8.1],
      'transcribed',
    ],
    [
      { kind: 'oil_injected_rotary_vsd', ratedKw: 2.2, pressureMpa: 1.25, cooling: 'air' },
      [12.8, 14.3, 16.6],
      'transcribed',
    ],
    [
      { kind: 'oil_injected_rotary_vsd', ratedKw: 110, pressureMpa: 1.0, cooling: 'air' },
      [7.2, 7.8, 8.7],
      'transcribed',
    ],
    [
      { kind: 'oil_injected_rotary_vsd', ratedKw: 315, pressureMpa: 0.8, cooling: 'water' },
      [6.0, 6.5, 7.2],
      'transcribed',
    ],
    [{ kind: 'piston', ratedKw: 11, pressureMpa: 1.4, cooling: 'air' }, [10.0, 10.8, 12.4], 'transcribed'],
    [{ kind: 'piston', ratedKw: 0.75, pressureMpa: 0.25 }, [7.2, 7.8, 8.5], 'transcribed'],
    [{ kind: 'piston', ratedKw: 18.5, pressureMpa: 0.5 }, [6.2, 6.6, 7.3], 'transcribed'],
    [{ kind: 'piston', ratedKw: 75, pressureMpa: 1.25 }, [7.7, 8.4, 9.4], 'transcribed'],
    [{ kind: 'oil_free_piston', ratedKw: 0.55, pressureMpa: 1.0 }, [14.5, 15.4, 16.8], 'transcribed'],
    [{ kind: 'oil_free_piston', ratedKw: 2.2, pressureMpa: 1.25 }, [11.7, 12.4, 14.6], 'transcribed'],
    [{ kind: 'oil_free_piston', ratedKw: 15, pressureMpa: 1.4 }, [10.0, 10.6, 12.5], 'transcribed'],
  ])('%j: %j (%s)', (key, g, confidence) => {
    const l = value(compressorLookup(key));
    expect([l.grade1, l.grade2, l.grade3]).toEqual(g);
    expect(l.cite).toMatchObject({ standard: 'GB 19153', edition: '2019', confidence });
  });
  it('takes the next higher row and the next higher pressure column between entries (向上靠档), cited derived', () => {
    const p = value(compressorLookup({ kind: 'oil_injected_rotary', ratedKw: 200, pressureMpa: 0.9, cooling: 'air' }));
    expect([p.grade1, p.grade2, p.grade3]).toEqual([6.7, 7.3, 8.1]); // the 1.0 MPa column
    expect(p.cite).toMatchObject({ confidence: 'derived', note: expect.stringMatching(/next higher column/) });
    const kw = value(compressorLookup({ ratedKw: 185, pressureMpa: 0.8, cooling: 'air' }));
    expect(kw.grade3).toBe(7.2); // the 200 kW row
    expect(kw.cite).toMatchObject({ confidence: 'derived', table: expect.stringMatching(/200 kW/) });
    expect(
      value(compressorLookup({ kind: 'oil_injected_rotary', ratedKw: 240, pressureMpa: 0.8, cooling: 'air' })).grade3,
    ).toBe(7.1); // the 250 kW row
    // below 18.5 kW the liquid-cooled column is '-'; 17 kW takes the 18.5 kW row, which has one
    expect(
      value(compressorLookup({ kind: 'oil_injected_rotary', ratedKw: 17, pressureMpa: 0.8, cooling: 'water' })).grade3,
    ).toBe(8.4);
  });
  it('assumes no cooling for the piston tables, which have no cooling split', () => {
    const l = value(compressorLookup({ kind: 'piston', ratedKw: 11, pressureMpa: 1.4 }));
    expect(l.cite.confidence).toBe('transcribed');
    expect(l.cite.table).not.toMatch(/cooled/);
  });
  it.each([
    [{ ratedKw: 700, pressureMpa: 0.8 }, 'NAMEPLATE_OUT_OF_RANGE'],
    [{ ratedKw: 1, pressureMpa: 0.8 }, 'NAMEPLATE_OUT_OF_RANGE'],
    [{ ratedKw: 7.5, pressureMpa: 0.8, cooling: 'water' }, 'NAMEPLATE_UNKNOWN_TYPE'],
    [{ ratedKw: 55, pressureMpa: 1.6 }, 'NAMEPLATE_OUT_OF_RANGE'],
    [{ kind: 'oil_injected_rotary_vsd', ratedKw: 355, pressureMpa: 0.8 }, 'NAMEPLATE_OUT_OF_RANGE'],
    [{ kind: 'piston', ratedKw: 30, pressureMpa: 0.5 }, 'NAMEPLATE_OUT_OF_RANGE'], // '-' in Table 3
    [{ kind: 'piston', ratedKw: 90, pressureMpa: 0.8 }, 'NAMEPLATE_OUT_OF_RANGE'],
    [{ kind: 'oil_free_piston', ratedKw: 18.5, pressureMpa: 0.8 }, 'NAMEPLATE_NOT_ENCODED'],
    [{ kind: 'oil_free_piston', ratedKw: 16, pressureMpa: 0.8 }, 'NAMEPLATE_NOT_ENCODED'],
    [{ kind: 'oil_free_piston', ratedKw: 30, pressureMpa: 0.8 }, 'NAMEPLATE_OUT_OF_RANGE'],
    [{ kind: 'portable_piston', ratedKw: 5.5 }, 'NAMEPLATE_NOT_ENCODED'],
    [{ kind: 'oil_free_rotary', ratedKw: 55 }, 'NAMEPLATE_UNKNOWN_TYPE'],
    [{ kind: 'centrifugal', ratedKw: 400 }, 'NAMEPLATE_UNKNOWN_TYPE'],
    [{ kind: 'oil_free', ratedKw: 55 }, 'NAMEPLATE_UNKNOWN_TYPE'],
    [{ kind: 'toString', ratedKw: 55 }, 'NAMEPLATE_UNKNOWN_TYPE'],
    [{ ratedKw: 55, cooling: 'oil' }, 'NAMEPLATE_UNKNOWN_TYPE'],
    [{ pressureMpa: 0.8 }, 'NAMEPLATE_MISSING'],
  ])('%j has no row: %s', (key, reason) => {
    expect(compressorLookup(key)).toMatchObject({ ok: false, problem: { reason } });
  });
});

describe('nameplate → table row', () => {
  it('finds a row for every nameplate of the demo plant and the test fleets', () => {
    const plates: Array<[Parameters<typeof nameplateProblems>[0], Record<string, unknown>]> = [
      ['motor', { ratedKw: 110, ratedEfficiency: 95.4, poles: 4 }],
      ['motor', { ratedKw: 30 }],
      ['transformer', { ratedKva: 1000, p0Kw: 0.83, pkKw: 10.3 }],
      ['transformer', { ratedKva: 630, transformerType: 'dry', core: 'silicon', insulation: 'F' }],
      ['compressor', { ratedKw: 200, ratedFlow: 32, cooling: 'air' }],
      ['boiler', { boilerType: 'stoker_coal', fuel: 'coal', ratedOutputTph: 20 }],
      ['boiler', { boilerType: 'gas_non_condensing', fuel: 'gas', ratedOutputTph: 10 }],
      ['kiln', { product: 'cement_clinker', ratedOutputTph: 210 }],
      ['pump', { ratedKw: 75, ratedFlow: 400, ratedHead: 50 }],
      ['fan', { ratedKw: 75, ratedFlow: 1500 }],
    ];
    for (const [cls, n] of plates) expect([cls, nameplateProblems(cls, n)]).toEqual([cls, []]);
    expect((classLookup('motor', { ratedKw: 110, poles: 4 }) as { value: GradeLevels }).value.grade3).toBe(95.4);
  });
  it.each([
    ['motor', { ratedKw: 55, poles: 12 }, 'NAMEPLATE_UNKNOWN_TYPE'],
    ['motor', { ratedKw: 1500 }, 'NAMEPLATE_OUT_OF_RANGE'],
    ['motor', {}, 'NAMEPLATE_MISSING'],
    ['transformer', { ratedKva: 630, transformerType: 'dry' }, 'NAMEPLATE_MISSING'],
    ['transformer', { ratedKva: 630, core: 'nanocrystal' }, 'NAMEPLATE_UNKNOWN_TYPE'],
    ['boiler', { fuel: 'coal', ratedOutputTph: 20 }, 'NAMEPLATE_MISSING'],
    ['boiler', { boilerType: 'peat_grate', ratedOutputTph: 20 }, 'NAMEPLATE_UNKNOWN_TYPE'],
    ['compressor', { ratedKw: 700 }, 'NAMEPLATE_OUT_OF_RANGE'],
    ['compressor', { compressorKind: 'portable_piston', ratedKw: 5.5 }, 'NAMEPLATE_NOT_ENCODED'],
    ['kiln', { product: 'lime' }, 'NAMEPLATE_UNKNOWN_TYPE'],
  ] as const)('%s %j has no row: %s', (cls, n, reason) => {
    expect(nameplateProblems(cls, n as Nameplate)).toEqual([expect.objectContaining({ reason })]);
  });
});
