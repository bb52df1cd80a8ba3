import { EventType } from '@reimbursements/domain/catalog/event-type-catalog';
import { EventView } from '@reimbursements/domain/ledger/event-view';
import { AppliedState } from '@reimbursements/domain/position/applied-state';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { MonthlyTotals } from '@reimbursements/domain/projections/monthly-totals';
import { ReimbursementOutcome } from '@reimbursements/domain/reimbursements/reimbursement-outcome';
import { MonthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { LiveVersion } from './live-version';

/** The live version's report reader, whichever version that is at the call. */
export class LiveReportReader extends ReportReader {
  constructor(private readonly versions: LiveVersion) {
    super();
  }

  monthlyTotalsRows(query: MonthlyReportQuery): AsyncIterable<MonthlyTotals> {
    return this.versions.live().reports.monthlyTotalsRows(query);
  }

  appliedState(): Promise<AppliedState> {
    return this.versions.appliedState();
  }

  eventTypes(): Promise<EventType[]> {
    return this.versions.live().reports.eventTypes();
  }
}

/** The live version's ledger reader, whichever version that is at the call. */
export class LiveLedgerReader extends LedgerReader {
  constructor(private readonly versions: LiveVersion) {
    super();
  }

  event(eventId: string): Promise<EventView | undefined> {
    return this.versions.live().ledger.event(eventId);
  }

  eventsOf(caregiverId: string, month: string): Promise<EventView[]> {
    return this.versions.live().ledger.eventsOf(caregiverId, month);
  }

  caregiversOf(eventIds: readonly string[]): Promise<Map<string, string>> {
    return this.versions.live().ledger.caregiversOf(eventIds);
  }

  reimbursement(reimbursementId: string): Promise<ReimbursementOutcome | undefined> {
    return this.versions.live().ledger.reimbursement(reimbursementId);
  }

  reimbursementsOf(caregiverId: string, month?: string): Promise<ReimbursementOutcome[]> {
    return this.versions.live().ledger.reimbursementsOf(caregiverId, month);
  }
}
