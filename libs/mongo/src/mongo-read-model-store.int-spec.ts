import { effectsOf } from '@reimbursements/domain/ledger/batch-effects';
import { decideBatch } from '@reimbursements/domain/ledger/decide-batch';
import { InMemoryLedger, upcastLogRecords } from '@reimbursements/domain/ledger/in-memory-ledger';
import { MonthlyTotalsContributions } from '@reimbursements/domain/projections/monthly-totals.fold';
import { StoredLogRecord } from '@reimbursements/domain/records/log-record';
import { PositionedRecord } from '@reimbursements/domain/records/record-envelope';
import { monthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { Db, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { ensureIndexes, MONTHLY_TOTALS } from './collections';
import { MongoReadModelStore } from './mongo-read-model-store';
import { MongoReportReader } from './mongo-report-reader';

const URI = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}`;
const TZ = 'Europe/Stockholm';

/** The monthly-totals writes of a batch of new events. */
function groupContributions(records: PositionedRecord<StoredLogRecord>[], timeZone: string): MonthlyTotalsContributions[] {
  const current = upcastLogRecords(records, timeZone);
  return effectsOf(current, decideBatch(new InMemoryLedger(timeZone), current), 'SEK').totals;
}

function event(offset: number, caregiverId: string, occurredAt: string, eventType: string, amountCents: number): PositionedRecord<StoredLogRecord> {
  return {
    topic: 'log',
    partition: 0,
    offset,
    record: {
      recordId: randomUUID(),
      type: 'EventRegistered',
      schemaVersion: 1,
      recordedAt: occurredAt,
      correlationId: 'c',
      recordedBy: 't',
      payload: { eventId: randomUUID(), caregiverId, eventType, occurredAt, amountCents, currency: 'SEK' },
    },
  };
}

describe('MongoDB adapters against the real MongoDB-wire server', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await new MongoClient(URI).connect();
    db = client.db(`int_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`);
    await ensureIndexes(db);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  const records = [
    event(0, 'a', '2026-01-10T10:00:00+01:00', 'x-ray', 50000),
    event(1, 'a', '2026-01-11T10:00:00+01:00', 'ct', 200000),
    event(2, 'b', '2026-01-31T23:30:00Z', 'x-ray', 50000), // February in Stockholm
    event(3, 'a', '2026-02-01T10:00:00+01:00', 'x-ray', 50000),
    event(4, 'a', '2026-01-12T10:00:00+01:00', 'x-ray', 50000),
  ];

  async function totals(collectionDb: Db) {
    const docs = await collectionDb.collection(MONTHLY_TOTALS).find({}).sort({ _id: 1 }).toArray();
    return docs.map((d) => ({ id: d._id, eventCount: d.eventCount, totalCents: d.totalCents, pendingCents: d.pendingCents, byType: d.byType }));
  }

  it('applies a batch as one guarded write per document, and a replay of it changes nothing', async () => {
    const store = new MongoReadModelStore(db, 1000);
    const first = await store.applyMonthlyTotals(groupContributions(records, TZ), false);
    expect(first).toEqual({ written: 3, recovered: 0 });
    const once = await totals(db);
    expect(once).toEqual([
      { id: 'a#2026-01', eventCount: 3, totalCents: 300000, pendingCents: 300000, byType: { 'x-ray': { count: 2, totalCents: 100000 }, ct: { count: 1, totalCents: 200000 } } },
      { id: 'a#2026-02', eventCount: 1, totalCents: 50000, pendingCents: 50000, byType: { 'x-ray': { count: 1, totalCents: 50000 } } },
      { id: 'b#2026-02', eventCount: 1, totalCents: 50000, pendingCents: 50000, byType: { 'x-ray': { count: 1, totalCents: 50000 } } },
    ]);

    // A replay the projector knows about reads first; one it does not (a second instance) is refused by the guards.
    expect(await store.applyMonthlyTotals(groupContributions(records, TZ), true)).toEqual({ written: 0, recovered: 3 });
    expect(await totals(db)).toEqual(once);
    expect(await store.applyMonthlyTotals(groupContributions(records, TZ), false)).toEqual({ written: 0, recovered: 3 });
    expect(await totals(db)).toEqual(once);
  });

  it('after a crash that left a batch half-applied, a replay with other batch boundaries applies only the rest', async () => {
    const other = client.db(`${db.databaseName}_b`);
    try {
      const writes: string[] = [];
      // Two documents per write: "crash" after the first write of the first attempt.
      const crashing = new MongoReadModelStore(other, 1, () => {
        writes.push('boundary');
        throw new Error('crash between writes');
      });
      await expect(crashing.applyMonthlyTotals(groupContributions(records.slice(0, 4), TZ), false)).rejects.toThrow('crash');
      expect(writes).toEqual(['boundary']);
      const partial = await totals(other);
      expect(partial.map((t) => t.id)).toEqual(['a#2026-01']);
      expect(partial[0].eventCount).toBe(2);

      // The redelivery starts at the same record but now also holds offset 4.
      const store = new MongoReadModelStore(other, 1000);
      const outcome = await store.applyMonthlyTotals(groupContributions(records, TZ), true);
      expect(outcome.recovered).toBe(3);
      expect(await totals(other)).toEqual(await totals(db));
    } finally {
      await other.dropDatabase();
    }
  });

  it('keeps attempted and applied offsets per projection and partition', async () => {
    const store = new MongoReadModelStore(db, 1000);
    await store.markAttempted('p1', 'log', 0, 41, []);
    await store.saveAppliedOffset('p1', 'log', 0, 41);
    await store.markAttempted('p1', 'log', 0, 42, []);
    await store.saveAppliedOffset('p1', 'log', 0, 42);
    await store.markAttempted('p1', 'log', 3, 9, [{ offset: 5, kind: 'registered' }]);
    await store.saveAppliedOffset('p2', 'log', 0, 1);
    expect(await store.progress('p1')).toEqual(
      new Map([
        ['log:0', { applied: 42, attempted: 42, decisions: [] }],
        ['log:3', { applied: -1, attempted: 9, decisions: [{ offset: 5, kind: 'registered' }] }],
      ]),
    );
    await store.saveAppliedOffset('p1', 'log', 3, 7);
  });

  it('keeps the first definition of an event type, whatever is replayed after it', async () => {
    const store = new MongoReadModelStore(db, 1000);
    const define = (offset: number, name: string, amountCents: number) => ({
      topic: 'catalog',
      partition: 0,
      offset,
      record: { recordId: randomUUID(), type: 'EventTypeDefined' as const, schemaVersion: 1, recordedAt: '', correlationId: '', recordedBy: '', payload: { code: 'mri', name, amountCents, currency: 'SEK' } },
    });
    await store.applyCatalog([define(0, 'MRI', 300000), define(1, 'Second', 1)]);
    await store.applyCatalog([define(0, 'MRI', 300000)]);
    const reader = new MongoReportReader(db, 'p1');
    expect(await reader.eventTypes()).toEqual([{ code: 'mri', name: 'MRI', currency: 'SEK', rates: [{ amountCents: 300000, effectiveFrom: null }] }]);
  });

  it('reads report pages in (caregiver, month) order with totals over the whole result', async () => {
    const reader = new MongoReportReader(db, 'p1');
    const query = monthlyReportQuery({ from: '2026-01', to: '2026-02', limit: 2 });
    const page = await reader.monthlyTotalsPage(query);
    expect(page.rows.map((r) => r.id)).toEqual(['a#2026-01', 'a#2026-02']);
    expect(page.hasMore).toBe(true);
    const next = await reader.monthlyTotalsPage({ ...query, after: page.rows[1].id });
    expect(next.rows.map((r) => r.id)).toEqual(['b#2026-02']);
    expect(next.hasMore).toBe(false);
    const summary = await reader.monthlyTotalsSummary(query);
    expect(summary.totals).toEqual({ eventCount: 5, totalCents: 400000, pendingCents: 400000, reimbursedCents: 0 });
    expect(summary.totalsByMonth.map((m) => m.month)).toEqual(['2026-01', '2026-02']);
    expect(summary.totalsByMonth.reduce((sum, m) => sum + m.totalCents, 0)).toBe(400000);
    const onlyB = monthlyReportQuery({ from: '2026-02', to: '2026-02', caregiverIds: ['b'] });
    expect((await reader.monthlyTotalsPage(onlyB)).rows.map((r) => r.id)).toEqual(['b#2026-02']);
    expect(await reader.appliedPosition()).toEqual({ 'log:0': 42, 'log:3': 7 });
  });

  it('writes a batch\'s ledger documents once however often it is applied, and loads a partition\'s state back', async () => {
    const store = new MongoReadModelStore(db, 1000);
    const batch = upcastLogRecords(
      [event(100, 'led', '2026-03-10T10:00:00+01:00', 'x-ray', 50000), event(101, 'led', '2026-03-11T10:00:00+01:00', 'ct', 200000)],
      TZ,
    ).map((r) => ({ ...r, partition: 4 }));
    const [first, second] = batch.map((r) => (r.record.payload as { eventId: string }).eventId);
    const voidOf = {
      topic: 'log',
      partition: 4,
      offset: 102,
      record: { recordId: randomUUID(), type: 'EventVoided' as const, schemaVersion: 1, recordedAt: '2026-03-12T00:00:00Z', correlationId: 'c', recordedBy: 't', payload: { eventId: first, caregiverId: 'led', reason: 'r' } },
    };
    const records = [...batch, voidOf];
    const effects = effectsOf(records, decideBatch(new InMemoryLedger(TZ), records), 'SEK');
    await store.applyLedger(effects, false);
    await store.applyLedger(effects, true);
    const state = await store.loadPartitionLedger(4, async () => undefined);
    expect(state.size).toBe(2);
    expect(state.event(first)?.status).toBe('voided');
    expect(state.event(second)).toMatchObject({ status: 'pending', month: '2026-03', amountCents: 200000 });
    expect((await store.loadPartitionLedger(3, async () => undefined)).size).toBe(0);
    const foreign = await store.loadForeignLedger([second, randomUUID()], []);
    expect(foreign.event(second)?.caregiverId).toBe('led');
    expect(await db.collection('ledger_events').countDocuments({ caregiverId: 'led' })).toBe(2);
  });
});
