import { EVENT_VOIDED } from '../events/event-voided.record';
import { LogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';
import { REIMBURSEMENT_REQUESTED } from '../reimbursements/reimbursement-requested.record';
import { EventState } from './ledger-event';

/** The state a batch's decisions read, as it was before the batch. */
export interface LedgerView {
  event(eventId: string): EventState | undefined;
  pendingEvents(caregiverId: string, month: string): EventState[];
  hasReimbursement(reimbursementId: string): boolean;
}

/** The events whose state the voids and reimbursements of these records name. */
export function eventIdsNamedBy(records: PositionedRecord<LogRecord>[]): string[] {
  const ids = new Set<string>();
  for (const { record } of records) {
    if (record.type === EVENT_VOIDED) ids.add(record.payload.eventId);
    else if (record.type === REIMBURSEMENT_REQUESTED) for (const id of record.payload.eventIds ?? []) ids.add(id);
  }
  return [...ids];
}
