export const CAREGIVER_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export function isCaregiverId(value: unknown): value is string {
  return typeof value === 'string' && CAREGIVER_ID_PATTERN.test(value);
}
