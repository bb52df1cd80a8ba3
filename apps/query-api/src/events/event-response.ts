import { EventView } from '@reimbursements/domain/ledger/event-view';
import { EventResponse } from './event.response.dto';

/**
 * The event's public fields (the correlation id stays internal). A refusal for `other-caregiver`
 * is one that builds before issue 13 wrote when another caregiver's void named this event; such a
 * void must show nowhere, so read models not yet rebuilt do not show it either.
 */
export function eventResponse(event: EventView): EventResponse {
  const { correlationId: _correlationId, voidRefusal, ...shown } = event;
  return voidRefusal && voidRefusal.reason !== 'other-caregiver' ? { ...shown, voidRefusal } : shown;
}
