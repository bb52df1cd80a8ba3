import { RateLimitCharge, RateLimitCount } from '@reimbursements/domain/ports/recent-event-ids.port';
import { rateLimitHeaders } from '@reimbursements/platform/rate-limit/rate-limit-headers';
import { tooManyRequests } from '@reimbursements/platform/rate-limit/too-many-requests';
import { ThrottlerStorage } from '@nestjs/throttler';
import { Response } from 'express';

/** The name of ApiAccessModule's one throttler; @nest-lab/throttler-storage-redis puts it in its keys. */
export const THROTTLER_NAME = 'default';

/**
 * A request's count against its principal's rate limit, taken later than the guard: by the
 * request's eventId claim, in the same Redis call (RecentEventIds), or by `countNow` when the
 * request ends without one (an invalid body, a refused event). Either way it is counted once, on
 * the counters every other route uses, and answered the same: RateLimit-* headers, or a 429.
 */
export class DeferredRateLimitCharge implements RateLimitCharge {
  readonly hitKey: string;
  readonly blockKey: string;
  private settled = false;

  constructor(
    private readonly counterKey: string,
    readonly limit: number,
    readonly windowMs: number,
    private readonly response: Response,
    private readonly counters: ThrottlerStorage,
  ) {
    // The layout of @nest-lab/throttler-storage-redis, which counts the guard's routes.
    this.hitKey = `{${counterKey}:${THROTTLER_NAME}}:hits`;
    this.blockKey = `{${counterKey}:${THROTTLER_NAME}}:blocked`;
  }

  settle(count: RateLimitCount | undefined): void {
    this.settled = true;
    if (count === undefined) return;
    if (count.isBlocked) throw tooManyRequests(this.limit, count.timeToBlockExpire);
    const headers = rateLimitHeaders(this.limit, this.limit - count.totalHits, count.timeToExpire);
    for (const name in headers) this.response.setHeader(name, headers[name]);
  }

  /** Counts the request on its own unless a claim did; throws the 429 when its limit is spent. */
  async countNow(): Promise<void> {
    if (this.settled) return;
    this.settle(await this.counters.increment(this.counterKey, this.windowMs, this.limit, this.windowMs, THROTTLER_NAME));
  }

  /** Runs a request's work and makes sure it was counted, whether it ended in an answer or a refusal (a 429 then replaces the refusal). */
  async around<T>(work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.countNow();
      throw error;
    }
    await this.countNow();
    return result;
  }
}
