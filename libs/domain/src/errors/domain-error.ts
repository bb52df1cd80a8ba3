import { FieldError } from '../validation/field-error';

/** Stable codes; each app's exception filter maps them to problem+json types and statuses. */
export type DomainErrorCode =
  | 'EVENT.INVALID'
  | 'EVENT.UNKNOWN_TYPE'
  | 'EVENT.IN_FUTURE'
  | 'EVENT.TOO_OLD'
  | 'EVENT.CONFLICT'
  | 'EVENT.NOT_FOUND'
  | 'REIMBURSEMENT.INVALID'
  | 'REIMBURSEMENT.CONFLICT'
  | 'REIMBURSEMENT.NOT_FOUND'
  | 'EVENT_TYPE.INVALID'
  | 'EVENT_TYPE.ALREADY_EXISTS'
  | 'EVENT_TYPE.NOT_FOUND'
  | 'EVENT_TYPE.CURRENCY_MISMATCH'
  | 'QUERY.INVALID'
  | 'SCOPE.FOREIGN_CAREGIVER'
  | 'PROJECTION.NOT_FOUND'
  | 'PROJECTION.NOT_STUCK'
  | 'PROJECTION.CONFLICT'
  | 'PROJECTION.LAGGING'
  | 'PROJECTION.POSITION_MISMATCH';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
