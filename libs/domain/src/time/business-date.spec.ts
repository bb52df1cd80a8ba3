import { isCalendarDate } from './business-date';

describe('isCalendarDate', () => {
  it.each(['2026-03-01', '2024-02-29', '2000-02-29', '0050-01-01', '0000-02-29', '9999-12-31'])('takes %s', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  it.each(['2026-02-29', '1900-02-29', '0050-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-3-01', '20260301', ''])('refuses %s', (date) => {
    expect(isCalendarDate(date)).toBe(false);
  });
});
