import { EVENT_REGISTERED } from '../events/event-registered.record';
import { EVENT_VOIDED } from '../events/event-voided.record';
import { REIMBURSEMENT_REQUESTED } from '../reimbursements/reimbursement-requested.record';
import { upcastEventRegistered } from '../events/event-registered.upcast';
import { addChange, changeAfter } from '../projections/monthly-totals.fold';
import { emptyMonthlyTotals, MonthlyTotals, monthlyTotalsId } from '../projections/monthly-totals';
import { LogRecord, StoredLogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';
import { ReimbursementOutcome } from '../reimbursements/reimbursement-outcome';
import { BatchEffects, effectsOf, VoidRefusal } from './batch-effects';
import { decideBatch } from './decide-batch';
import { LedgerDecision } from './ledger-decision';
import { LedgerEvent } from './ledger-event';
import { LedgerView } from './ledger-view';

/**
 * The whole fold in memory: what the read models must hold after the given records. The unit tests
 * and the fold benchmark use it; the projector does the same steps against MongoDB.
 */
export class InMemoryLedger implements LedgerView {
  readonly events = new Map<string, LedgerEvent>();
  /** By monthlyTotalsId (caregiver and month). */
  readonly totals = new Map<string, MonthlyTotals>();
  readonly reimbursements = new Map<string, ReimbursementOutcome>();
  readonly voidRefusals: VoidRefusal[] = [];
  readonly decisions: LedgerDecision[] = [];

  constructor(
    private readonly timeZone = 'Europe/Stockholm',
    private readonly currency = 'SEK',
  ) {}

  event(eventId: string): LedgerEvent | undefined {
    return this.events.get(eventId);
  }

  pendingEvents(caregiverId: string, month: string): LedgerEvent[] {
    return [...this.events.values()].filter((e) => e.caregiverId === caregiverId && e.month === month && e.status === 'pending');
  }

  hasReimbursement(reimbursementId: string): boolean {
    return this.reimbursements.has(reimbursementId);
  }

  /** Folds one partition's batch: decide against the state so far, then apply the effects. */
  fold(batch: PositionedRecord<StoredLogRecord>[]): LedgerDecision[] {
    const records = upcastLogRecords(batch, this.timeZone);
    const decisions = decideBatch(this, records);
    this.apply(effectsOf(records, decisions, this.currency));
    this.decisions.push(...decisions);
    return decisions;
  }

  apply(effects: BatchEffects): void {
    for (const { partition: _partition, offset: _offset, ...event } of effects.events) this.events.set(event.eventId, { ...event, status: 'pending' });
    for (const s of effects.settlements) {
      const event = this.events.get(s.eventId);
      if (!event) throw new Error(`settlement of an unknown event ${s.eventId}`);
      this.events.set(s.eventId, {
        ...event,
        status: s.status,
        ...(s.reimbursementId !== undefined ? { reimbursementId: s.reimbursementId } : {}),
        ...(s.voidReason !== undefined ? { voidReason: s.voidReason } : {}),
      });
    }
    this.voidRefusals.push(...effects.voidRefusals);
    for (const { partition: _partition, offset: _offset, ...outcome } of effects.reimbursements) this.reimbursements.set(outcome.reimbursementId, outcome);
    for (const group of effects.totals) {
      const change = changeAfter(group, -1);
      if (!change) continue;
      for (const [month, delta] of Object.entries(change.months)) {
        const id = monthlyTotalsId(group.caregiverId, month);
        this.totals.set(id, addChange(this.totals.get(id) ?? emptyMonthlyTotals(group.caregiverId, month), delta));
      }
    }
  }
}

/** Brings every log record to its current version; drops what cannot be read as one (other types, unparseable times). */
export function upcastLogRecords(records: PositionedRecord<StoredLogRecord>[], timeZone: string): PositionedRecord<LogRecord>[] {
  const current: PositionedRecord<LogRecord>[] = [];
  for (const positioned of records) {
    const { record } = positioned;
    if (record.type === EVENT_VOIDED || record.type === REIMBURSEMENT_REQUESTED) {
      current.push(positioned as PositionedRecord<LogRecord>);
      continue;
    }
    if (record.type !== EVENT_REGISTERED) continue;
    const upcast = upcastEventRegistered(record, timeZone);
    // A current version comes back as it is: the positioned record is kept, not copied per record.
    if (upcast === record) current.push(positioned as PositionedRecord<LogRecord>);
    else if (upcast) current.push({ ...positioned, record: upcast });
  }
  return current;
}
