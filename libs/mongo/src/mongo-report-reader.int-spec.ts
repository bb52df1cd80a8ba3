import { MonthSums } from '@reimbursements/domain/projections/monthly-totals';
import { reportReaderContract } from '@reimbursements/domain/reports/report-reader.contract';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { yearsOf } from './caregiver-totals-years';
import { CAREGIVER_TOTALS, CaregiverTotalsDocument, ensureIndexes } from './collections';
import { MongoFoldProgress } from './mongo-fold-progress';
import { ID_QUERY_SHAPES } from './find-by-ids';
import { MongoReportReader } from './mongo-report-reader';

const URI = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}`;

describe('MongoReportReader against the real MongoDB-wire server', () => {
  let client: MongoClient;
  const databases: string[] = [];

  beforeAll(async () => {
    client = await new MongoClient(URI).connect();
  });

  afterAll(async () => {
    await Promise.all(databases.map((name) => client.db(name).dropDatabase()));
    await client.close();
  });

  // The documents as the projector writes them (`years`), and as earlier releases wrote them: years of months keyed by YYYY-MM, and `months`, nested.
  const documentShapes = ['years', 'years of keyed months', 'nested months'] as const;
  describe.each(ID_QUERY_SHAPES.flatMap((shape) => documentShapes.map((form) => [shape, form] as const)))('named caregivers read by %s, documents with %s', (shape, form) => {
    reportReaderContract(async ({ caregivers, applied, monthWrites }) => {
      const name = `int_report_${shape.replace('-', '_')}_${randomUUID().slice(0, 8)}`;
      databases.push(name);
      const db = client.db(name);
      await ensureIndexes(db);
      // One per caregiver, its months packed in it.
      const docs: CaregiverTotalsDocument[] = Object.entries(caregivers).map(([caregiverId, months], i) =>
        form === 'nested months'
          ? ({ _id: caregiverId, caregiverId, months, lastOffset: i } as unknown as CaregiverTotalsDocument)
          : { _id: caregiverId, caregiverId, years: form === 'years' ? yearsOf(months) : yearsOfKeyedMonths(months), lastOffset: i },
      );
      await db.collection<CaregiverTotalsDocument>(CAREGIVER_TOTALS).insertMany(docs);
      const progress = new MongoFoldProgress(db);
      for (const [key, offset] of Object.entries(applied)) {
        const [topic, partition] = key.split(':');
        // Each month's last write as a flush of its own, in offset order, then the applied offset.
        const writes = Object.entries(monthWrites[key] ?? {}).sort(([, a], [, b]) => a - b);
        for (const [month, at] of writes) await progress.apply('p1', topic, Number(partition), at, [month]);
        await progress.apply('p1', topic, Number(partition), offset, []);
      }
      // Fewer lookups in flight than caregivers named, and a list long enough to be read by a scan.
      return new MongoReportReader(db, 'p1', shape, 4, 20);
    });
  });
});

/** A caregiver's years as the earlier release wrote them: each year an object of its months by `YYYY-MM`, each month naming its codes. */
function yearsOfKeyedMonths(months: Record<string, MonthSums>): Record<string, string> {
  const years: Record<string, Record<string, (number | string)[]>> = {};
  for (const month of Object.keys(months).sort()) {
    const sums = months[month];
    const stored: (number | string)[] = [sums.eventCount, sums.totalCents, sums.pendingCents, sums.reimbursedCents];
    for (const code of Object.keys(sums.byType).sort()) stored.push(code, sums.byType[code].count, sums.byType[code].totalCents);
    (years[month.slice(0, 4)] ??= {})[month] = stored;
  }
  return Object.fromEntries(Object.entries(years).map(([year, stored]) => [year, JSON.stringify(stored)]));
}
