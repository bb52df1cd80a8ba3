import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { EventView } from '@reimbursements/domain/ledger/event-view';
import { isEventId } from '@reimbursements/domain/ledger/ledger-queries';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { inScope } from '@reimbursements/domain/scope/caregiver-scope';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { GetEventQuery } from './get-event.query';

@QueryHandler(GetEventQuery)
export class GetEventHandler implements IQueryHandler<GetEventQuery, EventView> {
  constructor(
    private readonly ledger: LedgerReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ eventId, scope, minPosition }: GetEventQuery): Promise<EventView> {
    if (!isEventId(eventId)) throw new DomainError('QUERY.INVALID', 'The event id is not valid.', [{ field: 'eventId', message: 'must be a UUID' }]);
    await this.readYourWrites.waitFor(minPosition);
    const event = await this.ledger.event(eventId.toLowerCase());
    // Another caregiver's event is answered exactly as an unknown one: its existence is not the asker's to learn.
    if (!event || !inScope(scope, event.caregiverId)) throw new DomainError('EVENT.NOT_FOUND', `No event ${eventId}.`);
    return event;
  }
}
