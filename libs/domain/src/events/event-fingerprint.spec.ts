import { eventFingerprint } from './event-fingerprint';

const event = { caregiverId: 'cg-42', eventType: 'home-visit', occurredAt: '2026-02-28T09:15:00+01:00' };

describe('eventFingerprint', () => {
  it.each([
    ['in UTC', '2026-02-28T08:15:00Z'],
    ['with a lower-case z', '2026-02-28T08:15:00z'],
    ['with another offset', '2026-02-28T03:15:00-05:00'],
    ['with zero milliseconds', '2026-02-28T09:15:00.000+01:00'],
    ['with nine zero digits', '2026-02-28T09:15:00.000000000+01:00'],
  ])('is the same for the same instant written %s', (_how, occurredAt) => {
    expect(eventFingerprint({ ...event, occurredAt })).toBe(eventFingerprint(event));
  });

  it.each([
    ['another caregiver', { caregiverId: 'cg-43' }],
    ['a caregiver differing only in case', { caregiverId: 'CG-42' }],
    ['another type', { eventType: 'x-ray' }],
    ['another instant', { occurredAt: '2026-02-28T09:15:00+02:00' }],
    ['one millisecond later', { occurredAt: '2026-02-28T09:15:00.001+01:00' }],
    ['a tenth of a millisecond later', { occurredAt: '2026-02-28T09:15:00.0001+01:00' }],
    ['a nanosecond later', { occurredAt: '2026-02-28T09:15:00.000000001+01:00' }],
  ])('differs for %s', (_what, change) => {
    expect(eventFingerprint({ ...event, ...change })).not.toBe(eventFingerprint(event));
  });

  it('tells apart instants that differ below the millisecond, which Date alone would not', () => {
    const at = (occurredAt: string) => eventFingerprint({ ...event, occurredAt });
    expect(at('2026-12-01T17:49:00.0001Z')).not.toBe(at('2026-12-01T17:49:00.0009Z'));
    expect(at('2026-12-01T17:49:00.00010Z')).toBe(at('2026-12-01T18:49:00.0001+01:00'));
  });

  it('keeps the fields apart, so no two events share a fingerprint by concatenation', () => {
    const a = eventFingerprint({ caregiverId: 'a', eventType: 'b-c', occurredAt: event.occurredAt });
    const b = eventFingerprint({ caregiverId: 'a-b', eventType: 'c', occurredAt: event.occurredAt });
    expect(a).not.toBe(b);
  });
});
