import { createRemoteJWKSet, JWTVerifyGetKey } from 'jose';

export interface RemoteKeySetOptions {
  /** Longest time a fetched key set is used without asking again. */
  cacheMaxAgeMs: number;
  /** A token naming an unknown `kid` refetches the set, at most once per cooldown. */
  cooldownMs: number;
  timeoutMs: number;
}

const DEFAULTS: RemoteKeySetOptions = { cacheMaxAgeMs: 10 * 60_000, cooldownMs: 30_000, timeoutMs: 5_000 };

/** The issuer's public keys from its JWKS URL, cached; a rotated-in key is fetched on first sight of its kid. */
export function remoteKeySet(url: string, options: Partial<RemoteKeySetOptions> = {}): JWTVerifyGetKey {
  const { cacheMaxAgeMs, cooldownMs, timeoutMs } = { ...DEFAULTS, ...options };
  return createRemoteJWKSet(new URL(url), { cacheMaxAge: cacheMaxAgeMs, cooldownDuration: cooldownMs, timeoutDuration: timeoutMs });
}
