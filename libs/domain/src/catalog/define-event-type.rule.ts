import { DomainError } from '../errors/domain-error';
import { freeTextErrors } from '../validation/free-text';
import { EventTypeCatalog } from './event-type-catalog';
import { EventTypeDefinedPayload } from './event-type-defined.record';

export interface DefineEventTypeInput {
  code: string;
  name: string;
  amountCents: number;
  currency?: string;
}

export function defineEventType(
  input: DefineEventTypeInput,
  catalog: EventTypeCatalog,
  configuredCurrency: string,
): EventTypeDefinedPayload {
  const errors = freeTextErrors('name', input.name);
  if (errors.length > 0) throw new DomainError('EVENT_TYPE.INVALID', 'The event type is not valid.', errors);
  if (input.currency !== undefined && input.currency !== configuredCurrency) {
    throw new DomainError('EVENT_TYPE.CURRENCY_MISMATCH', `Amounts are in ${configuredCurrency} only.`, [
      { field: 'currency', message: `must be ${configuredCurrency}` },
    ]);
  }
  if (catalog.find(input.code)) {
    throw new DomainError('EVENT_TYPE.ALREADY_EXISTS', `The event type '${input.code}' already exists.`, [
      { field: 'code', message: 'already exists' },
    ]);
  }
  return { code: input.code, name: input.name, amountCents: input.amountCents, currency: configuredCurrency };
}
