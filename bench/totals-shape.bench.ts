/**
 * The MongoDB-wire server's CPU per caregiver-totals write, by the shape of the document and of the
 * write: where a rebuild's server time goes beyond its inserts (docs/benchmarks.md, "Rebuild").
 *
 *   npm run build && node dist/bench/totals-shape.bench.js
 *   MONGODB_URI (mongodb://127.0.0.1:27017), BENCH_SHAPE_DOCS (200 documents), BENCH_SHAPE_MONTHS
 *   (24 months per document), BENCH_SHAPE_CHUNK (8: PROJECTOR_WRITE_CHUNK on FerretDB)
 *
 * Each shape's collection gets BENCH_SHAPE_DOCS caregiver documents of BENCH_SHAPE_MONTHS months
 * with the four bench event types, then one write to each, changing every month (as the voids and
 * reimbursements of a rebuild's later flushes do), in bulk writes of BENCH_SHAPE_CHUNK:
 * - `nested` (the projector's caregiver_totals before `years`): a guarded `$inc` upsert of every
 *   field (as the projector wrote them first), and a read of each document followed by a
 *   `replaceOne` guarded by the `lastOffset` read, compare-and-set (as it wrote them next);
 * - the same months as one array of numbers per month, as one JSON string, and as one JSON string
 *   per year (the projector's today, caregiver-totals-years.ts): read and replace.
 * The CPU of the server's processes is read from /proc around each step. Uses its own database,
 * dropped at the end.
 */
import { CaregiverTotalsChange } from '@reimbursements/domain/projections/monthly-totals.fold';
import { MonthSums } from '@reimbursements/domain/projections/monthly-totals';
import { monthsOf, yearsOf } from '@reimbursements/mongo/caregiver-totals-years';
import { monthsAfter } from '@reimbursements/mongo/mongo-read-model-writes';
import { AnyBulkWriteOperation, Collection, MongoClient } from 'mongodb';
import path from 'node:path';
import { chargeLocalPostgres, CpuMeter, describeMachine, printableMachine, standardProcessGroups } from './support/machine';
import { runBenchmark } from './support/bench-main';
import { BENCH_EVENT_TYPES } from './support/records';
import { envInt, fixed, note, out, table } from './support/report';

const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const DOCS = envInt('BENCH_SHAPE_DOCS', 200);
const MONTHS = envInt('BENCH_SHAPE_MONTHS', 24);
const CHUNK = envInt('BENCH_SHAPE_CHUNK', 8);

interface TotalsDocument {
  _id: string;
  caregiverId: string;
  months?: unknown;
  years?: Record<string, string>;
  lastOffset: number;
}

const months = Array.from({ length: MONTHS }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);

function sums(events: number): MonthSums {
  const byType = Object.fromEntries(BENCH_EVENT_TYPES.map((t) => [t.code, { count: events, totalCents: events * t.amountCents }]));
  const total = Object.values(byType).reduce((n, t) => n + t.totalCents, 0);
  return { eventCount: events * BENCH_EVENT_TYPES.length, totalCents: total, pendingCents: total, reimbursedCents: 0, byType };
}

const allMonths = (events: number) => Object.fromEntries(months.map((m) => [m, sums(events)]));

/** How a document keeps its months (the fields that hold them), and how it is made from them and back. */
interface Shape {
  name: string;
  encode: (byMonth: Record<string, MonthSums>) => Pick<TotalsDocument, 'months' | 'years'>;
  decode: (doc: TotalsDocument) => Record<string, MonthSums>;
}

const SHAPES: Shape[] = [
  { name: 'nested (before years)', encode: (m) => ({ months: m }), decode: (d) => d.months as Record<string, MonthSums> },
  {
    name: 'an array of numbers per month',
    encode: (m) => ({
      months: Object.fromEntries(
        Object.entries(m).map(([month, s]) => [month, [s.eventCount, s.totalCents, s.pendingCents, s.reimbursedCents, ...BENCH_EVENT_TYPES.flatMap((t) => [s.byType[t.code].count, s.byType[t.code].totalCents])]]),
      ),
    }),
    decode: (d) =>
      Object.fromEntries(
        Object.entries(d.months as Record<string, number[]>).map(([month, [eventCount, totalCents, pendingCents, reimbursedCents, ...types]]) => [
          month,
          { eventCount, totalCents, pendingCents, reimbursedCents, byType: Object.fromEntries(BENCH_EVENT_TYPES.map((t, i) => [t.code, { count: types[2 * i], totalCents: types[2 * i + 1] }])) },
        ]),
      ),
  },
  { name: 'one JSON string', encode: (m) => ({ months: JSON.stringify(m) }), decode: (d) => JSON.parse(d.months as string) as Record<string, MonthSums> },
  { name: 'a JSON string per year (today)', encode: (m) => ({ years: yearsOf(m) }), decode: (d) => monthsOf({ years: d.years }) },
];

/** The guarded `$inc` of every field a change touches, as the projector wrote nested documents first. */
function changeUpdate(change: CaregiverTotalsChange) {
  const inc: Record<string, number> = {};
  for (const [month, delta] of Object.entries(change.months)) {
    for (const field of ['eventCount', 'totalCents', 'pendingCents', 'reimbursedCents'] as const) inc[`months.${month}.${field}`] = delta[field];
    for (const [eventType, totals] of Object.entries(delta.byType)) {
      inc[`months.${month}.byType.${eventType}.count`] = totals.count;
      inc[`months.${month}.byType.${eventType}.totalCents`] = totals.totalCents;
    }
  }
  return { $inc: inc, $set: { lastOffset: change.lastOffset }, $setOnInsert: { caregiverId: change.caregiverId } };
}

const ids = Array.from({ length: DOCS }, (_, i) => `caregiver-${String(i).padStart(5, '0')}`);

async function inChunks(run: (chunk: string[]) => Promise<void>): Promise<void> {
  for (let start = 0; start < ids.length; start += CHUNK) await run(ids.slice(start, start + CHUNK));
}

async function main(): Promise<void> {
  chargeLocalPostgres(path.resolve(__dirname, '..', '..'));
  const machine = await describeMachine(MONGODB_URI);
  const meter = new CpuMeter(standardProcessGroups(MONGODB_URI).filter((g) => g.name !== 'kafka broker'));
  out("# MongoDB-wire server: CPU per caregiver-totals write, by the document's shape and the write's");
  out();
  for (const line of printableMachine(machine)) out(line);
  out(`${DOCS} documents of ${MONTHS} months x ${BENCH_EVENT_TYPES.length} event types; one write each, changing every month; bulk writes of ${CHUNK}`);
  out();
  const client = await new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000 }).connect();
  const db = client.db(`bench_shape_${Date.now()}`);
  // One more event of each type in every month, as the record at `offset`.
  const change = (caregiverId: string, offset: number): CaregiverTotalsChange => ({ caregiverId, firstOffset: offset, lastOffset: offset, months: allMonths(1) });
  const rows: string[][] = [];
  const step = async (shape: string, write: string, run: () => Promise<void>) => {
    const before = meter.sample();
    await run();
    const cpu = CpuMeter.between(before, meter.sample());
    const perDoc = (name: string) => fixed(((cpu.groups.get(name) ?? NaN) * 1000) / DOCS, 2);
    rows.push([shape, write, perDoc('mongo-wire server'), perDoc('postgresql'), perDoc('bench (this process)'), fixed((cpu.wallSeconds * 1000) / DOCS, 2)]);
    note(`${shape}, ${write}: done`);
  };
  try {
    for (const [index, shape] of SHAPES.entries()) {
      const collection: Collection<TotalsDocument> = db.collection<TotalsDocument>(`totals_${index}`);
      await step(shape.name, 'insertMany', () => collection.insertMany(ids.map((_id) => ({ _id, caregiverId: _id, ...shape.encode(allMonths(5)), lastOffset: 1 }))).then(() => undefined));
      if (index === 0) {
        await step(shape.name, '$inc every field, guarded upsert', () =>
          inChunks(async (chunk) => {
            const operations: AnyBulkWriteOperation<TotalsDocument>[] = chunk.map((_id) => ({
              updateOne: { filter: { _id, lastOffset: { $lt: 2 } }, update: changeUpdate(change(_id, 2)), upsert: true },
            }));
            await collection.bulkWrite(operations, { ordered: false });
          }),
        );
      }
      const from = index === 0 ? 2 : 1;
      await step(shape.name, 'findOne each, then replaceOne guarded by the lastOffset read', () =>
        inChunks(async (chunk) => {
          const docs = await Promise.all(chunk.map((_id) => collection.findOne({ _id })));
          const operations: AnyBulkWriteOperation<TotalsDocument>[] = docs.map((doc) => {
            if (!doc || doc.lastOffset !== from) throw new Error(`document ${String(doc?._id)} not as written`);
            const byMonth = monthsAfter(shape.decode(doc), change(doc._id, from + 1));
            return { replaceOne: { filter: { _id: doc._id, lastOffset: from }, replacement: { caregiverId: doc.caregiverId, ...shape.encode(byMonth), lastOffset: from + 1 } } };
          });
          const result = await collection.bulkWrite(operations, { ordered: false });
          if (result.matchedCount !== chunk.length) throw new Error('a guarded replace matched nothing');
        }),
      );
      const sample = await collection.findOne({ _id: ids[0] });
      const expected = 5 + 1 + (index === 0 ? 1 : 0);
      if (!sample || shape.decode(sample)[months[0]].eventCount !== expected * BENCH_EVENT_TYPES.length) {
        throw new Error(`${shape.name}: the writes did not add up`);
      }
    }
    out('Milliseconds per document (CPU of each process group, and wall time, over the step):');
    out();
    out(table(['document shape', 'write', 'mongo-wire server CPU', 'postgresql CPU', 'this process CPU', 'wall'], rows));
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

runBenchmark('totals-shape', main);
