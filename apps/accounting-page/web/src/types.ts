/** The API's answers, as api.md and the OpenAPI documents give them. */
export interface Totals {
  eventCount: number;
  totalCents: number;
  pendingCents: number;
  reimbursedCents: number;
}

export interface ReportRow extends Totals {
  caregiverId: string;
  month: string;
  byType: { eventType: string; count: number; totalCents: number }[];
}

export interface MonthlyReport {
  from: string;
  to: string;
  currency: string;
  timeZone: string;
  position: string;
  rows: ReportRow[];
  totals: Totals;
  totalsByMonth: (Totals & { month: string })[];
  nextCursor: string | null;
}

export interface LedgerEvent {
  eventId: string;
  caregiverId: string;
  eventType: string;
  occurredAt: string;
  month: string;
  amountCents: number;
  currency: string;
  status: 'pending' | 'reimbursed' | 'voided';
  reimbursementId?: string;
  voidReason?: string;
}

export interface EventsPage {
  events: LedgerEvent[];
  nextCursor: string | null;
}

export interface Reimbursement {
  reimbursementId: string;
  caregiverId: string;
  month?: string;
  status: 'requested' | 'completed' | 'rejected';
  reason?: string;
  eventIds: string[];
  amountCents: number;
  reference?: string;
  rejections: { eventId: string; reason: string }[];
  requestedAt: string;
  decidedAt?: string;
  requestedBy: string;
}
