/** An eventId about to be registered, with what makes its content (eventFingerprint). */
export interface EventIdClaim {
  eventId: string;
  /** No NUL: the memory keeps `remember` after it, behind a NUL. */
  fingerprint: string;
  /**
   * Kept with the fingerprint and handed to the claim's retries: what the first registration
   * answered that a retry must answer alike though it would decide it otherwise now (its amount,
   * after a rate scheduled since).
   */
  remember?: string;
}

/**
 * `new`: not seen recently, now remembered with this fingerprint. `same`: seen with the same
 * content (a retry). `different`: seen with other content (a conflict).
 */
export type EventIdVerdict = 'new' | 'same' | 'different';

/** A claim's verdict, and for a retry (`same`) what the first claim asked to remember, when it is known. */
export interface ClaimedId {
  verdict: EventIdVerdict;
  remembered?: string;
}

/** A rate-limit counter's answer: hits in the window, seconds to its reset, and whether the sender is blocked and for how long. */
export interface RateLimitCount {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * The request's count against its sender's rate limit, taken in the claim's own round trip so
 * that a registration costs the memory's server one call. The limit is the HTTP edge's business;
 * a claim only carries the count to the counter named here and hands the answer back.
 */
export interface RateLimitCharge {
  /** The counter's keys: its hits and its block. */
  readonly hitKey: string;
  readonly blockKey: string;
  readonly limit: number;
  readonly windowMs: number;
  /** Takes the answer (undefined: the counter did not answer, the request passes uncounted); throws to refuse the request. */
  settle(count: RateLimitCount | undefined): void;
}

/**
 * The eventIds the command side registered recently, so that a reused id with other content can be
 * refused before it reaches the log. A memory, not the authority (the fold is): when it is
 * unavailable, every id counts as `new`.
 */
export abstract class RecentEventIds {
  /**
   * One verdict per claim, in order; a later claim of the same id sees the earlier one. With a
   * `charge`, the request is counted first in the same call, and when its limit is spent the charge
   * throws and nothing is claimed.
   */
  abstract claim(claims: EventIdClaim[], charge?: RateLimitCharge): Promise<ClaimedId[]>;
  /**
   * The caregiver of a recently registered eventId, so that a void naming another can be refused
   * up front; undefined when it is not remembered or the memory is unavailable.
   */
  abstract caregiverOf(eventId: string): Promise<string | undefined>;
  /** Forgets ids claimed as `new` whose records did not reach the log. */
  abstract release(eventIds: string[]): Promise<void>;
}
