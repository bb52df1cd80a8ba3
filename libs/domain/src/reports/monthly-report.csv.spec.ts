import { MONTHLY_REPORT_CSV_HEADER, monthlyReportCsvLine } from './monthly-report.csv';

describe('monthly report as CSV', () => {
  it('has a header naming each column of a line', () => {
    const line = monthlyReportCsvLine(
      { caregiverId: 'cg:1', month: '2026-02', eventCount: 2, totalCents: 250000, pendingCents: 50000, reimbursedCents: 200000, byType: {} },
      'SEK',
    );
    expect(MONTHLY_REPORT_CSV_HEADER).toBe('caregiverId,month,eventCount,totalCents,pendingCents,reimbursedCents,currency\n');
    expect(line).toBe('cg:1,2026-02,2,250000,50000,200000,SEK\n');
    expect(line.split(',')).toHaveLength(MONTHLY_REPORT_CSV_HEADER.split(',').length);
  });
});
