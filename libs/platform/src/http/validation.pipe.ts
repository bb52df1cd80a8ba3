import { FieldError } from '@reimbursements/domain/validation/field-error';
import { ValidationError, ValidationPipe } from '@nestjs/common';
import { problem, ProblemException } from './problem';

/** Nest's ValidationPipe, refusing unknown fields and answering with the offending field paths. */
export function problemValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) =>
      new ProblemException(problem('invalid-input', 400, 'Invalid input', 'Some fields are not valid.', flatten(errors))),
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'unknown field').replace(new RegExp(`^${escape(error.property)} `), ''),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
