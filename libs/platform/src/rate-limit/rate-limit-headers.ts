/** The IETF httpapi draft's fields, as every limited answer of ours carries them (auth-api's login throttle too). */
export const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const;

/** `limit` per window, `remaining` of it, and the seconds until the window resets. */
export function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    'RateLimit-Limit': String(limit),
    'RateLimit-Remaining': String(Math.max(0, remaining)),
    'RateLimit-Reset': String(Math.max(0, resetSeconds)),
  };
}

/** A refused answer's headers: Retry-After (RFC 9110) and the spent limit, resetting when the client may retry. */
export function refusedRateLimitHeaders(limit: number, retryAfterSeconds: number): Record<string, string> {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return { 'Retry-After': String(seconds), ...rateLimitHeaders(limit, 0, seconds) };
}
