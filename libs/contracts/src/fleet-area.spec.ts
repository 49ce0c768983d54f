import { readFileSync } from 'node:fs';
import { AREA_MAX, checkDeviceRecord, checkFleetDoc } from './fleet-check.js';
import type { DeviceSpec } from './fleet.js';

const plants = new Set(['p1']);
const device = (area: unknown): Partial<DeviceSpec> =>
  ({ id: 'm1', plantId: 'p1', class: 'motor', name: 'M1', nameplate: { ratedKw: 55 }, area }) as Partial<DeviceSpec>;

describe('a device’s area (the unit level between plant and equipment)', () => {
  it('is optional, and any printable label up to the limit', () => {
    expect(checkDeviceRecord(device(undefined), plants, 'devices[0]')).toEqual([]);
    expect(checkDeviceRecord(device('Clinker line · 熟料线'), plants, 'devices[0]')).toEqual([]);
    expect(checkDeviceRecord(device('x'.repeat(AREA_MAX)), plants, 'devices[0]')).toEqual([]);
  });
  it('refuses what is not a label, naming the record', () => {
    for (const bad of ['', '   ', 'x'.repeat(AREA_MAX + 1), 'line\n2', 7, null, ['a']])
      expect(checkDeviceRecord(device(bad), plants, 'devices[0]')).toEqual([
        `devices[0]: area must be 1-${AREA_MAX} printable characters`,
      ]);
  });
  it('the demo fleet groups its units in areas and leaves some without one', () => {
    const doc = JSON.parse(readFileSync(new URL('../../../device-sim/fleets/demo.json', import.meta.url), 'utf8')) as {
      devices: DeviceSpec[];
    };
    expect(checkFleetDoc(doc).filter((p) => p.includes('area'))).toEqual([]);
    const areas = new Set(doc.devices.map((d) => d.area));
    expect(areas.has('Clinker line · 熟料线')).toBe(true);
    expect(areas.has(undefined)).toBe(true);
  });
});
