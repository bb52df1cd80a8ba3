import { DomainError, DomainErrorCode } from '@reimbursements/domain/errors/domain-error';
import { Problem, problem } from './problem';

const DOMAIN_PROBLEMS: Record<DomainErrorCode, { kind: string; status: number; title: string }> = {
  'EVENT.INVALID': { kind: 'invalid-input', status: 400, title: 'Invalid input' },
  'QUERY.INVALID': { kind: 'invalid-input', status: 400, title: 'Invalid input' },
  'EVENT.UNKNOWN_TYPE': { kind: 'unknown-event-type', status: 422, title: 'Unknown event type' },
  'EVENT.IN_FUTURE': { kind: 'event-in-future', status: 422, title: 'Event in the future' },
  'EVENT.TOO_OLD': { kind: 'outside-backdating-window', status: 422, title: 'Event too old' },
  'EVENT.CONFLICT': { kind: 'event-id-conflict', status: 409, title: 'Event id already used' },
  'EVENT.NOT_FOUND': { kind: 'not-found', status: 404, title: 'Not found' },
  'REIMBURSEMENT.INVALID': { kind: 'invalid-input', status: 400, title: 'Invalid input' },
  'REIMBURSEMENT.CONFLICT': { kind: 'reimbursement-id-conflict', status: 409, title: 'Reimbursement id already used' },
  'REIMBURSEMENT.NOT_FOUND': { kind: 'not-found', status: 404, title: 'Not found' },
  'EVENT_TYPE.INVALID': { kind: 'invalid-input', status: 400, title: 'Invalid input' },
  'EVENT_TYPE.ALREADY_EXISTS': { kind: 'event-type-exists', status: 409, title: 'Event type already exists' },
  'EVENT_TYPE.NOT_FOUND': { kind: 'not-found', status: 404, title: 'Not found' },
  'EVENT_TYPE.CURRENCY_MISMATCH': { kind: 'currency-not-supported', status: 422, title: 'Currency not supported' },
  'SCOPE.FOREIGN_CAREGIVER': { kind: 'forbidden', status: 403, title: 'Forbidden' },
  'PROJECTION.NOT_FOUND': { kind: 'not-found', status: 404, title: 'Not found' },
  'PROJECTION.NOT_STUCK': { kind: 'not-stuck', status: 409, title: 'Partition not stuck on that record' },
  'PROJECTION.CONFLICT': { kind: 'projection-conflict', status: 409, title: 'Not possible in the projection version\'s state' },
  'PROJECTION.LAGGING': { kind: 'version-lags', status: 409, title: 'Version not caught up' },
  'PROJECTION.POSITION_MISMATCH': { kind: 'position-mismatch', status: 409, title: 'Position differs from the stored offsets' },
};

/** The problem a domain refusal is answered with; `fieldPrefix` places its fields inside a batch item. */
export function domainProblem(error: DomainError, fieldPrefix = ''): Problem {
  const { kind, status, title } = DOMAIN_PROBLEMS[error.code];
  return problem(
    kind,
    status,
    title,
    error.message,
    error.errors.map((e) => ({ field: `${fieldPrefix}${e.field}`, message: e.message })),
  );
}
