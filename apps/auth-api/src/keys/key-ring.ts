import { SigningAlgorithm } from '@reimbursements/auth/access-token';
import { createLocalJWKSet, JWK, JWTVerifyGetKey, KeyLike } from 'jose';

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: KeyLike;
}

export interface RotationStarted {
  kid: string;
  activatesAt: Date;
}

/** Rotation through the API is refused when the keys come from configuration. */
export class KeysFromConfigurationError extends Error {
  constructor() {
    super('signing keys are given by configuration');
    this.name = 'KeysFromConfigurationError';
  }
}

/** The key that signs new tokens, and the public keys verifiers may meet in live tokens. */
export abstract class KeyRing {
  abstract signingKey(): Promise<SigningKey>;

  /** Public JWKs: the signing key, keys about to sign, and retired keys until their last token expired. */
  abstract publicKeys(): Promise<JWK[]>;

  abstract rotate(): Promise<RotationStarted>;

  /** For auth-api's own guard: verifies with the published keys, no HTTP round trip. */
  verificationKeys(): JWTVerifyGetKey {
    return async (header, token) => createLocalJWKSet({ keys: await this.publicKeys() })(header, token);
  }
}
