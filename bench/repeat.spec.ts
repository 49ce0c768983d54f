import { medianRatios, medianRows } from './repeat.js';
import { renderTable, type Ratio, type Report, type Row } from './report.js';

const row = (value: number | null, note: string): Row => ({ stage: 's', figure: 'f', value, unit: 'ms', note });
const ratio = (value: number | null): Ratio => ({ name: 'r', value, target: 50, atMost: true, unit: 'ms' });

describe('figures over repeated runs', () => {
  it('gives the median run its value and note, with the lowest and highest beside it', () => {
    const [r] = medianRows([[row(30, 'b')], [row(10, 'a')], [row(90, 'c')]]);
    expect(r).toMatchObject({ value: 30, note: 'b', spread: { min: 10, max: 90, n: 3 } });
  });

  it('takes the lower middle of an even count (a value a run measured), and leaves out runs that measured nothing', () => {
    const [r] = medianRows([[row(40, 'd')], [row(null, 'failed')], [row(20, 'b')], [row(30, 'c')], [row(10, 'a')]]);
    expect(r).toMatchObject({ value: 20, note: 'b', spread: { min: 10, max: 40, n: 4 } });
  });

  it('keeps a figure no run measured as not measured', () => {
    expect(medianRows([[row(null, 'x')], [row(null, 'y')]])[0].value).toBeNull();
  });

  it('takes each ratio within its run, then the median, and judges the target on it', () => {
    const [r] = medianRatios([[ratio(60)], [ratio(40)], [ratio(45)]]);
    expect(r).toMatchObject({ value: 45, spread: { min: 40, max: 60, n: 3 } });
    const rep: Report = {
      when: '',
      command: '',
      machine: {},
      runs: 3,
      rows: [],
      ratios: [r],
      failures: [],
      details: {},
    };
    expect(renderTable(rep)).toContain('| r | 45 ms | 40–60 ms | ≤ 50 ms | yes |');
  });
});
