import { EventState } from './ledger-event';

/**
 * The state a batch's decisions read, as it was before the batch: its own partition's only. What
 * another partition holds depends on how far that partition has been folded, which differs between
 * the live fold, a replay and a rebuild; a decision that read it would differ between them too.
 */
export interface LedgerView {
  event(eventId: string): EventState | undefined;
  pendingEvents(caregiverId: string, month: string): EventState[];
  hasReimbursement(reimbursementId: string): boolean;
}
