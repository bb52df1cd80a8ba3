import { BatchEffects } from './batch-effects';
import { EventIdIndex } from './event-id-index';
import { grownTypedArray } from './grown-typed-array';
import { InternedStrings } from './interned-strings';
import { EventState, EventStatus } from './ledger-event';
import { LedgerView } from './ledger-view';
import { ownString } from './own-string';

const STATUSES: readonly EventStatus[] = ['pending', 'reimbursed', 'voided'];
const PENDING = statusCode('pending');
const INITIAL_ROWS = 64;

/**
 * Everything the decisions of one partition read, kept in memory and moved forward by each batch's
 * effects. The projector loads it once per partition it is given (one scan of that partition's
 * ledger documents) instead of reading the ledger for every batch: FerretDB 1.24 scans a whole
 * collection for any lookup, which made per-batch reads grow with the log (docs/benchmarks.md).
 *
 * It holds every event of the log, so it is laid out in columns: one row per event, its caregiver,
 * type and month as numbers of interned strings, amount and status in typed arrays, its id in an
 * EventIdIndex. An object per event, with its own copies of the strings a record's JSON gave it,
 * took 321 bytes of heap per event and made the projector's heap limit a limit on the log's length;
 * the events it hands out are built when asked.
 */
export class LedgerState implements LedgerView {
  private readonly rows = new EventIdIndex();
  private readonly occurredAts: string[] = [];
  private caregivers = new Int32Array(INITIAL_ROWS);
  private types = new Int32Array(INITIAL_ROWS);
  private months = new Int32Array(INITIAL_ROWS);
  private amounts = new Float64Array(INITIAL_ROWS);
  private statuses = new Uint8Array(INITIAL_ROWS);
  private readonly caregiverIds = new InternedStrings();
  private readonly eventTypes = new InternedStrings();
  private readonly monthNames = new InternedStrings();
  /** The rows of each caregiver-month, in the order they were first put, by caregiver then month number. */
  private readonly byCaregiver = new Map<number, Map<number, number[]>>();
  private readonly reimbursementIds = new Set<string>();

  constructor(events: Iterable<EventState> = [], reimbursementIds: Iterable<string> = []) {
    for (const event of events) this.put(event, event.status);
    for (const id of reimbursementIds) this.reimbursementIds.add(id);
  }

  get size(): number {
    return this.occurredAts.length;
  }

  event(eventId: string): EventState | undefined {
    const row = this.rows.rowOf(eventId);
    return row === undefined ? undefined : this.eventAt(row);
  }

  holds(eventId: string): boolean {
    return this.rows.rowOf(eventId) !== undefined;
  }

  pendingEvents(caregiverId: string, month: string): EventState[] {
    const caregiver = this.caregiverIds.find(caregiverId);
    const monthNumber = this.monthNames.find(month);
    if (caregiver === undefined || monthNumber === undefined) return [];
    const pending: EventState[] = [];
    for (const row of this.byCaregiver.get(caregiver)?.get(monthNumber) ?? []) if (this.statuses[row] === PENDING) pending.push(this.eventAt(row));
    return pending;
  }

  hasReimbursement(reimbursementId: string): boolean {
    return this.reimbursementIds.has(reimbursementId);
  }

  /** Whether any event of the caregiver was registered: its totals document exists once that is written. */
  hasCaregiver(caregiverId: string): boolean {
    const caregiver = this.caregiverIds.find(caregiverId);
    return caregiver !== undefined && this.byCaregiver.has(caregiver);
  }

  /** Every event held, in the order they were first put. */
  *allEvents(): IterableIterator<EventState> {
    for (let row = 0; row < this.occurredAts.length; row += 1) yield this.eventAt(row);
  }

  allReimbursementIds(): IterableIterator<string> {
    return this.reimbursementIds.values();
  }

  /** Adds an event as it stands now, or moves an event held to a new status (a snapshot's lines). */
  restore(event: EventState): void {
    // The instant is kept for good, and a snapshot's lines hand it over as a piece of their text.
    this.put({ ...event, occurredAt: ownString(event.occurredAt) }, event.status);
  }

  restoreReimbursement(reimbursementId: string): void {
    this.reimbursementIds.add(reimbursementId);
  }

  apply(effects: BatchEffects): void {
    for (const event of effects.events) {
      // A record of another partition may hold the id already (see the README's known limit).
      this.put(event, 'pending', true);
    }
    for (const settlement of effects.settlements) {
      const row = this.rows.rowOf(settlement.eventId);
      if (row !== undefined) this.statuses[row] = statusCode(settlement.status);
    }
    for (const outcome of effects.reimbursements) this.reimbursementIds.add(outcome.reimbursementId);
  }

  private eventAt(row: number): EventState {
    return {
      eventId: this.rows.idOf(row),
      caregiverId: this.caregiverIds.valueOf(this.caregivers[row]),
      eventType: this.eventTypes.valueOf(this.types[row]),
      occurredAt: this.occurredAts[row],
      month: this.monthNames.valueOf(this.months[row]),
      amountCents: this.amounts[row],
      status: STATUSES[this.statuses[row]],
    };
  }

  /** `keepHeld`: an event held already stays as it is. */
  private put(event: Omit<EventState, 'status'>, status: EventStatus, keepHeld = false): void {
    let row = this.rows.rowOf(event.eventId);
    if (row !== undefined && keepHeld) return;
    const caregiver = this.caregiverIds.numberOf(event.caregiverId);
    const month = this.monthNames.numberOf(event.month);
    if (row === undefined) {
      row = this.occurredAts.length;
      if (row === this.statuses.length) this.grow();
      this.rows.add(event.eventId, row);
      this.occurredAts.push(event.occurredAt);
      this.group(caregiver, month).push(row);
    } else if (this.caregivers[row] !== caregiver || this.months[row] !== month) {
      const earlier = this.group(this.caregivers[row], this.months[row]);
      earlier.splice(earlier.indexOf(row), 1);
      this.group(caregiver, month).push(row);
      this.occurredAts[row] = event.occurredAt;
    } else {
      this.occurredAts[row] = event.occurredAt;
    }
    this.caregivers[row] = caregiver;
    this.months[row] = month;
    this.types[row] = this.eventTypes.numberOf(event.eventType);
    this.amounts[row] = event.amountCents;
    this.statuses[row] = statusCode(status);
  }

  private group(caregiver: number, month: number): number[] {
    let months = this.byCaregiver.get(caregiver);
    if (!months) {
      months = new Map();
      this.byCaregiver.set(caregiver, months);
    }
    let rows = months.get(month);
    if (!rows) {
      rows = [];
      months.set(month, rows);
    }
    return rows;
  }

  private grow(): void {
    const rows = this.statuses.length * 2;
    this.caregivers = grownTypedArray(this.caregivers, new Int32Array(rows));
    this.types = grownTypedArray(this.types, new Int32Array(rows));
    this.months = grownTypedArray(this.months, new Int32Array(rows));
    this.amounts = grownTypedArray(this.amounts, new Float64Array(rows));
    this.statuses = grownTypedArray(this.statuses, new Uint8Array(rows));
  }
}

/** A status read from a store may be anything: one this build does not know stops the load, rather than count as pending. */
function statusCode(status: EventStatus): number {
  const code = STATUSES.indexOf(status);
  if (code < 0) throw new Error(`an event status this build does not know: ${JSON.stringify(status)}`);
  return code;
}
