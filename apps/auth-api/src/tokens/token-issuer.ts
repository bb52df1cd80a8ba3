import { ACCESS_TOKEN_TYPE, AccessTokenClaims } from '@reimbursements/auth/access-token';
import { PrincipalKind } from '@reimbursements/auth/principal';
import { Role } from '@reimbursements/auth/roles';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { KeyRing } from '../keys/key-ring';

export interface TokenRecipient {
  subject: string;
  kind: PrincipalKind;
  roles: Role[];
  clientId?: string;
}

export interface TokenIssuerOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

/**
 * Short-lived access tokens (RFC 9068 JWTs) signed with the key ring's current key. The caregiver
 * scope is not in them: verifiers look it up, so a token stays small and a scope change applies
 * within the verifiers' cache time.
 */
export class TokenIssuer {
  constructor(
    private readonly keys: KeyRing,
    private readonly options: TokenIssuerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(recipient: TokenRecipient): Promise<IssuedToken> {
    const { kid, alg, privateKey } = await this.keys.signingKey();
    const issuedAt = Math.floor(this.now() / 1000);
    const claims: Omit<AccessTokenClaims, 'iss' | 'aud' | 'sub' | 'exp' | 'nbf' | 'iat' | 'jti'> = {
      roles: recipient.roles,
      kind: recipient.kind,
      ...(recipient.clientId !== undefined ? { client_id: recipient.clientId } : {}),
    };
    const accessToken = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg, kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setSubject(recipient.subject)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + this.options.ttlSeconds)
      .setJti(randomUUID())
      .sign(privateKey);
    return { accessToken, expiresIn: this.options.ttlSeconds };
  }
}
