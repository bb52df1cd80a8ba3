import { EventRef } from './ledger-event';

export type VoidRefusalReason = 'already-reimbursed' | 'already-voided' | 'other-caregiver';
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
  /** A void of an event nobody registered: changes nothing. */
  | { offset: number; kind: 'void-ignored' }
  | { offset: number; kind: 'reimbursed'; events: EventRef[] }
  | { offset: number; kind: 'reimbursement-rejected'; reason: ReimbursementRejectionReason; rejections: EventRejection[] }
  /** A reimbursementId seen before: no second effect. */
  | { offset: number; kind: 'reimbursement-repeated' };

export type LedgerDecisionKind = LedgerDecision['kind'];
