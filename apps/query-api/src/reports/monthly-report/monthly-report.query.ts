import { MonthlyReportInput } from '@reimbursements/domain/reports/monthly-report.query';
import { Query } from '@nestjs/cqrs';
import { MonthlyReportResponse } from './monthly-report.response.dto';

export class MonthlyReportQuery extends Query<MonthlyReportResponse> {
  constructor(readonly input: MonthlyReportInput) {
    super();
  }
}
