import { DefineEventTypeInput } from '@reimbursements/domain/catalog/define-event-type.rule';
import { RecordOrigin } from '@reimbursements/domain/records/new-record';
import { Command } from '@nestjs/cqrs';
import { DefineEventTypeResponse } from './define-event-type.response.dto';

export class DefineEventTypeCommand extends Command<DefineEventTypeResponse> {
  constructor(
    readonly input: DefineEventTypeInput,
    readonly origin: RecordOrigin,
  ) {
    super();
  }
}
