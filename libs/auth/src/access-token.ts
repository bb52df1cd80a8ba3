import { PrincipalKind } from './principal';
import { Role } from './roles';

/** RFC 9068's media type for JWT access tokens: an ID token or any other JWT is not accepted as one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** Asymmetric only: a verifier never holds a key that could mint tokens. */
export const SIGNING_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** The claims auth-api puts in an access token (the registered ones plus roles, kind, client_id). */
export interface AccessTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  roles: Role[];
  kind: PrincipalKind;
  /** RFC 9068: set for tokens obtained with client credentials. */
  client_id?: string;
}

/** Who issues access tokens and for whom, unless configured otherwise: auth-api and the APIs must agree. */
export const DEFAULT_ISSUER = 'urn:caregiver-reimbursements:auth-api';
export const DEFAULT_AUDIENCE = 'urn:caregiver-reimbursements:api';
