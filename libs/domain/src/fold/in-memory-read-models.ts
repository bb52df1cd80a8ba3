import { EVENT_TYPE_DEFINED } from '../catalog/event-type-defined.record';
import { RecordRefusedError } from '../errors/record-refused.error';
import { RegisteredLedgerEvent, Settlement, VoidRefusal } from '../ledger/batch-effects';
import { LedgerDecision } from '../ledger/ledger-decision';
import { EventState } from '../ledger/ledger-event';
import { LedgerState } from '../ledger/ledger-state';
import { DecisionState } from '../ports/decision-state.port';
import { FoldProgress, NOTHING_APPLIED, PartitionProgress } from '../ports/fold-progress.port';
import { LedgerInserts, ReadModelWrites, TotalsWriteHints, TotalsWriteOutcome } from '../ports/read-model-writes.port';
import { addChange, CaregiverTotalsChange, CaregiverTotalsContributions, changeAfter } from '../projections/monthly-totals.fold';
import { emptyMonthSums, MonthSums } from '../projections/monthly-totals';
import { CatalogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';
import { ReimbursementOutcome } from '../reimbursements/reimbursement-outcome';

/** A write that stopped part-way, as a store outage or a crash inside a bulk write leaves it. */
export class StoreFault extends Error {}

export interface CaregiverTotalsDoc {
  lastOffset: number;
  months: Record<string, MonthSums>;
}

type Positioned<T> = T & { partition: number; offset: number };

/**
 * The read models in memory, behind the same ports as MongoDB, with the same contract
 * (read-model-ports.contract.ts): unit tests run the real fold protocol over it, and can make any
 * write stop part-way (`failAfterWrites`) the way a crash inside a bulk write does. It keeps the
 * objects it is given: the fold never changes what it has written.
 */
export class InMemoryReadModels implements FoldProgress, ReadModelWrites, DecisionState {
  readonly offsets = new Map<string, PartitionProgress>();
  /** Per `projection#topic#partition`, the months each apply named, with its offset (the later kept). */
  readonly monthWrites = new Map<string, Record<string, number>>();
  readonly events = new Map<string, RegisteredLedgerEvent>();
  readonly settlements = new Map<string, Settlement>();
  readonly voidRefusals = new Map<string, VoidRefusal>();
  readonly reimbursements = new Map<string, Positioned<ReimbursementOutcome>>();
  readonly totals = new Map<string, CaregiverTotalsDoc>();
  readonly catalog = new Map<string, { name: string; rates: Record<string, number> }>();
  /** Documents written, inserts refused as duplicates included. */
  documentWrites = 0;
  private writesLeft = Infinity;
  /** Documents holding this text are refused, as PostgreSQL under FerretDB refuses a NUL character. */
  refusedText?: string;

  /** The next `n` document writes succeed, the one after fails with StoreFault (then all succeed again). */
  failAfterWrites(n: number): void {
    this.writesLeft = n;
  }

  private write(doc?: unknown): void {
    if (this.refusedText !== undefined && doc !== undefined && JSON.stringify(doc).includes(JSON.stringify(this.refusedText).slice(1, -1))) {
      throw new RecordRefusedError('unsupported Unicode escape sequence');
    }
    if (this.writesLeft === 0) {
      this.writesLeft = Infinity;
      throw new StoreFault('the store stopped part-way through a write');
    }
    this.writesLeft -= 1;
    this.documentWrites += 1;
  }

  // FoldProgress

  async read(projection: string, topic: string, partition: number): Promise<PartitionProgress> {
    const progress = this.offsets.get(`${projection}#${topic}#${partition}`) ?? NOTHING_APPLIED;
    return {
      applied: progress.applied,
      attempted: Math.max(progress.applied, progress.attempted),
      decisions: progress.decisions.filter((d) => d.offset > progress.applied),
    };
  }

  async attempt(projection: string, topic: string, partition: number, offset: number, decisions: LedgerDecision[]): Promise<void> {
    this.write();
    const key = `${projection}#${topic}#${partition}`;
    const current = this.offsets.get(key) ?? NOTHING_APPLIED;
    this.offsets.set(key, { applied: current.applied, attempted: offset, decisions });
  }

  async apply(projection: string, topic: string, partition: number, offset: number, months: readonly string[]): Promise<void> {
    this.write();
    const key = `${projection}#${topic}#${partition}`;
    const current = this.offsets.get(key) ?? NOTHING_APPLIED;
    if (current.applied < offset) this.offsets.set(key, { ...current, applied: offset });
    const writes = { ...this.monthWrites.get(key) };
    for (const month of months) writes[month] = Math.max(writes[month] ?? -1, offset);
    this.monthWrites.set(key, writes);
  }

  // ReadModelWrites

  async insertLedger(inserts: LedgerInserts, heartbeat: () => Promise<void>): Promise<void> {
    const insertOnce = <T>(into: Map<string, T>, id: string, doc: T) => {
      this.write(doc);
      // The document itself, as the class keeps every object it is given: a structuredClone of each
      // (back from a merge after 661c818 dropped it) was a fifth of the in-memory fold's CPU.
      if (!into.has(id)) into.set(id, doc);
    };
    for (const e of inserts.events) insertOnce(this.events, e.eventId, e);
    for (const s of inserts.settlements) insertOnce(this.settlements, s.eventId, s);
    for (const r of inserts.voidRefusals) insertOnce(this.voidRefusals, `${r.eventId}#${r.partition}#${r.offset}`, r);
    for (const r of inserts.reimbursements) insertOnce(this.reimbursements, r.reimbursementId, r);
    await heartbeat();
  }

  async removeLedger(partition: number, from: number, to: number, heartbeat: () => Promise<void>): Promise<void> {
    this.write();
    for (const documents of [this.events, this.settlements, this.voidRefusals, this.reimbursements] as Map<string, { partition: number; offset: number }>[]) {
      for (const [id, doc] of documents) if (doc.partition === partition && doc.offset >= from && doc.offset <= to) documents.delete(id);
    }
    await heartbeat();
  }

  async addTotals(groups: CaregiverTotalsContributions[], hints: TotalsWriteHints, heartbeat: () => Promise<void>): Promise<TotalsWriteOutcome> {
    const outcome = { written: 0, recovered: 0 };
    for (const group of groups) {
      this.write();
      const doc = this.totals.get(group.caregiverId);
      // An insert of a document that exists, or a guarded update of one that holds some of these
      // contributions, is refused; the writer then adds only what the document lacks.
      const refused = doc !== undefined && (hints.absent.has(group.caregiverId) || doc.lastOffset >= group.contributions[0].offset);
      if (this.addAfter(group, doc)) outcome[hints.mayBeApplied || refused ? 'recovered' : 'written'] += 1;
    }
    await heartbeat();
    return outcome;
  }

  private addAfter(group: CaregiverTotalsContributions, doc: CaregiverTotalsDoc | undefined): boolean {
    const change = changeAfter(group, doc?.lastOffset ?? -1);
    if (!change) return false;
    this.totals.set(group.caregiverId, withChange(doc, change));
    return true;
  }

  async applyCatalog(records: PositionedRecord<CatalogRecord>[]): Promise<void> {
    for (const { record } of records) {
      this.write(record.payload);
      const current = this.catalog.get(record.payload.code);
      if (record.type === EVENT_TYPE_DEFINED) {
        if (!current) this.catalog.set(record.payload.code, { name: record.payload.name, rates: { initial: record.payload.amountCents } });
      } else if (current) {
        current.rates[record.payload.effectiveFrom] = record.payload.amountCents;
      }
    }
  }

  // DecisionState

  async loadPartition(partition: number, upToOffset: number, heartbeat: () => Promise<void>): Promise<LedgerState> {
    await heartbeat();
    const settled = new Map([...this.settlements.values()].filter((s) => s.partition === partition && s.offset <= upToOffset).map((s) => [s.eventId, s.status]));
    return new LedgerState(
      [...this.events.values()]
        .filter((e) => e.partition === partition && e.offset <= upToOffset)
        .map((e) => eventState(e, settled.get(e.eventId) ?? 'pending')),
      [...this.reimbursements.values()].filter((r) => r.partition === partition && r.offset <= upToOffset).map((r) => r.reimbursementId),
    );
  }

  /** The documents are in memory already: loadPartition reads them. */
  async remember(): Promise<void> {
    this.write();
  }
}

function eventState(event: RegisteredLedgerEvent, status: EventState['status']): EventState {
  const { eventId, caregiverId, eventType, occurredAt, month, amountCents } = event;
  return { eventId, caregiverId, eventType, occurredAt, month, amountCents, status };
}

function withChange(doc: CaregiverTotalsDoc | undefined, change: CaregiverTotalsChange): CaregiverTotalsDoc {
  const months = { ...(doc?.months ?? {}) };
  for (const [month, delta] of Object.entries(change.months)) months[month] = addChange(months[month] ?? emptyMonthSums(), delta);
  return { lastOffset: change.lastOffset, months };
}
