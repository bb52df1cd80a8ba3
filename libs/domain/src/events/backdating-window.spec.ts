import { DomainError } from '../errors/domain-error';
import { registerEvent, RegistrationSettings } from './register-event.rule';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const window90: RegistrationSettings = {
  timeZone: 'Europe/Stockholm',
  currency: 'SEK',
  futureSkewMs: 300_000,
  backdatingWindowMs: 90 * DAY,
};
const input = (occurredAt: string) => ({ eventId: '8f2e5c1a-3b4d-4e6f-8a9b-0c1d2e3f4a5b', caregiverId: '4', eventType: 'x-ray', occurredAt });

function refusal(occurredAt: string, settings: RegistrationSettings): string | undefined {
  try {
    registerEvent(input(occurredAt), 50000, NOW, settings);
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('the back-dating window', () => {
  it.each([
    ['exactly 90 days old', new Date(NOW.getTime() - 90 * DAY).toISOString(), undefined],
    ['one second older than 90 days', new Date(NOW.getTime() - 90 * DAY - 1000).toISOString(), 'EVENT.TOO_OLD'],
    ['a year old', '2025-11-23T12:00:00Z', 'EVENT.TOO_OLD'],
    ['from yesterday', '2026-11-22T12:00:00+01:00', undefined],
  ])('for an ordinary sender: an event %s', (_name, occurredAt, expected) => {
    expect(refusal(occurredAt, window90)).toBe(expected);
  });

  it('lets a sender who may backfill register older events', () => {
    expect(refusal('2020-01-01T00:00:00Z', { ...window90, mayBackfill: true })).toBeUndefined();
  });

  it('names occurredAt and the window in the refusal', () => {
    try {
      registerEvent(input('2025-01-01T00:00:00Z'), 50000, NOW, window90);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).errors).toEqual([{ field: 'occurredAt', message: 'must not be more than 90 days in the past' }]);
    }
  });

  it('checks the future before the past, and both before the catalog', () => {
    expect(refusal('2027-01-01T00:00:00Z', window90)).toBe('EVENT.IN_FUTURE');
    try {
      registerEvent(input('2025-01-01T00:00:00Z'), undefined, NOW, window90);
    } catch (error) {
      expect((error as DomainError).code).toBe('EVENT.TOO_OLD');
    }
  });
});
