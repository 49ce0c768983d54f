import { createHmac, randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Device secrets are kept only as scrypt hashes in a self-describing string:
 * `scrypt$N=16384,r=8,p=1$<salt>$<hash>` (salt and hash base64url). N=2^14, r=8, p=1 are the interactive-login
 * parameters recommended in RFC 7914 §2; the string carries them so they can be raised later without breaking
 * stored hashes.
 */
const DEFAULT = { N: 16384, r: 8, p: 1 };
const KEY_LEN = 32;
const FORMAT = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/;

interface Parsed {
  opts: Required<Pick<ScryptOptions, 'N' | 'r' | 'p'>>;
  salt: Buffer;
  hash: Buffer;
}

function parse(encoded: string): Parsed | undefined {
  const m = FORMAT.exec(encoded);
  if (!m) return undefined;
  const [N, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (N < 2 || (N & (N - 1)) !== 0 || r < 1 || p < 1) return undefined;
  return { opts: { N, r, p }, salt: Buffer.from(m[4], 'base64url'), hash: Buffer.from(m[5], 'base64url') };
}

const encode = (o: Parsed['opts'], salt: Buffer, hash: Buffer) =>
  `scrypt$N=${o.N},r=${o.r},p=${o.p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;

/**
 * What the registry holds for an identity. An scrypt hash (issued by the API, or `secretHash` in the fleet file); or,
 * for a plaintext `secret` in the fleet file, an HMAC of it under a key that lives only in this process: the file
 * already holds the secret, so hashing it with scrypt at every boot (56 ms a device: 19 min for 20,000) buys nothing.
 */
export type Credential = { kind: 'scrypt'; hash: string } | { kind: 'plain'; digest: Buffer };

const PROCESS_KEY = randomBytes(32);

/** HMAC-SHA-256 of a secret: a cheap, constant-length value to compare in constant time. */
export const digestSecret = (secret: string, key: Buffer = PROCESS_KEY): Buffer =>
  createHmac('sha256', key).update(secret).digest();

export const plainCredential = (secret: string): Credential => ({ kind: 'plain', digest: digestSecret(secret) });

export const scryptCredential = (hash: string): Credential => ({ kind: 'scrypt', hash });

/** Constant-time check of a secret against a plaintext credential's digest. */
export const matchesPlain = (c: { digest: Buffer }, secret: string): boolean =>
  timingSafeEqual(c.digest, digestSecret(secret));

/** True when the string is a hash this module can verify. */
export const isSecretHash = (encoded: string): boolean => parse(encoded) !== undefined;

/** Hashes a secret synchronously: only for loading a fleet file at boot. */
export function hashSecretSync(secret: string): string {
  const salt = randomBytes(16);
  return encode(DEFAULT, salt, scryptSync(secret, salt, KEY_LEN, { ...DEFAULT, maxmem: 64 * 1024 * 1024 }));
}

function scryptAsync(secret: string, salt: Buffer, len: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, len, { ...opts, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Hashes a secret on libuv's thread pool, off the event loop; `opts` raises the cost (people's passwords). */
export async function hashSecret(secret: string, opts: Parsed['opts'] = DEFAULT): Promise<string> {
  const salt = randomBytes(16);
  return encode(opts, salt, await scryptAsync(secret, salt, KEY_LEN, opts));
}

/** Constant-time check of a secret against a stored hash; false for a malformed hash. */
export async function verifySecret(secret: string, encoded: string): Promise<boolean> {
  const p = parse(encoded);
  if (!p) return false;
  const key = await scryptAsync(secret, p.salt, p.hash.length, p.opts);
  return timingSafeEqual(key, p.hash);
}

/** A new random secret: 24 bytes, base64url (32 characters). */
export const generateSecret = (): string => randomBytes(24).toString('base64url');
