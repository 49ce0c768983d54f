import type { EnterpriseSpec, PlantSpec } from '#contracts';
import { seesEnterprise, seesPlant, seesRegion, withinCreator, type Tenancy } from './scope.js';

const plants: PlantSpec[] = [
  { id: 'xa', name: 'Xi’an', region: '610113', enterprise: 'e1' },
  { id: 'bj', name: 'Baoji', region: '610302', enterprise: 'e2' },
  // no region of its own: its enterprise's registered one counts
  { id: 'yl', name: 'Yulin', enterprise: 'e3' },
];
const enterprises: EnterpriseSpec[] = [
  { id: 'e1', name: 'E1', uscc: '91610100MA6U0Q8K2P', region: '610100' },
  { id: 'e2', name: 'E2', uscc: '91610300MA6X1B7C37', region: '610300' },
  { id: 'e3', name: 'E3', uscc: '91610800MA6X1B7C3X', region: '610800' },
];
const t: Tenancy = {
  plant: (id) => plants.find((p) => p.id === id),
  enterprise: (id) => enterprises.find((e) => e.id === id),
};

describe('scope', () => {
  it('an admin sees every plant, even one that does not exist', () => {
    expect(seesPlant({ role: 'admin', scope: {} }, t, 'nowhere')).toBe(true);
  });

  it('an operator sees the plants named and every plant of the enterprises named, nothing else', () => {
    const op = { role: 'operator' as const, scope: { plants: ['xa'], enterprises: ['e2'] } };
    expect(['xa', 'bj', 'yl', 'nowhere'].map((p) => seesPlant(op, t, p))).toEqual([true, true, false, false]);
    expect(seesPlant({ role: 'technician', scope: {} }, t, 'xa')).toBe(false);
  });

  it('a regulator sees the plants of the regions their code covers: province, prefecture, county', () => {
    const shaanxi = { role: 'regulator' as const, scope: { regions: ['610000'] } };
    const xian = { role: 'regulator' as const, scope: { regions: ['610100'] } };
    const yanta = { role: 'regulator' as const, scope: { regions: ['610113'] } };
    expect(['xa', 'bj', 'yl'].map((p) => seesPlant(shaanxi, t, p))).toEqual([true, true, true]);
    expect(['xa', 'bj', 'yl'].map((p) => seesPlant(xian, t, p))).toEqual([true, false, false]);
    expect(['xa', 'bj'].map((p) => seesPlant(yanta, t, p))).toEqual([true, false]);
    // a regulator's plants are found by region, never by a plants list they might carry
    expect(seesPlant({ role: 'regulator', scope: { plants: ['bj'] } }, t, 'bj')).toBe(false);
    expect(seesPlant({ role: 'regulator', scope: { regions: ['610800'] } }, t, 'yl')).toBe(true);
  });

  it('enterprises and regions as wholes', () => {
    expect(seesEnterprise({ role: 'operator', scope: { enterprises: ['e1'] } }, t, 'e1')).toBe(true);
    expect(seesEnterprise({ role: 'operator', scope: { plants: ['xa'] } }, t, 'e1')).toBe(false);
    expect(seesEnterprise({ role: 'regulator', scope: { regions: ['610000'] } }, t, 'e2')).toBe(true);
    expect(seesRegion({ role: 'regulator', scope: { regions: ['610000'] } }, '610300')).toBe(true);
    expect(seesRegion({ role: 'regulator', scope: { regions: ['610100'] } }, '610000')).toBe(false);
    expect(seesRegion({ role: 'operator', scope: { plants: ['xa'] } }, '610100')).toBe(false);
  });

  it('a token never exceeds its creator: same role, scope inside theirs; an admin may issue any', () => {
    const op = { role: 'operator' as const, scope: { plants: ['xa', 'bj'] } };
    expect(withinCreator(op, t, 'operator', { plants: ['bj'] })).toBe(true);
    expect(withinCreator(op, t, 'operator', { plants: ['yl'] })).toBe(false);
    expect(withinCreator(op, t, 'operator', { enterprises: ['e1'] })).toBe(false);
    expect(withinCreator(op, t, 'admin', {})).toBe(false);
    expect(withinCreator(op, t, 'regulator', { regions: ['610000'] })).toBe(false);
    const reg = { role: 'regulator' as const, scope: { regions: ['610000'] } };
    expect(withinCreator(reg, t, 'regulator', { regions: ['610100'] })).toBe(true);
    expect(
      withinCreator({ role: 'regulator', scope: { regions: ['610100'] } }, t, 'regulator', { regions: ['610000'] }),
    ).toBe(false);
    expect(withinCreator({ role: 'admin', scope: {} }, t, 'technician', { plants: ['yl'] })).toBe(true);
  });
});
