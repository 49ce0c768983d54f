import type { ConsoleDevice, FleetSnapshot } from '#contracts';
import { Model } from '../../apps/console/src/ops/model.js';

const now = 1_000_000;
const device = (plantId: string, id: string, name: string, area?: string): ConsoleDevice => ({
  plantId,
  id,
  name,
  class: 'motor',
  area,
});
const snapshot = (devices: ConsoleDevice[]): FleetSnapshot => ({
  plants: [...new Set(devices.map((d) => d.plantId))].map((id) => ({ id, name: id })),
  devices: devices.map((d) => ({ device: d })),
});
const fresh = (m: Model, key: string) => {
  const [plantId, deviceId] = key.split('/');
  m.reading({ plantId, deviceId, ts: now, values: { p_in_kw: 1 } } as never);
};

describe("the console's unit list", () => {
  it('orders exceptions first, then by plant and name with numbers compared as numbers', () => {
    const m = new Model();
    m.merge(
      snapshot([
        device('plant-10', 'a', 'Pump 1'),
        device('plant-2', 'b', 'Pump 10'),
        device('plant-2', 'c', 'Pump 9'),
        device('plant-2', 'd', 'pump 2'),
        device('plant-1', 'e', 'Fan 3'),
      ]),
      now,
    );
    // fresh readings: normal; the others (no reading) stale, which is an exception and comes first
    for (const k of ['plant-1/e', 'plant-2/b', 'plant-2/c', 'plant-2/d']) fresh(m, k);
    m.restate(now);
    expect(m.list({ search: '' }).map((u) => u.key)).toEqual([
      'plant-10/a',
      'plant-1/e',
      'plant-2/d',
      'plant-2/c',
      'plant-2/b',
    ]);
  });

  it('keeps the order when a snapshot adds, renames and removes units', () => {
    const m = new Model();
    m.merge(snapshot([device('p', 'a', 'Unit 2'), device('p', 'b', 'Unit 3')]), now);
    m.merge(snapshot([device('p', 'b', 'Unit 1'), device('p', 'c', 'Unit 11'), device('p', 'd', 'Unit 4')]), now);
    expect(m.list({ search: '' }).map((u) => u.device.name)).toEqual(['Unit 1', 'Unit 4', 'Unit 11']);
  });

  it('filters by state and search, and lists areas by name with units without one last', () => {
    const m = new Model();
    m.merge(
      snapshot([
        device('p', 'a', 'Kiln 1', 'Line 10'),
        device('p', 'b', 'Kiln 2', 'Line 2'),
        device('p', 'c', 'Fan 1'),
      ]),
      now,
    );
    fresh(m, 'p/a');
    m.restate(now);
    expect(m.list({ search: '', status: 'stale' }).map((u) => u.key)).toEqual(['p/c', 'p/b']);
    expect(m.list({ search: 'KILN' }).map((u) => u.key)).toEqual(['p/b', 'p/a']);
    expect(m.areas('p')).toEqual(['Line 2', 'Line 10', '']);
  });
});
