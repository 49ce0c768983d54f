import { checkFleet } from './fleet-registry.js';

describe('production lines in the fleet file', () => {
  const plants = [{ id: 'p1', name: 'P1', region: '610100' }];
  const devices = [{ id: 'kiln-1', plantId: 'p1', class: 'kiln', name: 'k', nameplate: { product: 'cement_clinker' } }];
  const line = { id: 'clinker-1', plantId: 'p1', name: 'Clinker line 1', field: 'cement_clinker', device: 'kiln-1' };

  it('accepts a line measured by a device of its plant, in a key field', () => {
    expect(checkFleet({ plants, devices, lines: [{ ...line, capacity: 1_550_000 }] })).toEqual([]);
  });

  it('lists every problem: shape, plant, device, field, row', () => {
    const problems = checkFleet({
      plants,
      devices,
      lines: [
        { ...line, capacity: -1 },
        { ...line, id: 'l2', capacity: 1, plantId: 'p9' },
        { ...line, id: 'l3', capacity: 1, device: 'nope' },
        { ...line, id: 'l4', capacity: 1, field: 'cement' },
        { ...line, id: 'l5', capacity: 1, field: 'flat_glass' },
        { ...line, id: 'l6', capacity: 1, field: 'flat_glass', row: 'huge' },
      ],
    });
    expect(problems).toEqual([
      'lines[0]: capacity: Too small: expected number to be >0',
      'lines[1] (l2): unknown plantId p9',
      'lines[2] (l3): no device nope in plant p1 to measure the line by',
      expect.stringMatching(/^lines\[3\] \(l4\): field cement is not a key field of the plan/),
      'lines[4] (l5): flat_glass has several rows: name one (gt_800_tpd, 500_800_tpd)',
      'lines[5] (l6): row huge is not a row of flat_glass (gt_800_tpd, 500_800_tpd)',
    ]);
  });
});
