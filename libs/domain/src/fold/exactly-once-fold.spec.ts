import { quietFoldObserver } from './quiet-fold-observer';
import { prng } from '../testing/prng';
import { EVENT_REGISTERED, EVENT_REGISTERED_SCHEMA_VERSION, EventRegistered } from '../events/event-registered.record';
import { EVENT_VOIDED, EventVoided } from '../events/event-voided.record';
import { EVENT_TYPE_DEFINED, EventTypeDefined } from '../catalog/event-type-defined.record';
import { RecordSkip } from '../ops/record-skipped.record';
import { StuckRecord, UnreadableRecord } from '../ops/stuck-record';
import { InMemoryLedger } from '../ledger/in-memory-ledger';
import { LedgerDecision } from '../ledger/ledger-decision';
import { CatalogRecord, KnownRecord, LogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';
import { REIMBURSEMENT_REQUESTED, ReimbursementRequested } from '../reimbursements/reimbursement-requested.record';
import { ExactlyOnceFold, FoldBoundary, FoldObserver, FoldSettings } from './exactly-once-fold';
import { InMemoryReadModels, StoreFault } from './in-memory-read-models';
import { InMemoryRecordSkips } from './in-memory-record-skips';
import { LedgerInserts } from '../ports/read-model-writes.port';

const TOPIC = 'log';
const PARTITIONS = 2;
const SETTINGS: FoldSettings = {
  projection: 'read-models',
  catalogTopic: 'catalog',
  currency: 'SEK',
  timeZone: 'Europe/Stockholm',
  holdRecords: 40,
  holdMs: 60_000,
  catchUpHoldMs: 60_000,
  refusalsBeforeStuck: 3,
  retryMs: 1_000,
};
const BOUNDARIES: FoldBoundary[] = ['after-decisions', 'between-writes', 'after-read-model-writes'];

/** A process crash at a boundary, thrown by the observer. */
class Crash extends Error {}

/**
 * A random log of two partitions: registrations (with retries and conflicting reuses of ids),
 * voids (of own, other caregivers' and unknown events) and reimbursements by ids and by month.
 * Every record only names events of its own partition, so folding it once is the oracle.
 */
function generateLog(seed: number, perPartition = 160): PositionedRecord<LogRecord>[][] {
  const random = prng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  return Array.from({ length: PARTITIONS }, (_, partition) => {
    const caregivers = [`cg-${partition}-a`, `cg-${partition}-b`, `cg-${partition}-c`];
    const events: { eventId: string; caregiverId: string; month: string }[] = [];
    const records: PositionedRecord<LogRecord>[] = [];
    const envelope = (offset: number) => ({
      recordId: `rec-${partition}-${offset}`,
      recordedAt: `2026-04-01T00:00:${String(offset % 60).padStart(2, '0')}.000Z`,
      correlationId: `corr-${offset}`,
      recordedBy: 'user:test',
    });
    for (let offset = 0; offset < perPartition; offset++) {
      const roll = random();
      let record: LogRecord;
      if (roll < 0.55 || events.length === 0) {
        const reuse = events.length > 0 && random() < 0.1 ? pick(events) : undefined;
        const caregiverId = reuse?.caregiverId ?? pick(caregivers);
        const day = 1 + Math.floor(random() * 27);
        const month = pick(['2026-01', '2026-02', '2026-03']);
        const sameMonth = reuse?.month ?? month;
        const eventId = reuse?.eventId ?? `ev-${partition}-${offset}`;
        // A reuse is a retry (same content) or a conflict (another type): the first record stands.
        const eventType = reuse && random() < 0.5 ? 'conflicting' : 'bathing';
        const payload = {
          eventId,
          caregiverId,
          eventType,
          occurredAt: `${sameMonth}-${String(reuse ? 10 : day).padStart(2, '0')}T10:00:00+01:00`,
          month: sameMonth,
          amountCents: eventType === 'bathing' ? 100 + offset : 7,
          currency: 'SEK',
        };
        if (!reuse) events.push({ eventId, caregiverId, month: sameMonth });
        record = { ...envelope(offset), type: EVENT_REGISTERED, schemaVersion: EVENT_REGISTERED_SCHEMA_VERSION, payload } as EventRegistered;
      } else if (roll < 0.75) {
        const target = random() < 0.1 ? { eventId: `unknown-${offset}`, caregiverId: pick(caregivers) } : pick(events);
        const caregiverId = random() < 0.15 ? pick(caregivers) : target.caregiverId;
        record = { ...envelope(offset), type: EVENT_VOIDED, schemaVersion: 1, payload: { eventId: target.eventId, caregiverId, reason: 'twice' } } as EventVoided;
      } else {
        const reimbursementId = random() < 0.1 && offset > 5 ? `re-${partition}-${offset - 3}` : `re-${partition}-${offset}`;
        const target = pick(events);
        const payload =
          random() < 0.4
            ? { reimbursementId, caregiverId: target.caregiverId, month: target.month }
            : { reimbursementId, caregiverId: target.caregiverId, eventIds: [...new Set([target.eventId, pick(events).eventId])] };
        record = { ...envelope(offset), type: REIMBURSEMENT_REQUESTED, schemaVersion: 1, payload } as ReimbursementRequested;
      }
      records.push({ topic: TOPIC, partition, offset, record });
    }
    return records;
  });
}

/** What the read models must hold: the log folded once, without crashes, in memory. */
function oracle(log: PositionedRecord<LogRecord>[][]) {
  const ledger = new InMemoryLedger(SETTINGS.timeZone, SETTINGS.currency);
  for (const records of log) ledger.fold(records);
  return {
    totals: Object.fromEntries([...ledger.totals].filter(([, t]) => t.eventCount !== 0 || t.pendingCents !== 0 || t.reimbursedCents !== 0)),
    statuses: Object.fromEntries([...ledger.events].map(([id, e]) => [id, e.status])),
    reimbursements: Object.fromEntries([...ledger.reimbursements].map(([id, r]) => [id, { status: r.status, eventIds: r.eventIds, amountCents: r.amountCents }])),
    voidRefusals: ledger.voidRefusals.length,
    decisions: ledger.decisions,
  };
}

function readModels(store: InMemoryReadModels) {
  const totals: Record<string, unknown> = {};
  for (const [caregiverId, doc] of store.totals) {
    for (const [month, sums] of Object.entries(doc.months)) {
      if (sums.eventCount !== 0 || sums.pendingCents !== 0 || sums.reimbursedCents !== 0) totals[`${caregiverId}#${month}`] = { caregiverId, month, ...sums };
    }
  }
  return {
    totals,
    statuses: Object.fromEntries([...store.events.keys()].map((id) => [id, store.settlements.get(id)?.status ?? 'pending'])),
    reimbursements: Object.fromEntries([...store.reimbursements].map(([id, r]) => [id, { status: r.status, eventIds: r.eventIds, amountCents: r.amountCents }])),
    voidRefusals: store.voidRefusals.size,
  };
}

interface Faults {
  /** Chance per boundary reached that the process crashes there. */
  crashAt?: number;
  /** Chance per flush that a write stops part-way (a store fault inside a bulk write). */
  storeFault?: number;
  /** Chance per batch that the partitions are rebalanced (memory forgotten, redelivery from the commit). */
  rebalance?: number;
  /** Chance per batch that the consumer crashes after the fold returned, before it committed. */
  crashBeforeCommit?: number;
}

/**
 * A consumer group of one member over the two partitions: batches of random size from each
 * partition's fetch position, a commit when the fold says so, a rewind when it asks. A crash kills
 * the process: a new ExactlyOnceFold (nothing in memory) resumes from the committed offsets.
 */
function consume(log: PositionedRecord<LogRecord>[][], store: InMemoryReadModels, seed: number, faults: Faults = {}) {
  const random = prng(seed);
  let crashes = 0;
  let flushesOfSeveralBatches = 0;
  let batchesSinceFlush = [0, 0];
  const observer: FoldObserver = quietFoldObserver({
    reached: () => {
      if (random() < (faults.crashAt ?? 0)) {
        crashes += 1;
        throw new Crash('crash at a boundary');
      }
    },
    flushed: ({ partition }) => {
      if (batchesSinceFlush[partition] > 1) flushesOfSeveralBatches += 1;
      batchesSinceFlush[partition] = 0;
    },
  });
  const start = () => new ExactlyOnceFold({ progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() }, SETTINGS, observer, () => 0);
  let fold = start();
  const committed = log.map(() => 0);
  const position = log.map(() => 0);
  const restart = () => {
    fold = start();
    position.splice(0, position.length, ...committed);
    batchesSinceFlush = [0, 0];
  };
  return (async () => {
    for (let step = 0; committed.some((c, p) => c < log[p].length); step++) {
      if (step > 20_000) throw new Error('the fold made no progress');
      const partition = Math.floor(random() * PARTITIONS);
      const records = log[partition];
      if (position[partition] >= records.length) {
        if (committed[partition] < records.length) restart();
        continue;
      }
      const slice = records.slice(position[partition], position[partition] + 1 + Math.floor(random() * 12));
      const lastOffset = slice[slice.length - 1].offset;
      if (random() < (faults.storeFault ?? 0)) store.failAfterWrites(Math.floor(random() * 30));
      try {
        batchesSinceFlush[partition] += 1;
        const result = await fold.fold({
          topic: TOPIC,
          partition,
          records: slice as PositionedRecord<KnownRecord>[],
          firstOffset: slice[0].offset,
          lastOffset,
          caughtUp: lastOffset === records.length - 1,
          heartbeat: async () => undefined,
        });
        if (random() < (faults.crashBeforeCommit ?? 0)) {
          crashes += 1;
          restart();
          continue;
        }
        if (result.rewindTo !== undefined) position[partition] = result.rewindTo;
        else position[partition] = lastOffset + 1;
        if (result.commit !== undefined) committed[partition] = result.commit + 1;
        if (random() < (faults.rebalance ?? 0)) {
          fold.forget();
          position.splice(0, position.length, ...committed);
        }
      } catch (error) {
        if (!(error instanceof Crash || error instanceof StoreFault)) throw error;
        crashes += 1;
        restart();
      }
    }
    store.failAfterWrites(Infinity);
    return { crashes, flushesOfSeveralBatches };
  })();
}

const SEEDS = [1, 7, 42, 2026, 31337];

describe('the exactly-once fold', () => {
  it.each(SEEDS)('folds a log without faults into the oracle, several batches per flush (seed %i)', async (seed) => {
    const log = generateLog(seed);
    const store = new InMemoryReadModels();
    const { flushesOfSeveralBatches } = await consume(log, store, seed);
    expect(flushesOfSeveralBatches).toBeGreaterThan(0);
    const { decisions: _decisions, ...expected } = oracle(log);
    expect(readModels(store)).toEqual(expected);
  });

  it.each(SEEDS)('never changes a ledger document after writing it, whatever it replays (seed %i)', async (seed) => {
    // The in-memory store keeps the objects it is given, as fast as the fold needs; MongoDB keeps a
    // copy. Both hold the same only while the fold leaves what it wrote alone: a copy of each
    // document as first written must equal the document at the end.
    const firstWritten = new Map<unknown, unknown>();
    class CopyingReadModels extends InMemoryReadModels {
      override async insertLedger(inserts: LedgerInserts, heartbeat: () => Promise<void>): Promise<void> {
        await super.insertLedger(inserts, heartbeat);
        for (const doc of [...inserts.events, ...inserts.settlements, ...inserts.voidRefusals, ...inserts.reimbursements]) {
          if (!firstWritten.has(doc)) firstWritten.set(doc, structuredClone(doc));
        }
      }
    }
    const store = new CopyingReadModels();
    await consume(generateLog(seed), store, seed * 13, { crashAt: 0.05, rebalance: 0.05, crashBeforeCommit: 0.05 });
    const held = [...store.events.values(), ...store.settlements.values(), ...store.voidRefusals.values(), ...store.reimbursements.values()];
    expect(held.length).toBeGreaterThan(100);
    for (const doc of held) expect(doc).toEqual(firstWritten.get(doc));
  });

  it('writes each caregiver once per flush, however many batches the flush holds', async () => {
    const log = generateLog(3);
    const store = new InMemoryReadModels();
    const fold = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() }, { ...SETTINGS, holdRecords: 1_000 }, quietObserver(), () => 0);
    for (let offset = 0; offset < 150; offset += 10) {
      const slice = log[0].slice(offset, offset + 10) as PositionedRecord<KnownRecord>[];
      const result = await fold.fold({ topic: TOPIC, partition: 0, records: slice, firstOffset: offset, lastOffset: offset + 9, caughtUp: false, heartbeat: async () => undefined });
      expect(result.commit).toBeUndefined();
    }
    expect(store.totals.size).toBe(0);
    const writesBefore = store.documentWrites;
    const last = log[0].slice(150) as PositionedRecord<KnownRecord>[];
    const result = await fold.fold({ topic: TOPIC, partition: 0, records: last, firstOffset: 150, lastOffset: 159, caughtUp: true, heartbeat: async () => undefined });
    expect(result.commit).toBe(159);
    const ledgerDocuments = store.events.size + store.settlements.size + store.voidRefusals.size + store.reimbursements.size;
    // attempt + ledger inserts + one totals document per caregiver (3) + apply + the decision state remembered
    expect(store.documentWrites - writesBefore).toBe(1 + ledgerDocuments + 3 + 1 + 1);
  });

  it("decides from its own partition's state only, so how far another partition is folded, and how the log is cut into batches, change nothing", async () => {
    // A void, a reimbursement and a registration on partition 0 naming an event partition 1 holds
    // (another caregiver's): had the decisions read partition 1's documents, they would depend on
    // whether it had been folded first, which differs between the live fold, a replay and a rebuild.
    const envelope = (offset: number) => ({ recordId: `rec-${offset}`, recordedAt: '2026-04-01T00:00:00.000Z', correlationId: `corr-${offset}`, recordedBy: 'user:test' });
    const registered = (offset: number, eventId: string, caregiverId: string, amountCents: number): EventRegistered => ({
      ...envelope(offset),
      type: EVENT_REGISTERED,
      schemaVersion: EVENT_REGISTERED_SCHEMA_VERSION,
      payload: { eventId, caregiverId, eventType: 'bathing', occurredAt: '2026-03-10T10:00:00+01:00', month: '2026-03', amountCents, currency: 'SEK' },
    });
    const voided = (offset: number, eventId: string, caregiverId: string): EventVoided => ({ ...envelope(offset), type: EVENT_VOIDED, schemaVersion: 1, payload: { eventId, caregiverId, reason: 'twice' } });
    const reimbursed = (offset: number, caregiverId: string, eventIds: string[]): ReimbursementRequested => ({
      ...envelope(offset),
      type: REIMBURSEMENT_REQUESTED,
      schemaVersion: 1,
      payload: { reimbursementId: `re-${offset}`, caregiverId, eventIds },
    });
    const positioned = (partition: number, records: LogRecord[]) => records.map((record, offset) => ({ topic: TOPIC, partition, offset, record }));
    const other = positioned(1, [registered(0, 'ev-x', 'cg-b', 500)]);
    const own = positioned(0, [registered(0, 'ev-1', 'cg-a', 100), voided(1, 'ev-x', 'cg-a'), reimbursed(2, 'cg-a', ['ev-1', 'ev-x']), registered(3, 'ev-x', 'cg-a', 100)]);
    const batch = (records: PositionedRecord<LogRecord>[]) => ({
      topic: TOPIC,
      partition: records[0].partition,
      records,
      firstOffset: records[0].offset,
      lastOffset: records[records.length - 1].offset,
      caughtUp: true,
      heartbeat: async () => undefined,
    });
    const run = async (order: PositionedRecord<LogRecord>[][]) => {
      const store = new InMemoryReadModels();
      const fold = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() }, SETTINGS, quietObserver(), () => 0);
      for (const records of order) expect((await fold.fold(batch(records))).commit).toBe(records[records.length - 1].offset);
      return { totals: store.totals, reimbursements: store.reimbursements, settlements: store.settlements, voidRefusals: store.voidRefusals };
    };
    const otherFirst = await run([other, own]);
    expect(await run([own, other])).toEqual(otherFirst);
    expect(await run([other, own.slice(0, 2), own.slice(2)])).toEqual(otherFirst);
    expect(await run([own.slice(0, 1), other, own.slice(1, 3), own.slice(3)])).toEqual(otherFirst);
    // The reimbursement is decided as unknown for ev-x (the query-api names another caregiver's event
    // when it answers), and cg-a's registration of ev-x counts on its own partition.
    expect(otherFirst.reimbursements.get('re-2')?.rejections).toEqual([{ eventId: 'ev-x', reason: 'unknown' }]);
    expect(otherFirst.totals.get('cg-a')?.months['2026-03'].eventCount).toBe(2);
    expect(otherFirst.settlements.size).toBe(0);
  });

  it('cuts a hold short after the catch-up time while the log held records behind the batch, after the hold time otherwise', async () => {
    const log = generateLog(3);
    const store = new InMemoryReadModels();
    let now = 0;
    const fold = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() }, { ...SETTINGS, holdRecords: 100, holdMs: 2_000, catchUpHoldMs: 10_000 }, quietObserver(), () => now);
    const deliver = (from: number, behind: number) =>
      fold.fold({ topic: TOPIC, partition: 0, records: log[0].slice(from, from + 10) as PositionedRecord<KnownRecord>[], firstOffset: from, lastOffset: from + 9, caughtUp: false, behind, heartbeat: async () => undefined });
    expect((await deliver(0, 150)).commit).toBeUndefined();
    now = 9_000;
    // Catching up: the hold time (2 s) has passed, the catch-up time (10 s) has not.
    expect((await deliver(10, 140)).commit).toBeUndefined();
    expect(store.totals.size).toBe(0);
    now = 10_000;
    expect((await deliver(20, 130)).commit).toBe(29);
    expect(store.totals.size).toBeGreaterThan(0);
    now = 11_000;
    expect((await deliver(30, 120)).commit).toBeUndefined();
    now = 12_000;
    expect((await deliver(40, 110)).commit).toBeUndefined();
    now = 13_000;
    // Unknown how far behind: the hold time applies, as before `behind` was known.
    expect((await fold.fold({ topic: TOPIC, partition: 0, records: log[0].slice(50, 60) as PositionedRecord<KnownRecord>[], firstOffset: 50, lastOffset: 59, caughtUp: false, heartbeat: async () => undefined })).commit).toBe(59);
  });

  it.each(BOUNDARIES)('completes a multi-batch flush that crashed at %s exactly once', async (boundary) => {
    const log = generateLog(11);
    const store = new InMemoryReadModels();
    let armed = true;
    const crashing: FoldObserver = {
      ...quietObserver(),
      reached: (b) => {
        if (armed && b === boundary) {
          armed = false;
          throw new Crash(b);
        }
      },
    };
    const first = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() }, { ...SETTINGS, holdRecords: 1_000 }, crashing, () => 0);
    const batches = [0, 40, 80, 120].map((from) => log[0].slice(from, from + 40) as PositionedRecord<KnownRecord>[]);
    const deliver = (fold: ExactlyOnceFold, records: PositionedRecord<KnownRecord>[], caughtUp: boolean) =>
      fold.fold({ topic: TOPIC, partition: 0, records, firstOffset: records[0].offset, lastOffset: records[records.length - 1].offset, caughtUp, heartbeat: async () => undefined });
    for (const batch of batches.slice(0, 3)) await deliver(first, batch, false);
    await expect(deliver(first, batches[3], true)).rejects.toThrow(Crash);
    expect(armed).toBe(false);
    const progress = await store.read(SETTINGS.projection, TOPIC, 0);
    expect(progress.applied).toBe(-1);
    expect(progress.attempted).toBe(159);
    // The restarted process gets every record again from the committed offset (none).
    const second = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() }, { ...SETTINGS, holdRecords: 1_000 }, quietObserver(), () => 0);
    for (const [i, batch] of batches.entries()) await deliver(second, batch, i === batches.length - 1);
    const { decisions: _decisions, ...expected } = oracle([log[0], []]);
    expect(readModels(store)).toEqual(expected);
    expect((await store.read(SETTINGS.projection, TOPIC, 0)).applied).toBe(159);
  });

  it('replays a half-written flush with the decisions it recorded, not with decisions taken again', async () => {
    const log = generateLog(5);
    const store = new InMemoryReadModels();
    let armed = true;
    const crashing: FoldObserver = { ...quietObserver(), reached: (b) => {
      if (armed && b === 'between-writes') {
        armed = false;
        throw new Crash(b);
      }
    } };
    const records = log[0].slice(0, 60) as PositionedRecord<KnownRecord>[];
    const batch = { topic: TOPIC, partition: 0, records, firstOffset: 0, lastOffset: 59, caughtUp: true, heartbeat: async () => undefined };
    await expect(new ExactlyOnceFold({ progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() }, SETTINGS, crashing, () => 0).fold(batch)).rejects.toThrow(Crash);
    // Tamper with the recorded decisions: a replay that decided again would not see this.
    const recorded = store.offsets.get(`${SETTINGS.projection}#${TOPIC}#0`);
    const firstRegistration = records.find((r) => r.record.type === EVENT_REGISTERED) as PositionedRecord<EventRegistered>;
    const tampered: LedgerDecision[] = (recorded?.decisions ?? []).map((d) => (d.offset === firstRegistration.offset ? { offset: d.offset, kind: 'conflict' } : d));
    store.offsets.set(`${SETTINGS.projection}#${TOPIC}#0`, { ...(recorded ?? { applied: -1, attempted: 59 }), decisions: tampered });
    store.totals.clear();
    await new ExactlyOnceFold({ progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() }, SETTINGS, quietObserver(), () => 0).fold(batch);
    const counted = Object.values(store.totals.get(firstRegistration.record.payload.caregiverId)?.months ?? {}).reduce((n, m) => n + m.eventCount, 0);
    const expected = oracle([log[0].slice(0, 60), []]);
    const oracleCount = Object.values(expected.totals)
      .filter((t) => (t as { caregiverId: string }).caregiverId === firstRegistration.record.payload.caregiverId)
      .reduce((n, t) => n + (t as { eventCount: number }).eventCount, 0);
    expect(counted).toBe(oracleCount - 1);
  });

  it('asks the consumer to rewind when a batch starts after what the read models hold', async () => {
    const log = generateLog(9);
    const store = new InMemoryReadModels();
    const fold = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() }, SETTINGS, quietObserver(), () => 0);
    const late = log[0].slice(30, 40) as PositionedRecord<KnownRecord>[];
    expect(await fold.fold({ topic: TOPIC, partition: 0, records: late, firstOffset: 30, lastOffset: 39, caughtUp: true, heartbeat: async () => undefined })).toEqual({ rewindTo: 0 });
    expect(store.documentWrites).toBe(0);
  });

  it.each(SEEDS)('equals the oracle through crashes at every boundary, store faults, rebalances and lost commits (seed %i)', async (seed) => {
    const log = generateLog(seed);
    const store = new InMemoryReadModels();
    const { crashes } = await consume(log, store, seed * 31, { crashAt: 0.08, storeFault: 0.08, rebalance: 0.05, crashBeforeCommit: 0.05 });
    expect(crashes).toBeGreaterThan(5);
    const { decisions: _decisions, ...expected } = oracle(log);
    expect(readModels(store)).toEqual(expected);
  });

  it.each(SEEDS)("moves a month's last write whenever a flush changed that month's totals, through crashes and faults (seed %i)", async (seed) => {
    const log = generateLog(seed);
    const store = new InMemoryReadModels();
    // What a partition's months held, and their last writes, at its previous apply.
    const seen = new Map<string, { sums: string; write: number }>();
    const monthsOf = (partition: number) => {
      const sums = new Map<string, string>();
      for (const [caregiverId, doc] of store.totals) {
        if (!caregiverId.startsWith(`cg-${partition}-`)) continue;
        for (const [month, s] of Object.entries(doc.months)) sums.set(month, `${sums.get(month) ?? ''}${caregiverId}:${JSON.stringify(s)};`);
      }
      return sums;
    };
    let checked = 0;
    const apply = store.apply.bind(store);
    store.apply = async (projection, topic, partition, offset, months) => {
      await apply(projection, topic, partition, offset, months);
      const writes = store.monthWrites.get(`${projection}#${topic}#${partition}`) ?? {};
      for (const [month, sums] of monthsOf(partition)) {
        const before = seen.get(`${partition}#${month}`);
        const write = writes[month] ?? -1;
        if (before && before.sums !== sums) {
          expect(write).toBeGreaterThan(before.write);
          checked += 1;
        }
        if (!before) expect(write).toBeGreaterThanOrEqual(0);
        seen.set(`${partition}#${month}`, { sums, write });
      }
    };
    await consume(log, store, seed * 17, { crashAt: 0.08, storeFault: 0.08, rebalance: 0.05, crashBeforeCommit: 0.05 });
    expect(checked).toBeGreaterThan(10);
  });

  it('keeps the read models exact when a writer that lost its partition finishes a stale flush late', async () => {
    const log = generateLog(77);
    const store = new InMemoryReadModels();
    const ports = { progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() };
    const records = log[0] as PositionedRecord<KnownRecord>[];
    const batch = (from: number, to: number, caughtUp: boolean) => ({
      topic: TOPIC,
      partition: 0,
      records: records.slice(from, to + 1),
      firstOffset: from,
      lastOffset: to,
      caughtUp,
      heartbeat: async () => undefined,
    });
    const zombie = new ExactlyOnceFold(ports, { ...SETTINGS, holdRecords: 1_000 }, quietObserver(), () => 0);
    await zombie.fold(batch(0, 49, false));
    // The partition moves to another member, which folds everything.
    const owner = new ExactlyOnceFold(ports, SETTINGS, quietObserver(), () => 0);
    await owner.fold(batch(0, 99, true));
    await owner.fold(batch(100, 159, true));
    // The old member's last batch ends its hold and flushes what it decided long ago.
    await zombie.fold(batch(50, 99, true));
    const { decisions: _decisions, ...expected } = oracle([log[0], []]);
    expect(readModels(store)).toEqual(expected);
    expect((await store.read(SETTINGS.projection, TOPIC, 0)).applied).toBe(159);
  });
});


/** What the fold told about refusals, stuck partitions and skips. */
function opsObserver() {
  const seen = { refused: [] as { partition: number; offset: number; times: number }[], stuck: [] as (StuckRecord & { partition: number })[], unstuck: [] as number[], skipped: [] as RecordSkip[] };
  const observer: FoldObserver = {
    ...quietObserver(),
    refused: (_topic, partition, { offset, times }) => seen.refused.push({ partition, offset, times }),
    stuck: (_topic, partition, stuck) => seen.stuck.push({ ...stuck, partition }),
    unstuck: (_topic, partition) => seen.unstuck.push(partition),
    skipped: (skip) => seen.skipped.push(skip),
  };
  return { seen, observer };
}

/**
 * A consumer of one partition that follows the fold's commits and rewinds (waits are not slept:
 * the fold only says how long to wait), for at most `deliveries` batches.
 */
async function drive(
  fold: ExactlyOnceFold,
  topic: string,
  partition: number,
  records: PositionedRecord<KnownRecord>[],
  options: { unreadable?: UnreadableRecord[]; batchSize?: number; deliveries?: number } = {},
): Promise<{ committed: number; retries: number }> {
  const unreadable = options.unreadable ?? [];
  const last = Math.max(...records.map((r) => r.offset), ...unreadable.map((u) => u.offset));
  let position = 0;
  let committed = -1;
  let retries = 0;
  for (let delivery = 0; committed < last && delivery < (options.deliveries ?? 200); delivery++) {
    const to = Math.min(position + (options.batchSize ?? 25) - 1, last);
    const within = <T extends { offset: number }>(items: T[]) => items.filter((r) => r.offset >= position && r.offset <= to);
    const result = await fold.fold({
      topic,
      partition,
      records: within(records),
      unreadable: within(unreadable),
      firstOffset: position,
      lastOffset: to,
      caughtUp: to === last,
      heartbeat: async () => undefined,
    });
    if (result.commit !== undefined) committed = Math.max(committed, result.commit);
    if (result.retryAfterMs !== undefined) retries += 1;
    position = result.rewindTo ?? to + 1;
  }
  return { committed, retries };
}

const skipOf = (topic: string, partition: number, offset: number): RecordSkip & { projection: string } => ({
  projection: 'read-models',
  topic,
  partition,
  offset,
  reason: 'refused by the store',
  skippedBy: 'user:admin',
  skippedAt: '2026-11-30T10:00:00.000Z',
});

describe('poison records', () => {
  const NUL = '\u0000';

  /** Partition 0's record at offset 50 becomes a registration whose event type the store refuses (a NUL character). */
  function poisoned(seed: number) {
    const log = generateLog(seed);
    const victim = log[0][50];
    const payload = { eventId: 'poison', caregiverId: 'cg-0-a', eventType: `bath${NUL}ing`, occurredAt: '2026-02-10T10:00:00+01:00', month: '2026-02', amountCents: 5, currency: 'SEK' };
    log[0][50] = { ...victim, record: { ...victim.record, type: EVENT_REGISTERED, schemaVersion: EVENT_REGISTERED_SCHEMA_VERSION, payload } as EventRegistered };
    return log;
  }

  it('finds the refused record inside a flush of many, stops only its partition there, and is stuck after the refusals configured', async () => {
    const log = poisoned(13);
    const store = new InMemoryReadModels();
    store.refusedText = NUL;
    const skips = new InMemoryRecordSkips();
    const { seen, observer } = opsObserver();
    const fold = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips }, { ...SETTINGS, holdRecords: 1_000 }, observer, () => Date.parse('2026-11-30T09:00:00Z'));

    const stopped = await drive(fold, TOPIC, 0, log[0] as PositionedRecord<KnownRecord>[], { deliveries: 150 });
    const other = await drive(fold, TOPIC, 1, log[1] as PositionedRecord<KnownRecord>[]);

    expect(stopped.committed).toBe(49);
    expect((await store.read(SETTINGS.projection, TOPIC, 0)).applied).toBe(49);
    expect(other.committed).toBe(159);
    // Only refusals of the one record are counted, never the refused flush of many.
    expect(new Set(seen.refused.map((r) => `${r.partition}@${r.offset}`))).toEqual(new Set(['0@50']));
    expect(seen.stuck).toEqual([
      { partition: 0, offset: 50, recordId: 'rec-0-50', recordType: EVENT_REGISTERED, reason: 'unsupported Unicode escape sequence', since: '2026-11-30T09:00:00.000Z' },
    ]);
    expect(seen.refused.filter((r) => r.times >= SETTINGS.refusalsBeforeStuck).length).toBeGreaterThan(0);
    const { decisions: _d, ...upToPoison } = oracle([log[0].slice(0, 50), log[1]]);
    expect(readModels(store)).toEqual(upToPoison);

    // An admin skips it: the next retry reads the control topic again and folds past it.
    const readsBefore = skips.reads;
    skips.skips.push(skipOf(TOPIC, 0, 50));
    expect((await drive(fold, TOPIC, 0, log[0] as PositionedRecord<KnownRecord>[])).committed).toBe(159);
    expect(skips.reads).toBeGreaterThan(readsBefore);
    expect(seen.unstuck).toEqual([0]);
    expect(seen.skipped.map((s) => s.offset)).toContain(50);
    const withoutPoison = [log[0].filter((r) => r.offset !== 50), log[1]];
    const { decisions: _e, ...expected } = oracle(withoutPoison);
    expect(readModels(store)).toEqual(expected);

    // A rebuild knows the skip before it folds anything, and reaches the same documents.
    const rebuilt = new InMemoryReadModels();
    rebuilt.refusedText = NUL;
    const rebuild = new ExactlyOnceFold({ progress: rebuilt, state: rebuilt, writes: rebuilt, skips }, SETTINGS, quietObserver(), () => 0);
    for (const partition of [0, 1]) await drive(rebuild, TOPIC, partition, log[partition] as PositionedRecord<KnownRecord>[]);
    expect(readModels(rebuilt)).toEqual(expected);
  });

  it('goes on past a skipped record in ever larger flushes, not one record at a time to the end of the refused flush', async () => {
    const log = poisoned(13);
    const records = log[0] as PositionedRecord<KnownRecord>[];
    const applied: number[] = [];
    class CountingReadModels extends InMemoryReadModels {
      override async apply(projection: string, topic: string, partition: number, offset: number, months: readonly string[]) {
        applied.push(offset);
        return super.apply(projection, topic, partition, offset, months);
      }
    }
    const store = Object.assign(new CountingReadModels(), { refusedText: NUL });
    const skips = new InMemoryRecordSkips();
    const fold = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips }, { ...SETTINGS, holdRecords: 1_000 }, quietObserver(), () => 0);
    expect((await drive(fold, TOPIC, 0, records, { batchSize: 200, deliveries: 60 })).committed).toBe(49);
    skips.skips.push(skipOf(TOPIC, 0, 50));
    applied.length = 0;
    expect((await drive(fold, TOPIC, 0, records, { batchSize: 200 })).committed).toBe(159);
    // 109 records after the skipped one, all in the refused flush: flushes of 1, 2, 4, ... records.
    expect(applied.length).toBeLessThanOrEqual(8);
    const { decisions: _d, ...expected } = oracle([log[0].filter((r) => r.offset !== 50), []]);
    expect(readModels(store)).toEqual(expected);
  });

  it('removes what the refused flush wrote from the skipped record on, so the records after it are written as decided without it', async () => {
    const envelope = (offset: number) => ({ recordId: `rec-0-${offset}`, recordedAt: '2026-04-01T00:00:00.000Z', correlationId: `corr-${offset}`, recordedBy: 'user:test' });
    const registration = (offset: number, eventId: string) =>
      ({
        ...envelope(offset),
        type: EVENT_REGISTERED,
        schemaVersion: EVENT_REGISTERED_SCHEMA_VERSION,
        payload: { eventId, caregiverId: 'cg-0-a', eventType: 'bathing', occurredAt: '2026-02-10T10:00:00+01:00', month: '2026-02', amountCents: 100, currency: 'SEK' },
      }) as EventRegistered;
    const reimbursement = (offset: number, reimbursementId: string, eventId: string, reference: string) =>
      ({ ...envelope(offset), type: REIMBURSEMENT_REQUESTED, schemaVersion: 1, payload: { reimbursementId, caregiverId: 'cg-0-a', eventIds: [eventId], reference } }) as ReimbursementRequested;
    const log: LogRecord[] = [
      registration(0, 'e1'),
      registration(1, 'e2'),
      // Its settlement of e1 is written before its outcome, which the store refuses.
      reimbursement(2, 're-1', 'e1', `pay${NUL}out`),
      // Decided with re-1 in the state: refused as already reimbursed, then a void once re-1 is skipped.
      { ...envelope(3), type: EVENT_VOIDED, schemaVersion: 1, payload: { eventId: 'e1', caregiverId: 'cg-0-a', reason: 'twice' } } as EventVoided,
      reimbursement(4, 're-2', 'e2', 'payout-2'),
      registration(5, 'e3'),
    ];
    const records = log.map((record, offset) => ({ topic: TOPIC, partition: 0, offset, record })) as PositionedRecord<KnownRecord>[];
    const store = Object.assign(new InMemoryReadModels(), { refusedText: NUL });
    const skips = new InMemoryRecordSkips();
    const fold = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips }, { ...SETTINGS, holdRecords: 1_000 }, quietObserver(), () => 0);
    expect((await drive(fold, TOPIC, 0, records, { batchSize: 10, deliveries: 30 })).committed).toBe(1);
    expect(store.settlements.get('e1')?.status).toBe('reimbursed');

    skips.skips.push(skipOf(TOPIC, 0, 2));
    expect((await drive(fold, TOPIC, 0, records, { batchSize: 10 })).committed).toBe(5);

    const { decisions: _d, ...expected } = oracle([log.filter((_, offset) => offset !== 2).map((record) => ({ topic: TOPIC, partition: 0, offset: log.indexOf(record), record })), []]);
    expect(readModels(store)).toEqual(expected);
    expect(store.settlements.get('e1')).toMatchObject({ status: 'voided', offset: 3 });
    expect(store.voidRefusals.size).toBe(0);
  });

  it('makes the same skip in another instance that takes the stuck partition over, and in a replay from read models restored to before the poison', async () => {
    const log = poisoned(13);
    const records = log[0] as PositionedRecord<KnownRecord>[];
    const skips = new InMemoryRecordSkips();
    const storeRefusingNul = () => Object.assign(new InMemoryReadModels(), { refusedText: NUL });
    const instance = (store: InMemoryReadModels) => new ExactlyOnceFold({ progress: store, state: store, writes: store, skips }, SETTINGS, quietObserver(), () => 0);
    const { decisions: _d, ...expected } = oracle([log[0].filter((r) => r.offset !== 50), []]);

    // Instance A is stuck at the poison; the admin's skip is written; instance B gets the partition.
    const store = storeRefusingNul();
    expect((await drive(instance(store), TOPIC, 0, records, { deliveries: 40 })).committed).toBe(49);
    skips.skips.push(skipOf(TOPIC, 0, 50));
    expect((await drive(instance(store), TOPIC, 0, records)).committed).toBe(159);
    expect(readModels(store)).toEqual(expected);

    // A backup restored to offset 49 (folded there by another fold), then replayed by a fresh one: the same skip, the same documents.
    const restored = storeRefusingNul();
    expect((await drive(instance(restored), TOPIC, 0, records.slice(0, 50))).committed).toBe(49);
    expect((await drive(instance(restored), TOPIC, 0, records)).committed).toBe(159);
    expect(readModels(restored)).toEqual(expected);
  });

  it('stops at a record this build cannot read instead of skipping it silently, and folds past it once skipped', async () => {
    const log = generateLog(21);
    const unreadable: UnreadableRecord[] = [{ offset: 30, recordId: null, recordType: 'EventRegistered', reason: 'version 9 is unknown' }];
    const records = log[0].filter((r) => r.offset !== 30) as PositionedRecord<KnownRecord>[];
    const store = new InMemoryReadModels();
    const skips = new InMemoryRecordSkips();
    const { seen, observer } = opsObserver();
    const fold = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips }, SETTINGS, observer, () => 0);

    const { committed, retries } = await drive(fold, TOPIC, 0, records, { unreadable, deliveries: 10 });
    expect(committed).toBe(29);
    expect(retries).toBeGreaterThanOrEqual(SETTINGS.refusalsBeforeStuck);
    expect(seen.stuck).toEqual([{ partition: 0, offset: 30, recordId: null, recordType: 'EventRegistered', reason: 'version 9 is unknown', since: new Date(0).toISOString() }]);

    skips.skips.push(skipOf(TOPIC, 0, 30));
    expect((await drive(fold, TOPIC, 0, records, { unreadable })).committed).toBe(159);
    const { decisions: _d, ...expected } = oracle([log[0].filter((r) => r.offset !== 30), []]);
    expect(readModels(store)).toEqual(expected);
  });

  it('stops the catalog at a definition the store refuses, and applies the rest once it is skipped', async () => {
    const define = (offset: number, code: string, name: string): PositionedRecord<CatalogRecord> => ({
      topic: SETTINGS.catalogTopic,
      partition: 0,
      offset,
      record: { recordId: `cat-${offset}`, type: EVENT_TYPE_DEFINED, schemaVersion: 1, recordedAt: '', correlationId: '', recordedBy: '', payload: { code, name, amountCents: 100, currency: 'SEK' } } as EventTypeDefined,
    });
    const records = [define(0, 'a', 'A'), define(1, 'b', 'B'), define(2, 'bad', `B${NUL}d`), define(3, 'c', 'C'), define(4, 'd', 'D')];
    const store = new InMemoryReadModels();
    store.refusedText = NUL;
    const skips = new InMemoryRecordSkips();
    const { seen, observer } = opsObserver();
    const fold = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips }, SETTINGS, observer, () => 0);

    expect((await drive(fold, SETTINGS.catalogTopic, 0, records, { deliveries: 10 })).committed).toBe(1);
    expect(seen.stuck.map((s) => [s.offset, s.recordId])).toEqual([[2, 'cat-2']]);
    expect([...store.catalog.keys()]).toEqual(['a', 'b']);

    skips.skips.push(skipOf(SETTINGS.catalogTopic, 0, 2));
    expect((await drive(fold, SETTINGS.catalogTopic, 0, records)).committed).toBe(4);
    expect([...store.catalog.keys()]).toEqual(['a', 'b', 'c', 'd']);
  });

  it('never counts an outage as a refusal: a store fault fails the batch, to be retried', async () => {
    const log = generateLog(4);
    const store = new InMemoryReadModels();
    const { seen, observer } = opsObserver();
    const fold = new ExactlyOnceFold({ progress: store, state: store, writes: store, skips: new InMemoryRecordSkips() }, SETTINGS, observer, () => 0);
    store.failAfterWrites(3);
    const records = log[0].slice(0, 20) as PositionedRecord<KnownRecord>[];
    await expect(fold.fold({ topic: TOPIC, partition: 0, records, firstOffset: 0, lastOffset: 19, caughtUp: true, heartbeat: async () => undefined })).rejects.toThrow(StoreFault);
    expect(fold.resumeOffset(TOPIC, 0)).toBe(0);
    expect(await fold.fold({ topic: TOPIC, partition: 0, records, firstOffset: 0, lastOffset: 19, caughtUp: true, heartbeat: async () => undefined })).toEqual({ commit: 19 });
    expect(seen.refused).toEqual([]);
    expect(seen.stuck).toEqual([]);
  });
});

function quietObserver(): FoldObserver {
  return quietFoldObserver();
}
