import { EventView } from '@reimbursements/domain/ledger/event-view';
import { EventResponse } from './event.response.dto';

/** The event's public fields (the correlation id stays internal). */
export function eventResponse(event: EventView): EventResponse {
  const { correlationId: _correlationId, ...shown } = event;
  return shown;
}
