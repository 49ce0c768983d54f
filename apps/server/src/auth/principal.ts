import type { Role, Scope } from '#contracts';

/** Who is asking, as the guard established it: a person's session or an API token (with its own role and scope). */
export interface Principal {
  username: string;
  displayName: string;
  role: Role;
  scope: Scope;
  via: 'session' | 'token';
  /** the session's hash or the token's id: what a revocation names */
  credentialId: string;
  /** when it ends unless used again (a session's idle or absolute end, whichever is sooner; a token's expiry) */
  endsAt: number | null;
}

/** The request as the guard leaves it. */
export interface AuthedRequest {
  principal?: Principal;
}
