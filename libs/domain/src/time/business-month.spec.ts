import { businessMonthOf, isValidTimeZone, MONTH_PATTERN, monthSpan } from './business-month';

const STOCKHOLM = 'Europe/Stockholm';

describe('businessMonthOf', () => {
  it.each([
    // Year boundary: Stockholm is UTC+1 in winter.
    ['2025-12-31T22:59:59Z', STOCKHOLM, '2025-12'],
    ['2025-12-31T23:00:00Z', STOCKHOLM, '2026-01'],
    ['2025-12-31T23:30:00Z', STOCKHOLM, '2026-01'],
    ['2025-12-31T23:30:00Z', 'UTC', '2025-12'],
    // End of February (UTC+1).
    ['2026-02-28T22:59:59.999Z', STOCKHOLM, '2026-02'],
    ['2026-02-28T23:00:00Z', STOCKHOLM, '2026-03'],
    // Spring forward on 2026-03-29 at 01:00Z (02:00 CET becomes 03:00 CEST): still March either side.
    ['2026-03-29T00:59:59Z', STOCKHOLM, '2026-03'],
    ['2026-03-29T01:00:00Z', STOCKHOLM, '2026-03'],
    // End of March under CEST (UTC+2): 22:00Z is already midnight.
    ['2026-03-31T21:59:59Z', STOCKHOLM, '2026-03'],
    ['2026-03-31T22:30:00Z', STOCKHOLM, '2026-04'],
    ['2026-03-31T22:30:00Z', 'UTC', '2026-03'],
    ['2026-04-30T21:59:59Z', STOCKHOLM, '2026-04'],
    ['2026-04-30T22:00:00Z', STOCKHOLM, '2026-05'],
    // Still CEST at the end of September.
    ['2026-09-30T22:00:00Z', STOCKHOLM, '2026-10'],
    // Fall back on 2026-10-25: the end of October is UTC+1 again, so 22:30Z is still October.
    ['2026-10-31T22:30:00Z', STOCKHOLM, '2026-10'],
    ['2026-10-31T22:59:59Z', STOCKHOLM, '2026-10'],
    ['2026-10-31T23:00:00Z', STOCKHOLM, '2026-11'],
    ['2026-10-31T23:30:00Z', STOCKHOLM, '2026-11'],
    // An instant given with an offset: its own local month (January) does not matter.
    ['2026-01-31T23:30:00-05:00', STOCKHOLM, '2026-02'],
    ['2026-01-31T23:30:00-05:00', 'UTC', '2026-02'],
    ['2026-02-01T00:30:00+02:00', STOCKHOLM, '2026-01'],
    // Other zones.
    ['2026-01-01T04:00:00Z', 'America/New_York', '2025-12'],
    ['2026-06-30T15:00:00Z', 'Asia/Tokyo', '2026-07'],
  ])('%s in %s is %s', (instant, timeZone, month) => {
    expect(businessMonthOf(new Date(instant), timeZone)).toBe(month);
  });

  it('pads single-digit months to YYYY-MM', () => {
    const month = businessMonthOf(new Date('2026-05-15T12:00:00Z'), STOCKHOLM);
    expect(month).toBe('2026-05');
    expect(month).toMatch(MONTH_PATTERN);
  });
});

describe('isValidTimeZone', () => {
  it.each(['Europe/Stockholm', 'UTC', 'America/New_York', 'Asia/Kolkata'])('accepts %s', (timeZone) => {
    expect(isValidTimeZone(timeZone)).toBe(true);
  });

  it.each(['Mars/Olympus_Mons', 'Europe/Stockholmm', '', 'not a zone'])('refuses %j', (timeZone) => {
    expect(isValidTimeZone(timeZone)).toBe(false);
  });
});

describe('monthSpan', () => {
  it.each([
    ['2026-01', '2026-01', 1],
    ['2026-01', '2026-12', 12],
    ['2025-11', '2026-02', 4],
    ['2016-01', '2025-12', 120],
    ['2016-01', '2026-01', 121],
    ['2026-02', '2026-01', 0],
    ['2027-01', '2026-01', -11],
  ])('from %s to %s spans %i months', (from, to, span) => {
    expect(monthSpan(from, to)).toBe(span);
  });
});

describe('MONTH_PATTERN', () => {
  it.each([
    ['2026-01', true],
    ['2026-12', true],
    ['2026-00', false],
    ['2026-13', false],
    ['2026-1', false],
    ['26-01', false],
    ['2026-01-01', false],
  ])('%s matches: %s', (value, matches) => {
    expect(MONTH_PATTERN.test(value)).toBe(matches);
  });
});
