import { EventView } from '@reimbursements/domain/ledger/event-view';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { ReimbursementOutcome } from '@reimbursements/domain/reimbursements/reimbursement-outcome';
import { Db, Filter } from 'mongodb';
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
import { findByIds, IdQueryShape } from './find-by-ids';
import { ledgerEventOf } from './ledger-documents';

export class MongoLedgerReader extends LedgerReader {
  /** `shape`: how events named by id are read (find-by-ids.ts): `id-lookups` on FerretDB, `in` on real MongoDB. */
  constructor(
    private readonly db: Db,
    private readonly shape: IdQueryShape = 'id-lookups',
  ) {
    super();
  }

  async caregiversOf(eventIds: readonly string[]): Promise<Map<string, string>> {
    const docs = await findByIds(this.db.collection<LedgerEventDocument>(LEDGER_EVENTS), [...new Set(eventIds)], { caregiverId: 1 }, this.shape);
    return new Map(docs.map((doc) => [doc._id, doc.caregiverId]));
  }

  async event(eventId: string): Promise<EventView | undefined> {
    const [doc, settlement, refusals] = await Promise.all([
      this.db.collection<LedgerEventDocument>(LEDGER_EVENTS).findOne({ _id: eventId }),
      this.db.collection<SettlementDocument>(EVENT_SETTLEMENTS).findOne({ _id: eventId }),
      this.db.collection<VoidRefusalDocument>(VOID_REFUSALS).find({ eventId }).toArray(),
    ]);
    if (!doc) return undefined;
    return withRefusal(ledgerEventOf(doc, settlement ?? undefined), refusals);
  }

  async eventsOf(caregiverId: string, month: string): Promise<EventView[]> {
    const [docs, settlements] = await Promise.all([
      this.db.collection<LedgerEventDocument>(LEDGER_EVENTS).find({ caregiverId, month }).toArray(),
      this.db.collection<SettlementDocument>(EVENT_SETTLEMENTS).find({ caregiverId, month }).toArray(),
    ]);
    const refusals = settlements.length < docs.length ? await this.refusalsOf(docs.map((d) => d._id)) : [];
    const settled = new Map(settlements.map((s) => [s._id, s]));
    return docs.map((doc) => withRefusal(ledgerEventOf(doc, settled.get(doc._id)), refusals.filter((r) => r.eventId === doc._id)));
  }

  async reimbursement(reimbursementId: string): Promise<ReimbursementOutcome | undefined> {
    const doc = await this.db.collection<ReimbursementDocument>(REIMBURSEMENTS).findOne({ _id: reimbursementId });
    return doc ? outcomeOf(doc) : undefined;
  }

  async reimbursementsOf(caregiverId: string, month?: string): Promise<ReimbursementOutcome[]> {
    const filter: Filter<ReimbursementDocument> = { caregiverId };
    const docs = await this.db.collection<ReimbursementDocument>(REIMBURSEMENTS).find(filter).toArray();
    return docs.map(outcomeOf).filter((r) => month === undefined || r.month === month || r.months.includes(month));
  }

  private refusalsOf(eventIds: string[]): Promise<VoidRefusalDocument[]> {
    return this.db.collection<VoidRefusalDocument>(VOID_REFUSALS).find({ eventId: { $in: eventIds } }).toArray();
  }
}

/** Only refusals naming the event's own caregiver or another: the latest one in log order is shown. */
function withRefusal(event: EventView, refusals: VoidRefusalDocument[]): EventView {
  const latest = refusals.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.offset - b.offset)).pop();
  return latest ? { ...event, voidRefusal: { reason: latest.reason, at: latest.at } } : event;
}

function outcomeOf(doc: ReimbursementDocument): ReimbursementOutcome {
  const { _id: _ignored, partition: _partition, offset: _offset, ...outcome } = doc;
  return outcome;
}
