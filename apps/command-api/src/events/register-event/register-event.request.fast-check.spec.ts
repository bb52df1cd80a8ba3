import { VALIDATION_OPTIONS } from '@reimbursements/platform/http/validation.pipe';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { RegisterEventRequest } from './register-event.request.dto';
import { plainlyValidRegisterEvent } from './register-event.request.fast-check';

const valid = { eventId: '8f2e5c1a-3b4d-4e6f-8a9b-0c1d2e3f4a5b', caregiverId: 'cg-1', eventType: 'x-ray', occurredAt: '2026-03-14T09:30:00+01:00' };

/** What the DTO says of a body: accepted or not, as the validation pipe judges it. */
function dtoAccepts(body: unknown): boolean {
  return validateSync(plainToInstance(RegisterEventRequest, body) as object, VALIDATION_OPTIONS).length === 0;
}

const variants: [string, unknown][] = [
  ['a valid event', valid],
  ['no eventId', { ...valid, eventId: undefined }],
  ['a null eventId', { ...valid, eventId: null }],
  ['an upper-case eventId', { ...valid, eventId: valid.eventId.toUpperCase() }],
  ['the nil UUID', { ...valid, eventId: '00000000-0000-0000-0000-000000000000' }],
  ['a version 9 UUID', { ...valid, eventId: '8f2e5c1a-3b4d-9e6f-8a9b-0c1d2e3f4a5b' }],
  ['a UUID of a wrong variant', { ...valid, eventId: '8f2e5c1a-3b4d-4e6f-ca9b-0c1d2e3f4a5b' }],
  ['an eventId that is a number', { ...valid, eventId: 42 }],
  ['an eventId without dashes', { ...valid, eventId: '8f2e5c1a3b4d4e6f8a9b0c1d2e3f4a5b' }],
  ['an empty caregiverId', { ...valid, caregiverId: '' }],
  ['a caregiverId of 64 characters', { ...valid, caregiverId: 'a'.repeat(64) }],
  ['a caregiverId of 65 characters', { ...valid, caregiverId: 'a'.repeat(65) }],
  ['a caregiverId with a space', { ...valid, caregiverId: 'cg 1' }],
  ['a caregiverId with a newline at the end', { ...valid, caregiverId: 'cg-1\n' }],
  ['a caregiverId that is a number', { ...valid, caregiverId: 4 }],
  ['a caregiverId that is an array', { ...valid, caregiverId: ['cg-1'] }],
  ['no caregiverId', { eventId: valid.eventId, eventType: valid.eventType, occurredAt: valid.occurredAt }],
  ['an upper-case eventType', { ...valid, eventType: 'X-RAY' }],
  ['an eventType of 65 characters', { ...valid, eventType: 'x'.repeat(65) }],
  ['a null eventType', { ...valid, eventType: null }],
  ['an occurredAt without offset', { ...valid, occurredAt: '2026-03-14T09:30:00' }],
  ['an occurredAt in Z with fractions', { ...valid, occurredAt: '2026-03-14T09:30:00.123456789Z' }],
  ['an occurredAt on 30 February', { ...valid, occurredAt: '2026-02-30T09:30:00Z' }],
  ['an occurredAt with a lower-case t and z', { ...valid, occurredAt: '2026-03-14t09:30:00z' }],
  ['an occurredAt that is a number', { ...valid, occurredAt: 1773477000000 }],
  ['an occurredAt as a date only', { ...valid, occurredAt: '2026-03-14' }],
  ['an unknown field', { ...valid, amountCents: 1 }],
  ['a field named constructor', { ...valid, constructor: 'x' }],
  ['a field named __proto__', JSON.parse(`{"__proto__": {"x": 1}, "caregiverId": "cg-1", "eventType": "x-ray", "occurredAt": "2026-03-14T09:30:00Z"}`)],
  ['an empty object', {}],
  ['an array', [valid]],
  ['null', null],
  ['a string', 'not an event'],
  ['a number', 7],
];

describe('plainlyValidRegisterEvent, beside RegisterEventRequest', () => {
  it.each(variants)('says yes to %s only if the DTO does', (_name, body) => {
    const fast = plainlyValidRegisterEvent(body);
    if (fast !== undefined) expect(dtoAccepts(body)).toBe(true);
  });

  it.each(variants.filter(([name]) => /valid event|no eventId|null eventId|upper-case eventId|nil UUID|64 characters|fractions|lower-case t/.test(name)))(
    'says yes to %s, as the DTO does, with its fields',
    (_name, body) => {
      expect(dtoAccepts(body)).toBe(true);
      const { eventId, caregiverId, eventType, occurredAt } = body as Record<string, unknown>;
      expect(plainlyValidRegisterEvent(body)).toEqual({ ...(typeof eventId === 'string' ? { eventId } : {}), caregiverId, eventType, occurredAt });
    },
  );
});
