import { DomainError } from '../errors/domain-error';

/** The refusal of a reimbursementId already requested with another caregiver, other events, month or reference. */
export function reimbursementIdConflict(reimbursementId: string): DomainError {
  return new DomainError(
    'REIMBURSEMENT.CONFLICT',
    `The reimbursementId ${reimbursementId} was already used for a request with another caregiverId, eventIds, month or reference.`,
    [{ field: 'reimbursementId', message: 'already used with different content' }],
  );
}
