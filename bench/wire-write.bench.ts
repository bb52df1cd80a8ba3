/**
 * The MongoDB-wire server's cost of one monthly-totals write, as a function of the collection's
 * size, for the filter shapes the projector could send (docs/mongodb-wire-server.md).
 *
 *   npm run build && node dist/bench/wire-write.bench.js
 *   MONGODB_URI=mongodb://127.0.0.1:27017 FERRETDB_BACKEND=postgresql (a label only)
 *   BENCH_WIRE_SIZES=1000,5000,10000,30000 BENCH_WIRE_CHUNK=15 BENCH_WIRE_OPS=300 BENCH_WIRE_MAX_S=15
 *   POSTGRES_PORT=5433: on FerretDB over PostgreSQL, each size is measured twice, without and with the
 *   GIN index on `_id` that scripts/servers/postgres/index-like-mongodb.sql adds (dropped and made
 *   again here with psql, on this benchmark's own table only)
 *
 * For each size the collection is filled with insertMany, then each shape runs BENCH_WIRE_OPS
 * single-document writes in unordered bulk writes of BENCH_WIRE_CHUNK (or stops after
 * BENCH_WIRE_MAX_S). Uses its own database, dropped at the end.
 */
import { MonthlyTotals, monthlyTotalsId } from '@reimbursements/domain/projections/monthly-totals';

/** A per-month totals document, the shape this measures writes of (the projector now packs a caregiver's months in one). */
interface MonthlyTotalsDocument extends MonthlyTotals {
  _id: string;
  lastOffset: number;
}
import { AnyBulkWriteOperation, Collection, MongoClient } from 'mongodb';
import { execFileSync } from 'node:child_process';
import { describeMachine, printableMachine } from './support/machine';
import { BENCH_EVENT_TYPES, caregiverId } from './support/records';
import { envInt, fixed, msSince, note, out, table, thousands } from './support/report';
import { runBenchmark } from './support/bench-main';

const MONGODB_URI = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017';
const SIZES = (process.env.BENCH_WIRE_SIZES ?? '1000,5000,10000,30000').split(',').map((s) => Number(s.replace(/_/g, '')));
const CHUNK = envInt('BENCH_WIRE_CHUNK', 15);
const OPS = envInt('BENCH_WIRE_OPS', 300);
const MAX_S = envInt('BENCH_WIRE_MAX_S', 15);

/** The i-th caregiver-month, caregiver-major like the report's _id order. */
function docId(i: number): { id: string; caregiverId: string; month: string } {
  const caregiver = caregiverId(Math.floor(i / 60));
  const m = i % 60;
  const month = `${2021 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  return { id: monthlyTotalsId(caregiver, month), caregiverId: caregiver, month };
}

function fullDocument(i: number): MonthlyTotalsDocument {
  const { id, caregiverId: caregiver, month } = docId(i);
  const byType = Object.fromEntries(BENCH_EVENT_TYPES.map((t) => [t.code, { count: 8, totalCents: 8 * t.amountCents }]));
  return { _id: id, caregiverId: caregiver, month, eventCount: 32, totalCents: 3_000_000, pendingCents: 3_000_000, reimbursedCents: 0, byType, lastOffset: i };
}

function increments(): Record<string, number> {
  const inc: Record<string, number> = { eventCount: 4, totalCents: 300_000, pendingCents: 300_000, reimbursedCents: 0 };
  for (const t of BENCH_EVENT_TYPES) {
    inc[`byType.${t.code}.count`] = 1;
    inc[`byType.${t.code}.totalCents`] = t.amountCents;
  }
  return inc;
}

type Op = AnyBulkWriteOperation<MonthlyTotalsDocument>;

interface Shape {
  name: string;
  op: (n: number, size: number, round: number) => Op;
}

const POSTGRES_PORT = process.env.POSTGRES_PORT ?? '5433';

function psql(sql: string): string {
  return execFileSync('psql', ['-h', '127.0.0.1', '-p', POSTGRES_PORT, '-U', 'postgres', '-d', 'ferretdb', '-tAXc', sql], { encoding: 'utf8' }).trim();
}

/** True when the server is FerretDB on the local PostgreSQL and the `_id` index can be toggled for the database's tables. */
function canToggleIdIndex(dbName: string): boolean {
  try {
    return psql(`SELECT count(*) FROM pg_namespace WHERE nspname = '${dbName}'`) === '1';
  } catch {
    return false;
  }
}

/** Drops or makes again the GIN index on `_id` of every table of the database (FerretDB keeps a database's tables in a schema of its name). */
function setIdIndex(dbName: string, present: boolean): void {
  const tables = psql(`SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '${dbName}' AND c.relkind = 'r'`).split('\n').filter(Boolean);
  for (const oid of tables) {
    if (present) psql(`SELECT caregiver_index_id_like_mongodb(${oid}::regclass)`);
    else for (const index of psql(`SELECT indexrelid::regclass FROM pg_index WHERE indrelid = ${oid} AND pg_get_indexdef(indexrelid) LIKE '%jsonb_path_ops%'`).split('\n').filter(Boolean)) psql(`DROP INDEX ${index}`);
  }
}

const BIG = 1e12;
const shapes: Shape[] = [
  {
    name: 'update existing, filter {_id, lastOffset: {$lt}} (the projector\'s guarded update)',
    op: (n, size) => ({
      updateOne: {
        filter: { _id: docId((n * 7919) % size).id, lastOffset: { $lt: BIG } },
        update: { $inc: increments(), $set: { lastOffset: n } },
        upsert: true,
      },
    }),
  },
  {
    name: 'update existing, filter {_id}',
    op: (n, size) => ({
      updateOne: { filter: { _id: docId((n * 7919) % size).id }, update: { $inc: increments(), $set: { lastOffset: n } }, upsert: true },
    }),
  },
  {
    name: 'insert new (upsert), filter {_id, lastOffset: {$lt}}',
    op: (n, size, round) => {
      const { id, caregiverId: caregiver, month } = docId(size + round * 1_000_000 + n);
      return {
        updateOne: {
          filter: { _id: `${id}#g`, lastOffset: { $lt: BIG } },
          update: { $inc: increments(), $set: { lastOffset: n }, $setOnInsert: { caregiverId: caregiver, month } },
          upsert: true,
        },
      };
    },
  },
  {
    name: 'insert new (upsert), filter {_id}',
    op: (n, size, round) => {
      const { id, caregiverId: caregiver, month } = docId(size + round * 1_000_000 + n);
      return {
        updateOne: {
          filter: { _id: `${id}#i` },
          update: { $inc: increments(), $set: { lastOffset: n }, $setOnInsert: { caregiverId: caregiver, month } },
          upsert: true,
        },
      };
    },
  },
];

async function timeShape(collection: Collection<MonthlyTotalsDocument>, shape: Shape, size: number, round: number): Promise<{ ops: number; ms: number }> {
  const start = process.hrtime.bigint();
  let ops = 0;
  while (ops < OPS && msSince(start) < MAX_S * 1000) {
    const operations = Array.from({ length: Math.min(CHUNK, OPS - ops) }, (_, k) => shape.op(ops + k, size, round));
    await collection.bulkWrite(operations, { ordered: false });
    ops += operations.length;
  }
  return { ops, ms: msSince(start) };
}

async function timeFind(collection: Collection<MonthlyTotalsDocument>, size: number): Promise<{ ops: number; ms: number }> {
  const start = process.hrtime.bigint();
  let ops = 0;
  while (ops < OPS && msSince(start) < MAX_S * 1000) {
    await collection.findOne({ _id: docId((ops * 7919) % size).id });
    ops += 1;
  }
  return { ops, ms: msSince(start) };
}

async function main(): Promise<void> {
  const machine = await describeMachine(MONGODB_URI);
  out('# MongoDB-wire server: cost of one monthly-totals write by collection size');
  out();
  for (const line of printableMachine(machine)) out(line);
  out(`bulk writes of ${CHUNK} single-document upserts ($inc of ${Object.keys(increments()).length} fields), up to ${OPS} writes or ${MAX_S} s per cell, one client`);
  out();
  const client = await new MongoClient(MONGODB_URI, { serverSelectionTimeoutMS: 5000 }).connect();
  const dbName = `bench_wire_${Date.now()}`;
  const db = client.db(dbName);
  const collection = db.collection<MonthlyTotalsDocument>('monthly_totals');
  /** Per operation, per collection size: milliseconds per write. */
  const cells = new Map<string, Map<number, { ms: number; ops: number }>>();
  const sizes: number[] = [];
  const record = (operation: string, size: number, result: { ms: number; ops: number }) => {
    const row = cells.get(operation) ?? new Map<number, { ms: number; ops: number }>();
    row.set(size, result);
    cells.set(operation, row);
  };
  let safeToDrop = true;
  try {
    let filled = 0;
    for (const [round, size] of SIZES.entries()) {
      const fillStart = process.hrtime.bigint();
      while (filled < size) {
        const docs = Array.from({ length: Math.min(1000, size - filled) }, (_, k) => fullDocument(filled + k));
        await collection.insertMany(docs, { ordered: true });
        filled += docs.length;
      }
      // The documents the insert shapes added before count too.
      const count = await collection.countDocuments();
      note(`filled to ${thousands(count)} documents in ${fixed(msSince(fillStart) / 1000, 1)} s`);
      sizes.push(count);
      const variants = canToggleIdIndex(dbName) ? [' without the _id GIN index', ' with the _id GIN index'] : [''];
      for (const variant of variants) {
        if (variant !== '') setIdIndex(dbName, variant.includes('with the'));
        record(`findOne({_id})${variant}`, count, await timeFind(collection, size));
        for (const shape of shapes) {
          const result = await timeShape(collection, shape, size, round * variants.length + variants.indexOf(variant));
          record(`${shape.name}${variant}`, count, result);
          note(`${thousands(count)} docs, ${shape.name}${variant}: ${fixed(result.ms / result.ops, 2)} ms per write`);
        }
      }
    }
    out('Milliseconds per single-document operation (writes/s = 1000 / ms), by documents in the collection:');
    out();
    out(
      table(
        ['operation', ...sizes.map((size) => `${thousands(size)} docs`)],
        [...cells].map(([operation, row]) => [
          operation,
          ...sizes.map((size) => {
            const cell = row.get(size);
            return cell ? `${fixed(cell.ms / cell.ops, 2)}${cell.ops < OPS ? ` (${cell.ops})` : ''}` : '-';
          }),
        ]),
      ),
    );
    out();
    out(`A number in brackets: only that many writes fitted in ${MAX_S} s.`);
  } catch (error) {
    safeToDrop = false;
    throw error;
  } finally {
    if (safeToDrop) await db.dropDatabase();
    else note(`left database ${dbName} in place; drop it once the server is idle`);
    await client.close();
  }
}

runBenchmark('wire-write', main);
