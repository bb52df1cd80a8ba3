import { FieldError } from '@reimbursements/domain/validation/field-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://problems.caregiver-reimbursements.example/';

/** RFC 9457 problem details. `type` values are stable: clients may branch on them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

export function problem(kind: string, status: number, title: string, detail: string, errors?: FieldError[]): Problem {
  return { type: `${TYPE_BASE}${kind}`, title, status, detail, ...(errors && errors.length > 0 ? { errors } : {}) };
}

/** Thrown by the HTTP layer (pipes, guards, middleware) to answer with a given problem. */
export class ProblemException extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.title);
    this.name = 'ProblemException';
  }
}
