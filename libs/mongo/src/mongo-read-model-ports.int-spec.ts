import { EVENT_TYPE_DEFINED } from '@reimbursements/domain/catalog/event-type-defined.record';
import { readModelPortsContract } from '@reimbursements/domain/fold/read-model-ports.contract';
import { CaregiverTotalsContributions, emptyDelta } from '@reimbursements/domain/projections/monthly-totals.fold';
import { monthlyReportPage } from '@reimbursements/domain/reports/monthly-report.page';
import { monthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { Db, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { LedgerState } from '@reimbursements/domain/ledger/ledger-state';
import { RecordRefusedError } from '@reimbursements/domain/errors/record-refused.error';
import {
  CAREGIVER_TOTALS,
  CaregiverTotalsDocument,
  DECISION_STATE,
  ensureIndexes,
  EVENT_SETTLEMENTS,
  LEDGER_EVENTS,
  PROJECTION_ATTEMPTS,
  PROJECTION_OFFSETS,
  ProjectionAttemptDocument,
  ProjectionOffsetDocument,
  REIMBURSEMENTS,
  VOID_REFUSALS,
} from './collections';
import { MongoDecisionState } from './mongo-decision-state';
import { MongoLedgerReader } from './mongo-ledger-reader';
import { MongoFoldProgress, offsetDocumentId } from './mongo-fold-progress';
import { MongoReadModelWrites } from './mongo-read-model-writes';
import { monthsOf } from './caregiver-totals-years';
import { MongoReportReader } from './mongo-report-reader';

const URI = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}`;
const NO_HEARTBEAT = async (): Promise<void> => undefined;

class StoppedPartWay extends Error {}

function ledgerEvent(eventId: string, partition: number, offset: number) {
  return {
    eventId,
    caregiverId: 'cg-1',
    eventType: 'x-ray',
    occurredAt: '2026-03-10T10:00:00+01:00',
    month: '2026-03',
    amountCents: 100,
    currency: 'SEK',
    recordedAt: 'x',
    recordedBy: 'u',
    correlationId: 'c',
    partition,
    offset,
  };
}

describe('MongoDB adapters against the real MongoDB-wire server', () => {
  let client: MongoClient;
  const databases: Db[] = [];

  beforeAll(async () => {
    client = await new MongoClient(URI).connect();
  });

  afterAll(async () => {
    await Promise.all(databases.map((db) => db.dropDatabase()));
    await client.close();
  });

  async function freshDb(): Promise<Db> {
    const db = client.db(`int_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`);
    databases.push(db);
    await ensureIndexes(db);
    return db;
  }

  describe('the fold ports contract', () => {
    readModelPortsContract(async () => {
      const db = await freshDb();
      let bulkWritesLeft = Infinity;
      // One document per bulk write, so that a write can stop after any document.
      const writes = new MongoReadModelWrites(
        db,
        1,
        () => {
          if (bulkWritesLeft-- === 0) {
            bulkWritesLeft = Infinity;
            throw new StoppedPartWay('stopped part-way through a write');
          }
        },
      );
      return {
        progress: new MongoFoldProgress(db),
        writes,
        state: new MongoDecisionState(db),
        stopPartWay: (units) => {
          bulkWritesLeft = units;
        },
        totals: async (caregiverId) => {
          const doc = await db.collection<CaregiverTotalsDocument>(CAREGIVER_TOTALS).findOne({ _id: caregiverId });
          return doc ? { lastOffset: doc.lastOffset, months: monthsOf(doc) } : undefined;
        },
        ledgerIds: async () => {
          const ids = async (name: string) => (await db.collection<{ _id: string }>(name).find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id).sort();
          return { events: await ids(LEDGER_EVENTS), settlements: await ids(EVENT_SETTLEMENTS), voidRefusals: await ids(VOID_REFUSALS), reimbursements: await ids(REIMBURSEMENTS) };
        },
        monthWrites: async (projection, topic, partition) => {
          const doc = await db.collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS).findOne({ _id: offsetDocumentId(projection, topic, partition) });
          return doc?.monthWrites ?? {};
        },
        dispose: async () => undefined,
      };
    });
  });

  it("keeps an attempt's decisions apart from the offsets document, and drops them once that attempt is applied, and only then", async () => {
    const db = await freshDb();
    const progress = new MongoFoldProgress(db);
    const stored = () => db.collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS).findOne({ _id: offsetDocumentId('p', 'log', 0) });
    const attempts = () => db.collection<ProjectionAttemptDocument>(PROJECTION_ATTEMPTS).find({}).toArray();
    const decisions = Array.from({ length: 500 }, (_, i) => ({ offset: i, kind: 'registered' as const }));
    await progress.attempt('p', 'log', 0, 499, decisions);
    expect(await stored()).toMatchObject({ appliedOffset: -1, attemptedOffset: 499 });
    expect(Object.keys((await stored()) ?? {})).not.toContain('decisionsJson');
    expect((await attempts()).map((a) => JSON.parse(a.decisionsJson) as unknown[]).map((d) => d.length)).toEqual([500]);
    expect((await progress.read('p', 'log', 0)).decisions).toEqual(decisions);
    // A part applied (a refused flush searching one record at a time) keeps them: records after it still need them.
    await progress.apply('p', 'log', 0, 199, []);
    expect(await attempts()).toHaveLength(1);
    expect((await progress.read('p', 'log', 0)).decisions).toEqual(decisions.slice(200));
    await progress.apply('p', 'log', 0, 499, ['2026-03']);
    expect(await stored()).toMatchObject({ appliedOffset: 499, attemptedOffset: 499, monthWrites: { '2026-03': 499 } });
    expect(await attempts()).toEqual([]);
    expect(await progress.read('p', 'log', 0)).toEqual({ applied: 499, attempted: 499, decisions: [] });
  });

  it('names an attempt only once its decisions are stored: a later attempt replaces them, an earlier one is read until then', async () => {
    const db = await freshDb();
    const progress = new MongoFoldProgress(db);
    const attempts = async () => (await db.collection<ProjectionAttemptDocument>(PROJECTION_ATTEMPTS).find({}).toArray()).map((a) => a._id).sort();
    const first = [{ offset: 0, kind: 'registered' as const }];
    const second = [...first, { offset: 1, kind: 'registered' as const }];
    await progress.attempt('p', 'log', 0, 0, first);
    await progress.attempt('p', 'log', 0, 1, second);
    await progress.attempt('p', 'log', 1, 0, first);
    expect(await progress.read('p', 'log', 0)).toEqual({ applied: -1, attempted: 1, decisions: second });
    await progress.apply('p', 'log', 0, 1, []);
    expect(await progress.read('p', 'log', 0)).toEqual({ applied: 1, attempted: 1, decisions: [] });
    // The superseded attempt goes with the applied one; another partition's stays.
    expect(await attempts()).toEqual([`${offsetDocumentId('p', 'log', 1)}#0`]);
  });

  it('drops the applied attempt also when it was written before attempts named their offset; an older such one stays', async () => {
    const db = await freshDb();
    const progress = new MongoFoldProgress(db);
    const collection = db.collection<ProjectionAttemptDocument>(PROJECTION_ATTEMPTS);
    const id = offsetDocumentId('p', 'log', 0);
    await collection.insertOne({ _id: `${id}#0`, decisionsJson: '[]' });
    await progress.attempt('p', 'log', 0, 3, [{ offset: 3, kind: 'registered' }]);
    await collection.replaceOne({ _id: `${id}#3` }, { decisionsJson: JSON.stringify([{ offset: 3, kind: 'registered' }]) });
    await progress.apply('p', 'log', 0, 3, []);
    expect((await collection.find({}).toArray()).map((a) => a._id)).toEqual([`${id}#0`]);
  });

  it('reads the decisions of an attempt recorded as an array of objects, the way it was written before decisionsJson', async () => {
    const db = await freshDb();
    const progress = new MongoFoldProgress(db);
    const decisions = [
      { offset: 3, kind: 'registered' as const },
      { offset: 4, kind: 'void-refused' as const, reason: 'already-voided' as const },
    ];
    await db.collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS).insertOne({
      _id: offsetDocumentId('p', 'log', 0),
      projection: 'p',
      topic: 'log',
      partition: 0,
      appliedOffset: 2,
      attemptedOffset: 4,
      decisions,
      updatedAt: new Date(),
    });
    expect(await progress.read('p', 'log', 0)).toEqual({ applied: 2, attempted: 4, decisions });
    await progress.attempt('p', 'log', 0, 5, [...decisions, { offset: 5, kind: 'registered' }]);
    const stored = await db.collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS).findOne({ _id: offsetDocumentId('p', 'log', 0) });
    expect(stored?.decisions).toBeUndefined();
    expect((await progress.read('p', 'log', 0)).decisions).toHaveLength(3);
  });

  it('restarts from the remembered decision state without reading a ledger document, across a whole-state rewrite', async () => {
    const db = await freshDb();
    const writes = new MongoReadModelWrites(db, 16);
    const state = new MongoDecisionState(db);
    const live = new LedgerState();
    let applied = -1;
    // More flushes than are remembered one by one, so the whole state is written and older flushes dropped.
    for (let flush = 0; flush < 70; flush++) {
      const effects = { events: [ledgerEvent(`e${flush}`, 0, flush)], settlements: [], voidRefusals: [], reimbursements: [], totals: [] };
      await writes.insertLedger(effects, NO_HEARTBEAT);
      live.apply(effects);
      await state.remember(0, applied, flush, effects, live);
      applied = flush;
    }
    expect(await db.collection(DECISION_STATE).countDocuments({ partition: 0 })).toBeLessThan(70);
    await db.collection(LEDGER_EVENTS).deleteMany({});
    const restarted = await new MongoDecisionState(db).loadPartition(0, applied, NO_HEARTBEAT);
    expect(restarted.size).toBe(70);
    expect(restarted.event('e69')?.status).toBe('pending');
  });

  it.each(['id-lookups', 'in'] as const)('places events by id for the rejections an answer names, by %s, each id once', async (shape) => {
    const db = await freshDb();
    await new MongoReadModelWrites(db, 16).insertLedger(
      { events: [ledgerEvent('e1', 0, 1), { ...ledgerEvent('e9', 1, 3), caregiverId: 'cg-9' }], settlements: [], voidRefusals: [], reimbursements: [] },
      NO_HEARTBEAT,
    );
    const placed = await new MongoLedgerReader(db, shape).caregiversOf(['e9', 'e1', 'unknown', 'e9']);
    expect([...placed].sort()).toEqual([
      ['e1', 'cg-1'],
      ['e9', 'cg-9'],
    ]);
  });

  describe('the report reader over caregiver documents', () => {
    let db: Db;
    const month = (eventCount: number, totalCents: number) => ({ ...emptyDelta(), eventCount, totalCents, pendingCents: totalCents, byType: { 'x-ray': { count: eventCount, totalCents } } });
    const group = (caregiverId: string, months: [string, number][]): CaregiverTotalsContributions => ({
      caregiverId,
      contributions: months.map(([m, count], offset) => ({ offset, month: m, delta: month(count, count * 100) })),
    });

    beforeAll(async () => {
      db = await freshDb();
      const writes = new MongoReadModelWrites(db, 16);
      await writes.addTotals(
        [
          group('a', [['2026-01', 3], ['2026-02', 1], ['2026-03', 0]]),
          group('b', [['2026-02', 1]]),
          group('c', [['2025-12', 2]]),
        ],
        { absent: new Set(['a', 'b', 'c']), mayBeApplied: false },
        NO_HEARTBEAT,
      );
      await new MongoFoldProgress(db).apply('p1', 'log', 0, 42, ['2026-01', '2026-02']);
    });

    it('reads pages in (caregiver, month) order with totals over the whole result, months without events absent', async () => {
      const reader = new MongoReportReader(db, 'p1');
      const query = monthlyReportQuery({ from: '2026-01', to: '2026-03', limit: 2 });
      const page = await monthlyReportPage(reader.monthlyTotalsRows(query), query);
      expect(page.rows.map((r) => r.id)).toEqual(['a#2026-01', 'a#2026-02']);
      expect(page.hasMore).toBe(true);
      const nextQuery = { ...query, after: page.rows[1].id };
      const next = await monthlyReportPage(reader.monthlyTotalsRows(nextQuery), nextQuery);
      expect(next.rows.map((r) => r.id)).toEqual(['b#2026-02']);
      expect(next.hasMore).toBe(false);
      expect(next.totals).toEqual({ eventCount: 5, totalCents: 500, pendingCents: 500, reimbursedCents: 0 });
      expect(next.totalsByMonth.map((m) => [m.month, m.totalCents])).toEqual([['2026-01', 300], ['2026-02', 200]]);
      const named = monthlyReportQuery({ from: '2025-12', to: '2026-02', caregiverIds: ['c', 'b', 'unknown'] });
      const rows = [];
      for await (const row of reader.monthlyTotalsRows(named)) rows.push(`${row.caregiverId}#${row.month}`);
      expect(rows).toEqual(['b#2026-02', 'c#2025-12']);
      expect(await reader.appliedState()).toEqual({ position: { 'log:0': 42 }, monthWrites: { 'log:0': { '2026-01': 42, '2026-02': 42 } } });
    });
  });

  it('rewrites a caregiver document of nested months, as written before `years`, in years on its next write, with nothing lost', async () => {
    const db = await freshDb();
    const totals = db.collection<CaregiverTotalsDocument>(CAREGIVER_TOTALS);
    const sums = (eventCount: number) => ({ ...emptyDelta(), eventCount, totalCents: eventCount * 100, pendingCents: eventCount * 100, byType: { visit: { count: eventCount, totalCents: eventCount * 100 } } });
    // As a guarded `$inc` left it: a month whose reimbursement came first lacks the other fields.
    const nested = { '2025-11': sums(2), '2025-12': { pendingCents: -50, reimbursedCents: 50 }, '2026-01': { pendingCents: -100, reimbursedCents: 100 } };
    await totals.insertOne({ _id: 'cg', caregiverId: 'cg', months: nested, lastOffset: 7 } as unknown as CaregiverTotalsDocument);
    const writes = new MongoReadModelWrites(db, 16);
    const contributions = [
      { offset: 5, month: '2026-01', delta: sums(9) },
      { offset: 8, month: '2026-01', delta: sums(1) },
      { offset: 9, month: '2026-02', delta: sums(3) },
    ];
    expect(await writes.addTotals([{ caregiverId: 'cg', contributions }], { absent: new Set(), mayBeApplied: false }, NO_HEARTBEAT)).toEqual({ written: 0, recovered: 1 });
    const doc = await totals.findOne({ _id: 'cg' });
    expect(Object.keys(doc ?? {}).sort()).toEqual(['_id', 'caregiverId', 'lastOffset', 'years']);
    expect(doc?.lastOffset).toBe(9);
    expect(monthsOf(doc ?? { years: {} })).toEqual({
      '2025-11': sums(2),
      // Not in the change, and rewritten whole all the same.
      '2025-12': { eventCount: 0, totalCents: 0, pendingCents: -50, reimbursedCents: 50, byType: {} },
      '2026-01': { eventCount: 1, totalCents: 100, pendingCents: 0, reimbursedCents: 100, byType: { visit: { count: 1, totalCents: 100 } } },
      '2026-02': sums(3),
    });
    expect(Object.keys(doc?.years ?? {}).sort()).toEqual(['2025', '2026']);
  });

  it('rewrites a year of months keyed by YYYY-MM, as the earlier release wrote it, in this form on its next write', async () => {
    const db = await freshDb();
    const totals = db.collection<CaregiverTotalsDocument>(CAREGIVER_TOTALS);
    const earlier = { 2025: '{"2025-12":[2,200,200,0,"visit",2,200]}', 2026: '{"2026-01":[1,100,100,0,"visit",1,100]}' };
    await totals.insertOne({ _id: 'cg', caregiverId: 'cg', years: earlier, lastOffset: 4 });
    const sums = (eventCount: number, code: string) => ({ ...emptyDelta(), eventCount, totalCents: eventCount * 100, pendingCents: eventCount * 100, byType: { [code]: { count: eventCount, totalCents: eventCount * 100 } } });
    const writes = new MongoReadModelWrites(db, 16);
    await writes.addTotals([{ caregiverId: 'cg', contributions: [{ offset: 6, month: '2026-01', delta: sums(2, 'bath') }] }], { absent: new Set(), mayBeApplied: false }, NO_HEARTBEAT);
    const doc = await totals.findOne({ _id: 'cg' });
    expect(doc?.years).toEqual({ 2025: '[["visit"],0,0,0,0,0,0,0,0,0,0,0,[2,200,200,0,0,2,200]]', 2026: '[["bath","visit"],[3,300,300,0,0,2,200,1,1,100]]' });
    expect(doc?.lastOffset).toBe(6);
  });

  it('throws RecordRefusedError for a write refused for what it holds, and an outage as it is', async () => {
    const db = await freshDb();
    const writes = new MongoReadModelWrites(db, 16);
    const inserts = (events: ReturnType<typeof ledgerEvent>[]) => ({ events, settlements: [], voidRefusals: [], reimbursements: [] });
    // Over the 16 MiB document limit: refused by MongoDB and FerretDB alike.
    const huge = { ...ledgerEvent('huge', 0, 1), recordedBy: 'x'.repeat(17 * 1024 * 1024) };
    await expect(writes.insertLedger(inserts([huge]), NO_HEARTBEAT)).rejects.toBeInstanceOf(RecordRefusedError);
    // A NUL character: PostgreSQL under FerretDB refuses it, MongoDB stores it; never an outage.
    const nul = { ...ledgerEvent('nul', 0, 2), recordedBy: 'user:a\u0000b' };
    const outcome = await writes.insertLedger(inserts([nul]), NO_HEARTBEAT).then(
      () => 'stored',
      (error: unknown) => (error instanceof RecordRefusedError ? 'refused' : error),
    );
    expect(['stored', 'refused']).toContain(outcome);
    const unreachable = new MongoClient('mongodb://127.0.0.1:1', { serverSelectionTimeoutMS: 300 });
    try {
      const outage = await new MongoReadModelWrites(unreachable.db('none'), 16).insertLedger(inserts([ledgerEvent('e', 0, 3)]), NO_HEARTBEAT).catch((error: unknown) => error);
      expect(outage).toBeInstanceOf(Error);
      expect(outage).not.toBeInstanceOf(RecordRefusedError);
    } finally {
      await unreachable.close();
    }
  });

  it('keeps the first definition of an event type, whatever is replayed after it', async () => {
    const db = await freshDb();
    const writes = new MongoReadModelWrites(db, 1000);
    const define = (offset: number, name: string, amountCents: number) => ({
      topic: 'catalog',
      partition: 0,
      offset,
      record: { recordId: randomUUID(), type: EVENT_TYPE_DEFINED as typeof EVENT_TYPE_DEFINED, schemaVersion: 1, recordedAt: '', correlationId: '', recordedBy: '', payload: { code: 'mri', name, amountCents, currency: 'SEK' } },
    });
    await writes.applyCatalog([define(0, 'MRI', 300000), define(1, 'Second', 1)]);
    await writes.applyCatalog([define(0, 'MRI', 300000)]);
    expect(await new MongoReportReader(db, 'p1').eventTypes()).toEqual([{ code: 'mri', name: 'MRI', currency: 'SEK', rates: [{ amountCents: 300000, effectiveFrom: null }] }]);
  });
});
