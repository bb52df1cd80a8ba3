import { MAX_BATCH_SIZE, RegisterEventBatchRequest } from './register-event-batch.request.dto';

/**
 * The envelope of a batch that RegisterEventBatchRequest's checks would pass, taken as it is;
 * undefined when anything is off. The DTO builds its instance by copying every item deeply
 * (class-transformer), a visible share of a batch's CPU, although only the envelope is judged there.
 * It only ever says yes where the DTO does (a unit test holds them together); anything else goes
 * through the DTO, so every refusal names the same fields with the same messages as before.
 */
export function plainlyValidBatchEnvelope(value: unknown): RegisterEventBatchRequest | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'events') return undefined;
  const { events } = value as { events: unknown };
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_BATCH_SIZE) return undefined;
  return { events };
}
