import { EventType, mergeRate, Rate } from '@reimbursements/domain/catalog/event-type-catalog';
import { AppliedState } from '@reimbursements/domain/position/applied-state';
import { partitionKey } from '@reimbursements/domain/position/log-position';
import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { MonthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { MonthlyTotals } from '@reimbursements/domain/projections/monthly-totals';
import { addMonths, monthSpan } from '@reimbursements/domain/time/business-month';
import { Db } from 'mongodb';
import { monthlyTotalsOf, yearOf } from './caregiver-totals-years';
import { IdQueryShape, lookupEachId } from './find-by-ids';
import { withEventLoopTurns } from './with-event-loop-turns';
import {
  CAREGIVER_TOTALS,
  CaregiverTotalsDocument,
  EVENT_TYPES,
  EventTypeDocument,
  INITIAL_RATE,
  PROJECTION_OFFSETS,
  ProjectionOffsetDocument,
} from './collections';

const IN_CHUNK = 1000;
const SCAN_BATCH = 1000;
/** Caregiver documents decoded between two turns of the event loop (a few ms of decoding at 60 months each). */
const DOCUMENTS_PER_TURN = 25;
/**
 * A query of at most this many months asks for their years only (`years.<YYYY>`, and
 * `months.<YYYY-MM>` of a document in the nested shape): the open months of a cached report
 * (report-parts.ts) are read again on every fold, and the server sends, and the app parses, one or
 * two years instead of five. Longer spans read the whole document.
 */
const PROJECTED_MONTHS = 12;

/**
 * Reads the report from one document per caregiver; every caregiver is one scan in `_id` order.
 * Documents are streamed, so a 10,000-caregiver report never holds more than a batch. Named
 * caregivers are read as `shape` says (find-by-ids.ts); by `id-lookups`, past `scanAbove`
 * caregivers, by one scan of the collection filtered here instead, since thousands of round trips
 * cost more than reading every document once. By `in`, in chunks sorted by `_id`.
 */
export class MongoReportReader extends ReportReader {
  constructor(
    private readonly db: Db,
    private readonly projection: string,
    private readonly shape: IdQueryShape = 'id-lookups',
    private readonly lookupsInFlight = 16,
    private readonly scanAbove = 1000,
  ) {
    super();
  }

  async *monthlyTotalsRows(query: MonthlyReportQuery): AsyncIterable<MonthlyTotals> {
    for await (const doc of withEventLoopTurns(this.documents(query), DOCUMENTS_PER_TURN)) yield* monthlyTotalsOf(doc.caregiverId, doc, query.from, query.to);
  }

  /** The caregivers' documents in caregiverId order (the query's ids are sorted). */
  private async *documents(query: MonthlyReportQuery): AsyncIterable<CaregiverTotalsDocument> {
    const collection = this.db.collection<CaregiverTotalsDocument>(CAREGIVER_TOTALS);
    const span = monthSpan(query.from, query.to);
    const projection = span <= PROJECTED_MONTHS ? projectionOf(Array.from({ length: span }, (_, i) => addMonths(query.from, i))) : { lastOffset: 0 };
    const ids = query.caregiverIds;
    if (query.allCaregivers) {
      yield* collection.find({}, { projection }).sort({ _id: 1 }).batchSize(SCAN_BATCH);
      return;
    }
    if (this.shape === 'id-lookups' && ids.length > this.scanAbove) {
      const named = new Set(ids);
      for await (const doc of collection.find({}, { projection }).sort({ _id: 1 }).batchSize(SCAN_BATCH)) if (named.has(doc._id)) yield doc;
      return;
    }
    if (this.shape === 'in') {
      for (let start = 0; start < ids.length; start += IN_CHUNK) {
        yield* collection.find({ _id: { $in: ids.slice(start, start + IN_CHUNK) } }, { projection }).sort({ _id: 1 }).batchSize(SCAN_BATCH);
      }
      return;
    }
    yield* lookupEachId(collection, ids, projection, this.lookupsInFlight);
  }

  async appliedState(): Promise<AppliedState> {
    const docs = await this.db
      .collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS)
      .find({ projection: this.projection }, { projection: { topic: 1, partition: 1, appliedOffset: 1, monthWrites: 1 } })
      .toArray();
    return {
      position: Object.fromEntries(docs.map((d) => [partitionKey(d.topic, d.partition), d.appliedOffset])),
      // A partition folded before month writes were recorded has none: lastMonthWrite then answers its applied offset.
      monthWrites: Object.fromEntries(docs.filter((d) => d.monthWrites !== undefined).map((d) => [partitionKey(d.topic, d.partition), d.monthWrites as Record<string, number>])),
    };
  }

  async eventTypes(): Promise<EventType[]> {
    const docs = await this.db.collection<EventTypeDocument>(EVENT_TYPES).find({}).sort({ _id: 1 }).toArray();
    return docs.map(({ code, name, currency, rates }) => ({
      code,
      name,
      currency,
      rates: Object.entries(rates)
        .map(([date, amountCents]) => ({ amountCents, effectiveFrom: date === INITIAL_RATE ? null : date }))
        .reduce<Rate[]>(mergeRate, []),
    }));
  }
}

/** The fields that hold `months`, in either shape of the document. */
function projectionOf(months: string[]): Record<string, 1> {
  const fields = [...new Set(months.map((m) => `years.${yearOf(m)}`)), ...months.map((m) => `months.${m}`)];
  return { caregiverId: 1, ...Object.fromEntries(fields.map((field) => [field, 1 as const])) };
}
