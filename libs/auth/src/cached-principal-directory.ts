import { PrincipalDirectory, PrincipalScope } from './principal-directory';

/** The longest a verifier may trust an answer: a disabled user or revoked client loses access within it. */
export const MAX_PRINCIPAL_CACHE_MS = 60_000;

interface Entry {
  scope: PrincipalScope | null;
  fetchedAt: number;
}

/**
 * Remembers each subject's answer (active or not) for at most `ttlMs`, asks once for concurrent
 * requests of one subject, and keeps at most `maxEntries` subjects (the oldest are dropped).
 */
export class CachedPrincipalDirectory extends PrincipalDirectory {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<PrincipalScope | null>>();

  constructor(
    private readonly source: PrincipalDirectory,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {
    super();
    if (ttlMs > MAX_PRINCIPAL_CACHE_MS) throw new RangeError(`a principal may be cached for at most ${MAX_PRINCIPAL_CACHE_MS} ms`);
  }

  async lookup(subject: string, accessToken: string): Promise<PrincipalScope | null> {
    const cached = this.entries.get(subject);
    if (cached && this.now() - cached.fetchedAt < this.ttlMs) return cached.scope;
    const pending = this.inFlight.get(subject);
    if (pending) return pending;
    const fetching = this.source
      .lookup(subject, accessToken)
      .then((scope) => {
        this.remember(subject, { scope, fetchedAt: this.now() });
        return scope;
      })
      .finally(() => this.inFlight.delete(subject));
    this.inFlight.set(subject, fetching);
    return fetching;
  }

  private remember(subject: string, entry: Entry): void {
    this.entries.delete(subject);
    this.entries.set(subject, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
