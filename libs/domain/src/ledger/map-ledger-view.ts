import { LedgerEvent } from './ledger-event';
import { LedgerView } from './ledger-view';

/** A LedgerView over what an adapter loaded for one batch. */
export class MapLedgerView implements LedgerView {
  private readonly events = new Map<string, LedgerEvent>();
  private readonly byCaregiverMonth = new Map<string, LedgerEvent[]>();

  constructor(
    events: LedgerEvent[],
    private readonly reimbursementIds: ReadonlySet<string>,
  ) {
    for (const event of events) {
      this.events.set(event.eventId, event);
      const key = `${event.caregiverId}#${event.month}`;
      let sameMonth = this.byCaregiverMonth.get(key);
      if (!sameMonth) {
        sameMonth = [];
        this.byCaregiverMonth.set(key, sameMonth);
      }
      sameMonth.push(event);
    }
  }

  event(eventId: string): LedgerEvent | undefined {
    return this.events.get(eventId);
  }

  pendingEvents(caregiverId: string, month: string): LedgerEvent[] {
    return (this.byCaregiverMonth.get(`${caregiverId}#${month}`) ?? []).filter((e) => e.status === 'pending');
  }

  hasReimbursement(reimbursementId: string): boolean {
    return this.reimbursementIds.has(reimbursementId);
  }
}
