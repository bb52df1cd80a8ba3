import { EventType, mergeRate, Rate } from '@reimbursements/domain/catalog/event-type-catalog';
import { LogPosition, partitionKey } from '@reimbursements/domain/position/log-position';
import { MonthlyTotalsPage, ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { MonthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { ReportSummary, ReportSummer } from '@reimbursements/domain/reports/monthly-report';
import { MonthlyTotals, monthlyTotalsId, monthlyTotalsIn } from '@reimbursements/domain/projections/monthly-totals';
import { Db, Filter } from 'mongodb';
import {
  CAREGIVER_TOTALS,
  CaregiverTotalsDocument,
  EVENT_TYPES,
  EventTypeDocument,
  INITIAL_RATE,
  PROJECTION_OFFSETS,
  ProjectionOffsetDocument,
} from './collections';

const LOOKUPS_IN_FLIGHT = 16;

/**
 * Reads the report from one document per caregiver. Named caregivers are looked up by `_id`, the
 * lookup both servers answer from an index (FerretDB 1.24 filters `$in` in Go after reading the
 * whole collection); all caregivers is one scan in `_id` order.
 */
export class MongoReportReader extends ReportReader {
  constructor(
    private readonly db: Db,
    private readonly projection: string,
  ) {
    super();
  }

  async monthlyTotalsPage(query: MonthlyReportQuery): Promise<MonthlyTotalsPage> {
    const rows: MonthlyTotalsPage['rows'] = [];
    for await (const row of this.rowsAfter(query, query.after)) {
      if (rows.length === query.limit) return { rows, hasMore: true };
      rows.push({ id: monthlyTotalsId(row.caregiverId, row.month), ...row });
    }
    return { rows, hasMore: false };
  }

  async *monthlyTotalsRows(query: MonthlyReportQuery): AsyncIterable<MonthlyTotals> {
    yield* this.rowsAfter(query, undefined);
  }

  /**
   * Summed here rather than with $group: FerretDB 1.24 answers a multi-field $group with wrong
   * sums. The domain's summer does the adding, so the per-month lines come from the same pass as the totals.
   */
  async monthlyTotalsSummary(query: MonthlyReportQuery): Promise<ReportSummary> {
    const summer = new ReportSummer();
    for await (const row of this.rowsAfter(query, undefined)) summer.add(row);
    return summer.summary();
  }

  private async *rowsAfter(query: MonthlyReportQuery, after: string | undefined): AsyncIterable<MonthlyTotals> {
    const fromCaregiver = after === undefined ? undefined : after.slice(0, after.indexOf('#'));
    for await (const doc of this.documents(query, fromCaregiver)) {
      for (const row of monthlyTotalsIn(doc.caregiverId, doc.months, query.from, query.to)) {
        if (after === undefined || monthlyTotalsId(row.caregiverId, row.month) > after) yield row;
      }
    }
  }

  /** The caregivers' documents in caregiverId order, from `fromCaregiver` on. */
  private async *documents(query: MonthlyReportQuery, fromCaregiver: string | undefined): AsyncIterable<CaregiverTotalsDocument> {
    const collection = this.db.collection<CaregiverTotalsDocument>(CAREGIVER_TOTALS);
    const projection = { lastOffset: 0 };
    if (query.allCaregivers) {
      const filter: Filter<CaregiverTotalsDocument> = fromCaregiver === undefined ? {} : { _id: { $gte: fromCaregiver } };
      yield* collection.find(filter, { projection }).sort({ _id: 1 }).batchSize(1000);
      return;
    }
    const ids = fromCaregiver === undefined ? query.caregiverIds : query.caregiverIds.filter((id) => id >= fromCaregiver);
    for (let start = 0; start < ids.length; start += LOOKUPS_IN_FLIGHT) {
      const docs = await Promise.all(ids.slice(start, start + LOOKUPS_IN_FLIGHT).map((_id) => collection.findOne({ _id }, { projection })));
      for (const doc of docs) if (doc) yield doc;
    }
  }

  async appliedPosition(): Promise<LogPosition> {
    const docs = await this.db
      .collection<ProjectionOffsetDocument>(PROJECTION_OFFSETS)
      .find({ projection: this.projection })
      .toArray();
    return Object.fromEntries(docs.map((d) => [partitionKey(d.topic, d.partition), d.appliedOffset]));
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
