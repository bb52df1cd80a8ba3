import { BatchEffects } from '@reimbursements/domain/ledger/batch-effects';
import { EventState } from '@reimbursements/domain/ledger/ledger-event';
import { LedgerState } from '@reimbursements/domain/ledger/ledger-state';
import { Collection, Db, Document, MongoBulkWriteError, MongoServerError, OptionalUnlessRequiredId } from 'mongodb';
import {
  EVENT_SETTLEMENTS,
  LEDGER_EVENTS,
  LedgerEventDocument,
  REIMBURSEMENTS,
  ReimbursementDocument,
  SettlementDocument,
  VOID_REFUSALS,
  VoidRefusalDocument,
} from './collections';

const INSERT_CHUNK = 1000;
const DUPLICATE_KEY = 11000;
const HEARTBEAT_EVERY = 5000;
const EVENT_STATE_FIELDS = { _id: 1, caregiverId: 1, eventType: 1, occurredAt: 1, month: 1, amountCents: 1 } as const;

/**
 * What the decisions of a partition read, in one pass over its documents (filters on equality, the
 * only kind FerretDB 1.24 hands to PostgreSQL). `heartbeat` is called as the documents stream in:
 * on FerretDB a large partition takes longer to read than a consumer's session timeout.
 */
export async function loadPartitionLedger(db: Db, partition: number, heartbeat: () => Promise<void>): Promise<LedgerState> {
  const settled = new Map<string, SettlementDocument['status']>();
  for await (const s of db.collection<SettlementDocument>(EVENT_SETTLEMENTS).find({ partition }, { projection: { _id: 1, status: 1 } })) {
    settled.set(s._id, s.status);
  }
  const events: EventState[] = [];
  let read = 0;
  for await (const doc of db.collection<LedgerEventDocument>(LEDGER_EVENTS).find({ partition }, { projection: EVENT_STATE_FIELDS })) {
    events.push({ ...doc, eventId: doc._id, status: settled.get(doc._id) ?? 'pending' });
    if (++read % HEARTBEAT_EVERY === 0) await heartbeat();
  }
  const reimbursements = await db.collection<ReimbursementDocument>(REIMBURSEMENTS).find({ partition }, { projection: { _id: 1 } }).toArray();
  return new LedgerState(events, reimbursements.map((r) => r._id));
}

/** Events and reimbursements held by other partitions (a void or a reimbursement naming another caregiver's event). */
export async function loadForeignLedger(db: Db, eventIds: string[], reimbursementIds: string[]): Promise<LedgerState> {
  const [events, settlements, reimbursements] = await Promise.all([
    eventIds.length > 0 ? db.collection<LedgerEventDocument>(LEDGER_EVENTS).find({ _id: { $in: eventIds } }, { projection: EVENT_STATE_FIELDS }).toArray() : [],
    eventIds.length > 0 ? db.collection<SettlementDocument>(EVENT_SETTLEMENTS).find({ _id: { $in: eventIds } }, { projection: { _id: 1, status: 1 } }).toArray() : [],
    reimbursementIds.length > 0
      ? db.collection<ReimbursementDocument>(REIMBURSEMENTS).find({ _id: { $in: reimbursementIds } }, { projection: { _id: 1 } }).toArray()
      : [],
  ]);
  const settled = new Map(settlements.map((s) => [s._id, s.status]));
  return new LedgerState(
    events.map((doc) => ({ ...doc, eventId: doc._id, status: settled.get(doc._id) ?? 'pending' })),
    reimbursements.map((r) => r._id),
  );
}

/** Inserts a batch's ledger documents; those written before (a replay) are left as they are. */
export async function insertLedgerEffects(db: Db, effects: BatchEffects): Promise<number> {
  const inserted = await Promise.all([
    insertOnce(db.collection<LedgerEventDocument>(LEDGER_EVENTS), effects.events.map((e) => ({ ...e, _id: e.eventId }))),
    insertOnce(db.collection<SettlementDocument>(EVENT_SETTLEMENTS), effects.settlements.map((s) => ({ ...s, _id: s.eventId }))),
    insertOnce(
      db.collection<VoidRefusalDocument>(VOID_REFUSALS),
      effects.voidRefusals.map((r) => ({ ...r, _id: `${r.eventId}#${r.partition}#${r.offset}` })),
    ),
    insertOnce(db.collection<ReimbursementDocument>(REIMBURSEMENTS), effects.reimbursements.map((r) => ({ ...r, _id: r.reimbursementId }))),
  ]);
  return inserted.reduce((a, b) => a + b, 0);
}

/**
 * Insert-only writes with deterministic ids, unordered: a document that exists already (written by
 * the attempt a replay repeats) is a duplicate-key error for that document only, and is skipped.
 * Reading first which ids exist would scan the collection on FerretDB 1.24.
 */
async function insertOnce<T extends Document & { _id: string }>(collection: Collection<T>, docs: T[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < docs.length; start += INSERT_CHUNK) {
    const chunk = docs.slice(start, start + INSERT_CHUNK) as OptionalUnlessRequiredId<T>[];
    try {
      inserted += (await collection.insertMany(chunk, { ordered: false })).insertedCount;
    } catch (error) {
      inserted += insertedDespiteDuplicates(error);
    }
  }
  return inserted;
}

function insertedDespiteDuplicates(error: unknown): number {
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = [error.writeErrors].flat();
    if (writeErrors.every((e) => e.code === DUPLICATE_KEY)) return error.result.insertedCount;
  }
  if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return 0;
  throw error;
}

