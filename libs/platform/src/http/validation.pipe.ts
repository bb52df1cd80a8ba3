import { FieldError } from '@reimbursements/domain/validation/field-error';
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { constraintMessages } from '../validation/constraint-messages';
import { problem, ProblemException } from './problem';

/** Nest's ValidationPipe, refusing unknown fields and answering with the offending field paths. */
export const VALIDATION_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

export function problemValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    exceptionFactory: (errors) =>
      new ProblemException(problem('invalid-input', 400, 'Invalid input', 'Some fields are not valid.', fieldErrorsOf(errors))),
  });
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
