import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';

/**
 * Whether a failure means the database could not be reached (not that a request was wrong): the
 * apps that read MongoDB on requests (auth-api, query-api) give it to their ProblemDetailsFilter,
 * which answers it 503 with Retry-After (api.md), not 500. A filter rather than an interceptor: any
 * global interceptor makes Nest wrap every handler in an observable (about 80 µs per request).
 */
export function isDatabaseOutage(error: unknown): boolean {
  return error instanceof MongoNetworkError || error instanceof MongoServerSelectionError;
}
