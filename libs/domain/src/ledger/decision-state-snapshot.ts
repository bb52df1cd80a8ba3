import { BatchEffects } from './batch-effects';
import { EventState, EventStatus } from './ledger-event';
import { LedgerState } from './ledger-state';

/**
 * A partition's decision state, or what one flush changed of it, as three strings of lines: a store
 * keeps each as one field, which it reads back far faster than one document per event (FerretDB
 * 1.24 decodes ~3,000 documents/s; a string of megabytes in milliseconds). No field of these lines
 * can hold a tab or a line break: ids, codes, instants and months are validated on the way in.
 */
export interface DecisionStateLines {
  /** `eventId\tcaregiverId\teventType\toccurredAt\tmonth\tamountCents\tstatus` per event. */
  events: string;
  /** `eventId\tstatus` per event whose status changed. */
  settled: string;
  /** One reimbursementId per line. */
  reimbursements: string;
}

export function linesOfEffects(effects: BatchEffects): DecisionStateLines {
  return {
    // The status apart, not spread into a copy of the event: the copy was most of this function's
    // cost, which runs once per event registered, in the projector's every flush.
    events: effects.events.map((e) => eventLine(e, 'pending')).join('\n'),
    settled: effects.settlements.map((s) => `${s.eventId}\t${s.status}`).join('\n'),
    reimbursements: effects.reimbursements.map((r) => r.reimbursementId).join('\n'),
  };
}

/** The whole state, in parts of at most `eventsPerPart` events (a store limits the size of one document). */
export function linesOfState(state: LedgerState, eventsPerPart: number): DecisionStateLines[] {
  const parts: DecisionStateLines[] = [];
  let lines: string[] = [];
  for (const event of state.allEvents()) {
    lines.push(eventLine(event, event.status));
    if (lines.length === eventsPerPart) {
      parts.push({ events: lines.join('\n'), settled: '', reimbursements: '' });
      lines = [];
    }
  }
  parts.push({ events: lines.join('\n'), settled: '', reimbursements: [...state.allReimbursementIds()].join('\n') });
  return parts;
}

/** Applies lines in the order they were written: later lines move the statuses of earlier ones. */
export function restoreLines(state: LedgerState, lines: DecisionStateLines): void {
  for (const line of nonEmpty(lines.events)) {
    const [eventId, caregiverId, eventType, occurredAt, month, amountCents, status] = line.split('\t');
    if (!state.holds(eventId)) state.restore({ eventId, caregiverId, eventType, occurredAt, month, amountCents: Number(amountCents), status: status as EventStatus });
  }
  for (const line of nonEmpty(lines.settled)) {
    const [eventId, status] = line.split('\t');
    const event = state.event(eventId);
    if (event) state.restore({ ...event, status: status as EventStatus });
  }
  for (const id of nonEmpty(lines.reimbursements)) state.restoreReimbursement(id);
}

function eventLine(e: Omit<EventState, 'status'>, status: EventStatus): string {
  return `${e.eventId}\t${e.caregiverId}\t${e.eventType}\t${e.occurredAt}\t${e.month}\t${e.amountCents}\t${status}`;
}

function nonEmpty(text: string): string[] {
  return text === '' ? [] : text.split('\n');
}
