import { parseRfc3339Instant } from '../time/rfc3339-instant';

/**
 * The earliest instant an event may have. Nothing we reimburse happened before it, and with it every
 * year has four digits: years 0-999 would make months such as `999-06` that no report period
 * (`YYYY-MM`) can reach, and two-digit years are read as 19xx by some date parsers.
 */
export const EARLIEST_OCCURRED_AT = '1970-01-01T00:00:00Z';
const EARLIEST_MS = Date.parse(EARLIEST_OCCURRED_AT);

export const OCCURRED_AT_MESSAGE = `must be an RFC 3339 date-time with an offset, from ${EARLIEST_OCCURRED_AT}`;

/**
 * occurredAt as an instant, if it is one an event may have: RFC 3339 with an offset, not before
 * EARLIEST_OCCURRED_AT. The upper bound (now plus the skew) depends on the clock and is its own
 * refusal (EVENT.IN_FUTURE), so that a sender can tell a clock problem from a malformed date.
 */
export function parseOccurredAt(value: string): Date | undefined {
  const instant = parseRfc3339Instant(value);
  return instant && instant.getTime() >= EARLIEST_MS ? instant : undefined;
}

export function isOccurredAt(value: unknown): value is string {
  return typeof value === 'string' && parseOccurredAt(value) !== undefined;
}

/** Later than now plus the allowed clock skew. */
export function isInFuture(instant: Date, now: Date, futureSkewMs: number): boolean {
  return instant.getTime() > now.getTime() + futureSkewMs;
}
