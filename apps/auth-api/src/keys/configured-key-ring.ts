import { SigningAlgorithm } from '@reimbursements/auth/access-token';
import { calculateJwkThumbprint, importJWK, JWK, KeyLike } from 'jose';
import { publicPartOf } from './generate-signing-key';
import { KeyRing, KeysFromConfigurationError, RotationStarted, SigningKey } from './key-ring';

/**
 * A signing key given by configuration (e.g. from a secret store), plus older public keys to keep
 * publishing. Rotation is a redeploy: the new key in AUTH_SIGNING_KEY_JWK, the old public key in
 * AUTH_PUBLISHED_JWKS until the old key's last token expired.
 */
export class ConfiguredKeyRing extends KeyRing {
  private constructor(
    private readonly signer: SigningKey,
    private readonly published: JWK[],
  ) {
    super();
  }

  static async create(privateJwk: JWK, alg: SigningAlgorithm, alsoPublished: JWK[]): Promise<ConfiguredKeyRing> {
    const publicJwk = publicPartOf(privateJwk);
    const kid = privateJwk.kid ?? (await calculateJwkThumbprint(publicJwk));
    const privateKey = (await importJWK({ ...privateJwk, alg }, alg)) as KeyLike;
    const own = { ...publicJwk, kid, alg, use: 'sig' };
    return new ConfiguredKeyRing({ kid, alg, privateKey }, [own, ...alsoPublished.filter((key) => key.kid !== kid)]);
  }

  async signingKey(): Promise<SigningKey> {
    return this.signer;
  }

  async publicKeys(): Promise<JWK[]> {
    return this.published;
  }

  async rotate(): Promise<RotationStarted> {
    throw new KeysFromConfigurationError();
  }
}
