import { FREE_TEXT_MESSAGE, isFreeText } from '@reimbursements/domain/validation/free-text';
import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Every free-text field of every API (names, reasons, references, usernames) carries this, so a 400
 * names the field before anything that cannot be stored reaches the log or a database. Other types
 * are left to the field's own type check.
 */
export function IsFreeText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFreeText',
      validator: { validate: (value: unknown) => typeof value !== 'string' || isFreeText(value), defaultMessage: () => FREE_TEXT_MESSAGE },
    },
    options,
  );
}
