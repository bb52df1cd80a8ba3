import { stockholmMonth, TYPES } from '../support/random-load';

export type OracleStatus = 'pending' | 'reimbursed' | 'voided';

export interface OracleEvent {
  eventId: string;
  caregiverId: string;
  eventType: keyof typeof TYPES;
  occurredAt: string;
  month: string;
  amountCents: number;
  status: OracleStatus;
}

export interface OracleRow {
  eventCount: number;
  totalCents: number;
  pendingCents: number;
  reimbursedCents: number;
  byType: Record<string, { count: number; totalCents: number }>;
}

/**
 * What the read models must hold after a caregiver's commands, in the order they were accepted:
 * the domain rules written out plainly, independently of the fold under test.
 */
export class LedgerOracle {
  readonly events = new Map<string, OracleEvent>();
  readonly reimbursements = new Map<string, { status: 'completed' | 'rejected'; amountCents: number }>();

  register(eventId: string, caregiverId: string, eventType: keyof typeof TYPES, occurredAt: string): void {
    if (this.events.has(eventId)) return; // a retry or a conflict: the first registration stands
    this.events.set(eventId, { eventId, caregiverId, eventType, occurredAt, month: stockholmMonth(new Date(occurredAt)), amountCents: TYPES[eventType], status: 'pending' });
  }

  void(eventId: string, caregiverId: string): void {
    const event = this.events.get(eventId);
    if (event && event.caregiverId === caregiverId && event.status === 'pending') event.status = 'voided';
  }

  reimburse(reimbursementId: string, caregiverId: string, request: { eventIds: string[] } | { month: string }): void {
    if (this.reimbursements.has(reimbursementId)) return;
    const chosen =
      'month' in request
        ? [...this.events.values()].filter((e) => e.caregiverId === caregiverId && e.month === request.month && e.status === 'pending')
        : request.eventIds.map((id) => this.events.get(id));
    const payable = chosen.length > 0 && chosen.every((e) => e !== undefined && e.caregiverId === caregiverId && e.status === 'pending');
    if (!payable) {
      this.reimbursements.set(reimbursementId, { status: 'rejected', amountCents: 0 });
      return;
    }
    for (const e of chosen as OracleEvent[]) e.status = 'reimbursed';
    this.reimbursements.set(reimbursementId, { status: 'completed', amountCents: (chosen as OracleEvent[]).reduce((sum, e) => sum + e.amountCents, 0) });
  }

  /** Report rows keyed `caregiverId/month`; voided events count nowhere, empty months are absent. */
  rows(): Record<string, OracleRow> {
    const rows: Record<string, OracleRow> = {};
    for (const e of this.events.values()) {
      if (e.status === 'voided') continue;
      const row = (rows[`${e.caregiverId}/${e.month}`] ??= { eventCount: 0, totalCents: 0, pendingCents: 0, reimbursedCents: 0, byType: {} });
      row.eventCount += 1;
      row.totalCents += e.amountCents;
      if (e.status === 'pending') row.pendingCents += e.amountCents;
      else row.reimbursedCents += e.amountCents;
      const byType = (row.byType[e.eventType] ??= { count: 0, totalCents: 0 });
      byType.count += 1;
      byType.totalCents += e.amountCents;
    }
    return rows;
  }
}
