/**
 * Which shape should the event ledger have on the MongoDB-wire server we run: one document per
 * event, or one bucket document per caregiver-month holding its events? Measures events written
 * per second for both, as the collection grows (docs/benchmarks.md, "Event ledger shape").
 *
 *   npm run build && npm run bench:ledger-shape
 *   BENCH_LEDGER_EVENTS=100000 BENCH_LEDGER_CHUNK=16 BENCH_LEDGER_PER_BUCKET_WRITE=8
 *
 * Per-event: insertMany of new event documents (what registrations write), then bulk $set of the
 * status of existing ones by _id (what voids and reimbursements write). Bucketed: per bulk op, one
 * caregiver-month document gets BENCH_LEDGER_PER_BUCKET_WRITE new events with $set of
 * `events.<eventId>`, the way a batch of a partition would touch it. Uses its own database.
 */
import { randomUUID } from 'node:crypto';
import { AnyBulkWriteOperation, Document, MongoClient } from 'mongodb';

type LedgerDocument = Document & { _id: string };
import { describeMachine, printableMachine } from './support/machine';
import { caregiverId } from './support/records';
import { envInt, fixed, msSince, note, out, table, thousands } from './support/report';
import { runBenchmark } from './support/bench-main';

const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const EVENTS = envInt('BENCH_LEDGER_EVENTS', 40_000);
const CHUNK = envInt('BENCH_LEDGER_CHUNK', 16);
const PER_BUCKET_WRITE = envInt('BENCH_LEDGER_PER_BUCKET_WRITE', 8);
const CAREGIVERS = 100;
const MONTHS = 60;

function entry(n: number): Document {
  const month = n % MONTHS;
  return {
    eventId: randomUUID(),
    caregiverId: caregiverId(Math.floor(n / MONTHS) % CAREGIVERS),
    month: `${2021 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`,
    eventType: 'home-visit',
    occurredAt: '2024-03-01T10:00:00+01:00',
    amountCents: 45_000,
    status: 'pending',
    registeredOffset: n,
    recordedAt: '2024-03-01T09:00:00.000Z',
    recordedBy: 'placeholder',
  };
}

interface Row {
  shape: string;
  writtenWhen: string;
  events: number;
  documents: number;
  ms: number;
}

async function main(): Promise<void> {
  const machine = await describeMachine(MONGODB_URI);
  out('# Event ledger shape: one document per event vs a bucket per caregiver-month');
  out();
  for (const line of printableMachine(machine)) out(line);
  out(`${thousands(EVENTS)} events over ${CAREGIVERS} caregivers x ${MONTHS} months; bulk writes of ${CHUNK} operations; one client`);
  out();
  const client = await new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000 }).connect();
  const db = client.db(`bench_ledger_${Date.now()}`);
  const rows: Row[] = [];
  try {
    const perEvent = db.collection<LedgerDocument>('ledger_per_event');
    const ids: string[] = [];
    for (const quarter of [1, 2, 3, 4]) {
      const start = process.hrtime.bigint();
      const target = (EVENTS * quarter) / 4;
      let written = ids.length;
      const from = written;
      while (written < target) {
        const docs = Array.from({ length: Math.min(CHUNK, target - written) }, (_, k) => entry(written + k));
        await perEvent.insertMany(docs.map((d) => ({ ...d, _id: d.eventId as string })), { ordered: true });
        for (const d of docs) ids.push(d.eventId as string);
        written += docs.length;
      }
      rows.push({ shape: 'per event: insertMany', writtenWhen: `${thousands(from)}→${thousands(target)} docs`, events: target - from, documents: target - from, ms: msSince(start) });
      note(`per-event inserts up to ${thousands(target)}: ${fixed(msSince(start), 0)} ms`);
    }
    {
      const start = process.hrtime.bigint();
      const updates = Math.min(4_000, ids.length);
      for (let done = 0; done < updates; done += CHUNK) {
        const ops: AnyBulkWriteOperation<LedgerDocument>[] = ids
          .slice(done, Math.min(updates, done + CHUNK))
          .map((id) => ({ updateOne: { filter: { _id: id }, update: { $set: { status: 'reimbursed', reimbursementId: 'r-1' } } } }));
        await perEvent.bulkWrite(ops, { ordered: false });
      }
      rows.push({ shape: 'per event: $set status by _id', writtenWhen: `at ${thousands(ids.length)} docs`, events: updates, documents: updates, ms: msSince(start) });
    }

    const buckets = db.collection<LedgerDocument>('ledger_buckets');
    const bucketCount = CAREGIVERS * MONTHS;
    let n = 0;
    for (const quarter of [1, 2, 3, 4]) {
      const start = process.hrtime.bigint();
      const target = (EVENTS * quarter) / 4;
      const from = n;
      let documents = 0;
      while (n < target) {
        const ops: AnyBulkWriteOperation<LedgerDocument>[] = [];
        for (let op = 0; op < CHUNK && n < target; op += 1) {
          const bucket = (Math.floor(n / PER_BUCKET_WRITE) * 7919) % bucketCount;
          const set: Document = { lastOffset: n };
          for (let k = 0; k < PER_BUCKET_WRITE && n < target; k += 1, n += 1) {
            const e = entry(bucket);
            set[`events.${e.eventId as string}`] = e;
          }
          ops.push({ updateOne: { filter: { _id: `bucket-${bucket}` }, update: { $set: set }, upsert: true } });
        }
        documents += ops.length;
        await buckets.bulkWrite(ops, { ordered: false });
      }
      rows.push({
        shape: `bucket: $set ${PER_BUCKET_WRITE} events per write`,
        writtenWhen: `${thousands(from)}→${thousands(target)} events`,
        events: target - from,
        documents,
        ms: msSince(start),
      });
      note(`bucket writes up to ${thousands(target)} events: ${fixed(msSince(start), 0)} ms`);
    }

    out(
      table(
        ['shape', 'while the ledger held', 'events', 'document writes', 'events/s', 'ms per document write'],
        rows.map((r) => [r.shape, r.writtenWhen, thousands(r.events), thousands(r.documents), thousands(Math.round((r.events * 1000) / r.ms)), fixed(r.ms / r.documents, 2)]),
      ),
    );
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

runBenchmark('ledger-shape', main);
