import { SigningAlgorithm } from '@reimbursements/auth/access-token';

/** The JWK shape each algorithm signs with (RFC 7518 / RFC 8037). */
export const KEY_SHAPE: Record<SigningAlgorithm, { kty: string; crv: string }> = {
  ES256: { kty: 'EC', crv: 'P-256' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
};

/** Whether a configured signing key is a private JWK for `alg` (checked at start-up, value never shown). */
export function isPrivateJwkFor(value: unknown, alg: SigningAlgorithm): boolean {
  const jwk = parseJson(value);
  const shape = KEY_SHAPE[alg];
  return isObject(jwk) && jwk.kty === shape.kty && jwk.crv === shape.crv && typeof jwk.d === 'string' && typeof jwk.x === 'string';
}

/** Whether a value is a JWKS of public keys only: `{ "keys": [...] }`, none holding a private part. */
export function isPublicJwks(value: unknown): boolean {
  const jwks = parseJson(value);
  return (
    isObject(jwks) &&
    Array.isArray(jwks.keys) &&
    jwks.keys.every((key) => isObject(key) && typeof key.kid === 'string' && typeof key.kty === 'string' && key.d === undefined)
  );
}

export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
