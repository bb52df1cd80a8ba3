export type Role = 'ingest' | 'accountant' | 'manager' | 'admin';

/** The signed-in user, held in memory only (never in storage): a reload asks for sign-in again. */
export interface Session {
  username: string;
  token: string;
  roles: Role[];
  /** Epoch milliseconds after which the token is no longer accepted. */
  expiresAt: number;
}

/**
 * The session of a token answer. The token's claims are read, not verified (the APIs verify it);
 * they only tell the page which roles to offer actions for. The expiry is counted from expires_in
 * on this machine's clock, so a clock set apart from the server's does not end a session early.
 */
export function sessionOf(username: string, accessToken: string, expiresInSeconds: number, now: number): Session {
  const claims = decodeClaims(accessToken);
  const roles = Array.isArray(claims.roles) ? (claims.roles.filter((r) => typeof r === 'string') as Role[]) : [];
  return { username, token: accessToken, roles, expiresAt: now + expiresInSeconds * 1000 };
}

function decodeClaims(token: string): { roles?: unknown[] } {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null ? claims : {};
  } catch {
    return {};
  }
}

/** What the page offers a role: reports for readers, pay-outs for accountants and admins. */
export function canRead(session: Session): boolean {
  return session.roles.some((r) => r === 'accountant' || r === 'manager' || r === 'admin');
}

export function canPayOut(session: Session): boolean {
  return session.roles.some((r) => r === 'accountant' || r === 'admin');
}

/** A manager sees the caregivers of its scope only (the APIs enforce it; the page says so). */
export function isScoped(session: Session): boolean {
  return session.roles.includes('manager') && !session.roles.includes('admin') && !session.roles.includes('accountant');
}
