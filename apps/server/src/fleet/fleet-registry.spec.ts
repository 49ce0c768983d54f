import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FleetFile } from '#contracts';
import { checkFleet, FleetRegistry } from './fleet-registry.js';
import { FleetOverlay } from './fleet-overlay.js';
import { hashSecret, hashSecretSync, verifySecret } from './credentials.js';

const fleet = (): FleetFile => ({
  plants: [{ id: 'p1', name: 'P1' }],
  devices: [
    { id: 'm1', plantId: 'p1', class: 'motor', name: 'M1', nameplate: {}, secret: 'plain-secret-1' },
    { id: 'm2', plantId: 'p1', class: 'motor', name: 'M2', nameplate: {}, gatewayId: 'g1' },
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

  it('keeps only hashes: a plaintext secret is hashed at load and verifies; the spec never carries it', async () => {
    const reg = new FleetRegistry(fleet());
    const m1 = reg.identity('p1/m1')!;
    expect(m1.identity).toMatchObject({ kind: 'device', spec: { id: 'm1' } });
    expect(JSON.stringify(m1.identity.spec)).not.toContain('plain-secret-1');
    expect(await verifySecret('plain-secret-1', m1.secretHash!)).toBe(true);
    expect(await verifySecret('plain-secret-2', m1.secretHash!)).toBe(false);
    expect(reg.identity('p1/g1')!.identity.kind).toBe('gateway');
    expect(reg.identity('p1/m2')!.secretHash).toBeUndefined(); // no secret: cannot log in
  });

  it('persists API changes in the data directory over the seed, across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qw-fleet-'));
    const first = new FleetRegistry(fleet(), new FleetOverlay(dir));
    first.upsertDevice(
      { id: 'm3', plantId: 'p1', class: 'pump', name: 'P3', nameplate: {} },
      await hashSecret('new-secret-3'),
    );
    first.deleteDevice('p1', 'm2');
    first.setSecretHash('p1/m1', await hashSecret('rotated-1'));
    expect(readFileSync(join(dir, 'fleet-registry.json'), 'utf8')).not.toMatch(/new-secret-3|rotated-1/);

    const again = new FleetRegistry(fleet(), new FleetOverlay(dir));
    expect(again.devices().map((d) => d.id)).toEqual(['m1', 'm3']);
    expect(await verifySecret('rotated-1', again.identity('p1/m1')!.secretHash!)).toBe(true);
    expect(await verifySecret('new-secret-3', again.identity('p1/m3')!.secretHash!)).toBe(true);
  });
});

describe('whose secret is still the fleet file’s (what the demo plant may log in with)', () => {
  it('is true for a file secret until the API rotates it, and stays false over a reload from the overlay', async () => {
    const overlay = new FleetOverlay(mkdtempSync(join(tmpdir(), 'qw-seeded-')));
    const reg = new FleetRegistry(fleet(), overlay);
    expect(reg.hasFleetFileSecret('p1/m1')).toBe(true);
    expect(reg.hasFleetFileSecret('p1/g1')).toBe(true);
    expect(reg.hasFleetFileSecret('p1/m2')).toBe(false); // none in the file
    reg.setSecretHash('p1/m1', await hashSecret('rotated-secret'));
    reg.upsertDevice(
      { id: 'm3', plantId: 'p1', class: 'motor', name: 'M3', nameplate: {} },
      await hashSecret('x'.repeat(8)),
    );
    expect(reg.hasFleetFileSecret('p1/m1')).toBe(false);
    expect(reg.hasFleetFileSecret('p1/m3')).toBe(false);
    const reloaded = new FleetRegistry(fleet(), new FleetOverlay(dirname(overlay.path)));
    expect(reloaded.hasFleetFileSecret('p1/m1')).toBe(false);
    expect(reloaded.hasFleetFileSecret('p1/g1')).toBe(true);
  });
});
