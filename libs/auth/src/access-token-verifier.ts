import { errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { ACCESS_TOKEN_TYPE, SigningAlgorithm } from './access-token';
import { PrincipalKind } from './principal';
import { isRole, Role } from './roles';

export interface AccessTokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Pinned: a token naming any other algorithm (none, HS256, ...) is refused before any key is used. */
  algorithms: SigningAlgorithm[];
  clockToleranceSeconds: number;
  /** Require the RFC 9068 `typ: at+jwt` header (an external issuer may not set it). */
  requireAccessTokenType: boolean;
}

export interface VerifiedAccessToken {
  subject: string;
  kind: PrincipalKind;
  roles: Role[];
  tokenId: string | undefined;
  expiresAt: Date;
}

/** The token is not one this service accepts; `reason` is for logs, never for clients. */
export class InvalidAccessTokenError extends Error {
  constructor(readonly reason: string) {
    super('invalid access token');
    this.name = 'InvalidAccessTokenError';
  }
}

/** The issuer's keys could not be fetched: the token may well be valid, so this is a 503, not a 401. */
export class SigningKeysUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super('signing keys unavailable');
    this.name = 'SigningKeysUnavailableError';
  }
}

/** Tokens remembered once verified; a caller sends the same one for its whole life. */
const REMEMBERED_TOKENS = 10_000;

/**
 * Verifies access tokens with the issuer's public keys (a JWKS URL, or auth-api's own key ring).
 * A token that verified is remembered until it expires, so its signature is checked once, not on
 * every request (an ES256 verification is most of the guard's CPU); whether its principal is still
 * active is the principal directory's question, asked on every request.
 */
export class AccessTokenVerifier {
  private readonly verified = new Map<string, VerifiedAccessToken>();

  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly options: AccessTokenVerifierOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<VerifiedAccessToken> {
    const remembered = this.verified.get(token);
    if (remembered && remembered.expiresAt.getTime() > this.now()) return remembered;
    this.verified.delete(token);
    const verified = await this.verifySignatureAndClaims(token);
    if (this.verified.size >= REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, verified);
    return verified;
  }

  private async verifySignatureAndClaims(token: string): Promise<VerifiedAccessToken> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: this.options.algorithms,
        clockTolerance: this.options.clockToleranceSeconds,
        requiredClaims: ['sub', 'exp', 'iat'],
        ...(this.options.requireAccessTokenType ? { typ: ACCESS_TOKEN_TYPE } : {}),
      }));
    } catch (error) {
      if (keysUnreachable(error)) throw new SigningKeysUnavailableError(error);
      throw new InvalidAccessTokenError(error instanceof errors.JOSEError ? error.code : 'malformed');
    }
    return {
      subject: payload.sub as string,
      kind: kindOf(payload),
      roles: Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [],
      tokenId: payload.jti,
      expiresAt: new Date((payload.exp as number) * 1000),
    };
  }
}

/** A token without `kind` (from an external issuer) is a client's when it names itself as client_id. */
function kindOf(payload: JWTPayload): PrincipalKind {
  if (payload.kind === 'user' || payload.kind === 'client') return payload.kind;
  return payload.client_id !== undefined && payload.client_id === payload.sub ? 'client' : 'user';
}

function keysUnreachable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  // jose answers a failed fetch (refused connection, non-200 answer) with a generic or a plain error.
  return !(error instanceof errors.JOSEError) || error.code === 'ERR_JOSE_GENERIC';
}
