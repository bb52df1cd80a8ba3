import { DomainError } from '../errors/domain-error';
import { EventTypeCatalog, mergeRate } from './event-type-catalog';
import { EventTypeDefined } from './event-type-defined.record';
import { EventTypeRateScheduled } from './event-type-rate-scheduled.record';
import { scheduleRate } from './schedule-rate.rule';

const TZ = 'Europe/Stockholm';
const envelope = { schemaVersion: 1, recordedAt: '2026-01-01T00:00:00Z', correlationId: 'c', recordedBy: 't' };

function defined(code: string, amountCents: number): EventTypeDefined {
  return { ...envelope, recordId: `d-${code}`, type: 'EventTypeDefined', payload: { code, name: code, amountCents, currency: 'SEK' } };
}

function rate(code: string, amountCents: number, effectiveFrom: string): EventTypeRateScheduled {
  return { ...envelope, recordId: `r-${code}-${effectiveFrom}-${amountCents}`, type: 'EventTypeRateScheduled', payload: { code, amountCents, effectiveFrom } };
}

describe('dated rates', () => {
  const catalog = new EventTypeCatalog();
  catalog.apply(defined('x-ray', 50000));
  catalog.apply(rate('x-ray', 55000, '2027-01-01'));
  catalog.apply(rate('x-ray', 52000, '2026-07-01'));

  it.each([
    ['long before any later rate', '2020-01-01T00:00:00Z', 50000],
    ['the last second of June in Stockholm (CEST)', '2026-06-30T21:59:59Z', 50000],
    ['the first second of July in Stockholm', '2026-06-30T22:00:00Z', 52000],
    ['New Year\'s Eve 23:59:59 in Stockholm (CET)', '2026-12-31T22:59:59Z', 52000],
    ['New Year 00:00 in Stockholm, still 2026 in UTC', '2026-12-31T23:00:00Z', 55000],
    ['far after the last rate', '2030-05-05T12:00:00Z', 55000],
  ])('uses the rate effective at the instant: %s', (_name, instant, expected) => {
    expect(catalog.amountAt('x-ray', new Date(instant), TZ)).toBe(expected);
  });

  it('lists the rates in date order, the first one from the beginning', () => {
    expect(catalog.find('x-ray')?.rates).toEqual([
      { amountCents: 50000, effectiveFrom: null },
      { amountCents: 52000, effectiveFrom: '2026-07-01' },
      { amountCents: 55000, effectiveFrom: '2027-01-01' },
    ]);
  });

  it('lets a later rate for the same date replace the earlier one', () => {
    const replaced = new EventTypeCatalog();
    replaced.apply(defined('ct', 200000));
    replaced.apply(rate('ct', 210000, '2027-01-01'));
    replaced.apply(rate('ct', 220000, '2027-01-01'));
    expect(replaced.find('ct')?.rates).toEqual([
      { amountCents: 200000, effectiveFrom: null },
      { amountCents: 220000, effectiveFrom: '2027-01-01' },
    ]);
  });

  it('ignores a rate for a code nobody defined', () => {
    const empty = new EventTypeCatalog();
    empty.apply(rate('ghost', 1, '2027-01-01'));
    expect(empty.find('ghost')).toBeUndefined();
    expect(empty.amountAt('ghost', new Date(), TZ)).toBeUndefined();
  });

  it('reads the amount for an occurredAt string, and nothing for one without an offset', () => {
    expect(catalog.amountFor('x-ray', '2027-01-01T00:30:00+01:00', TZ)).toBe(55000);
    expect(catalog.amountFor('x-ray', '2027-01-01T00:30:00', TZ)).toBeUndefined();
  });

  it('merges rates by date whatever order they come in', () => {
    const merged = [
      { amountCents: 3, effectiveFrom: '2027-03-01' },
      { amountCents: 1, effectiveFrom: null },
      { amountCents: 2, effectiveFrom: '2027-01-01' },
    ].reduce(mergeRate, []);
    expect(merged.map((r) => r.amountCents)).toEqual([1, 2, 3]);
  });

  it.each([
    ['an impossible date', { code: 'x-ray', amountCents: 1, effectiveFrom: '2027-02-30' }, 'EVENT.INVALID'],
    ['an unknown code', { code: 'mri', amountCents: 1, effectiveFrom: '2027-02-01' }, 'EVENT_TYPE.NOT_FOUND'],
  ])('refuses to schedule a rate with %s', (_name, input, code) => {
    expect(() => scheduleRate(input, catalog)).toThrow(DomainError);
    try {
      scheduleRate(input, catalog);
    } catch (error) {
      expect((error as DomainError).code).toBe(code);
    }
  });
});
