import { VALIDATION_OPTIONS } from '@reimbursements/platform/http/validation.pipe';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { MAX_BATCH_SIZE, RegisterEventBatchRequest } from './register-event-batch.request.dto';
import { plainlyValidBatchEnvelope } from './register-event-batch.request.fast-check';

const item = { caregiverId: 'cg-1', eventType: 'x-ray', occurredAt: '2026-03-14T09:30:00+01:00' };

/** What the DTO says of a body: accepted or not, as the validation pipe judges it. */
function dtoAccepts(body: unknown): boolean {
  return validateSync(plainToInstance(RegisterEventBatchRequest, body) as object, VALIDATION_OPTIONS).length === 0;
}

const variants: [string, unknown][] = [
  ['one event', { events: [item] }],
  [`${MAX_BATCH_SIZE} events`, { events: Array.from({ length: MAX_BATCH_SIZE }, () => item) }],
  ['items the handler refuses one by one', { events: [null, 'x', 7, [], { caregiverId: 'cg 1' }] }],
  [`${MAX_BATCH_SIZE + 1} events`, { events: Array.from({ length: MAX_BATCH_SIZE + 1 }, () => item) }],
  ['no events', { events: [] }],
  ['events that is an object', { events: { 0: item } }],
  ['events that is a string', { events: 'x' }],
  ['events that is null', { events: null }],
  ['no events field', {}],
  ['an unknown field beside events', { events: [item], dryRun: true }],
  ['a field named constructor beside events', { events: [item], constructor: 'x' }],
  ['an array', [item]],
  ['null', null],
  ['a string', 'not a batch'],
];

describe('plainlyValidBatchEnvelope, beside RegisterEventBatchRequest', () => {
  it.each(variants)('says yes to %s only if the DTO does', (_name, body) => {
    if (plainlyValidBatchEnvelope(body) !== undefined) expect(dtoAccepts(body)).toBe(true);
  });

  it.each(variants.slice(0, 3))('says yes to %s, as the DTO does, with the same items', (_name, body) => {
    expect(dtoAccepts(body)).toBe(true);
    expect(plainlyValidBatchEnvelope(body)?.events).toBe((body as { events: unknown[] }).events);
  });

  it.each(variants.slice(3))('leaves %s to the DTO', (_name, body) => {
    expect(plainlyValidBatchEnvelope(body)).toBeUndefined();
  });

  // A reserved key is refused before (reservedKeysMiddleware), null by the pipe before the DTO sees it.
  it.each(variants.slice(3).filter(([name]) => name !== 'null' && !name.includes('constructor')))('%s: the DTO refuses it', (_name, body) => {
    expect(dtoAccepts(body)).toBe(false);
  });
});
