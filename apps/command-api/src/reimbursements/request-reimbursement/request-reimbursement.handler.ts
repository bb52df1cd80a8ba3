import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { positionOfRecord } from '@reimbursements/domain/position/log-position';
import { newRecord } from '@reimbursements/domain/records/new-record';
import {
  REIMBURSEMENT_REQUESTED,
  REIMBURSEMENT_REQUESTED_SCHEMA_VERSION,
  ReimbursementRequestedPayload,
} from '@reimbursements/domain/reimbursements/reimbursement-requested.record';
import { requestReimbursement } from '@reimbursements/domain/reimbursements/request-reimbursement.rule';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { RequestReimbursementCommand } from './request-reimbursement.command';
import { RequestReimbursementResponse } from './request-reimbursement.response.dto';

/** Records the request on the caregiver's partition; the fold decides its outcome, all or nothing. */
@CommandHandler(RequestReimbursementCommand)
export class RequestReimbursementHandler implements ICommandHandler<RequestReimbursementCommand, RequestReimbursementResponse> {
  constructor(private readonly eventLog: EventLog) {}

  async execute({ input, origin }: RequestReimbursementCommand): Promise<RequestReimbursementResponse> {
    const payload = requestReimbursement(input);
    const record = newRecord<typeof REIMBURSEMENT_REQUESTED, ReimbursementRequestedPayload>(
      REIMBURSEMENT_REQUESTED,
      REIMBURSEMENT_REQUESTED_SCHEMA_VERSION,
      payload,
      origin,
      randomUUID(),
      new Date(),
    );
    const [appended] = await this.eventLog.append([{ stream: 'log', key: payload.caregiverId, record }]);
    return { reimbursementId: payload.reimbursementId, position: positionOfRecord(appended) };
  }
}
