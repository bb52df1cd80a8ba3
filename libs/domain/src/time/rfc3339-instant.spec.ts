import { isRfc3339Instant, parseRfc3339Instant } from './rfc3339-instant';

describe('parseRfc3339Instant', () => {
  it.each([
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01t10:00:00z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T10:00:00+01:00', '2026-03-01T09:00:00.000Z'],
    ['2026-03-01T10:00:00-05:30', '2026-03-01T15:30:00.000Z'],
    ['2026-03-01T10:00:00.5Z', '2026-03-01T10:00:00.500Z'],
    ['2026-03-01T10:00:00.123+02:00', '2026-03-01T08:00:00.123Z'],
    ['2026-03-01T10:00:00.123456789Z', '2026-03-01T10:00:00.123Z'],
    ['2026-03-01T00:00:00+00:00', '2026-03-01T00:00:00.000Z'],
    ['2026-12-31T23:59:59Z', '2026-12-31T23:59:59.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['2000-02-29T12:00:00Z', '2000-02-29T12:00:00.000Z'],
  ])('accepts %s as the instant %s', (value, iso) => {
    expect(parseRfc3339Instant(value)?.toISOString()).toBe(iso);
  });

  it.each([
    ['no offset', '2026-03-01T10:00:00'],
    ['no offset, with a fraction', '2026-03-01T10:00:00.123'],
    ['date only', '2026-03-01'],
    ['offset without a colon', '2026-03-01T10:00:00+0100'],
    ['offset hours only', '2026-03-01T10:00:00+01'],
    ['a space instead of T', '2026-03-01 10:00:00Z'],
    ['no seconds', '2026-03-01T10:00Z'],
    ['an empty fraction', '2026-03-01T10:00:00.Z'],
    ['a fraction of 10 digits', '2026-03-01T10:00:00.1234567890Z'],
    ['month 13', '2026-13-01T10:00:00Z'],
    ['month 00', '2026-00-01T10:00:00Z'],
    ['day 00', '2026-03-00T10:00:00Z'],
    ['April 31', '2026-04-31T10:00:00Z'],
    ['Feb 30', '2024-02-30T10:00:00Z'],
    ['Feb 29 of a non-leap year', '2026-02-29T10:00:00Z'],
    ['Feb 29 of a century that is not a leap year', '1900-02-29T10:00:00Z'],
    ['hour 24', '2026-03-01T24:00:00Z'],
    ['minute 60', '2026-03-01T10:60:00Z'],
    ['second 60', '2026-03-01T10:00:60Z'],
    ['offset hours 24', '2026-03-01T10:00:00+24:00'],
    ['offset minutes 60', '2026-03-01T10:00:00+01:60'],
    ['trailing text', '2026-03-01T10:00:00Z junk'],
    ['leading text', ' 2026-03-01T10:00:00Z'],
    ['empty string', ''],
  ])('refuses %s (%s)', (_label, value) => {
    expect(parseRfc3339Instant(value)).toBeUndefined();
  });
});

describe('isRfc3339Instant', () => {
  it('is true for a valid instant', () => {
    expect(isRfc3339Instant('2026-03-01T10:00:00+01:00')).toBe(true);
  });

  it.each([
    ['a string without offset', '2026-03-01T10:00:00'],
    ['a number', 1772359200000],
    ['a Date', new Date('2026-03-01T10:00:00Z')],
    ['null', null],
    ['undefined', undefined],
    ['an object', { occurredAt: '2026-03-01T10:00:00Z' }],
  ])('is false for %s', (_label, value) => {
    expect(isRfc3339Instant(value)).toBe(false);
  });
});
