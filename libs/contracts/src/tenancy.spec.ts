import { usccProblem, usccRegion } from './uscc.js';
import { regionCovers } from './regions.js';
import { checkFleetDoc } from './fleet-check.js';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts codes whose check character is right', () => {
    // published codes of well-known companies, checked by hand against the standard's weights
    for (const code of ['91350100M000100Y43', '91110000600037341L', '914403001922038216'])
      expect(usccProblem(code)).toBeUndefined();
    expect(usccRegion('91350100M000100Y43')).toBe('350100');
  });
  it('names what is wrong with a bad code', () => {
    expect(usccProblem('91350100M000100Y4')).toBe('length');
    expect(usccProblem('91350100M000100I43')).toBe('charset'); // I is not in the set
    expect(usccProblem('91350100M000100Y44')).toBe('check');
  });
});

describe('regions by administrative division code', () => {
  it('a province covers its prefectures and counties, a prefecture only its own', () => {
    expect(regionCovers('610000', '610113')).toBe(true);
    expect(regionCovers('610000', '620100')).toBe(false);
    expect(regionCovers('610100', '610113')).toBe(true);
    expect(regionCovers('610100', '610300')).toBe(false);
    expect(regionCovers('610113', '610113')).toBe(true);
    expect(regionCovers('610113', '610114')).toBe(false);
    expect(regionCovers('610000', undefined)).toBe(false);
  });
});

describe('fleet enterprises', () => {
  const device = { id: 'm1', plantId: 'p1', class: 'motor', name: 'm', nameplate: { ratedKw: 11 } };
  it('lists every problem of the enterprises and the plants that name them', () => {
    const problems = checkFleetDoc({
      enterprises: [
        { id: 'e1', name: 'E1', uscc: '91350100M000100Y44', region: '6101' },
        { id: 'e1', name: '', uscc: '91110000600037341L', region: '110000' },
      ],
      plants: [
        { id: 'p1', name: 'P1', enterprise: 'e2', region: '61' },
        { id: 'p2', name: 'P2', enterprise: 'e1', region: '610100' },
      ],
      devices: [device],
    });
    expect(problems).toEqual([
      expect.stringMatching(/enterprises\[0\] \(e1\): uscc .* \(check; GB 32100-2015\)/),
      'enterprises[0] (e1): region must be a 6-digit administrative division code',
      'enterprises[1] (e1): duplicate id e1',
      'enterprises[1] (e1): needs a name',
      'plants[0]: region "61" is not a 6-digit administrative division code',
      'plants[0]: enterprise e2 is not in the enterprises list',
    ]);
  });
  it('a fleet without an enterprises list keeps working as before', () => {
    expect(checkFleetDoc({ plants: [{ id: 'p1', name: 'P1', enterprise: 'x' }], devices: [device] })).toEqual([]);
  });
});
