import { pageOf, reimbursementsQuery } from '@reimbursements/domain/ledger/ledger-queries';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { requireInScope } from '@reimbursements/domain/scope/caregiver-scope';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { outcomesSeenBy } from '../outcome-seen-by';
import { ListReimbursementsQuery, ReimbursementsPage } from './list-reimbursements.query';

@QueryHandler(ListReimbursementsQuery)
export class ListReimbursementsHandler implements IQueryHandler<ListReimbursementsQuery, ReimbursementsPage> {
  constructor(
    private readonly ledger: LedgerReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ request, scope, minPosition }: ListReimbursementsQuery): Promise<ReimbursementsPage> {
    const query = reimbursementsQuery(request);
    requireInScope(scope, query.caregiverId);
    await this.readYourWrites.waitFor(minPosition);
    const outcomes = await this.ledger.reimbursementsOf(query.caregiverId, query.month);
    const page = pageOf(outcomes, (r) => `${r.requestedAt}#${r.reimbursementId}`, query);
    // A scoped reader sees another caregiver's events among the rejections as `unknown`.
    const reimbursements = await outcomesSeenBy(page.items, scope, this.ledger);
    return { reimbursements, nextCursor: page.nextCursor };
  }
}
