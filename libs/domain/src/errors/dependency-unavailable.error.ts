/**
 * A server the request needs (the log, the read models, the cache) did not answer in time.
 * For a write the outcome is unknown: the client retries with the same ids.
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: 'log' | 'read-models' | 'cache',
    readonly retryAfterSeconds = 5,
    /** What the driver said: for the logs, never for clients. */
    override readonly cause?: unknown,
  ) {
    super(`${dependency} unavailable`);
    this.name = 'DependencyUnavailableError';
  }
}
