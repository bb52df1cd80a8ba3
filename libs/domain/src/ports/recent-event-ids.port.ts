/** An eventId about to be registered, with what makes its content (eventFingerprint). */
export interface EventIdClaim {
  eventId: string;
  fingerprint: string;
}

/**
 * `new`: not seen recently, now remembered with this fingerprint. `same`: seen with the same
 * content (a retry). `different`: seen with other content (a conflict).
 */
export type EventIdVerdict = 'new' | 'same' | 'different';

/**
 * The eventIds the command side registered recently, so that a reused id with other content can be
 * refused before it reaches the log. A memory, not the authority (the fold is): when it is
 * unavailable, every id counts as `new`.
 */
export abstract class RecentEventIds {
  /** One verdict per claim, in order; a later claim of the same id sees the earlier one. */
  abstract claim(claims: EventIdClaim[]): Promise<EventIdVerdict[]>;
  /**
   * The caregiver of a recently registered eventId, so that a void naming another can be refused
   * up front; undefined when it is not remembered or the memory is unavailable.
   */
  abstract caregiverOf(eventId: string): Promise<string | undefined>;
  /** Forgets ids claimed as `new` whose records did not reach the log. */
  abstract release(eventIds: string[]): Promise<void>;
}
