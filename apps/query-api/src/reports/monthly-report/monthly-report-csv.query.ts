import { MonthlyReportQuery as ReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Query } from '@nestjs/cqrs';

/** Every row of the report as CSV text, in chunks (not paginated). */
export class MonthlyReportCsvQuery extends Query<Iterable<string> | AsyncIterable<string>> {
  constructor(
    /** Validated, limited to the scope, without page. */
    readonly query: ReportQuery,
    readonly scope: CaregiverScope,
    /** `csv` for machines, `csv-excel` for a Swedish spreadsheet. */
    readonly format: 'csv' | 'csv-excel',
    readonly minPosition?: string,
  ) {
    super();
  }
}
