import { EVENT_REGISTERED } from '../events/event-registered.record';
import { EVENT_VOIDED } from '../events/event-voided.record';
import { LogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';
import { REIMBURSEMENT_REQUESTED } from '../reimbursements/reimbursement-requested.record';
import { LedgerEvent } from './ledger-event';

/** The state a batch's decisions read, as it was before the batch. */
export interface LedgerView {
  event(eventId: string): LedgerEvent | undefined;
  /** Only for the caregiver-months the view was loaded with (LedgerLookups.caregiverMonths). */
  pendingEvents(caregiverId: string, month: string): LedgerEvent[];
  hasReimbursement(reimbursementId: string): boolean;
}

export interface CaregiverMonth {
  caregiverId: string;
  month: string;
}

/** What to load for a batch: one read per kind, whatever the batch's size. */
export interface LedgerLookups {
  /** Events whose registration is all that matters (is the id taken, and with what content). */
  eventIds: string[];
  /** Events whose current status matters too (voids, reimbursements by id). */
  statusOf: string[];
  caregiverMonths: CaregiverMonth[];
  reimbursementIds: string[];
}

export function lookupsOf(records: PositionedRecord<LogRecord>[]): LedgerLookups {
  const eventIds = new Set<string>();
  const statusOf = new Set<string>();
  const caregiverMonths = new Map<string, CaregiverMonth>();
  const reimbursementIds = new Set<string>();
  for (const { record } of records) {
    if (record.type === EVENT_REGISTERED) eventIds.add(record.payload.eventId);
    else if (record.type === EVENT_VOIDED) statusOf.add(record.payload.eventId);
    else if (record.type === REIMBURSEMENT_REQUESTED) {
      const { reimbursementId, caregiverId, eventIds: ids, month } = record.payload;
      reimbursementIds.add(reimbursementId);
      for (const id of ids ?? []) statusOf.add(id);
      if (month !== undefined) caregiverMonths.set(`${caregiverId}#${month}`, { caregiverId, month });
    }
  }
  for (const id of statusOf) eventIds.delete(id);
  return { eventIds: [...eventIds], statusOf: [...statusOf], caregiverMonths: [...caregiverMonths.values()], reimbursementIds: [...reimbursementIds] };
}
