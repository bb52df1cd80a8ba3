import { EventView } from '../ledger/event-view';
import { ReimbursementOutcome } from '../reimbursements/reimbursement-outcome';

/** The query side's reads of the event ledger and the reimbursement outcomes. */
export abstract class LedgerReader {
  abstract event(eventId: string): Promise<EventView | undefined>;
  /** The caregiver of each of these events the ledger holds, by eventId (the others left out), read a few at a time. */
  abstract caregiversOf(eventIds: readonly string[]): Promise<Map<string, string>>;
  /** Every event of one caregiver-month (a few thousand at most), with its status. */
  abstract eventsOf(caregiverId: string, month: string): Promise<EventView[]>;
  abstract reimbursement(reimbursementId: string): Promise<ReimbursementOutcome | undefined>;
  abstract reimbursementsOf(caregiverId: string, month?: string): Promise<ReimbursementOutcome[]>;
}
