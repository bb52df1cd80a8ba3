import { problem, ProblemException } from '../http/problem';
import { refusedRateLimitHeaders } from './rate-limit-headers';

/** 429: the caller spent its request budget for the window; retry after the indicated delay. */
export function tooManyRequests(limit: number, retryAfterSeconds: number): ProblemException {
  return new ProblemException(
    problem('too-many-requests', 429, 'Too many requests', `More than ${limit} requests in the window; retry after the indicated delay.`),
    refusedRateLimitHeaders(limit, retryAfterSeconds),
  );
}
