import { defineEventType } from '@reimbursements/domain/catalog/define-event-type.rule';
import {
  EVENT_TYPE_DEFINED,
  EVENT_TYPE_DEFINED_SCHEMA_VERSION,
  EventTypeDefinedPayload,
} from '@reimbursements/domain/catalog/event-type-defined.record';
import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { CatalogFeed } from '@reimbursements/domain/ports/catalog-feed.port';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { positionOfRecord } from '@reimbursements/domain/position/log-position';
import { newRecord } from '@reimbursements/domain/records/new-record';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { CommandApiSettings } from '../../command-api.settings';
import { DefineEventTypeCommand } from './define-event-type.command';
import { DefineEventTypeResponse } from './define-event-type.response.dto';

@CommandHandler(DefineEventTypeCommand)
export class DefineEventTypeHandler implements ICommandHandler<DefineEventTypeCommand, DefineEventTypeResponse> {
  constructor(
    private readonly catalog: CatalogFeed,
    private readonly eventLog: EventLog,
    private readonly settings: CommandApiSettings,
  ) {}

  async execute({ input, origin }: DefineEventTypeCommand): Promise<DefineEventTypeResponse> {
    const payload = defineEventType(input, await this.catalog.catchUp(), this.settings.CURRENCY);
    const record = newRecord<typeof EVENT_TYPE_DEFINED, EventTypeDefinedPayload>(
      EVENT_TYPE_DEFINED,
      EVENT_TYPE_DEFINED_SCHEMA_VERSION,
      payload,
      origin,
      randomUUID(),
      new Date(),
    );
    const [appended] = await this.eventLog.append([{ stream: 'catalog', key: payload.code, record }]);
    // Answer only once this instance's view has the type, so it is usable from the next request on;
    // if another writer defined the code first, the log order decides and this one lost.
    const catalog = await this.catalog.catchUp(appended);
    if (catalog.definingRecordId(payload.code) !== record.recordId) {
      throw new DomainError('EVENT_TYPE.ALREADY_EXISTS', `The event type '${payload.code}' already exists.`, [
        { field: 'code', message: 'already exists' },
      ]);
    }
    return {
      ...payload,
      position: positionOfRecord(appended),
    };
  }
}
