import { randomBytes } from 'node:crypto';
import { hashSecret, verifySecret } from '../fleet/credentials.js';

/**
 * People's passwords: scrypt with N=2^15, r=8, p=3 (32 MiB per hash), one of the equivalent settings the OWASP
 * Password Storage Cheat Sheet lists for scrypt. Guessable by people, so costlier than device secrets (which are
 * random). The stored string names its parameters (fleet/credentials.ts), so they can be raised without a migration.
 */
export const PASSWORD_SCRYPT = { N: 2 ** 15, r: 8, p: 3 } as const;

export const hashPassword = (password: string): Promise<string> => hashSecret(password, PASSWORD_SCRYPT);

export const verifyPassword = (password: string, hash: string): Promise<boolean> => verifySecret(password, hash);

/** A generated password: 18 random bytes, base64url (24 characters, 144 bits). */
export const generatePassword = (): string => randomBytes(18).toString('base64url');

/** A hash no password matches, verified instead of a missing user's so that both take the same time. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('hex')));
