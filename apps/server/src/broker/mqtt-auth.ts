import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthenticateError, Client } from 'aedes';
import { topics } from '#contracts';
import { FleetRegistry, type Identity } from '../fleet/fleet-registry.js';
import { verifySecret } from '../fleet/credentials.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Logger } from '../logger.js';

type AuthDone = (err: AuthenticateError | null, success: boolean | null) => void;

/** MQTT 3.1.1 CONNACK return code 4: bad user name or password (§3.2.2.3). */
const BAD_CREDENTIALS = 4 as const;

/**
 * CONNECT authentication against the fleet registry (username `{plantId}/{id}`, password = the secret) and the
 * subscription ACL. A successful scrypt check is remembered as a SHA-256 of the secret bound to the stored hash,
 * so a reconnect storm after a restart costs one scrypt per device, not one per attempt.
 */
export class MqttAuth {
  private readonly identities = new WeakMap<Client, { username: string; identity: Identity }>();
  private readonly verified = new Map<string, { hash: string; digest: Buffer }>();

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly required: boolean,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly onRefused: (clientId: string, username: string | undefined, why: string) => void,
  ) {}

  identityOf(client: Client): Identity | undefined {
    return this.identities.get(client)?.identity;
  }

  usernameOf(client: Client): string | undefined {
    return this.identities.get(client)?.username;
  }

  authenticate(client: Client, username: string | undefined, password: Buffer | undefined, done: AuthDone): void {
    if (!this.required) return done(null, true);
    const refuse = (why: string) => {
      this.metrics.authFailures.inc();
      // never log the password; the username is an id, not a secret
      this.log.warn({ clientId: client.id, username, why }, 'mqtt connect refused');
      this.onRefused(client.id, username, why);
      const err = Object.assign(new Error('bad user name or password'), { returnCode: BAD_CREDENTIALS });
      done(err, false);
    };
    if (!username || !password) return refuse('no credentials');
    const entry = this.fleet.identity(username);
    if (!entry?.secretHash) return refuse('unknown username or no secret registered');
    const { identity, secretHash } = entry;
    const secret = password.toString('utf8');
    const digest = createHash('sha256').update(secret).digest();
    const known = this.verified.get(username);
    if (known && known.hash === secretHash && timingSafeEqual(known.digest, digest)) {
      this.identities.set(client, { username, identity });
      return done(null, true);
    }
    verifySecret(secret, secretHash).then(
      (ok) => {
        if (!ok) return refuse('wrong secret');
        this.verified.set(username, { hash: secretHash, digest });
        this.identities.set(client, { username, identity });
        done(null, true);
      },
      (e: Error) => refuse(e.message),
    );
  }

  /** Subscription ACL: an authenticated client receives only its own errors and commands topics. */
  mayReceive(client: Client, topic: string): boolean {
    if (!this.required) return !topic.startsWith('$');
    const identity = this.identityOf(client);
    if (!identity) return false;
    const { plantId, id } = identity.spec;
    if (identity.kind === 'gateway') return topic === topics.gatewayErrors(plantId, id);
    return topic === topics.deviceErrors(plantId, id) || topic === topics.deviceCommands(plantId, id);
  }
}
