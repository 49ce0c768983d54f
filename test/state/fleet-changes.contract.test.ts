import type { FleetFile } from '#contracts';
import { FleetChanges } from '../../apps/server/src/fleet/fleet-changes.js';
import { FleetRegistry } from '../../apps/server/src/fleet/fleet-registry.js';
import { hashSecret, hashSecretSync, verifySecret } from '../../apps/server/src/fleet/credentials.js';
import { stateEngines } from './adapters.js';

const fleet = (): FleetFile => ({
  plants: [{ id: 'p1', name: 'Plant 1' }],
  gateways: [{ id: 'g1', plantId: 'p1', name: 'G1', secretHash: hashSecretSync('gateway-secret') }],
  devices: [
    { id: 'm1', plantId: 'p1', class: 'motor', name: 'M1', nameplate: { ratedKw: 55 }, secret: 'plain-secret-1' },
    { id: 'm2', plantId: 'p1', class: 'motor', name: 'M2', nameplate: { ratedKw: 55 } },
  ],
});

/** What the fleet registry's API changes rely on, on every engine of the state store. */
describe.each(stateEngines('fleet changes contract').map((e) => [e.engine, e] as const))(
  'fleet changes on %s',
  (_, engine) => {
    it('keeps API changes over the fleet file’s seed across restarts, hashes only', async () => {
      const { state, where } = await engine.open();
      const first = await FleetRegistry.open(fleet(), new FleetChanges(state));
      await first.upsertDevice(
        { id: 'm3', plantId: 'p1', class: 'pump', name: 'P3', nameplate: {} },
        await hashSecret('new-secret-3'),
      );
      await first.deleteDevice('p1', 'm2');
      await first.setSecretHash('p1/m1', await hashSecret('rotated-1'));
      const rows = JSON.stringify(await new FleetChanges(state).load());
      expect(rows).toContain('scrypt$N=16384');
      expect(rows).not.toMatch(/new-secret-3|rotated-1/);
      await state.close();

      const again = await engine.open({ same: where });
      const reg = await FleetRegistry.open(fleet(), new FleetChanges(again.state));
      expect(reg.devices().map((d) => d.id)).toEqual(['m1', 'm3']);
      const hashOf = (u: string) => (reg.identity(u)!.credential as { hash: string }).hash;
      expect(await verifySecret('rotated-1', hashOf('p1/m1'))).toBe(true);
      expect(await verifySecret('new-secret-3', hashOf('p1/m3'))).toBe(true);
      // the gateway is the file's, untouched
      expect(reg.hasFleetFileSecret('p1/g1')).toBe(true);
      expect(reg.hasFleetFileSecret('p1/m1')).toBe(false);
      await again.state.close();
    });

    it('a device deleted through the API stays deleted, with no secret, though the file still lists it', async () => {
      const { state, where } = await engine.open();
      const reg = await FleetRegistry.open(fleet(), new FleetChanges(state));
      await reg.setSecretHash('p1/m2', await hashSecret('set-then-deleted'));
      await reg.deleteDevice('p1', 'm2');
      await state.close();
      const again = await engine.open({ same: where });
      const next = await FleetRegistry.open(fleet(), new FleetChanges(again.state));
      expect(next.device('p1', 'm2')).toBeUndefined();
      expect(next.identity('p1/m2')).toBeUndefined();
      expect((await new FleetChanges(again.state).load()).secrets).toEqual({});
      await again.state.close();
    });

    // several processes share a PostgreSQL store; the embedded one belongs to one (one platform per data directory)
    if (engine.engine === 'postgres')
      it('two processes changing devices at once: each change lands, the last write of one device wins', async () => {
        const { state, where } = await engine.open();
        const other = await engine.open({ same: where });
        const a = await FleetRegistry.open(fleet(), new FleetChanges(state));
        const b = await FleetRegistry.open(fleet(), new FleetChanges(other.state));
        const hash = hashSecretSync('shared-secret');
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? a : b).upsertDevice(
              { id: `n${i}`, plantId: 'p1', class: 'motor', name: `N${i}`, nameplate: { ratedKw: 55 } },
              hash,
            ),
          ),
        );
        await a.upsertDevice({ id: 'm1', plantId: 'p1', class: 'motor', name: 'first', nameplate: { ratedKw: 55 } });
        await b.upsertDevice({ id: 'm1', plantId: 'p1', class: 'motor', name: 'second', nameplate: { ratedKw: 55 } });
        const reg = await FleetRegistry.open(fleet(), new FleetChanges(state));
        expect(reg.devices()).toHaveLength(22);
        expect(reg.device('p1', 'm1')?.name).toBe('second');
        await state.close();
        await other.state.close();
      });
  },
);
