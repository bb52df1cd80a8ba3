import {
  EVENT_TYPE_RATE_SCHEDULED,
  EVENT_TYPE_RATE_SCHEDULED_SCHEMA_VERSION,
  EventTypeRateScheduledPayload,
} from '@reimbursements/domain/catalog/event-type-rate-scheduled.record';
import { scheduleRate } from '@reimbursements/domain/catalog/schedule-rate.rule';
import { CatalogFeed } from '@reimbursements/domain/ports/catalog-feed.port';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { positionOfRecord } from '@reimbursements/domain/position/log-position';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { ScheduleRateCommand } from './schedule-rate.command';
import { ScheduleRateResponse } from './schedule-rate.response.dto';

@CommandHandler(ScheduleRateCommand)
export class ScheduleRateHandler implements ICommandHandler<ScheduleRateCommand, ScheduleRateResponse> {
  constructor(
    private readonly catalog: CatalogFeed,
    private readonly eventLog: EventLog,
  ) {}

  async execute({ input, origin }: ScheduleRateCommand): Promise<ScheduleRateResponse> {
    const payload = scheduleRate(input, await this.catalog.catchUp());
    const record = newRecord<typeof EVENT_TYPE_RATE_SCHEDULED, EventTypeRateScheduledPayload>(
      EVENT_TYPE_RATE_SCHEDULED,
      EVENT_TYPE_RATE_SCHEDULED_SCHEMA_VERSION,
      payload,
      origin,
      randomUUID(),
      new Date(),
    );
    const [appended] = await this.eventLog.append([{ stream: 'catalog', key: payload.code, record }]);
    // This instance uses the rate from the next request on; the others fold it from the topic.
    await this.catalog.catchUp(appended);
    return { ...payload, position: positionOfRecord(appended) };
  }
}
