import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { positionOfRecord } from '@reimbursements/domain/position/log-position';
import { newRecord } from '@reimbursements/domain/records/new-record';
import {
  REIMBURSEMENT_REQUESTED,
  REIMBURSEMENT_REQUESTED_SCHEMA_VERSION,
  ReimbursementRequestedPayload,
} from '@reimbursements/domain/reimbursements/reimbursement-requested.record';
import { reimbursementIdClaim } from '@reimbursements/domain/reimbursements/reimbursement-fingerprint';
import { reimbursementIdConflict } from '@reimbursements/domain/reimbursements/reimbursement-id-conflict';
import { requestReimbursement } from '@reimbursements/domain/reimbursements/request-reimbursement.rule';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { appendClaimed } from '../../events/append-claimed';
import { RecentReimbursementIds } from '../recent-reimbursement-ids';
import { RequestReimbursementCommand } from './request-reimbursement.command';
import { RequestReimbursementResponse } from './request-reimbursement.response.dto';

/**
 * Records the request on the caregiver's partition; the fold decides its outcome, all or nothing.
 * A reimbursementId requested recently with other content (another caregiver above all, whose
 * partition would decide it a second time) is refused with a 409 before it reaches the log.
 */
@CommandHandler(RequestReimbursementCommand)
export class RequestReimbursementHandler implements ICommandHandler<RequestReimbursementCommand, RequestReimbursementResponse> {
  constructor(
    private readonly eventLog: EventLog,
    private readonly recentIds: RecentReimbursementIds,
  ) {}

  async execute({ input, origin }: RequestReimbursementCommand): Promise<RequestReimbursementResponse> {
    const payload = requestReimbursement(input);
    const [{ verdict }] = await this.recentIds.claim([reimbursementIdClaim(payload)]);
    if (verdict === 'different') throw reimbursementIdConflict(payload.reimbursementId);
    const record = newRecord<typeof REIMBURSEMENT_REQUESTED, ReimbursementRequestedPayload>(
      REIMBURSEMENT_REQUESTED,
      REIMBURSEMENT_REQUESTED_SCHEMA_VERSION,
      payload,
      origin,
      randomUUID(),
      new Date(),
    );
    const [appended] = await appendClaimed(
      this.eventLog,
      this.recentIds,
      [{ stream: 'log', key: payload.caregiverId, record }],
      verdict === 'new' ? [payload.reimbursementId] : [],
    );
    return { reimbursementId: payload.reimbursementId, position: positionOfRecord(appended) };
  }
}
