import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthenticateError, Client } from 'aedes';
import { readerScope, topics } from '#contracts';
import { FleetRegistry, type Identity } from '../fleet/fleet-registry.js';
import { verifySecret } from '../fleet/credentials.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Logger } from '../logger.js';

type AuthDone = (err: AuthenticateError | null, success: boolean | null) => void;

/** MQTT 3.1.1 CONNACK return codes (§3.2.2.3): 3 server unavailable, 4 bad user name or password. */
const SERVER_UNAVAILABLE = 3 as const;
const BAD_CREDENTIALS = 4 as const;
/**
 * A wrong secret is remembered (its SHA-256, bound to the stored hash) this long: a device retrying every few
 * seconds with a misconfigured secret then costs one scrypt (~50 ms of a core), not one per attempt.
 */
const WRONG_SECRET_MS = 10 * 60_000;
const WRONG_SECRETS_KEPT = 10_000;
/** scrypt checks at once; later ones wait in a bounded line, so a flood of wrong secrets cannot take every core */
const CHECKS_AT_ONCE = 2;
const CHECKS_WAITING = 1_000;

/**
 * CONNECT authentication against the fleet registry (username `{plantId}/{id}`, password = the secret) and the
 * subscription ACL. A successful scrypt check is remembered as a SHA-256 of the secret bound to the stored hash,
 * so a reconnect storm after a restart costs one scrypt per device, not one per attempt; a failed one likewise, so a
 * device stuck on a wrong secret does not cost one per retry. At most CHECKS_AT_ONCE checks run at a time.
 */
export class MqttAuth {
  private readonly identities = new WeakMap<Client, { username: string; identity: Identity }>();
  private readonly verified = new Map<string, { hash: string; digest: Buffer }>();
  /** `username\ndigest` of recent wrong secrets, oldest first */
  private readonly wrong = new Map<string, { hash: string; until: number }>();
  private checking = 0;
  private readonly line: Array<() => void> = [];

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly required: boolean,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly onRefused: (clientId: string, username: string | undefined, why: string) => void,
    private readonly verify: (secret: string, hash: string) => Promise<boolean> = verifySecret,
    private readonly now: () => number = Date.now,
  ) {}

  identityOf(client: Client): Identity | undefined {
    return this.identities.get(client)?.identity;
  }

  usernameOf(client: Client): string | undefined {
    return this.identities.get(client)?.username;
  }

  authenticate(client: Client, username: string | undefined, password: Buffer | undefined, done: AuthDone): void {
    if (!this.required) return done(null, true);
    const refuse = (why: string, returnCode: number = BAD_CREDENTIALS) => {
      this.metrics.authFailures.inc();
      // never log the password; the username is an id, not a secret
      this.log.warn({ clientId: client.id, username, why }, 'mqtt connect refused');
      this.onRefused(client.id, username, why);
      const message = returnCode === BAD_CREDENTIALS ? 'bad user name or password' : 'server unavailable';
      done(Object.assign(new Error(message), { returnCode }), false);
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
    const wrongKey = `${username}\n${digest.toString('base64')}`;
    const wrong = this.wrong.get(wrongKey);
    if (wrong && wrong.hash === secretHash && wrong.until > this.now()) return refuse('wrong secret (tried before)');
    if (this.checking >= CHECKS_AT_ONCE && this.line.length >= CHECKS_WAITING)
      return refuse('too many secret checks waiting', SERVER_UNAVAILABLE);
    this.check(secret, secretHash).then(
      (ok) => {
        if (!ok) {
          this.rememberWrong(wrongKey, secretHash);
          return refuse('wrong secret');
        }
        this.verified.set(username, { hash: secretHash, digest });
        this.identities.set(client, { username, identity });
        done(null, true);
      },
      (e: Error) => refuse(e.message),
    );
  }

  /** One scrypt check, at most CHECKS_AT_ONCE at a time. */
  private async check(secret: string, hash: string): Promise<boolean> {
    // a finished check hands its slot straight to the next in line, so no newcomer can slip in between
    if (this.checking >= CHECKS_AT_ONCE) await new Promise<void>((resolve) => this.line.push(resolve));
    else this.checking++;
    try {
      return await this.verify(secret, hash);
    } finally {
      const next = this.line.shift();
      if (next) next();
      else this.checking--;
    }
  }

  private rememberWrong(key: string, hash: string): void {
    this.wrong.delete(key);
    this.wrong.set(key, { hash, until: this.now() + WRONG_SECRET_MS });
    if (this.wrong.size > WRONG_SECRETS_KEPT) this.wrong.delete(this.wrong.keys().next().value!);
  }

  /**
   * Subscription ACL: a device or gateway receives only its own errors and commands topics; a reader (fleet file
   * `readers`) any topic of its scope, `plants/#` or `plants/{plantId}/#`.
   */
  mayReceive(client: Client, topic: string): boolean {
    if (!this.required) return !topic.startsWith('$');
    const identity = this.identityOf(client);
    if (!identity) return false;
    if (identity.kind === 'reader') return topic.startsWith(readerScope(identity.spec));
    const { plantId, id } = identity.spec;
    if (identity.kind === 'gateway') return topic === topics.gatewayErrors(plantId, id);
    return topic === topics.deviceErrors(plantId, id) || topic === topics.deviceCommands(plantId, id);
  }
}
