import { Principal } from '@reimbursements/auth/principal';
import { RecordOrigin } from '@reimbursements/domain/records/new-record';
import { requestIdOf } from '@reimbursements/platform/http/request-id.middleware';
import { Request } from 'express';

/** What every record of a request carries: its correlation id, and its authenticated principal as recordedBy. */
export function recordOrigin(request: Request, principal: Principal): RecordOrigin {
  return { correlationId: requestIdOf(request), recordedBy: principal.subject };
}
