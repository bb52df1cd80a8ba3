import { EVENT_REGISTERED } from '../events/event-registered.record';
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

/**
 * The events whose state the voids and reimbursements of these records name, but for those the
 * records registered before naming them: the batch decides those from its own registration.
 */
export function eventIdsNamedBy(records: PositionedRecord<LogRecord>[]): string[] {
  const ids = new Set<string>();
  const registered = new Set<string>();
  const named = (eventId: string) => {
    if (!registered.has(eventId)) ids.add(eventId);
  };
  for (const { record } of records) {
    if (record.type === EVENT_REGISTERED) registered.add(record.payload.eventId);
    else if (record.type === EVENT_VOIDED) named(record.payload.eventId);
    else if (record.type === REIMBURSEMENT_REQUESTED) for (const id of record.payload.eventIds ?? []) named(id);
  }
  return [...ids];
}
