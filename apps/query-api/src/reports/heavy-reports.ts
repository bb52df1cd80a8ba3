import { MonthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { QueryApiSettings } from '../query-api.settings';

/**
 * Bounds how many heavy reports (every caregiver, or more than REPORT_HEAVY_CAREGIVERS named)
 * read the read models at once: the others wait their turn, in order, and none is refused. Light
 * reports never wait here, so a one-caregiver lookup competes with at most REPORT_HEAVY_AT_ONCE
 * heavy readers for the database, not with every heavy report that arrives.
 */
@Injectable()
export class HeavyReports {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly queued: Gauge;

  constructor(
    private readonly settings: QueryApiSettings,
    metrics: Metrics,
  ) {
    this.queued = metrics.gauge('report_heavy_waiting', 'Heavy reports waiting for their turn');
  }

  isHeavy(query: MonthlyReportQuery): boolean {
    return query.allCaregivers || query.caregiverIds.length > this.settings.REPORT_HEAVY_CAREGIVERS;
  }

  /** Waits for a turn if the query is heavy; the returned function gives it back (call it once). */
  async turn(query: MonthlyReportQuery): Promise<() => void> {
    if (!this.isHeavy(query)) return () => undefined;
    if (this.running >= this.settings.REPORT_HEAVY_AT_ONCE) {
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.queued.set(this.waiting.length);
      });
    } else {
      this.running += 1;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      this.queued.set(this.waiting.length);
      // The turn passes straight to the next waiter, so `running` stays counted for it.
      if (next) next();
      else this.running -= 1;
    };
  }
}
