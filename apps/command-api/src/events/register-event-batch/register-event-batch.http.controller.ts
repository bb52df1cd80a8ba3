import { AuthenticatedRequest } from '@reimbursements/auth/authenticated-request';
import { chargeOf, CountedAtClaim } from '@reimbursements/auth/counted-at-claim.decorator';
import { CurrentPrincipal } from '@reimbursements/auth/current-principal.decorator';
import { Principal } from '@reimbursements/auth/principal';
import { Roles } from '@reimbursements/auth/roles.decorator';
import { encodePosition, mergePositions, partitionKey } from '@reimbursements/domain/position/log-position';
import { RegisterEventInput } from '@reimbursements/domain/events/register-event.rule';
import { CaregiverScope, foreignCaregiver, inScope } from '@reimbursements/domain/scope/caregiver-scope';
import { domainProblem } from '@reimbursements/platform/http/domain-problem';
import { problem } from '@reimbursements/platform/http/problem';
import { reservedKeyErrors, reservedKeyPaths } from '@reimbursements/platform/http/reserved-keys.middleware';
import { validatedBody } from '@reimbursements/platform/http/validated-body';
import { fieldErrorsOf, VALIDATION_OPTIONS } from '@reimbursements/platform/http/validation.pipe';
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBody, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { recordOrigin } from '../../record-origin';
import { mayBackfill } from '../backfill-policy';
import { RegisterEventRequest } from '../register-event/register-event.request.dto';
import { plainlyValidRegisterEvent } from '../register-event/register-event.request.fast-check';
import { RegisterEventBatchCommand } from './register-event-batch.command';
import { BatchOutcome } from './register-event-batch.handler';
import { RegisterEventBatchRequest } from './register-event-batch.request.dto';
import { plainlyValidBatchEnvelope } from './register-event-batch.request.fast-check';
import { RegisterEventBatchResponse } from './register-event-batch.response.dto';

type ItemResult = RegisterEventBatchResponse['results'][number];

export const EVENT_BATCH_PATH = '/v1/events/batch';
/** The field of the batch's items, each judged on its own (reserved keys included: HttpAppOptions.itemizedBodies). */
export const EVENT_BATCH_ITEMS = 'events';

@ApiTags('events')
@Controller(EVENT_BATCH_PATH.slice(1))
export class RegisterEventBatchHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @Roles('ingest')
  @CountedAtClaim()
  @HttpCode(202)
  @ApiBody({ type: RegisterEventBatchRequest })
  @ApiAcceptedResponse({
    type: RegisterEventBatchResponse,
    description: "Every accepted item is durably in the log. An item for a caregiver outside the sender's scope is rejected with a 403 problem of its own.",
  })
  @ApiBadRequestResponse({ description: 'Not a batch: no events array, none, or more than 1000 (each item is judged on its own, in the 202)' })
  async register(@Body() body: unknown, @Req() request: AuthenticatedRequest, @CurrentPrincipal() principal: Principal): Promise<RegisterEventBatchResponse> {
    const charge = chargeOf(request);
    return charge.around(async () => {
      const { events } = plainlyValidBatchEnvelope(body) ?? (await validatedBody(RegisterEventBatchRequest, body));
      const results: ItemResult[] = [];
      const valid: { index: number; input: RegisterEventInput }[] = [];
      const givenIds = new Set<number>();
      events.forEach((item, index) => {
        const checked = checkItem(item, index, principal.caregiverIds);
        if ('input' in checked) valid.push({ index, input: checked.input });
        else results.push(checked.result);
        if ('given' in checked && checked.given) givenIds.add(index);
      });
      const outcomes = await this.commandBus.execute(
        new RegisterEventBatchCommand(valid, recordOrigin(request, principal), mayBackfill(principal), charge),
      );
      return answerOf(results, outcomes, givenIds);
    });
  }
}

/** A rejected item names the eventId it was given, never one the server made for it (the response DTO's promise). */
function answerOf(results: ItemResult[], outcomes: BatchOutcome[], givenIds: ReadonlySet<number>): RegisterEventBatchResponse {
  let position = {};
  for (const outcome of outcomes) {
    if ('refusal' in outcome) {
      const eventId = givenIds.has(outcome.index) ? { eventId: outcome.eventId } : {};
      results.push({ index: outcome.index, ...eventId, status: 'rejected', problem: domainProblem(outcome.refusal, `events[${outcome.index}].`) });
      continue;
    }
    const { event, appended } = outcome;
    position = mergePositions(position, { [partitionKey(appended.topic, appended.partition)]: appended.offset });
    results.push({ index: outcome.index, eventId: event.eventId, status: 'accepted', month: event.month, amountCents: event.amountCents, currency: event.currency });
  }
  results.sort((a, b) => a.index - b.index);
  const accepted = results.filter((r) => r.status === 'accepted').length;
  return {
    accepted,
    rejected: results.length - accepted,
    results,
    ...(accepted > 0 ? { position: encodePosition(position) } : {}),
  };
}

function checkItem(item: unknown, index: number, scope: CaregiverScope): { input: RegisterEventInput; given: boolean } | { result: ItemResult } {
  const field = `events[${index}]`;
  const refuse = (errors: { field: string; message: string }[]) => ({
    result: {
      index,
      ...(typeof (item as { eventId?: unknown })?.eventId === 'string' ? { eventId: (item as { eventId: string }).eventId } : {}),
      status: 'rejected' as const,
      problem: problem('invalid-input', 400, 'Invalid input', 'Some fields are not valid.', errors),
    },
  });
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return refuse([{ field, message: 'must be an object' }]);
  // class-transformer drops these keys, so the validator would never see them.
  const reserved = reservedKeyPaths(item, field);
  if (reserved.length > 0) return refuse(reservedKeyErrors(reserved));
  const dto = plainlyValidRegisterEvent(item) ?? plainToInstance(RegisterEventRequest, item);
  const errors = dto instanceof RegisterEventRequest ? validateSync(dto, VALIDATION_OPTIONS) : [];
  if (errors.length > 0) return refuse(fieldErrorsOf(errors, field));
  if (!inScope(scope, dto.caregiverId)) {
    return { result: { index, ...(dto.eventId ? { eventId: dto.eventId } : {}), status: 'rejected', problem: domainProblem(foreignCaregiver([`${field}.caregiverId`])) } };
  }
  return { input: { ...dto, eventId: dto.eventId ?? randomUUID() }, given: dto.eventId !== undefined };
}
