import { availableParallelism } from 'node:os';
import type { AuthenticateError, Client } from 'aedes';
import { clientIdBelongsTo, readerScope, topics, type RejectReason } from '#contracts';
import { FleetRegistry, type Identity } from '../fleet/fleet-registry.js';
import { matchesPlain, verifySecret } from '../fleet/credentials.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Logger } from '../logger.js';
import { FailureLimiter } from './failure-limiter.js';
import { hashRef, KnownGood } from './known-good.js';

type AuthDone = (err: AuthenticateError | null, success: boolean | null) => void;

/** MQTT 3.1.1 CONNACK return codes (§3.2.2.3). */
const IDENTIFIER_REJECTED = 2;
const SERVER_UNAVAILABLE = 3;
const BAD_CREDENTIALS = 4;
const MESSAGES: Record<number, string> = {
  [IDENTIFIER_REJECTED]: 'identifier rejected',
  [SERVER_UNAVAILABLE]: 'server unavailable',
  [BAD_CREDENTIALS]: 'bad user name or password',
};

/**
 * A wrong secret is remembered (its digest, per user name) this long: a device retrying every few seconds with a
 * misconfigured secret then costs one check, and its retries do not count against its address or user name.
 */
const WRONG_SECRET_MS = 10 * 60_000;
const WRONG_SECRETS_KEPT = 10_000;
/**
 * scrypt runs on libuv's thread pool (UV_THREADPOOL_SIZE, default 4), which the spool's fsyncs share: leave them two
 * threads, and use no more threads than cores. Later checks wait in a bounded line, known-clean ones first.
 */
const CHECKS_AT_ONCE = Math.max(
  1,
  Math.min(availableParallelism(), Number(process.env.UV_THREADPOOL_SIZE ?? 4) - 2 || 1),
);
const CHECKS_WAITING = 1_000;
/** distinct failed logins from one address: 30 at once, then one a second (a plant's NAT is one address) */
export const PER_SOURCE = { burst: 30, refillMs: 1_000, maxKeys: 10_000 };
/** distinct failed logins for one user name: 10 at once, then one every 6 s */
export const PER_USERNAME = { burst: 10, refillMs: 6_000, maxKeys: 10_000 };

export interface MqttAuthOptions {
  required: boolean;
  knownGood: KnownGood;
  onRefused: (clientId: string, username: string | undefined, reason: RejectReason, detail: string) => void;
  /** true when no more sessions may be opened (the connection cap) */
  full?: () => boolean;
  verify?: (secret: string, hash: string) => Promise<boolean>;
  now?: () => number;
  checksAtOnce?: number;
}

/**
 * CONNECT authentication against the fleet registry (user name `{plantId}/{id}`, password = the secret, client id
 * bound to the user name) and the subscription ACL.
 *
 * Cost is what an outsider can spend, so the order of the checks is cheapest first, and only a secret never seen
 * before costs an scrypt check: a plaintext secret from the fleet file is compared as a digest; a secret verified
 * before (in this process or, through KnownGood, before a restart) costs one HMAC; a wrong secret tried before is
 * remembered. Distinct failures are limited per source address (when used up, everything from it is refused for a
 * while) and per user name (when used up, only unverified secrets for it are refused, so an attacker cannot lock a
 * known device out). The scrypt checks left run CHECKS_AT_ONCE at a time, those from sources and user names without
 * recent failures first.
 */
export class MqttAuth {
  private readonly identities = new WeakMap<Client, { username: string; identity: Identity }>();
  /** clients whose CONNECT had an empty client id: the broker assigned a random one (MQTT-3.1.3-6) */
  private readonly assigned = new WeakSet<Client>();
  /** `username\ndigest` of recent wrong secrets, oldest first */
  private readonly wrong = new Map<string, number>();
  private readonly perSource = new FailureLimiter(PER_SOURCE);
  private readonly perUsername = new FailureLimiter(PER_USERNAME);
  private checking = 0;
  private readonly clean: Array<() => void> = [];
  private readonly suspect: Array<() => void> = [];
  private readonly verify: (secret: string, hash: string) => Promise<boolean>;
  private readonly now: () => number;
  private readonly checksAtOnce: number;

  constructor(
    private readonly fleet: FleetRegistry,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly o: MqttAuthOptions,
  ) {
    this.verify = o.verify ?? verifySecret;
    this.now = o.now ?? Date.now;
    this.checksAtOnce = o.checksAtOnce ?? CHECKS_AT_ONCE;
    // entries of identities deleted or rotated while the platform was down
    o.knownGood.prune((username, ref) => {
      const c = fleet.identity(username)?.credential;
      return c?.kind === 'scrypt' && hashRef(c.hash) === ref;
    });
    fleet.onChange(({ username }) => o.knownGood.forget(username));
  }

  identityOf(client: Client): Identity | undefined {
    return this.identities.get(client)?.identity;
  }

  usernameOf(client: Client): string | undefined {
    return this.identities.get(client)?.username;
  }

  /** Called with the CONNECT packet, before authenticate: an empty client id is the server's to assign. */
  connecting(client: Client, packetClientId: string): void {
    if (packetClientId === '') this.assigned.add(client);
  }

  authenticate(client: Client, username: string | undefined, password: Buffer | undefined, done: AuthDone): void {
    if (!this.o.required) return done(null, true);
    const source = sourceOf(client);
    const now = this.now();
    const refuse = (reason: RejectReason, why: string, returnCode = BAD_CREDENTIALS) => {
      this.metrics.authFailures.inc({ reason });
      // never log the password; the user name is an id, not a secret
      this.log.warn({ clientId: client.id, username, source, reason, why }, 'mqtt connect refused');
      this.o.onRefused(client.id, username, reason, why);
      done(Object.assign(new Error(MESSAGES[returnCode]), { returnCode }), false);
    };
    const accept = (identity: Identity) => {
      this.identities.set(client, { username: username!, identity });
      done(null, true);
    };
    if (this.perSource.blocked(source, now))
      return refuse('CONNECT_THROTTLED', `too many failed logins from ${source}`, SERVER_UNAVAILABLE);
    // costs nothing and guesses nothing: not counted, so a misconfigured device cannot block its plant's address
    if (!username || !password) return refuse('BAD_CREDENTIALS', 'no credentials');
    // cheap and before any secret check: a device may not borrow another's client id to end its session
    if (!this.assigned.has(client) && !clientIdBelongsTo(client.id, username))
      return refuse(
        'CLIENT_ID_REJECTED',
        `client id must be "${username}" or "${username}/{tag}"`,
        IDENTIFIER_REJECTED,
      );
    if (this.o.full?.()) return refuse('CONNECT_THROTTLED', 'connection cap reached', SERVER_UNAVAILABLE);

    const secret = password.toString('utf8');
    const digest = this.o.knownGood.digest(secret);
    const wrongKey = `${username}\n${digest.toString('base64url')}`;
    const fail = (why: string) => {
      this.rememberWrong(wrongKey);
      this.perSource.fail(source, now);
      this.perUsername.fail(username, now);
      refuse('BAD_CREDENTIALS', why);
    };
    const entry = this.fleet.identity(username);
    const credential = entry?.credential;
    if (credential?.kind === 'plain' && matchesPlain(credential, secret)) return accept(entry!.identity);
    if (credential?.kind === 'scrypt' && this.o.knownGood.matches(username, credential.hash, digest))
      return accept(entry!.identity);
    const tried = this.wrong.get(wrongKey);
    if (tried !== undefined && tried > now) return refuse('BAD_CREDENTIALS', 'wrong secret (tried before)');
    if (this.perUsername.blocked(username, now))
      return refuse('CONNECT_THROTTLED', `too many failed logins for ${username}`, SERVER_UNAVAILABLE);
    if (!credential) return fail('unknown user name or no secret registered');
    if (credential.kind === 'plain') return fail('wrong secret');

    if (this.checking >= this.checksAtOnce && this.clean.length + this.suspect.length >= CHECKS_WAITING)
      return refuse('CONNECT_THROTTLED', 'too many secret checks waiting', SERVER_UNAVAILABLE);
    const line = this.perSource.suspect(source, now) || this.perUsername.suspect(username, now) ? 'suspect' : 'clean';
    this.check(secret, credential.hash, line).then(
      (ok) => {
        if (!ok) return fail('wrong secret');
        this.o.knownGood.remember(username, credential.hash, digest);
        accept(entry!.identity);
      },
      (e: Error) => refuse('BAD_CREDENTIALS', e.message),
    );
  }

  /** One scrypt check, at most checksAtOnce at a time. */
  private async check(secret: string, hash: string, line: 'clean' | 'suspect'): Promise<boolean> {
    // a finished check hands its slot straight to the next in line, so no newcomer can slip in between
    if (this.checking >= this.checksAtOnce) await new Promise<void>((resolve) => this[line].push(resolve));
    else this.checking++;
    try {
      this.metrics.secretChecks.inc();
      return await this.verify(secret, hash);
    } finally {
      const next = this.clean.shift() ?? this.suspect.shift();
      if (next) next();
      else this.checking--;
    }
  }

  private rememberWrong(key: string): void {
    this.wrong.delete(key);
    this.wrong.set(key, this.now() + WRONG_SECRET_MS);
    if (this.wrong.size > WRONG_SECRETS_KEPT) this.wrong.delete(this.wrong.keys().next().value!);
  }

  /**
   * Subscription ACL: a device or gateway receives only its own errors and commands topics; a reader (fleet file
   * `readers`) any topic of its scope, `plants/#` or `plants/{plantId}/#`.
   */
  mayReceive(client: Client, topic: string): boolean {
    if (!this.o.required) return !topic.startsWith('$');
    const identity = this.identityOf(client);
    if (!identity) return false;
    if (identity.kind === 'reader') return topic.startsWith(readerScope(identity.spec));
    const { plantId, id } = identity.spec;
    if (identity.kind === 'gateway') return topic === topics.gatewayErrors(plantId, id);
    return topic === topics.deviceErrors(plantId, id) || topic === topics.deviceCommands(plantId, id);
  }
}

/** The peer's address: the TCP/TLS socket's, or for MQTT over WebSocket the HTTP request's. */
function sourceOf(client: Client): string {
  const conn = client.conn as { remoteAddress?: string };
  const req = (client as unknown as { req?: { socket?: { remoteAddress?: string } } }).req;
  return conn.remoteAddress ?? req?.socket?.remoteAddress ?? 'unknown';
}
