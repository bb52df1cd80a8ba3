import { FieldError } from '@reimbursements/domain/validation/field-error';
import { problem, ProblemException } from '@reimbursements/platform/http/problem';

export function invalidInput(errors: FieldError[]): ProblemException {
  return new ProblemException(problem('invalid-input', 400, 'Invalid input', 'Some fields are not valid.', errors));
}

export function conflict(kind: string, title: string, detail: string): ProblemException {
  return new ProblemException(problem(kind, 409, title, detail));
}
