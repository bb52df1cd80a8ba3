import { addMonths } from '../time/business-month';
import { firstOpenMonth, reportParts } from './report-parts';

describe('report parts', () => {
  it('opens the months ending with the current one, across a year', () => {
    expect(firstOpenMonth('2026-11', 2)).toBe('2026-10');
    expect(firstOpenMonth('2027-01', 2)).toBe('2026-12');
    expect(firstOpenMonth('2027-01', 1)).toBe('2027-01');
    expect(firstOpenMonth('2027-03', 15)).toBe('2026-01');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -13)).toBe('2024-12');
  });

  it('splits a range at the first open month into closed and open parts, in month order', () => {
    expect(reportParts('2021-12', '2026-11', '2026-10')).toEqual([
      { name: 'closed', from: '2021-12', to: '2026-09' },
      { name: 'open', from: '2026-10', to: '2026-11' },
    ]);
    expect(reportParts('2026-01', '2026-10', '2026-10')).toEqual([
      { name: 'closed', from: '2026-01', to: '2026-09' },
      { name: 'open', from: '2026-10', to: '2026-10' },
    ]);
  });

  it('keeps a range wholly on one side in one part', () => {
    expect(reportParts('2026-01', '2026-03', '2026-10')).toEqual([{ name: 'closed', from: '2026-01', to: '2026-03' }]);
    expect(reportParts('2026-10', '2029-12', '2026-10')).toEqual([{ name: 'open', from: '2026-10', to: '2029-12' }]);
    expect(reportParts('2026-09', '2026-09', '2026-10')).toEqual([{ name: 'closed', from: '2026-09', to: '2026-09' }]);
  });
});
