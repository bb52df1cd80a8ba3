/** What a verifier needs to know about a principal beyond its token. */
export interface PrincipalScope {
  /** null: every caregiver. */
  caregiverIds: readonly string[] | null;
}

/**
 * Where verifiers learn, server-side, whether a token's subject is still active (not disabled or
 * revoked) and which caregivers it may act for. `accessToken` is the caller's own token: it
 * authenticates the lookup, so no service credential has to be distributed.
 */
export abstract class PrincipalDirectory {
  /** The principal's scope, or null when it is unknown, disabled or revoked. */
  abstract lookup(subject: string, accessToken: string): Promise<PrincipalScope | null>;
}

/** The directory did not answer: the caller gets a 503, since its token may well be fine. */
export class DirectoryUnavailableError extends Error {
  constructor(override readonly cause?: unknown) {
    super('principal directory unavailable');
    this.name = 'DirectoryUnavailableError';
  }
}
