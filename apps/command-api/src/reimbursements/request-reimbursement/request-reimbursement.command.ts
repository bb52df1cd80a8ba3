import { ReimbursementRequestedPayload } from '@reimbursements/domain/reimbursements/reimbursement-requested.record';
import { RecordOrigin } from '@reimbursements/domain/records/new-record';
import { Command } from '@nestjs/cqrs';
import { RequestReimbursementResponse } from './request-reimbursement.response.dto';

export class RequestReimbursementCommand extends Command<RequestReimbursementResponse> {
  constructor(
    readonly input: ReimbursementRequestedPayload,
    readonly origin: RecordOrigin,
  ) {
    super();
  }
}
