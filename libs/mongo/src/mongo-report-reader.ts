import { EventType, mergeRate, Rate } from '@reimbursements/domain/catalog/event-type-catalog';
import { LogPosition, partitionKey } from '@reimbursements/domain/position/log-position';
import { MonthlyTotalsPage, ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { MonthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { ReportSummary, ReportSummer } from '@reimbursements/domain/reports/monthly-report';
import { MonthlyTotals } from '@reimbursements/domain/projections/monthly-totals';
import { Db, Filter } from 'mongodb';
import {
  EVENT_TYPES,
  EventTypeDocument,
  INITIAL_RATE,
  MONTHLY_TOTALS,
  MonthlyTotalsDocument,
  PROJECTION_OFFSETS,
  ProjectionOffsetDocument,
} from './collections';

export class MongoReportReader extends ReportReader {
  constructor(
    private readonly db: Db,
    private readonly projection: string,
  ) {
    super();
  }

  async monthlyTotalsPage(query: MonthlyReportQuery): Promise<MonthlyTotalsPage> {
    const filter = reportFilter(query);
    if (query.after !== undefined) filter._id = { $gt: query.after };
    const docs = await this.db
      .collection<MonthlyTotalsDocument>(MONTHLY_TOTALS)
      .find(filter, { projection: { lastOffset: 0 } })
      .sort({ _id: 1 })
      .limit(query.limit + 1)
      .toArray();
    const hasMore = docs.length > query.limit;
    return {
      rows: docs.slice(0, query.limit).map(({ _id, ...totals }) => ({ id: _id, ...totals })),
      hasMore,
    };
  }

  async *monthlyTotalsRows(query: MonthlyReportQuery): AsyncIterable<MonthlyTotals> {
    const cursor = this.db
      .collection<MonthlyTotalsDocument>(MONTHLY_TOTALS)
      .find(reportFilter(query), { projection: { _id: 0, lastOffset: 0 } })
      .sort({ _id: 1 })
      .batchSize(1000);
    for await (const doc of cursor) yield doc;
  }

  /**
   * Summed here rather than with $group: FerretDB 1.24 answered a four-field $group with wrong
   * sums (0 for totalCents where eventCount was right), and this is one streamed read on both. The
   * domain's summer does the adding, so the per-month lines come from the same pass as the totals.
   */
  async monthlyTotalsSummary(query: MonthlyReportQuery): Promise<ReportSummary> {
    const cursor = this.db
      .collection<MonthlyTotalsDocument>(MONTHLY_TOTALS)
      .find(reportFilter(query), { projection: { _id: 0, month: 1, eventCount: 1, totalCents: 1, pendingCents: 1, reimbursedCents: 1 } })
      .batchSize(10_000);
    const summer = new ReportSummer();
    for await (const doc of cursor) summer.add(doc);
    return summer.summary();
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

function reportFilter(query: MonthlyReportQuery): Filter<MonthlyTotalsDocument> {
  // A month whose events were all voided has no events: it is absent, like an empty month.
  const filter: Filter<MonthlyTotalsDocument> = { month: { $gte: query.from, $lte: query.to }, eventCount: { $gt: 0 } };
  // A scope of thousands of caregivers is one $in, as a long list sent to POST .../query is.
  if (!query.allCaregivers) filter.caregiverId = query.caregiverIds.length === 1 ? query.caregiverIds[0] : { $in: query.caregiverIds };
  return filter;
}
