import { randomBytes } from 'node:crypto';
import { hashSecret, verifySecret } from '../fleet/credentials.js';

/**
 * People's passwords: scrypt (RFC 7914) with N=2^15, r=8, p=1: 32 MiB and about 0.1 s of one core per hash, twice
 * the memory of device secrets (random, so not guessable) and of RFC 7914's interactive-login setting. The OWASP
 * Password Storage Cheat Sheet asks for N=2^17 (128 MiB); on a 2-core plant server that hashes the demo's people at
 * every start and may face log-in bursts, a quarter of it was chosen. The stored string names its parameters
 * (fleet/credentials.ts), so a site can raise them without a migration: old hashes keep verifying.
 */
export const PASSWORD_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hashSecret(password, PASSWORD_SCRYPT);

export const verifyPassword = (password: string, hash: string): Promise<boolean> => verifySecret(password, hash);

/** A generated password: 18 random bytes, base64url (24 characters, 144 bits). */
export const generatePassword = (): string => randomBytes(18).toString('base64url');

/** A hash no password matches, verified instead of a missing user's so that both take the same time. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('hex')));
