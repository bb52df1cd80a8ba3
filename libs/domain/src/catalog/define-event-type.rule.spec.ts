import { defineEventType } from './define-event-type.rule';
import { EventTypeCatalog } from './event-type-catalog';
import { EVENT_TYPE_DEFINED } from './event-type-defined.record';
import { domainErrorOf } from '../testing/domain-error-of';

function catalogWith(...codes: string[]): EventTypeCatalog {
  const catalog = new EventTypeCatalog();
  codes.forEach((code, i) =>
    catalog.apply({
      recordId: `r${i}`,
      type: EVENT_TYPE_DEFINED,
      schemaVersion: 1,
      recordedAt: '2026-01-01T00:00:00.000Z',
      correlationId: 'c',
      recordedBy: 'tester',
      payload: { code, name: code, amountCents: 100, currency: 'SEK' },
    }),
  );
  return catalog;
}

describe('defineEventType', () => {
  it('defaults the currency to the configured one', () => {
    expect(defineEventType({ code: 'home-visit', name: 'Home visit', amountCents: 12_500 }, catalogWith(), 'SEK')).toEqual({
      code: 'home-visit',
      name: 'Home visit',
      amountCents: 12_500,
      currency: 'SEK',
    });
  });

  it('accepts the configured currency given explicitly', () => {
    const payload = defineEventType({ code: 'x', name: 'X', amountCents: 1, currency: 'EUR' }, catalogWith(), 'EUR');
    expect(payload.currency).toBe('EUR');
  });

  it.each(['EUR', 'sek', ''])('refuses the currency %j when SEK is configured', (currency) => {
    const error = domainErrorOf(() => defineEventType({ code: 'x', name: 'X', amountCents: 1, currency }, catalogWith(), 'SEK'));
    expect(error.code).toBe('EVENT_TYPE.CURRENCY_MISMATCH');
    expect(error.errors.map((e) => e.field)).toEqual(['currency']);
  });

  it('refuses a code that already exists', () => {
    const error = domainErrorOf(() =>
      defineEventType({ code: 'home-visit', name: 'Again', amountCents: 1 }, catalogWith('bathing', 'home-visit'), 'SEK'),
    );
    expect(error.code).toBe('EVENT_TYPE.ALREADY_EXISTS');
    expect(error.errors.map((e) => e.field)).toEqual(['code']);
  });

  it('accepts a code the catalog does not hold yet', () => {
    expect(defineEventType({ code: 'bathing-2', name: 'B2', amountCents: 5 }, catalogWith('bathing'), 'SEK').code).toBe('bathing-2');
  });

  it.each([
    ['NUL', 'X\u0000ray'],
    ['a lone surrogate', 'X-ray \ud83d'],
    ['an escape', '\u001b[2J'],
  ])('refuses a name holding %s with EVENT_TYPE.INVALID, naming it', (_label, name) => {
    const error = domainErrorOf(() => defineEventType({ code: 'x-ray', name, amountCents: 1 }, catalogWith(), 'SEK'));
    expect(error.code).toBe('EVENT_TYPE.INVALID');
    expect(error.errors.map((e) => e.field)).toEqual(['name']);
  });
});
