import { AppliedState, mergeAppliedStates } from '@reimbursements/domain/position/applied-state';
import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { QueryApiSettings } from '../query-api.settings';

/**
 * The read models' applied position (with the months each partition last changed), read from MongoDB in the background (every half of
 * REPORT_POSITION_MAX_AGE_MS) rather than per request: a cache hit then costs no MongoDB round
 * trip, and every request in one interval sees the same position, so they share cache entries.
 * It only moves forward. A request that needs a later position (`minPosition`) asks for a fresh
 * read (`refresh`); one that finds it older than the bound (the background reads failing) too.
 */
@Injectable()
export class AppliedPositions implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AppliedPositions.name);
  private state: AppliedState | undefined;
  private readAt = 0;
  private reading: Promise<AppliedState> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly reader: ReportReader,
    private readonly settings: QueryApiSettings,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.refresh().catch((error: Error) => this.logger.warn({ reason: error.message }, 'applied position not read'));
    }, Math.max(25, Math.floor(this.settings.REPORT_POSITION_MAX_AGE_MS / 2)));
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** The position, at most REPORT_POSITION_MAX_AGE_MS old. */
  async current(): Promise<AppliedState> {
    if (this.state !== undefined && Date.now() - this.readAt <= this.settings.REPORT_POSITION_MAX_AGE_MS) return this.state;
    return this.refresh();
  }

  /** Reads the position now; concurrent callers share one read. */
  refresh(): Promise<AppliedState> {
    this.reading ??= (async () => {
      const startedAt = Date.now();
      try {
        const read = await this.reader.appliedState();
        this.state = this.state === undefined ? read : mergeAppliedStates(this.state, read);
        // Its age counts from before the read: the documents may have moved on while it ran.
        this.readAt = startedAt;
        return this.state;
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }
}
