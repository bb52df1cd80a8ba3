import { ValidateIf } from 'class-validator';

/**
 * The field may be left out; sent, it is validated, `null` included. (class-validator's
 * `IsOptional` lets `null` through as if absent: `caregiverIds: null` made an unscoped principal.)
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
