import { decimalComma, MONTHLY_REPORT_CSV_HEADER, monthlyReportCsvLine, monthlyReportExcelCsvHeader, monthlyReportExcelCsvLine } from './monthly-report.csv';

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

describe('monthly report as CSV for a Swedish spreadsheet', () => {
  it('starts with a byte order mark and names its columns, amounts in the currency', () => {
    expect(monthlyReportExcelCsvHeader('SEK')).toBe('\uFEFFcaregiverId;month;eventCount;total SEK;pending SEK;reimbursed SEK\r\n');
  });

  it('separates with semicolons and gives kronor with a decimal comma', () => {
    const line = monthlyReportExcelCsvLine({ caregiverId: 'cg:1', month: '2026-02', eventCount: 3, totalCents: 250005, pendingCents: 50, reimbursedCents: 249955, byType: {} });
    expect(line).toBe('="cg:1";="2026-02";3;2500,05;0,50;2499,55\r\n');
    expect(line.split(';')).toHaveLength(monthlyReportExcelCsvHeader('SEK').split(';').length);
  });

  it('writes ids and months as text cells, so that none is read as a number, a date or a formula', () => {
    const row = { month: '2026-01', eventCount: 1, totalCents: 100, pendingCents: 100, reimbursedCents: 0, byType: {} };
    const cells = ['00123', '1-2', '-A1', '1e5'].map((caregiverId) => monthlyReportExcelCsvLine({ ...row, caregiverId }).split(';').slice(0, 2));
    expect(cells).toEqual([
      ['="00123"', '="2026-01"'],
      ['="1-2"', '="2026-01"'],
      ['="-A1"', '="2026-01"'],
      ['="1e5"', '="2026-01"'],
    ]);
  });

  it('writes whole kronor, öre and large sums without thousands separators', () => {
    expect([0, 7, 100, 123456, 1_000_000_00, -250].map(decimalComma)).toEqual(['0,00', '0,07', '1,00', '1234,56', '1000000,00', '-2,50']);
  });
});
