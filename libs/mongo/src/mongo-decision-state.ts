import { BatchEffects } from '@reimbursements/domain/ledger/batch-effects';
import { linesOfEffects, linesOfState, restoreLines } from '@reimbursements/domain/ledger/decision-state-snapshot';
import { EventState } from '@reimbursements/domain/ledger/ledger-event';
import { LedgerState } from '@reimbursements/domain/ledger/ledger-state';
import { DecisionState } from '@reimbursements/domain/ports/decision-state.port';
import { Db, MongoBulkWriteError, MongoServerError } from 'mongodb';
import {
  DECISION_STATE,
  DecisionStateDocument,
  EVENT_SETTLEMENTS,
  LEDGER_EVENTS,
  LedgerEventDocument,
  REIMBURSEMENTS,
  ReimbursementDocument,
  SettlementDocument,
} from './collections';

/** Documents streamed between two consumer heartbeats while a partition's ledger is read whole. */
export const HEARTBEAT_EVERY = 5000;
/** Flushes remembered one by one before the whole state is written at once and they are dropped. */
const FLUSHES_BEFORE_BASE = 64;
/** Events per document of the whole state: ~110 bytes a line keeps a part far below 16 MiB. */
const EVENTS_PER_PART = 50_000;
const EVENT_STATE_FIELDS = { _id: 1, caregiverId: 1, eventType: 1, occurredAt: 1, month: 1, amountCents: 1, offset: 1, partition: 1 } as const;

/**
 * What the fold's decisions read. Each applied flush is remembered as lines of text in one document
 * (decision_state), and every FLUSHES_BEFORE_BASE flushes the whole state is, after which the older
 * documents go: a restart reads a few documents instead of one per event (~0.3 ms each on FerretDB
 * 1.24, five minutes at a million events). When they do not cover every offset up to the one asked
 * for (a crash right after an apply, a database folded before they existed), the ledger documents
 * are read instead, documents of records after `upToOffset` left out.
 */
export class MongoDecisionState extends DecisionState {
  /** Per partition, flushes remembered since the last whole state; unknown until loaded. */
  private readonly flushesSinceBase = new Map<number, number>();

  constructor(private readonly db: Db) {
    super();
  }

  private get snapshots() {
    return this.db.collection<DecisionStateDocument>(DECISION_STATE);
  }

  async loadPartition(partition: number, upToOffset: number, heartbeat: () => Promise<void>): Promise<LedgerState> {
    const remembered = await this.fromSnapshots(partition, upToOffset);
    if (remembered) return remembered;
    // One whole state at the next flush, so that the next restart is quick again.
    this.flushesSinceBase.set(partition, FLUSHES_BEFORE_BASE);
    return this.fromLedger(partition, upToOffset, heartbeat);
  }

  async remember(partition: number, fromOffset: number, toOffset: number, effects: BatchEffects, state: LedgerState): Promise<void> {
    const flushes = (this.flushesSinceBase.get(partition) ?? FLUSHES_BEFORE_BASE) + 1;
    if (flushes < FLUSHES_BEFORE_BASE) {
      await this.snapshots
        .insertOne({ _id: snapshotId(partition, toOffset, 'flush', 0), partition, kind: 'flush', from: fromOffset, to: toOffset, part: 0, parts: 1, ...linesOfEffects(effects) })
        .catch(writtenBefore);
      this.flushesSinceBase.set(partition, flushes);
      return;
    }
    const parts = linesOfState(state, EVENTS_PER_PART);
    await this.snapshots
      .insertMany(
        parts.map((lines, part) => ({ _id: snapshotId(partition, toOffset, 'base', part), partition, kind: 'base' as const, from: -1, to: toOffset, part, parts: parts.length, ...lines })),
        { ordered: false },
      )
      .catch(writtenBefore);
    // Only once the whole state is in: a crash before leaves the older documents whole.
    const older = await this.snapshots.find({ partition }, { projection: { _id: 1, to: 1, kind: 1 } }).toArray();
    const drop = older.filter((d) => d.to < toOffset || (d.to === toOffset && d.kind === 'flush')).map((d) => d._id);
    for (const _id of drop) await this.snapshots.deleteOne({ _id });
    this.flushesSinceBase.set(partition, 0);
  }

  /** The state from the newest whole state up to `upToOffset` and the flushes after it, if they cover every offset. */
  private async fromSnapshots(partition: number, upToOffset: number): Promise<LedgerState | undefined> {
    const docs = (await this.snapshots.find({ partition }).toArray()).filter((d) => d.to <= upToOffset);
    const bases = new Map<number, DecisionStateDocument[]>();
    for (const d of docs) if (d.kind === 'base') bases.set(d.to, [...(bases.get(d.to) ?? []), d]);
    const complete = [...bases.values()].filter((parts) => parts.length === parts[0].parts).sort((a, b) => b[0].to - a[0].to)[0];
    const state = new LedgerState();
    let covered = -1;
    if (complete) {
      for (const part of complete.sort((a, b) => a.part - b.part)) restoreLines(state, part);
      covered = complete[0].to;
    }
    const flushes = docs.filter((d) => d.kind === 'flush' && d.to > covered).sort((a, b) => a.to - b.to);
    for (const flush of flushes) {
      if (flush.from > covered) return undefined;
      restoreLines(state, flush);
      covered = flush.to;
    }
    if (covered !== upToOffset) return undefined;
    this.flushesSinceBase.set(partition, flushes.length);
    return state;
  }

  /** One pass over the partition's ledger documents; `heartbeat` as they stream in (a large partition outlasts a session on FerretDB). */
  private async fromLedger(partition: number, upToOffset: number, heartbeat: () => Promise<void>): Promise<LedgerState> {
    const settled = new Map<string, SettlementDocument['status']>();
    const settlements = this.db
      .collection<SettlementDocument>(EVENT_SETTLEMENTS)
      .find({ partition }, { projection: { _id: 1, status: 1, offset: 1 } });
    for await (const s of settlements) if (s.offset <= upToOffset) settled.set(s._id, s.status);
    const events: EventState[] = [];
    let read = 0;
    for await (const doc of this.db.collection<LedgerEventDocument>(LEDGER_EVENTS).find({ partition }, { projection: EVENT_STATE_FIELDS })) {
      if (doc.offset <= upToOffset) events.push(eventState(doc, settled.get(doc._id) ?? 'pending'));
      if (++read % HEARTBEAT_EVERY === 0) await heartbeat();
    }
    const reimbursements = await this.db
      .collection<ReimbursementDocument>(REIMBURSEMENTS)
      .find({ partition }, { projection: { _id: 1, offset: 1 } })
      .toArray();
    return new LedgerState(
      events,
      reimbursements.filter((r) => r.offset <= upToOffset).map((r) => r._id),
    );
  }
}

/** The same flush remembered by a second writer (the partition's previous owner finishing late) is the same document. */
function writtenBefore(error: unknown): void {
  const duplicate = (e: { code?: unknown }) => e.code === 11000;
  if (error instanceof MongoBulkWriteError && [error.writeErrors].flat().every(duplicate)) return;
  if (error instanceof MongoServerError && duplicate(error)) return;
  throw error;
}

/** Sorts as (partition, offset), the order a load applies them in. */
function snapshotId(partition: number, to: number, kind: 'flush' | 'base', part: number): string {
  return `${partition}#${String(to).padStart(16, '0')}#${kind}#${part}`;
}

function eventState(doc: Pick<LedgerEventDocument, keyof typeof EVENT_STATE_FIELDS>, status: EventState['status']): EventState {
  return { eventId: doc._id, caregiverId: doc.caregiverId, eventType: doc.eventType, occurredAt: doc.occurredAt, month: doc.month, amountCents: doc.amountCents, status };
}
