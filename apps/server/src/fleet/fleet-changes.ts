import type { DeviceSpec } from '#contracts';
import type { StateDb } from '../state/state-db.js';

/** What the API changed: device records by `{plantId}/{id}` (null = deleted) and secret hashes by user name. */
export interface FleetChangeSet {
  devices: Record<string, DeviceSpec | null>;
  secrets: Record<string, string>;
}

/**
 * The fleet registry's changes made through the API, in the relational state store (`fleet_devices`,
 * `fleet_credentials`). The fleet file declares plants, enterprises, gateways, readers and the devices it seeds;
 * a device the API created, changed or deleted, and a secret it set, is a row here that wins over the file at every
 * start (so editing the file never resurrects a device deleted through the API). Each write is one transaction: a
 * change that cannot be committed changes nothing.
 */
export class FleetChanges {
  constructor(private readonly state: StateDb) {}

  async load(): Promise<FleetChangeSet> {
    const out: FleetChangeSet = { devices: {}, secrets: {} };
    for (const r of await this.state.db.selectFrom('fleet_devices').selectAll().orderBy('username').execute())
      out.devices[r.username] = r.spec === null ? null : (JSON.parse(r.spec) as DeviceSpec);
    for (const r of await this.state.db.selectFrom('fleet_credentials').selectAll().orderBy('username').execute())
      out.secrets[r.username] = r.secret_hash;
    return out;
  }

  /** the device (and, when given, its new secret hash) */
  async putDevice(username: string, d: DeviceSpec, secretHash?: string): Promise<void> {
    const now = Date.now();
    await this.state.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('fleet_devices')
        .values({ username, spec: JSON.stringify(d), updated_at: now })
        .onConflict((oc) =>
          oc.column('username').doUpdateSet((eb) => ({ spec: eb.ref('excluded.spec'), updated_at: now })),
        )
        .execute();
      if (secretHash) await upsertSecret(tx, username, secretHash, now);
    });
  }

  /** the device is gone, and so is its secret */
  async deleteDevice(username: string): Promise<void> {
    const now = Date.now();
    await this.state.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('fleet_devices')
        .values({ username, spec: null, updated_at: now })
        .onConflict((oc) => oc.column('username').doUpdateSet({ spec: null, updated_at: now }))
        .execute();
      await tx.deleteFrom('fleet_credentials').where('username', '=', username).execute();
    });
  }

  async setSecret(username: string, secretHash: string): Promise<void> {
    await upsertSecret(this.state.db, username, secretHash, Date.now());
  }
}

async function upsertSecret(db: StateDb['db'], username: string, hash: string, now: number): Promise<void> {
  await db
    .insertInto('fleet_credentials')
    .values({ username, secret_hash: hash, updated_at: now })
    .onConflict((oc) => oc.column('username').doUpdateSet({ secret_hash: hash, updated_at: now }))
    .execute();
}
