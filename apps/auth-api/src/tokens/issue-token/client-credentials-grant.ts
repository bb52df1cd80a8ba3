import { Injectable } from '@nestjs/common';
import { AuthApiSettings } from '../../auth-api.settings';
import { SecretHasher } from '../../hashing/secret-hasher';
import { subjectOf } from '../../identity/subject';
import { ClientSecretDocument } from '../../storage/auth-collections';
import { MongoClientStore } from '../../storage/mongo-client-store';
import { TokenRecipient } from '../token-issuer';
import { ThrottledSignIn } from './throttled-sign-in';

/** A client has at most two valid secrets: the current one, and the previous one during its grace. */
const CANDIDATES = 2;

/** RFC 6749 §4.4: care-giver systems sign in with their client id and secret. */
@Injectable()
export class ClientCredentialsGrant {
  constructor(
    private readonly clients: MongoClientStore,
    private readonly hasher: SecretHasher,
    private readonly signIn: ThrottledSignIn,
    private readonly settings: AuthApiSettings,
  ) {}

  authenticate(clientId: string, secret: string, address: string): Promise<TokenRecipient> {
    return this.signIn.attempt('client', clientId, address, async () => {
      const [client, secrets] = await Promise.all([this.clients.find(clientId), this.clients.secrets(clientId)]);
      const valid = validSecrets(secrets, Date.now(), this.settings.AUTH_CLIENT_SECRET_GRACE_SECONDS * 1000);
      // Always two hashes (decoys standing in for missing ones), none skipped: the time does not
      // tell whether the client exists or was rotated lately.
      const stored = Array.from({ length: CANDIDATES }, (_, i) => valid[i]?.hash);
      const matches = await Promise.all(stored.map((hash) => this.hasher.verify(secret, hash)));
      if (!client || client.revokedAt !== null || !matches.includes(true)) return undefined;
      return { subject: subjectOf('client', clientId), kind: 'client' as const, roles: client.roles, clientId };
    });
  }
}

/** Newest first: the current secret, and the previous one while its grace period lasts. */
export function validSecrets(secrets: ClientSecretDocument[], now: number, graceMs: number): ClientSecretDocument[] {
  const [current, previous] = secrets;
  if (!current) return [];
  return previous && current.createdAt.getTime() + graceMs > now ? [current, previous] : [current];
}
