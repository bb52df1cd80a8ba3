export const EVENT_TYPE_CODE_PATTERN = /^[a-z0-9-]{1,64}$/;

export function isEventTypeCode(value: unknown): value is string {
  return typeof value === 'string' && EVENT_TYPE_CODE_PATTERN.test(value);
}
