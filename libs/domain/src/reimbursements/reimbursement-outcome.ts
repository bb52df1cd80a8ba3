import { EventRejection, ReimbursementRejectionReason } from '../ledger/ledger-decision';

/** How the fold decided a reimbursement request: all or nothing. */
export interface ReimbursementOutcome {
  reimbursementId: string;
  caregiverId: string;
  /** Given for a reimbursement of a caregiver-month. */
  month?: string;
  /** The months of the events it paid (reports filter on them). */
  months: string[];
  status: 'completed' | 'rejected';
  reason?: ReimbursementRejectionReason;
  /** The events paid (completed), or the events asked for (rejected by id). */
  eventIds: string[];
  amountCents: number;
  currency: string;
  reference?: string;
  rejections: EventRejection[];
  requestedAt: string;
  /** The request's own time: the fold decides in log order, so a replay decides at the same time. */
  decidedAt: string;
  requestedBy: string;
}
