import { EventType } from '@reimbursements/domain/catalog/event-type-catalog';
import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReadYourWrites } from '../../read-your-writes/read-your-writes';
import { ListEventTypesQuery } from './list-event-types.query';

@QueryHandler(ListEventTypesQuery)
export class ListEventTypesHandler implements IQueryHandler<ListEventTypesQuery, EventType[]> {
  constructor(
    private readonly reader: ReportReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ minPosition }: ListEventTypesQuery): Promise<EventType[]> {
    await this.readYourWrites.waitFor(minPosition);
    return this.reader.eventTypes();
  }
}
