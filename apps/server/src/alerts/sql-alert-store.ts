import type { Alert, FloodEvent } from '#contracts';
import { GroupCommit } from '../durable/group-commit.js';
import type { StateDb } from '../state/state-db.js';
import { AlertStore, type AlertStoreContents } from './alert-store.js';

/** rows per statement and per transaction: better-sqlite3 runs each one on the event loop, so each stays short */
const CHUNK = 200;

type Write = { alert: Alert; doc: string } | { flood: FloodEvent };

/**
 * Alerts, their audit trail (bounded by the AlertBook: ALERT_HISTORY_LIMITS), flood episodes and the detection
 * core's state in the relational state store. Alert and flood writes that arrive together share one transaction
 * (group commit, as an append log did): one commit serves a burst of alerts. An alert is serialised when it is
 * saved, so the store keeps versions in call order even when the object changes later; the newest version wins.
 */
export class SqlAlertStore extends AlertStore {
  private readonly writes = new GroupCommit<Write>((w) => this.commit(w));
  private snapshots: Promise<unknown> = Promise.resolve();

  constructor(private readonly state: StateDb) {
    super();
  }

  async load(): Promise<AlertStoreContents> {
    const db = this.state.db;
    const alerts = (await db.selectFrom('alerts').select('doc').orderBy('id').execute()).map(
      (r) => JSON.parse(r.doc) as Alert,
    );
    const floods = (await db.selectFrom('alert_floods').select('doc').orderBy('seq').execute()).map(
      (r) => JSON.parse(r.doc) as FloodEvent,
    );
    const detection: Record<string, unknown> = {};
    for (const r of await db.selectFrom('detection_state').selectAll().execute())
      detection[r.device_key] = JSON.parse(r.state);
    return { alerts, floods, detection };
  }

  saveAlert(a: Alert): Promise<void> {
    return this.writes.append({ alert: a, doc: JSON.stringify(a) });
  }

  saveFlood(f: FloodEvent): Promise<void> {
    return this.writes.append({ flood: f });
  }

  /**
   * Every device's state, a chunk of devices per transaction, so the event loop runs between chunks (a 20,000-device
   * fleet is ~15 MB of state). Snapshots queue behind each other, never behind alerts.
   */
  saveDetection(states: Record<string, unknown>): Promise<void> {
    const next = this.snapshots.then(async () => {
      const rows: Array<{ device_key: string; state: string }> = [];
      for (const [k, v] of Object.entries(states)) {
        const state = JSON.stringify(v) as string | undefined;
        if (state !== undefined) rows.push({ device_key: k, state });
      }
      for (let i = 0; i < rows.length; i += CHUNK)
        await this.state.db
          .insertInto('detection_state')
          .values(rows.slice(i, i + CHUNK))
          .onConflict((oc) => oc.column('device_key').doUpdateSet((eb) => ({ state: eb.ref('excluded.state') })))
          .execute();
    });
    this.snapshots = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await Promise.all([this.writes.drain(), this.snapshots]);
  }

  private async commit(writes: Write[]): Promise<void> {
    // the newest version of each alert in this batch (a Map keeps first-insertion order, set() keeps the last value)
    const latest = new Map<string, { alert: Alert; doc: string }>();
    const floods: FloodEvent[] = [];
    for (const w of writes)
      if ('alert' in w) latest.set(w.alert.id, w);
      else floods.push(w.flood);
    const alerts = [...latest.values()].map(({ alert, doc }) => ({
      id: alert.id,
      plant_id: alert.plantId,
      device_id: alert.deviceId,
      updated_at: alert.updatedAt ?? alert.openedAt,
      doc,
    }));
    for (let i = 0; i < Math.max(alerts.length, floods.length); i += CHUNK)
      await this.state.db.transaction().execute(async (tx) => {
        const a = alerts.slice(i, i + CHUNK);
        const f = floods.slice(i, i + CHUNK);
        if (a.length)
          await tx
            .insertInto('alerts')
            .values(a)
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({
                updated_at: eb.ref('excluded.updated_at'),
                doc: eb.ref('excluded.doc'),
              })),
            )
            .execute();
        if (f.length)
          await tx
            .insertInto('alert_floods')
            .values(f.map((x) => ({ plant_id: x.plantId, doc: JSON.stringify(x) })))
            .execute();
      });
  }
}
