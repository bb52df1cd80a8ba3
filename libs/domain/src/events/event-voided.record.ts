import { RecordEnvelope } from '../records/record-envelope';

export const EVENT_VOIDED = 'EventVoided';

/** A correction: take a not-yet-reimbursed event out of every sum. Keyed by `caregiverId`. */
export interface EventVoidedPayload {
  eventId: string;
  /** The caregiver the sender says the event belongs to; the fold refuses the void if it does not. */
  caregiverId: string;
  reason: string;
}

export type EventVoided = RecordEnvelope<typeof EVENT_VOIDED, EventVoidedPayload>;

export const EVENT_VOIDED_SCHEMA_VERSION = 1;
