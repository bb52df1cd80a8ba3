import { businessMonthOf } from '../time/business-month';
import { isInFuture, isOccurredAt, parseOccurredAt } from './occurred-at.rule';

describe('the bounds of occurredAt', () => {
  it.each(['1970-01-01T00:00:00Z', '1970-01-01T01:00:00+01:00', '2026-03-01T12:00:00Z', '9999-12-31T23:59:59Z'])('takes %s as an instant', (value) => {
    expect(parseOccurredAt(value)).toEqual(new Date(value));
  });

  it.each(['1969-12-31T23:59:59.999Z', '1970-01-01T00:59:59+01:00', '0999-06-15T12:00:00Z', '0000-01-01T00:00:00Z', '2026-03-01T12:00:00', 'soon'])(
    'refuses %s',
    (value) => {
      expect(parseOccurredAt(value)).toBeUndefined();
      expect(isOccurredAt(value)).toBe(false);
    },
  );

  it('refuses what is not a string', () => {
    expect(isOccurredAt(0)).toBe(false);
  });

  it('gives a four-digit year to the month of every instant it takes', () => {
    for (const value of ['1970-01-01T00:00:00Z', '1999-12-31T23:30:00Z', '2026-03-01T12:00:00Z']) {
      expect(businessMonthOf(parseOccurredAt(value) as Date, 'Europe/Stockholm')).toMatch(/^\d{4}-\d{2}$/);
    }
  });

  it('is in the future only beyond the skew', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(isInFuture(new Date('2026-03-01T12:05:00Z'), now, 300_000)).toBe(false);
    expect(isInFuture(new Date('2026-03-01T12:05:00.001Z'), now, 300_000)).toBe(true);
  });
});
