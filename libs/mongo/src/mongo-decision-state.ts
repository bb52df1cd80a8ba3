import { EventState } from '@reimbursements/domain/ledger/ledger-event';
import { LedgerState } from '@reimbursements/domain/ledger/ledger-state';
import { DecisionState } from '@reimbursements/domain/ports/decision-state.port';
import { Db } from 'mongodb';
import { EVENT_SETTLEMENTS, LEDGER_EVENTS, LedgerEventDocument, REIMBURSEMENTS, ReimbursementDocument, SettlementDocument } from './collections';

const HEARTBEAT_EVERY = 5000;
const EVENT_STATE_FIELDS = { _id: 1, caregiverId: 1, eventType: 1, occurredAt: 1, month: 1, amountCents: 1, offset: 1, partition: 1 } as const;

/**
 * What the fold's decisions read, from the ledger documents: one pass over a partition's documents
 * (filters on equality, the only kind FerretDB 1.24 hands to PostgreSQL), documents of records
 * after `upToOffset` left out in memory.
 */
export class MongoDecisionState extends DecisionState {
  constructor(private readonly db: Db) {
    super();
  }

  /** `heartbeat` is called as documents stream in: on FerretDB a large partition takes longer to read than a session. */
  async loadPartition(partition: number, upToOffset: number, heartbeat: () => Promise<void>): Promise<LedgerState> {
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

  async loadForeign(eventIds: string[], ownPartition: number): Promise<LedgerState> {
    const [events, settlements] = await Promise.all([
      this.db.collection<LedgerEventDocument>(LEDGER_EVENTS).find({ _id: { $in: eventIds } }, { projection: EVENT_STATE_FIELDS }).toArray(),
      this.db.collection<SettlementDocument>(EVENT_SETTLEMENTS).find({ _id: { $in: eventIds } }, { projection: { _id: 1, status: 1 } }).toArray(),
    ]);
    const settled = new Map(settlements.map((s) => [s._id, s.status]));
    return new LedgerState(events.filter((doc) => doc.partition !== ownPartition).map((doc) => eventState(doc, settled.get(doc._id) ?? 'pending')));
  }
}

function eventState(doc: Pick<LedgerEventDocument, keyof typeof EVENT_STATE_FIELDS>, status: EventState['status']): EventState {
  return { eventId: doc._id, caregiverId: doc.caregiverId, eventType: doc.eventType, occurredAt: doc.occurredAt, month: doc.month, amountCents: doc.amountCents, status };
}
