import { eventFingerprint } from '../events/event-fingerprint';
import { EVENT_REGISTERED, EventRegistered } from '../events/event-registered.record';
import { EVENT_VOIDED, EventVoided } from '../events/event-voided.record';
import { LogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';
import { REIMBURSEMENT_REQUESTED, ReimbursementRequested } from '../reimbursements/reimbursement-requested.record';
import { EventRejection, LedgerDecision } from './ledger-decision';
import { EventState, refOf } from './ledger-event';
import { LedgerView } from './ledger-view';

/**
 * Decides every record of one partition's batch, in log order, against the state before the batch
 * plus what the batch's earlier records did. A pure function: the same view and records give the
 * same decisions, which is what makes a rebuild equal the live projection.
 */
export function decideBatch(view: LedgerView, records: PositionedRecord<LogRecord>[]): LedgerDecision[] {
  const state = new BatchState(view);
  return records.map(({ offset, record }) => {
    switch (record.type) {
      case EVENT_REGISTERED:
        return decideRegistration(state, offset, record);
      case EVENT_VOIDED:
        return decideVoid(state, offset, record);
      case REIMBURSEMENT_REQUESTED:
        return decideReimbursement(state, offset, record);
    }
  });
}

function decideRegistration(state: BatchState, offset: number, record: EventRegistered): LedgerDecision {
  const existing = state.event(record.payload.eventId);
  if (!existing) {
    const { eventId, caregiverId, eventType, occurredAt, month, amountCents } = record.payload;
    state.put({ eventId, caregiverId, eventType, occurredAt, month, amountCents, status: 'pending' });
    return { offset, kind: 'registered' };
  }
  return { offset, kind: sameContent(existing, record) ? 'retry' : 'conflict' };
}

/** A retry names the same caregiver, type and instant; the offset it was written with may differ. */
function sameContent(existing: EventState, record: EventRegistered): boolean {
  return eventFingerprint(existing) === eventFingerprint(record.payload);
}

function decideVoid(state: BatchState, offset: number, record: EventVoided): LedgerDecision {
  const { eventId, caregiverId } = record.payload;
  const event = state.event(eventId);
  if (!event) return { offset, kind: 'void-ignored', reason: 'unknown-event' };
  // The void's caregiverId only routes it; the event's own caregiver is the one that counts.
  if (event.caregiverId !== caregiverId) return { offset, kind: 'void-ignored', reason: 'other-caregiver' };
  if (event.status === 'reimbursed') return { offset, kind: 'void-refused', reason: 'already-reimbursed' };
  if (event.status === 'voided') return { offset, kind: 'void-refused', reason: 'already-voided' };
  state.put({ ...event, status: 'voided' });
  return { offset, kind: 'voided', event: refOf(event) };
}

function decideReimbursement(state: BatchState, offset: number, record: ReimbursementRequested): LedgerDecision {
  const { reimbursementId, caregiverId, eventIds, month } = record.payload;
  if (state.hasReimbursement(reimbursementId)) return { offset, kind: 'reimbursement-repeated' };
  state.addReimbursement(reimbursementId);
  let events: EventState[];
  if (month !== undefined) {
    events = state.pendingEvents(caregiverId, month);
    if (events.length === 0) return { offset, kind: 'reimbursement-rejected', reason: 'nothing-pending', rejections: [] };
  } else {
    const rejections: EventRejection[] = [];
    events = [];
    for (const eventId of eventIds ?? []) {
      const event = state.event(eventId);
      if (!event) rejections.push({ eventId, reason: 'unknown' });
      else if (event.caregiverId !== caregiverId) rejections.push({ eventId, reason: 'other-caregiver' });
      else if (event.status === 'voided') rejections.push({ eventId, reason: 'voided' });
      else if (event.status === 'reimbursed') rejections.push({ eventId, reason: 'already-reimbursed' });
      else events.push(event);
    }
    if (rejections.length > 0) return { offset, kind: 'reimbursement-rejected', reason: 'events-rejected', rejections };
  }
  for (const event of events) state.put({ ...event, status: 'reimbursed' });
  return { offset, kind: 'reimbursed', events: events.map(refOf) };
}

/** The view, overlaid with what the batch's records decided so far. */
class BatchState {
  private readonly changed = new Map<string, EventState>();
  private readonly reimbursements = new Set<string>();

  constructor(private readonly view: LedgerView) {}

  event(eventId: string): EventState | undefined {
    return this.changed.get(eventId) ?? this.view.event(eventId);
  }

  put(event: EventState): void {
    this.changed.set(event.eventId, event);
  }

  hasReimbursement(reimbursementId: string): boolean {
    return this.reimbursements.has(reimbursementId) || this.view.hasReimbursement(reimbursementId);
  }

  addReimbursement(reimbursementId: string): void {
    this.reimbursements.add(reimbursementId);
  }

  /** Ordered by eventId, so the decision lists them the same way every time. */
  pendingEvents(caregiverId: string, month: string): EventState[] {
    const byId = new Map<string, EventState>();
    for (const event of this.view.pendingEvents(caregiverId, month)) byId.set(event.eventId, this.event(event.eventId) ?? event);
    for (const event of this.changed.values()) {
      if (event.caregiverId === caregiverId && event.month === month) byId.set(event.eventId, event);
    }
    return [...byId.values()].filter((e) => e.status === 'pending').sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  }
}
