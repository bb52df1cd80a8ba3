import { EventRef } from './ledger-event';

/**
 * Why a void was refused, shown on its event. `other-caregiver` is no longer decided (such a void is
 * ignored, see VoidIgnoredReason) but stays readable: decisions recorded before, and replayed after a
 * crash, must have the same effect as the first time.
 */
export type VoidRefusalReason = 'already-reimbursed' | 'already-voided' | 'other-caregiver';
/**
 * Why a void changed nothing and shows nowhere: its event is unknown, or belongs to another caregiver
 * than the void names. Showing the latter on the event would let anyone who may void for one
 * caregiver write on another's event (issue 13, finding 1).
 */
export type VoidIgnoredReason = 'unknown-event' | 'other-caregiver';
export type RejectionReason = 'unknown' | 'voided' | 'already-reimbursed' | 'other-caregiver';
export type ReimbursementRejectionReason = 'nothing-pending' | 'events-rejected';

export interface EventRejection {
  eventId: string;
  reason: RejectionReason;
}

/**
 * How the fold decided one record, keyed by the record's offset. Decisions read state, so they are
 * recorded before their effects are written and reused on a replay (see project-batch.service).
 * Each one carries what its effects need, so applying it never reads the read models again.
 */
export type LedgerDecision =
  | { offset: number; kind: 'registered' }
  /** The same eventId with the same content again: no effect. */
  | { offset: number; kind: 'retry' }
  /** The same eventId with other content: the first record stands, this one has no effect. */
  | { offset: number; kind: 'conflict' }
  | { offset: number; kind: 'voided'; event: EventRef }
  | { offset: number; kind: 'void-refused'; reason: VoidRefusalReason }
  /** A void of an event nobody registered, or of another caregiver's: changes nothing, shows nowhere (counted by kind). */
  | { offset: number; kind: 'void-ignored'; reason?: VoidIgnoredReason }
  | { offset: number; kind: 'reimbursed'; events: EventRef[] }
  | { offset: number; kind: 'reimbursement-rejected'; reason: ReimbursementRejectionReason; rejections: EventRejection[] }
  /** A reimbursementId seen before: no second effect. */
  | { offset: number; kind: 'reimbursement-repeated' };

export type LedgerDecisionKind = LedgerDecision['kind'];
