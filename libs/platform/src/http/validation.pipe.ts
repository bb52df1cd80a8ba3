import { FieldError } from '@reimbursements/domain/validation/field-error';
import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { constraintMessages } from '../validation/constraint-messages';
import { problem, ProblemException } from './problem';

/** Nest's ValidationPipe, refusing unknown fields and answering with the offending field paths. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

export function problemValidationPipe(): ValidationPipe {
  return new JsonBodyValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    exceptionFactory: (errors) =>
      new ProblemException(problem('invalid-input', 400, 'Invalid input', 'Some fields are not valid.', fieldErrorsOf(errors))),
  });
}

/**
 * Nest's pipe, without its walk for the gaps of sparse arrays through a body. A body here is JSON
 * (jsonBodyMiddleware; any other type is a 415) or, on the auth-api's token route only, a flat form
 * (token-form-body.middleware.ts, `extended: false`): neither parser makes a sparse array, so the
 * walk, half a millisecond over a report's 10 000 caregiver ids, could never close one. Query
 * strings and route parameters are still walked.
 */
class JsonBodyValidationPipe extends ValidationPipe {
  private closesGaps = true;

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // ValidationPipe.transform closes the gaps before its first await, so this is still the call's own setting then.
    this.closesGaps = metadata.type !== 'body';
    return super.transform(value, metadata);
  }

  protected override closeArrayGaps(value: unknown): void {
    if (this.closesGaps) super.closeArrayGaps(value);
  }
}

/** class-validator's errors as `{ field, message }` with paths such as `events[3].occurredAt`. */
export function fieldErrorsOf(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const own = constraintMessages(error.constraints).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'unknown field').replace(new RegExp(`^${escape(error.property)} `), ''),
    }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
