import { BatchEffects } from './batch-effects';
import { EventState, stateOf } from './ledger-event';
import { LedgerView } from './ledger-view';

/**
 * Everything the decisions of one partition read, kept in memory and moved forward by each batch's
 * effects. The projector loads it once per partition it is given (one scan of that partition's
 * ledger documents) instead of reading the ledger for every batch: FerretDB 1.24 scans a whole
 * collection for any lookup, which made per-batch reads grow with the log (docs/benchmarks.md).
 */
export class LedgerState implements LedgerView {
  private readonly events = new Map<string, EventState>();
  /**
   * By caregiver, then month, then eventId. Nested rather than keyed by `caregiverId#month`: a key
   * built per event put cost a string concatenation and hashing per record in the fold's hot loop.
   */
  private readonly byCaregiver = new Map<string, Map<string, Map<string, EventState>>>();
  private readonly reimbursementIds = new Set<string>();

  constructor(events: Iterable<EventState> = [], reimbursementIds: Iterable<string> = []) {
    for (const event of events) this.put(stateOf(event));
    for (const id of reimbursementIds) this.reimbursementIds.add(id);
  }

  get size(): number {
    return this.events.size;
  }

  event(eventId: string): EventState | undefined {
    return this.events.get(eventId);
  }

  pendingEvents(caregiverId: string, month: string): EventState[] {
    return [...(this.byCaregiver.get(caregiverId)?.get(month)?.values() ?? [])].filter((e) => e.status === 'pending');
  }

  hasReimbursement(reimbursementId: string): boolean {
    return this.reimbursementIds.has(reimbursementId);
  }

  /** Whether any event of the caregiver was registered: its totals document exists once that is written. */
  hasCaregiver(caregiverId: string): boolean {
    return this.byCaregiver.has(caregiverId);
  }

  /** Every event held, in the order they were first put. */
  allEvents(): IterableIterator<EventState> {
    return this.events.values();
  }

  allReimbursementIds(): IterableIterator<string> {
    return this.reimbursementIds.values();
  }

  /** Adds an event as it stands now, or moves an event held to a new status (a snapshot's lines). */
  restore(event: EventState): void {
    this.put(stateOf(event));
  }

  restoreReimbursement(reimbursementId: string): void {
    this.reimbursementIds.add(reimbursementId);
  }

  apply(effects: BatchEffects): void {
    for (const event of effects.events) {
      // A record of another partition may hold the id already (see the README's known limit).
      if (!this.events.has(event.eventId)) {
        const { eventId, caregiverId, eventType, occurredAt, month, amountCents } = event;
        this.put({ eventId, caregiverId, eventType, occurredAt, month, amountCents, status: 'pending' });
      }
    }
    for (const settlement of effects.settlements) {
      const event = this.events.get(settlement.eventId);
      if (event) this.put({ ...event, status: settlement.status });
    }
    for (const outcome of effects.reimbursements) this.reimbursementIds.add(outcome.reimbursementId);
  }

  private put(event: EventState): void {
    this.events.set(event.eventId, event);
    let months = this.byCaregiver.get(event.caregiverId);
    if (!months) {
      months = new Map();
      this.byCaregiver.set(event.caregiverId, months);
    }
    let sameMonth = months.get(event.month);
    if (!sameMonth) {
      sameMonth = new Map();
      months.set(event.month, sameMonth);
    }
    sameMonth.set(event.eventId, event);
  }
}

/** The partition's state, and for ids it does not hold (another caregiver's partition) a fallback read. */
export function withFallback(state: LedgerView, fallback: LedgerView): LedgerView {
  return {
    event: (eventId) => state.event(eventId) ?? fallback.event(eventId),
    pendingEvents: (caregiverId, month) => state.pendingEvents(caregiverId, month),
    hasReimbursement: (reimbursementId) => state.hasReimbursement(reimbursementId) || fallback.hasReimbursement(reimbursementId),
  };
}
