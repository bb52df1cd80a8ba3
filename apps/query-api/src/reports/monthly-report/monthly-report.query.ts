import { MonthlyReportQuery as ReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';
import { Query } from '@nestjs/cqrs';

/** Answers a MonthlyReportResponse as JSON text, so that a cached answer is sent as it was stored. */
export class MonthlyReportQuery extends Query<string> {
  constructor(
    /** Validated, and already limited to the scope. */
    readonly query: ReportQuery,
    /** The asker's scope: part of the cache key, so answers are never shared across scopes. */
    readonly scope: CaregiverScope,
    /** The answer reflects at least this position. */
    readonly minPosition?: string,
  ) {
    super();
  }
}
