import { RecordEnvelope } from '../records/record-envelope';

export const REIMBURSEMENT_REQUESTED = 'ReimbursementRequested';

/** Pay out either the listed events or everything pending in one month. Keyed by `caregiverId`. */
export interface ReimbursementRequestedPayload {
  reimbursementId: string;
  caregiverId: string;
  eventIds?: string[];
  /** `YYYY-MM` in the business time zone. */
  month?: string;
  /** The payment's own reference, e.g. a pay-out batch id. */
  reference?: string;
}

export type ReimbursementRequested = RecordEnvelope<typeof REIMBURSEMENT_REQUESTED, ReimbursementRequestedPayload>;

export const REIMBURSEMENT_REQUESTED_SCHEMA_VERSION = 1;
