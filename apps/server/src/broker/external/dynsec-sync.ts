import { createHmac } from 'node:crypto';
import { Gauge } from 'prom-client';
import type { MqttClient } from 'mqtt';
import { mqttUsername } from '#contracts';
import { FleetRegistry, loadFleetFile, type Identity } from '../../fleet/fleet-registry.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { AppConfig } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import type { ExternalBroker } from './external-broker.js';
import { DynsecClient, type DynsecCommand } from './dynsec-client.js';
import { MANAGED, dynsecAcls, roleName } from './dynsec-roles.js';

/**
 * Keeps Mosquitto's dynamic-security plugin in step with the fleet registry: one client per device, gateway and
 * reader (user name as the embedded broker uses it, `{plantId}/{id}` or the reader's id), each with a role of its
 * own topics (dynsec-roles.ts). Done over the platform's own connection, whose account must be a plugin admin.
 *
 * The registry keeps secrets only as scrypt hashes, which Mosquitto cannot check; the broker can be given a password
 * only while the plaintext is at hand: the fleet file's plaintext secrets (at every connection), and a secret the
 * API issues or rotates (at that moment). An identity known here only by its hash, that the broker does not already
 * have, cannot log in through the broker: those are counted (`qinwatt_broker_credentials_unsynced`) and logged.
 */
export class DynsecSync {
  /** plaintexts issued through the API and not yet given to the broker (kept only until they are) */
  private readonly pending = new Map<string, string>();
  private readonly unsynced: Gauge;
  private dynsec?: DynsecClient;
  private client?: MqttClient;
  private running = Promise.resolve();

  constructor(
    private readonly front: ExternalBroker,
    private readonly fleet: FleetRegistry,
    metrics: Metrics,
    private readonly config: AppConfig,
    private readonly log: Logger,
  ) {
    this.unsynced = new Gauge({
      name: 'qinwatt_broker_credentials_unsynced',
      help: 'devices, gateways and readers the external broker has no password for: known here only by a hash (issue them a new secret)',
      registers: [metrics.registry],
    });
  }

  start(): void {
    this.front.onSubscribed((client) => this.queue(() => this.reconcile(client)));
    this.fleet.onChange((change) => {
      if (change.secret !== undefined) this.pending.set(change.username, change.secret);
      this.queue(() => this.apply(change.username, change.removed));
    });
  }

  /** one sync at a time, in order; a failure is logged and the next connection reconciles again */
  private queue(work: () => Promise<void>): void {
    this.running = this.running
      .then(work)
      .catch((e: Error) => this.log.error({ err: e.message }, 'dynamic-security sync failed; retried at reconnect'));
  }

  private commands(client: MqttClient): DynsecClient {
    if (this.client !== client || !this.dynsec) [this.client, this.dynsec] = [client, new DynsecClient(client)];
    return this.dynsec;
  }

  /** Every identity of the registry into the broker, and the managed clients the registry no longer has out of it. */
  private async reconcile(client: MqttClient): Promise<void> {
    const dynsec = this.commands(client);
    const [listed] = await dynsec.run([{ command: 'listClients', verbose: true, count: -1, offset: 0 }]);
    if (listed.error) throw new Error(`listClients: ${listed.error}`);
    const inBroker = new Map(
      ((listed.data?.clients ?? []) as Array<{ username: string; textname?: string; textdescription?: string }>).map(
        (c) => [c.username, c],
      ),
    );
    const plain = this.plaintexts();
    const wanted = this.identities();
    const cmds: DynsecCommand[] = [];
    const missing: string[] = [];
    for (const [username, identity] of wanted) {
      cmds.push(createRole(username, identity));
      const secret = plain.get(username);
      const known = inBroker.get(username);
      // the plugin ends a client's sessions when its password is set: setting every device's password again at each
      // platform connection would disconnect the whole fleet whenever an ingest process starts. A digest of what was
      // last given (keyed by the platform's own broker password) tells whether the secret changed.
      const digest = secret !== undefined ? this.digest(username, secret) : undefined;
      if (digest !== undefined && known?.textdescription !== digest)
        cmds.push(...setClient(username, secret!, known !== undefined, digest));
      else if (secret === undefined && !known) missing.push(username);
    }
    for (const [username, c] of inBroker)
      if (c.textname === MANAGED && !wanted.has(username))
        cmds.push({ command: 'deleteClient', username }, { command: 'deleteRole', rolename: roleName(username) });
    const failed = (await dynsec.run(cmds)).filter((r) => r.error && !/already exists/i.test(r.error));
    for (const username of plain.keys()) this.pending.delete(username);
    this.unsynced.set(missing.length);
    if (missing.length)
      this.log.warn(
        { count: missing.length, first: missing.slice(0, 20) },
        'identities known only by a secret hash are not in the broker: they cannot connect until issued a new secret',
      );
    if (failed.length) this.log.error({ failed: failed.slice(0, 20) }, 'dynamic-security commands failed');
    this.log.info({ identities: wanted.size, unsynced: missing.length }, 'broker credentials synced');
  }

  /** One identity changed through the API. */
  private async apply(username: string, removed: boolean): Promise<void> {
    const client = this.front.connection;
    if (!client?.connected) return; // the next connection reconciles
    const dynsec = this.commands(client);
    if (removed) {
      // deleting a client also ends its live sessions (the plugin kicks it)
      await dynsec.run([
        { command: 'deleteClient', username },
        { command: 'deleteRole', rolename: roleName(username) },
      ]);
      return;
    }
    const identity = this.fleet.identity(username)?.identity;
    const secret = this.pending.get(username);
    if (!identity || secret === undefined) return;
    const [, created, ...rest] = await dynsec.run([
      createRole(username, identity),
      ...setClient(username, secret, false, this.digest(username, secret)),
    ]);
    // an existing client: set its password (the plugin then ends its sessions, as the embedded broker does)
    if (created.error && /already exists/i.test(created.error))
      await dynsec.run(setClient(username, secret, true, this.digest(username, secret)));
    else if (created.error || rest.some((r) => r.error)) throw new Error(`createClient ${username}: ${created.error}`);
    this.pending.delete(username);
  }

  /** what the broker client's description records of the secret it was given: never the secret, nor a plain hash */
  private digest(username: string, secret: string): string {
    const key = this.config.mqttBrokerPassword || 'qinwatt';
    return `qinwatt-secret:${createHmac('sha256', key).update(`${username}\n${secret}`).digest('base64url')}`;
  }

  private identities(): Map<string, Identity> {
    const out = new Map<string, Identity>();
    for (const spec of this.fleet.devices()) out.set(mqttUsername(spec.plantId, spec.id), { kind: 'device', spec });
    for (const spec of this.fleet.gateways()) out.set(mqttUsername(spec.plantId, spec.id), { kind: 'gateway', spec });
    for (const spec of this.fleet.readers()) out.set(spec.id, { kind: 'reader', spec });
    return out;
  }

  /** what can be given to the broker now: the fleet file's plaintexts still in force, and those the API issued */
  private plaintexts(): Map<string, string> {
    const out = new Map<string, string>();
    const file = loadFleetFile(this.config.fleetFile);
    const entries = [
      ...file.devices.map((d) => [mqttUsername(d.plantId, d.id), d.secret] as const),
      ...(file.gateways ?? []).map((g) => [mqttUsername(g.plantId, g.id), g.secret] as const),
      ...(file.readers ?? []).map((r) => [r.id, r.secret] as const),
    ];
    for (const [username, secret] of entries)
      if (secret && this.fleet.hasFleetFileSecret(username)) out.set(username, secret);
    for (const [username, secret] of this.pending) out.set(username, secret);
    return out;
  }
}

const createRole = (username: string, identity: Identity): DynsecCommand => ({
  command: 'createRole',
  rolename: roleName(username),
  textname: MANAGED,
  acls: dynsecAcls(identity),
});

function setClient(username: string, password: string, exists: boolean, digest: string): DynsecCommand[] {
  if (exists)
    return [
      { command: 'setClientPassword', username, password },
      { command: 'modifyClient', username, textdescription: digest },
      { command: 'addClientRole', username, rolename: roleName(username) },
    ];
  return [
    {
      command: 'createClient',
      username,
      password,
      textname: MANAGED,
      textdescription: digest,
      roles: [{ rolename: roleName(username) }],
    },
  ];
}
