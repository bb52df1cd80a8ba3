import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { isEventId } from '@reimbursements/domain/ledger/ledger-queries';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { ReimbursementOutcome } from '@reimbursements/domain/reimbursements/reimbursement-outcome';
import { inScope } from '@reimbursements/domain/scope/caregiver-scope';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { outcomesSeenBy } from '../outcome-seen-by';
import { GetReimbursementQuery } from './get-reimbursement.query';

@QueryHandler(GetReimbursementQuery)
export class GetReimbursementHandler implements IQueryHandler<GetReimbursementQuery, ReimbursementOutcome> {
  constructor(
    private readonly ledger: LedgerReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ reimbursementId, scope, minPosition }: GetReimbursementQuery): Promise<ReimbursementOutcome> {
    if (!isEventId(reimbursementId)) {
      throw new DomainError('QUERY.INVALID', 'The reimbursement id is not valid.', [{ field: 'reimbursementId', message: 'must be a UUID' }]);
    }
    await this.readYourWrites.waitFor(minPosition);
    const outcome = await this.ledger.reimbursement(reimbursementId.toLowerCase());
    // Another caregiver's outcome is answered exactly as an unknown one.
    if (!outcome || !inScope(scope, outcome.caregiverId)) throw new DomainError('REIMBURSEMENT.NOT_FOUND', `No reimbursement ${reimbursementId}.`);
    // A scoped reader sees another caregiver's events among the rejections as `unknown`.
    const [seen] = await outcomesSeenBy([outcome], scope, this.ledger);
    return seen;
  }
}
