import { FREE_TEXT_MESSAGE, isFreeText } from '@reimbursements/domain/validation/free-text';
import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * What IsFreeText admits, for the OpenAPI documents (`pattern` beside the field's other limits): no
 * C0 or C1 control character or DEL. `\x` escapes, which every regex dialect a client may check it
 * with reads alike; a lone surrogate cannot be written in a pattern, the description says it.
 */
export const FREE_TEXT_PATTERN = '^[^\\x00-\\x1F\\x7F-\\x9F]*$';

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
