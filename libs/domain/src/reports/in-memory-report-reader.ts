import { EventType } from '../catalog/event-type-catalog';
import { AppliedState, MonthWrites } from '../position/applied-state';
import { LogPosition } from '../position/log-position';
import { ReportReader } from '../ports/report-reader.port';
import { MonthlyTotals, monthlyTotalsIn, MonthSums } from '../projections/monthly-totals';
import { MonthlyReportQuery } from './monthly-report.query';

/** The report's read model in memory, with the same contract as MongoDB (report-reader.contract.ts). */
export class InMemoryReportReader extends ReportReader {
  /** Rows read so far: lets a test tell whether an answer came from the read models. */
  rowsRead = 0;

  constructor(
    readonly caregivers = new Map<string, Record<string, MonthSums>>(),
    public applied: LogPosition = {},
    readonly catalog: EventType[] = [],
    public monthWrites: MonthWrites = {},
  ) {
    super();
  }

  async *monthlyTotalsRows(query: MonthlyReportQuery): AsyncIterable<MonthlyTotals> {
    const ids = query.allCaregivers ? [...this.caregivers.keys()].sort() : query.caregiverIds;
    for (const id of ids) {
      const months = this.caregivers.get(id);
      if (!months) continue;
      for (const row of monthlyTotalsIn(id, months, query.from, query.to)) {
        this.rowsRead += 1;
        yield row;
      }
    }
  }

  async appliedState(): Promise<AppliedState> {
    return { position: { ...this.applied }, monthWrites: structuredClone(this.monthWrites) };
  }

  async eventTypes(): Promise<EventType[]> {
    return this.catalog;
  }
}
