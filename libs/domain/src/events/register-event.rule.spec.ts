import { RegisterEventInput, registerEvent, RegistrationSettings, validateRegisterEventInput } from './register-event.rule';
import { domainErrorOf } from '../testing/domain-error-of';

const settings: RegistrationSettings = { timeZone: 'Europe/Stockholm', currency: 'SEK', futureSkewMs: 5_000 };
const now = new Date('2026-03-01T12:00:00Z');

const valid: RegisterEventInput = {
  eventId: '3f2b8c1e-9a4d-4e2f-8b6a-1c2d3e4f5a6b',
  caregiverId: 'cg-42',
  eventType: 'home-visit',
  occurredAt: '2026-02-28T09:15:00+01:00',
};

describe('validateRegisterEventInput', () => {
  it('finds nothing wrong with a valid input', () => {
    expect(validateRegisterEventInput(valid)).toEqual([]);
  });

  it.each([
    ['eventId', 'not-a-uuid'],
    ['eventId', '3f2b8c1e9a4d4e2f8b6a1c2d3e4f5a6b'],
    ['eventId', '3f2b8c1e-9a4d-4e2f-8b6a-1c2d3e4f5a6g'],
    ['caregiverId', ''],
    ['caregiverId', 'has space'],
    ['caregiverId', 'cg/42'],
    ['caregiverId', 'x'.repeat(65)],
    ['eventType', ''],
    ['eventType', 'Home-Visit'],
    ['eventType', 'home_visit'],
    ['eventType', 'a'.repeat(65)],
    ['occurredAt', '2026-02-28T09:15:00'],
    ['occurredAt', '2026-02-28'],
    ['occurredAt', '2026-02-30T09:15:00Z'],
    ['occurredAt', 'yesterday'],
  ] as [keyof RegisterEventInput, string][])('names %s when it is %j', (field, value) => {
    const errors = validateRegisterEventInput({ ...valid, [field]: value });
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0].message).toEqual(expect.any(String));
  });

  it.each([
    ['caregiverId', 'A.b_c:D-9'],
    ['caregiverId', 'x'.repeat(64)],
    ['eventType', 'a'.repeat(64)],
    ['eventId', '3F2B8C1E-9A4D-4E2F-8B6A-1C2D3E4F5A6B'],
  ] as [keyof RegisterEventInput, string][])('accepts %s %j', (field, value) => {
    expect(validateRegisterEventInput({ ...valid, [field]: value })).toEqual([]);
  });

  it('names every invalid field at once', () => {
    const errors = validateRegisterEventInput({ eventId: 'x', caregiverId: '', eventType: 'X', occurredAt: 'now' });
    expect(errors.map((e) => e.field)).toEqual(['eventId', 'caregiverId', 'eventType', 'occurredAt']);
  });
});

describe('registerEvent', () => {
  it('returns the payload to record, with the amount, the currency and the month in the business zone', () => {
    const event = registerEvent({ ...valid, occurredAt: '2026-02-28T23:30:00Z' }, 12_500, now, settings);
    expect(event).toEqual({
      eventId: valid.eventId,
      caregiverId: 'cg-42',
      eventType: 'home-visit',
      occurredAt: '2026-02-28T23:30:00Z',
      amountCents: 12_500,
      currency: 'SEK',
      month: '2026-03',
    });
  });

  it('keeps occurredAt as the sender wrote it and derives the month from the instant', () => {
    const event = registerEvent({ ...valid, occurredAt: '2026-01-31T23:30:00-05:00' }, 100, now, settings);
    expect(event.occurredAt).toBe('2026-01-31T23:30:00-05:00');
    expect(event.month).toBe('2026-02');
  });

  it('uses the configured zone and currency', () => {
    const event = registerEvent({ ...valid, occurredAt: '2026-02-28T23:30:00Z' }, 100, now, {
      ...settings,
      timeZone: 'UTC',
      currency: 'NOK',
    });
    expect(event.month).toBe('2026-02');
    expect(event.currency).toBe('NOK');
  });

  it('lower-cases the eventId', () => {
    const event = registerEvent({ ...valid, eventId: '3F2B8C1E-9A4D-4E2F-8B6A-1C2D3E4F5A6B' }, 100, now, settings);
    expect(event.eventId).toBe('3f2b8c1e-9a4d-4e2f-8b6a-1c2d3e4f5a6b');
  });

  it('accepts a zero amount', () => {
    expect(registerEvent(valid, 0, now, settings).amountCents).toBe(0);
  });

  it.each([
    ['exactly now', '2026-03-01T12:00:00Z'],
    ['exactly at the skew', '2026-03-01T12:00:05Z'],
    ['exactly at the skew, with an offset', '2026-03-01T13:00:05+01:00'],
    ['long ago', '2020-01-01T00:00:00Z'],
  ])('accepts an event %s', (_label, occurredAt) => {
    expect(registerEvent({ ...valid, occurredAt }, 100, now, settings).occurredAt).toBe(occurredAt);
  });

  it.each([
    ['1 ms beyond the skew', '2026-03-01T12:00:05.001Z'],
    ['1 ms beyond the skew, with an offset', '2026-03-01T13:00:05.001+01:00'],
    ['a day ahead', '2026-03-02T12:00:00Z'],
  ])('refuses an event %s with EVENT.IN_FUTURE', (_label, occurredAt) => {
    const error = domainErrorOf(() => registerEvent({ ...valid, occurredAt }, 100, now, settings));
    expect(error.code).toBe('EVENT.IN_FUTURE');
    expect(error.errors.map((e) => e.field)).toEqual(['occurredAt']);
  });

  it('refuses with a zero skew anything after now', () => {
    const noSkew = { ...settings, futureSkewMs: 0 };
    expect(registerEvent({ ...valid, occurredAt: '2026-03-01T12:00:00Z' }, 1, now, noSkew).amountCents).toBe(1);
    const error = domainErrorOf(() => registerEvent({ ...valid, occurredAt: '2026-03-01T12:00:00.001Z' }, 1, now, noSkew));
    expect(error.code).toBe('EVENT.IN_FUTURE');
  });

  describe('occurredAt lies from 1970-01-01 to now plus the skew, so every month has a four-digit year', () => {
    const backfill = { ...settings, backdatingWindowMs: 90 * 86_400_000, mayBackfill: true };

    it.each([
      ['year 999', '0999-06-15T12:00:00Z'],
      ['year 1', '0001-01-01T00:00:00Z'],
      ['year 0', '0000-03-01T00:00:00Z'],
      ['year 50 (once shifted to 1950)', '0050-06-01T00:00:00Z'],
      ['1 ms before the epoch', '1969-12-31T23:59:59.999Z'],
      ['the epoch written with an offset that puts it in 1969', '1970-01-01T00:30:00+01:00'],
    ])('refuses %s with EVENT.INVALID naming occurredAt, even for an admin backfilling', (_label, occurredAt) => {
      const error = domainErrorOf(() => registerEvent({ ...valid, occurredAt }, 100, now, backfill));
      expect(error.code).toBe('EVENT.INVALID');
      expect(error.errors).toEqual([{ field: 'occurredAt', message: expect.stringContaining('1970-01-01') }]);
    });

    it('accepts the epoch itself, in the month 1970-01', () => {
      expect(registerEvent({ ...valid, occurredAt: '1970-01-01T00:00:00Z' }, 100, now, backfill).month).toBe('1970-01');
    });
  });

  it('refuses a type the catalog does not know with EVENT.UNKNOWN_TYPE', () => {
    const error = domainErrorOf(() => registerEvent(valid, undefined, now, settings));
    expect(error.code).toBe('EVENT.UNKNOWN_TYPE');
    expect(error.errors.map((e) => e.field)).toEqual(['eventType']);
    expect(error.message).toContain('home-visit');
  });

  it('refuses an invalid input with EVENT.INVALID and the field errors', () => {
    const error = domainErrorOf(() =>
      registerEvent({ ...valid, caregiverId: 'bad id', occurredAt: '2026-03-01T10:00:00' }, 100, now, settings),
    );
    expect(error.code).toBe('EVENT.INVALID');
    expect(error.errors.map((e) => e.field)).toEqual(['caregiverId', 'occurredAt']);
  });

  it('reports an invalid input as EVENT.INVALID even when the type is unknown too', () => {
    const error = domainErrorOf(() => registerEvent({ ...valid, eventId: 'nope' }, undefined, now, settings));
    expect(error.code).toBe('EVENT.INVALID');
    expect(error.errors.map((e) => e.field)).toEqual(['eventId']);
  });
});
