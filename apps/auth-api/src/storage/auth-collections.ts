import { SigningAlgorithm } from '@reimbursements/auth/access-token';
import { Role } from '@reimbursements/auth/roles';
import { JWK } from 'jose';

export const USERS = 'users';
export const CLIENTS = 'clients';
export const CLIENT_SECRETS = 'client_secrets';
export const SIGNING_KEYS = 'signing_keys';

/** Keyed by the (lower-case) username: every lookup is an `_id` equality. */
export interface UserDocument {
  _id: string;
  passwordHash: string;
  roles: Role[];
  /** null: every caregiver. */
  caregiverIds: string[] | null;
  createdAt: Date;
  createdBy: string;
  disabledAt: Date | null;
}

export interface ClientDocument {
  _id: string;
  name: string;
  roles: Role[];
  caregiverIds: string[] | null;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
}

/**
 * One generation of a client's secret, keyed `<clientId>:<generation>`: a rotation inserts the next
 * generation, and an insert of an existing `_id` fails atomically on any MongoDB-wire server, so
 * of two concurrent rotations exactly one wins (an update filtered on a version would not be
 * atomic on FerretDB). The newest generation is the secret; the one before it stays valid for the
 * grace period after the newest was created.
 */
export interface ClientSecretDocument {
  _id: string;
  clientId: string;
  generation: number;
  hash: string;
  createdAt: Date;
}

export interface SigningKeyDocument {
  /**
   * `first` for the key made at the very first start (so that instances starting together insert
   * only one: the second insert of the `_id` fails), the `kid` for keys added by rotations.
   */
  _id: string;
  /** The key's RFC 7638 thumbprint. */
  kid: string;
  alg: SigningAlgorithm;
  publicJwk: JWK;
  privateJwk: JWK;
  createdAt: Date;
  /** When it starts signing; until then it is only published. */
  activatesAt: Date;
}
