import { join } from 'node:path';
import type { FleetFile } from '#contracts';
import { checkDevice, checkFleet, FleetRegistry, loadFleetFile } from './fleet-registry.js';
import { hashSecretSync, matchesPlain, type Credential } from './credentials.js';

const fleet = (): FleetFile => ({
  plants: [{ id: 'p1', name: 'P1' }],
  devices: [
    { id: 'm1', plantId: 'p1', class: 'motor', name: 'M1', nameplate: { ratedKw: 55 }, secret: 'plain-secret-1' },
    { id: 'm2', plantId: 'p1', class: 'motor', name: 'M2', nameplate: { ratedKw: 55 }, gatewayId: 'g1' },
  ],
  gateways: [{ id: 'g1', plantId: 'p1', secretHash: hashSecretSync('gateway-secret') }],
});

describe('fleet file credentials', () => {
  it('lists every problem: short secret, foreign hash, both given, gateway id clashing with a device', () => {
    const f = fleet();
    f.devices[0].secret = 'short';
    f.devices[1].secretHash = '$2b$10$notours';
    f.gateways!.push({ id: 'm1', plantId: 'p1', secret: 'long-enough', secretHash: hashSecretSync('x') });
    expect(checkFleet(f)).toEqual([
      'devices[0] (m1): secret must be a string of at least 8 characters',
      'devices[1] (m2): secretHash is not an scrypt hash made by qinwatt',
      'gateways[1] (m1): give secret or secretHash, not both',
      'gateways[1] (m1): id already used by a device or gateway of this plant',
    ]);
  });

  it('keeps a plaintext secret only as an in-memory digest, not hashed at load; the spec never carries it', () => {
    const reg = new FleetRegistry(fleet());
    const m1 = reg.identity('p1/m1')!;
    expect(m1.identity).toMatchObject({ kind: 'device', spec: { id: 'm1' } });
    expect(JSON.stringify(m1.identity.spec)).not.toContain('plain-secret-1');
    const plain = m1.credential as Extract<Credential, { kind: 'plain' }>;
    expect(plain.kind).toBe('plain'); // no scrypt at boot: 20,000 of them took 19 minutes
    expect(plain.digest.toString()).not.toContain('plain-secret-1');
    expect(matchesPlain(plain, 'plain-secret-1')).toBe(true);
    expect(matchesPlain(plain, 'plain-secret-2')).toBe(false);
    expect(reg.identity('p1/g1')!.identity.kind).toBe('gateway');
    expect(reg.identity('p1/g1')!.credential!.kind).toBe('scrypt');
    expect(reg.identity('p1/m2')!.credential).toBeUndefined(); // no secret: cannot log in
  });
});

describe('fleet file nameplates', () => {
  it('fails loudly, listing every device whose nameplate matches no row of its GB table, with a reason code', () => {
    const f = fleet();
    f.devices.push(
      { id: 'm3', plantId: 'p1', class: 'motor', name: 'M3', nameplate: { ratedKw: 55, poles: 12 } },
      { id: 'm4', plantId: 'p1', class: 'motor', name: 'M4', nameplate: { ratedKw: 2000 } },
      {
        id: 't1',
        plantId: 'p1',
        class: 'transformer',
        name: 'T1',
        nameplate: { ratedKva: 630, transformerType: 'dry' },
      },
      {
        id: 'b1',
        plantId: 'p1',
        class: 'boiler',
        name: 'B1',
        nameplate: { boilerType: 'peat_grate', ratedOutputTph: 4 },
      },
      { id: 'c1', plantId: 'p1', class: 'compressor', name: 'C1', nameplate: { ratedKw: 55, pressureMpa: 2.5 } },
    );
    const problems = checkFleet(f);
    expect(problems.map((p) => /^devices\[\d\] \(\w+\): NAMEPLATE_[A-Z_]+/.exec(p)?.[0])).toEqual([
      'devices[2] (m3): NAMEPLATE_UNKNOWN_TYPE',
      'devices[3] (m4): NAMEPLATE_OUT_OF_RANGE',
      'devices[4] (t1): NAMEPLATE_MISSING',
      'devices[5] (b1): NAMEPLATE_UNKNOWN_TYPE',
      'devices[6] (c1): NAMEPLATE_OUT_OF_RANGE',
    ]);
    expect(problems[0]).toMatch(/GB 18613-2020 Table 1 covers 2, 4, 6 and 8 poles, not 12/);
  });

  it('refuses such a device through the API check too', () => {
    const d = { id: 'm9', plantId: 'p1', class: 'motor' as const, name: 'M9', nameplate: { ratedKw: 0.05 } };
    expect(checkDevice(d, new Set(['p1']), 'device')).toEqual([
      'device: NAMEPLATE_OUT_OF_RANGE: GB 18613-2020 Table 1 covers 0.12-1000 kW, not 0.05 kW',
    ]);
  });

  it.each([
    'device-sim/fleets/demo.json',
    'device-sim/fleets/example.yaml',
    'test/fixtures/fleet.json',
    'test/fixtures/ingest-fleet.json',
  ])('%s loads', (path) => {
    expect(loadFleetFile(join(process.cwd(), path)).devices.length).toBeGreaterThan(0);
  });
});
