import { EventType } from '@reimbursements/domain/catalog/event-type-catalog';
import { Query } from '@nestjs/cqrs';

export class ListEventTypesQuery extends Query<EventType[]> {
  constructor(readonly minPosition?: string) {
    super();
  }
}
