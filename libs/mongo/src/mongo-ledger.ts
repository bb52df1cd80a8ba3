import { BatchEffects } from '@reimbursements/domain/ledger/batch-effects';
import { LedgerEvent } from '@reimbursements/domain/ledger/ledger-event';
import { LedgerLookups, LedgerView } from '@reimbursements/domain/ledger/ledger-view';
import { MapLedgerView } from '@reimbursements/domain/ledger/map-ledger-view';
import { Collection, Db, Document, Filter, OptionalUnlessRequiredId } from 'mongodb';
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
import { ledgerEventOf } from './ledger-documents';

const INSERT_CHUNK = 1000;

/**
 * Loads what a batch's decisions read. On FerretDB 1.24 every one of these reads scans its
 * collection (its pushdown uses jsonb containment, which the `_id` index cannot serve), so the
 * number of reads per batch is kept fixed: one per kind, whatever the batch's size.
 */
export async function loadLedgerView(db: Db, lookups: LedgerLookups): Promise<LedgerView> {
  const ids = [...lookups.eventIds, ...lookups.statusOf];
  const events = db.collection<LedgerEventDocument>(LEDGER_EVENTS);
  const settlements = db.collection<SettlementDocument>(EVENT_SETTLEMENTS);
  const monthFilter = (): Filter<LedgerEventDocument> =>
    lookups.caregiverMonths.length === 1 ? lookups.caregiverMonths[0] : { $or: lookups.caregiverMonths };
  const [byId, byMonth, settledById, settledByMonth, reimbursements] = await Promise.all([
    ids.length > 0 ? events.find({ _id: { $in: ids } }).toArray() : [],
    lookups.caregiverMonths.length > 0 ? events.find(monthFilter()).toArray() : [],
    lookups.statusOf.length > 0 ? settlements.find({ _id: { $in: lookups.statusOf } }).toArray() : [],
    lookups.caregiverMonths.length > 0 ? settlements.find(monthFilter() as Filter<SettlementDocument>).toArray() : [],
    lookups.reimbursementIds.length > 0
      ? db.collection<ReimbursementDocument>(REIMBURSEMENTS).find({ _id: { $in: lookups.reimbursementIds } }, { projection: { _id: 1 } }).toArray()
      : [],
  ]);
  const settled = new Map<string, SettlementDocument>();
  for (const s of [...settledById, ...settledByMonth]) settled.set(s._id, s);
  const loaded = new Map<string, LedgerEvent>();
  for (const doc of [...byId, ...byMonth]) loaded.set(doc._id, ledgerEventOf(doc, settled.get(doc._id)));
  return new MapLedgerView([...loaded.values()], new Set(reimbursements.map((r) => r._id)));
}

/** Inserts a batch's ledger documents; on a replay, only those not written before. */
export async function insertLedgerEffects(db: Db, effects: BatchEffects, mayBeApplied: boolean): Promise<number> {
  const inserted = await Promise.all([
    insertOnce(
      db.collection<LedgerEventDocument>(LEDGER_EVENTS),
      effects.events.map((e) => ({ ...e, _id: e.eventId })),
      mayBeApplied,
    ),
    insertOnce(
      db.collection<SettlementDocument>(EVENT_SETTLEMENTS),
      effects.settlements.map((s) => ({ ...s, _id: s.eventId })),
      mayBeApplied,
    ),
    insertOnce(
      db.collection<VoidRefusalDocument>(VOID_REFUSALS),
      effects.voidRefusals.map((r) => ({ ...r, _id: `${r.eventId}#${r.partition}#${r.offset}` })),
      mayBeApplied,
    ),
    insertOnce(
      db.collection<ReimbursementDocument>(REIMBURSEMENTS),
      effects.reimbursements.map((r) => ({ ...r, _id: r.reimbursementId })),
      mayBeApplied,
    ),
  ]);
  return inserted.reduce((a, b) => a + b, 0);
}

/**
 * Insert-only writes with deterministic ids. A replay first reads which ids exist and skips them:
 * FerretDB 1.24 keeps a PostgreSQL connection for every write that fails, so expected duplicate-key
 * errors would drain its pool.
 */
async function insertOnce<T extends Document & { _id: string }>(collection: Collection<T>, docs: T[], mayBeApplied: boolean): Promise<number> {
  if (docs.length === 0) return 0;
  let missing = docs;
  if (mayBeApplied) {
    const existing = await collection.find({ _id: { $in: docs.map((d) => d._id) } } as Filter<T>, { projection: { _id: 1 } }).toArray();
    const present = new Set(existing.map((d) => d._id as string));
    missing = docs.filter((d) => !present.has(d._id));
  }
  for (let start = 0; start < missing.length; start += INSERT_CHUNK) {
    await collection.insertMany(missing.slice(start, start + INSERT_CHUNK) as OptionalUnlessRequiredId<T>[], { ordered: true });
  }
  return missing.length;
}
